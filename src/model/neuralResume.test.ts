/**
 * Going on from a checkpoint of the neural recommenders' trainer: a run stopped after epoch 3 and
 * resumed from its checkpoint ends with the weights of an uninterrupted run — bit for bit in plain
 * JS, within float32 rounding on tfjs — because the checkpoint keeps the weights, Adam's moments
 * and the generator's state (the next epoch's negatives and shuffle), and Adam's step count goes on.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parameterList } from '../math/neural/weights';
import { epochExampleCount, sampleEpoch } from '../math/neural/sampling';
import { createRng } from '../math/random';
import type { NeuralWeights } from '../math/neural/weights';
import { csrFromColumns } from '../math/sparse';
import { trainNeural } from './neuralTrainer';
import type { NeuralTrainInput, NeuralTrainParams } from './neuralTrainer';
import { syntheticRatings } from './synthetic.testutil';
import type { TrainHooks, TrainingCheckpoint } from './trainHooks';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const N_USERS = 25;
const N_ITEMS = 15;

/** Synthetic positives (each (user, item) once), user 0 with a positive at every item (no negatives for it). */
function input(hidden: number[], gmfDim: number): NeuralTrainInput {
  const d = syntheticRatings(N_USERS, N_ITEMS, 220, 3);
  const users = Int32Array.from([...d.users, ...Array.from({ length: N_ITEMS }, () => 0)]);
  const items = Int32Array.from([...d.items, ...Array.from({ length: N_ITEMS }, (_, i) => i)]);
  const m = csrFromColumns(users, items, new Float32Array(users.length).fill(1), N_USERS, N_ITEMS);
  const pu: number[] = [];
  const pi: number[] = [];
  for (let u = 0; u < N_USERS; u++) {
    let last = -1;
    for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) {
      const i = m.indices[p]!;
      if (i !== last) {
        pu.push(u);
        pi.push(i);
      }
      last = i;
    }
  }
  const targets = Float32Array.from(pi, (i) => 0.2 + (i % 5) / 5);
  return { spec: { nUsers: N_USERS, nItems: N_ITEMS, dim: 4, hidden, gmfDim }, positives: { users: Int32Array.from(pu), items: Int32Array.from(pi), targets }, exclude: m };
}

const params: NeuralTrainParams = { epochs: 6, learningRate: 0.02, batchSize: 48, negatives: 3, seed: 9, loss: 'bce' };
const values = (w: NeuralWeights) => parameterList(w).map((p) => Array.from(p.values));

type Backend = 'cpu' | 'webgl';

/** Runs to the end, or stops after `stopAfter` epochs keeping the checkpoints. */
async function run(inp: NeuralTrainInput, p: NeuralTrainParams, backend: Backend, hooks: TrainHooks<NeuralWeights> = {}) {
  return trainNeural(inp, p, hooks, backend, backend === 'cpu' ? null : tf);
}

async function stoppedAfter(k: number, inp: NeuralTrainInput, p: NeuralTrainParams, backend: Backend): Promise<TrainingCheckpoint<NeuralWeights>[]> {
  const checkpoints: TrainingCheckpoint<NeuralWeights>[] = [];
  let epochs = 0;
  await run(inp, p, backend, {
    onCheckpoint: (c) => checkpoints.push(c),
    onEpoch: (r) => {
      // the checkpoint of an epoch comes before its report (the worker stores it on the report)
      expect(checkpoints.at(-1)?.epoch).toBe(r.epoch);
      epochs = r.epoch;
    },
    shouldStop: () => epochs >= k,
  });
  return checkpoints;
}

describe.each([
  ['NeuMF (hidden 6 → 3, GMF 2), BCE, plain JS', [6, 3], 2, 'bce', 'cpu'],
  ['the neural scorer (no hidden layer), MSE, plain JS', [], 0, 'mse', 'cpu'],
  ['NeuMF (hidden 6 → 3, GMF 2), BCE, tfjs (its cpu backend in Node)', [6, 3], 2, 'bce', 'webgl'],
] as const)('resuming %s', (_name, hidden, gmfDim, loss, backend) => {
  const inp = input([...hidden], gmfDim);
  const p = { ...params, loss };
  it('stopped after epoch 3 and resumed from its checkpoint, it ends exactly where an uninterrupted run does', async () => {
    const whole = await run(inp, p, backend);
    const checkpoints = await stoppedAfter(3, inp, p, backend);
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2, 3]);
    const c = checkpoints[2]!;
    // Adam's first and second moments of every table, each the size of its table
    const sizes = parameterList(c.model).map((t) => t.values.length);
    expect(c.optimizer?.m.map((a) => a.length)).toEqual(sizes);
    expect(c.optimizer?.v.map((a) => a.length)).toEqual(sizes);
    expect(c.optimizer?.v.some((a) => a.some((x) => x > 0))).toBe(true);
    expect(typeof c.rng).toBe('number');
    const kept = values(c.model);

    const reported: number[] = [];
    const resumed = await run(inp, p, backend, { resume: c, onEpoch: (r) => reported.push(r.epoch) });
    expect(reported).toEqual([4, 5, 6]);
    expect(resumed.reports.map((r) => r.trainLoss)).toHaveLength(3);
    if (backend === 'cpu') {
      expect(values(resumed.weights)).toEqual(values(whole.weights));
      expect(resumed.reports.map((r) => r.trainLoss)).toEqual(whole.reports.slice(3).map((r) => r.trainLoss));
    } else {
      // tfjs's Adam restores β^t as pow(β, t + 1) where the uninterrupted run multiplied it up step by step
      const a = values(resumed.weights).flat();
      const b = values(whole.weights).flat();
      const worst = Math.max(...a.map((x, j) => Math.abs(x - b[j]!) / Math.max(1e-2, Math.abs(b[j]!))));
      expect(worst).toBeLessThan(1e-5);
    }
    // the checkpoint is the caller's copy: the resumed run did not move it
    expect(values(c.model)).toEqual(kept);
    expect(values(c.model)).not.toEqual(values(whole.weights));
  });
});

describe('a neural checkpoint that does not fit', () => {
  it('is refused, saying why', async () => {
    const inp = input([6, 3], 2);
    const [c] = await stoppedAfter(1, inp, params, 'cpu');
    await expect(run(input([5, 3], 2), params, 'cpu', { resume: c! })).rejects.toThrow(
      "the checkpoint's network is 25 users × 15 items, d 4, layers [6, 3], GMF 2; this run's 25 × 15, d 4, layers [5, 3], GMF 2",
    );
    await expect(run(inp, { ...params, epochs: 0 }, 'cpu', { resume: c! })).rejects.toThrow('cannot resume after epoch 1 of 0');
    const { rng: _rng, ...withoutRng } = c!;
    await expect(run(inp, params, 'cpu', { resume: withoutRng })).rejects.toThrow('the checkpoint has no generator state');
  });
});

describe('a tfjs checkpoint going on in plain JS (the fallback when a GPU fails mid-run)', () => {
  it('takes its weights and Adam moments (the same tables in the same order) and trains epochs 4…6', async () => {
    const inp = input([6, 3], 2);
    const checkpoints = await stoppedAfter(3, inp, params, 'webgl');
    const c = checkpoints[2]!;
    const reported: number[] = [];
    const resumed = await run(inp, params, 'cpu', { resume: c, onEpoch: (r) => reported.push(r.epoch) });
    expect(reported).toEqual([4, 5, 6]);
    const after = values(resumed.weights).flat();
    expect(after.every(Number.isFinite)).toBe(true);
    expect(after).not.toEqual(values(c.model).flat());
    // plain JS continues with the same negatives and shuffles: its epoch-4 loss is close to tfjs's own
    const tfjsWhole = await run(inp, params, 'webgl');
    expect(Math.abs(resumed.reports[0]!.trainLoss - tfjsWhole.reports[3]!.trainLoss)).toBeLessThan(0.05 * tfjsWhole.reports[3]!.trainLoss);
  });
});

describe('epochExampleCount', () => {
  it('is the number of examples sampleEpoch makes: no negatives for a user with a positive at every item', () => {
    const inp = input([], 0);
    const n = epochExampleCount(inp.positives, inp.exclude, N_ITEMS, 3);
    expect(n).toBe(sampleEpoch(inp.positives, inp.exclude, N_ITEMS, 3, createRng(1)).length);
    expect(n).toBeLessThan(4 * inp.positives.users.length);
    // user 0's 15 positives come without negatives, user 1's each with 3
    const only = (u: number) => {
      const keep = Array.from(inp.positives.users.keys()).filter((p) => inp.positives.users[p] === u);
      const positives = { users: Int32Array.from(keep, (p) => inp.positives.users[p]!), items: Int32Array.from(keep, (p) => inp.positives.items[p]!), targets: new Float32Array(keep.length) };
      return { count: keep.length, examples: epochExampleCount(positives, inp.exclude, N_ITEMS, 3) };
    };
    expect(only(0)).toEqual({ count: N_ITEMS, examples: N_ITEMS });
    const one = only(1);
    expect(one.count).toBeGreaterThan(0);
    expect(one.examples).toBe(4 * one.count);
  });
});
