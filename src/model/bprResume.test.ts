/**
 * BPR going on from a checkpoint: a run stopped after epoch 2 and resumed from its checkpoint ends
 * where an uninterrupted run does — bit for bit on the CPU trainer (SGD and Adam: the tables, the
 * sampler's order, the rng state and Adam's moments are in the checkpoint), within float32 rounding
 * on tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BprModel } from '../math/bpr';
import { csrFromColumns } from '../math/sparse';
import { trainBprCpu } from './bprCpuTrainer';
import { createBprSampler } from './bprSampling';
import { prepareBprTraining } from './bprTrainingSetup';
import type { BprTrainParams, BprTrainState } from './bprTrainingSetup';
import { trainBprTfjs } from './bprTfjsTrainer';
import { syntheticRatings } from './synthetic.testutil';
import type { TrainHooks, TrainingCheckpoint } from './trainHooks';
import { createRng } from '../math/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const data = syntheticRatings(30, 20, 300, 1);
const byUser = csrFromColumns(data.users, data.items, new Float32Array(data.users.length).fill(1), 30, 20);
const base: BprTrainParams = { factors: 4, epochs: 5, learningRate: 0.05, regularization: 0.02, batchSize: 32, optimizer: 'sgd', seed: 5 };
const tables = (m: BprModel) => [m.userFactors, m.itemFactors, m.itemBias].map((a) => Array.from(a));

type Trainer = (p: BprTrainParams, h?: TrainHooks<BprTrainState>) => Promise<BprModel>;
const cpu: Trainer = (p, h) => trainBprCpu(byUser, p, h);
const tfjs: Trainer = (p, h) => trainBprTfjs(tf, byUser, p, h);

/** A run stopped after epoch `k` (its checkpoints), and the run resumed from the last one (its reported epochs). */
async function stopAndResume(train: Trainer, params: BprTrainParams, k: number) {
  const checkpoints: TrainingCheckpoint<BprTrainState>[] = [];
  let epochs = 0;
  const order: string[] = [];
  await train(params, {
    onCheckpoint: (c) => {
      checkpoints.push(c);
      order.push(`checkpoint ${c.epoch}`);
    },
    onEpoch: (r) => {
      epochs = r.epoch;
      order.push(`epoch ${r.epoch}`);
    },
    shouldStop: () => epochs >= k,
  });
  const reported: number[] = [];
  const resumed = await train(params, { resume: checkpoints[k - 1]!, onEpoch: (r) => reported.push(r.epoch) });
  return { checkpoints, order, reported, resumed };
}

describe.each([
  ['the CPU trainer, SGD', cpu, 'sgd'],
  // without Adam's moments (or its step count) in the checkpoint the resumed run would differ
  ['the CPU trainer, Adam', cpu, 'adam'],
  ['tfjs (its cpu backend in Node), SGD', tfjs, 'sgd'],
  ['tfjs (its cpu backend in Node), Adam', tfjs, 'adam'],
] as const)('BPR resume on %s', (_name, train, optimizer) => {
  const params: BprTrainParams = { ...base, optimizer, learningRate: optimizer === 'adam' ? 0.02 : base.learningRate };
  it('stopped after epoch 2 and resumed from its checkpoint, it ends exactly where an uninterrupted run does', async () => {
    const whole = await train(params);
    const tensorsBefore = tf.memory().numTensors;
    const { checkpoints, order, reported, resumed } = await stopAndResume(train, params, 2);
    // reading and restoring Adam's moments on tfjs leaves no tensor behind
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // the checkpoint of an epoch comes before its report (the worker stores it when the report comes)
    expect(order).toEqual(['checkpoint 1', 'epoch 1', 'checkpoint 2', 'epoch 2']);
    const c = checkpoints[1]!;
    expect(c.optimizer === null).toBe(optimizer === 'sgd');
    if (optimizer === 'adam') expect(c.optimizer!.m.map((a) => a.length)).toEqual([30 * 4, 20 * 4, 20]);
    expect(typeof c.rng).toBe('number');
    expect(reported).toEqual([3, 4, 5]);
    if (train === tfjs) {
      const a = tables(resumed).flat();
      const b = tables(whole).flat();
      expect(Math.max(...a.map((x, j) => Math.abs(x - b[j]!)))).toBeLessThan(1e-5);
    } else {
      expect(tables(resumed)).toEqual(tables(whole));
    }
    // the checkpoint is a copy: later epochs did not change it
    expect(tables(c.model.tables)).not.toEqual(tables(whole));
  });
});

describe('BPR checkpoints', () => {
  it("keep the sampler's order, which the rng state alone does not determine", async () => {
    const checkpoints: TrainingCheckpoint<BprTrainState>[] = [];
    await trainBprCpu(byUser, { ...base, epochs: 3 }, { onCheckpoint: (c) => checkpoints.push(c) });
    const [one, two, three] = checkpoints.map((c) => Array.from(c.model.order));
    // each epoch shuffles the last epoch's order further: a permutation of the positives
    expect(one).not.toEqual(two);
    expect([...two!].sort((a, b) => a - b)).toEqual(Array.from({ length: two!.length }, (_, a) => a));
    // from checkpoint 2 the sampler draws epoch 3's order of the uninterrupted run…
    const setup = prepareBprTraining(byUser, base, checkpoints[1]!);
    setup.sampler.startEpoch();
    expect(Array.from(setup.sampler.order())).toEqual(three);
    // …which the rng state with the first (CSR) order would not
    const fromRngOnly = createBprSampler(byUser, createRng(checkpoints[1]!.rng!));
    fromRngOnly.startEpoch();
    expect(Array.from(fromRngOnly.order())).not.toEqual(three);
  });

  it('that do not fit the run are refused, saying why', async () => {
    const ok: TrainingCheckpoint<BprTrainState>[] = [];
    await trainBprCpu(byUser, { ...base, epochs: 1 }, { onCheckpoint: (c) => ok.push(c) });
    await expect(trainBprCpu(byUser, { ...base, factors: 8 }, { resume: ok[0]! })).rejects.toThrow('the checkpoint is 30 users × 20 items × k 4, this run 30 × 20 × k 8');
    await expect(trainBprCpu(byUser, { ...base, epochs: 0 }, { resume: ok[0]! })).rejects.toThrow('cannot resume after epoch 1 of 0');
    const short = { ...ok[0]!, model: { ...ok[0]!.model, order: ok[0]!.model.order.subarray(1) } };
    await expect(trainBprCpu(byUser, base, { resume: short })).rejects.toThrow(/the checkpoint's sampler orders \d+ positives, this run has \d+/);
    const repeated = { ...ok[0]!, model: { ...ok[0]!.model, order: ok[0]!.model.order.map(() => 0) } };
    await expect(trainBprCpu(byUser, base, { resume: repeated })).rejects.toThrow(/the checkpoint's sampler order is not a permutation of the \d+ positives/);
  });
});
