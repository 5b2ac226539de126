/**
 * Going on from a checkpoint of the next-item sequence models (GRU / LSTM): a run stopped after
 * epoch 3 and resumed from its checkpoint ends with the weights of an uninterrupted run — bit for
 * bit in plain JS, within float32 rounding on tfjs — because the checkpoint keeps the weights and
 * Adam's moments, the resumed run replays the generator's draws of the epochs done (the order of
 * the sequences is a shuffle of the previous epoch's), and Adam's step count goes on.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, randomInt } from '../math/random';
import { SEQ_WEIGHT_KEYS, weightSizes } from '../math/sequence';
import type { SeqCell, SeqWeights } from '../math/sequence';
import { createSequenceTfjsRunner } from './sequenceTfjs';
import { createSequenceCpuRunner, trainSequenceModel } from './sequenceTrainer';
import type { SequenceTrainParams } from './sequenceTrainer';
import type { TrainHooks, TrainingCheckpoint } from './trainHooks';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const N_ITEMS = 10;

/** 14 sequences of 2–6 items (and two too short to train on), next item mostly x + 1. */
function sequences(): Int32Array[] {
  const rng = createRng(6);
  const list = Array.from({ length: 14 }, () => {
    const start = randomInt(rng, N_ITEMS);
    const len = 2 + randomInt(rng, 5);
    return Int32Array.from({ length: len }, (_, t) => (start + t + (rng.next() < 0.2 ? 3 : 0)) % N_ITEMS);
  });
  return [...list, Int32Array.from([4]), new Int32Array(0)];
}

type Backend = 'cpu' | 'webgl';

function paramsOf(cell: SeqCell, negatives: number): SequenceTrainParams {
  return { cell, embeddingDim: 3, hiddenSize: 4, maxLength: 6, epochs: 6, learningRate: 0.05, batchSize: 4, negatives, seed: 12 };
}

function run(p: SequenceTrainParams, backend: Backend, hooks: TrainHooks<SeqWeights> = {}) {
  return trainSequenceModel(sequences(), N_ITEMS, p, hooks, backend, (init) => (backend === 'cpu' ? createSequenceCpuRunner(init, p) : createSequenceTfjsRunner(tf, init, p)));
}

/** The checkpoints of a run cut short by throwing from onEpoch of epoch k + 1 (as a closed tab would). */
async function cutDuring(k: number, p: SequenceTrainParams, backend: Backend): Promise<TrainingCheckpoint<SeqWeights>[]> {
  const checkpoints: TrainingCheckpoint<SeqWeights>[] = [];
  const cut = run(p, backend, {
    onCheckpoint: (c) => checkpoints.push(c),
    onEpoch: (r) => {
      // the checkpoint of an epoch comes before its report (the worker stores it on the report)
      expect(checkpoints.at(-1)?.epoch).toBe(r.epoch);
      if (r.epoch === k + 1) throw new Error('the tab closed');
    },
  });
  await expect(cut).rejects.toThrow('the tab closed');
  return checkpoints.slice(0, k);
}

const tables = (w: SeqWeights) => SEQ_WEIGHT_KEYS.map((k) => Array.from(w[k]));

describe.each([
  ['a GRU, 3 shared negatives, plain JS', 'gru', 3, 'cpu'],
  ['an LSTM, full softmax, plain JS', 'lstm', 0, 'cpu'],
  ['a GRU, 3 shared negatives, tfjs (its cpu backend in Node)', 'gru', 3, 'webgl'],
] as const)('resuming %s', (_name, cell, negatives, backend) => {
  const p = paramsOf(cell, negatives);
  it('stopped after epoch 3 and resumed from its checkpoint, it ends exactly where an uninterrupted run does', async () => {
    const wholeLosses: number[] = [];
    const whole = await run(p, backend, { onEpoch: (r) => wholeLosses.push(r.trainLoss) });
    const checkpoints = await cutDuring(3, p, backend);
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2, 3]);
    const c = checkpoints[2]!;
    const sizes = weightSizes(c.model);
    expect(c.optimizer?.m.map((a) => a.length)).toEqual(SEQ_WEIGHT_KEYS.map((k) => sizes[k]));
    expect(c.optimizer?.v.every((a) => a.some((x) => x > 0))).toBe(true);
    expect(typeof c.rng).toBe('number');
    const kept = tables(c.model);

    const reported: number[] = [];
    const losses: number[] = [];
    const resumed = await run(p, backend, {
      resume: c,
      onEpoch: (r) => {
        reported.push(r.epoch);
        losses.push(r.trainLoss);
      },
    });
    expect(reported).toEqual([4, 5, 6]);
    expect(resumed.epochs).toBe(6);
    if (backend === 'cpu') {
      expect(tables(resumed.weights)).toEqual(tables(whole.weights));
      expect(losses).toEqual(wholeLosses.slice(3));
    } else {
      // tfjs's Adam restores β^t as pow(β, t + 1) where the uninterrupted run multiplied it up step by step
      const a = tables(resumed.weights).flat();
      const b = tables(whole.weights).flat();
      const worst = Math.max(...a.map((x, j) => Math.abs(x - b[j]!) / Math.max(1e-2, Math.abs(b[j]!))));
      expect(worst).toBeLessThan(1e-5);
    }
    // the checkpoint is the caller's copy: the resumed run did not move it
    expect(tables(c.model)).toEqual(kept);
    expect(tables(c.model)).not.toEqual(tables(whole.weights));
  });
});

describe('a sequence checkpoint that does not fit', () => {
  it('is refused, saying why', async () => {
    const p = paramsOf('gru', 3);
    const [c] = await cutDuring(1, p, 'cpu');
    await expect(run({ ...p, hiddenSize: 5 }, 'cpu', { resume: c! })).rejects.toThrow('the checkpoint is a gru of 10 items, d 3, H 4; this run a gru of 10 items, d 3, H 5');
    await expect(run({ ...p, epochs: 0 }, 'cpu', { resume: c! })).rejects.toThrow('cannot resume after epoch 1 of 0');
    // other settings draw differently: the replayed generator does not reach the checkpoint's state
    await expect(run({ ...p, batchSize: 3 }, 'cpu', { resume: c! })).rejects.toThrow('the checkpoint was written by a run with other sequences or settings');
  });
});

describe('a tfjs checkpoint going on in plain JS (the fallback when a GPU fails mid-run)', () => {
  it('takes its weights and Adam moments and ends within float32 rounding of the uninterrupted tfjs run', async () => {
    const p = paramsOf('gru', 3);
    const checkpoints = await cutDuring(3, p, 'webgl');
    const reported: number[] = [];
    const resumed = await run(p, 'cpu', { resume: checkpoints[2]!, onEpoch: (r) => reported.push(r.epoch) });
    expect(reported).toEqual([4, 5, 6]);
    // both Adams are dense and the draws are the same: only float rounding separates the backends
    const whole = await run(p, 'webgl');
    const a = tables(resumed.weights).flat();
    const b = tables(whole.weights).flat();
    expect(Math.max(...a.map((x, j) => Math.abs(x - b[j]!)))).toBeLessThan(1e-3);
  });
});
