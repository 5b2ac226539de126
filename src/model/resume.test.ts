/**
 * Going on from a checkpoint: a run stopped after epoch 3 and resumed from its checkpoint ends with
 * exactly the tables of an uninterrupted run (the same data, split, settings and seed), because the
 * resumed run replays the shuffles of the epochs it skips.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MfModel } from '../math/mf';
import { trainMfCpu } from './cpuTrainer';
import type { EpochReport, TrainParams } from './params';
import { CPU_DEFAULT_TRAIN_PARAMS } from './params';
import { syntheticRatings } from './synthetic.testutil';
import type { TrainingCheckpoint } from './trainHooks';
import { trainMfTfjs } from './tfjsTrainer';
import { trainMfWasm } from './wasmSgd';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const data = syntheticRatings(40, 30, 900, 11);
const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: 4, epochs: 6, batchSize: 64, validationFraction: 0.1, seed: 5 };
const tables = (m: MfModel) => [m.userFactors, m.itemFactors, m.userBias, m.itemBias].map((a) => Array.from(a));

type Trainer = (d: typeof data, nU: number, nI: number, p: TrainParams, h?: Parameters<typeof trainMfCpu>[4]) => Promise<MfModel>;
const tfjsTrainer: Trainer = (d, nU, nI, p, h) => trainMfTfjs(tf, d, nU, nI, p, h);

describe.each([
  ['the batched CPU trainer, SGD', trainMfCpu as Trainer, 'sgd'],
  ['the WebAssembly per-rating kernel, SGD', trainMfWasm as Trainer, 'sgd'],
  // Adam's moments are in the checkpoint: without them the resumed run would differ
  ['the batched CPU trainer, Adam', trainMfCpu as Trainer, 'adam'],
  ['tfjs (its cpu backend in Node), Adam', tfjsTrainer, 'adam'],
] as const)('resume on %s', (_name, trainWith, optimizer) => {
  const train: Trainer = (d, nU, nI, p, h) => trainWith(d, nU, nI, { ...p, optimizer, learningRate: optimizer === 'adam' ? 0.02 : p.learningRate }, h);
  it('stopped after epoch 3 and resumed from its checkpoint, it ends exactly where an uninterrupted run does', async () => {
    const whole = await train(data, 40, 30, params);
    const checkpoints: TrainingCheckpoint[] = [];
    let epochs = 0;
    await train(data, 40, 30, params, {
      onCheckpoint: (c) => checkpoints.push(c),
      onEpoch: (r: EpochReport) => (epochs = r.epoch),
      shouldStop: () => epochs >= 3,
    });
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2, 3]);
    expect(checkpoints[2]!.optimizer === null).toBe(optimizer === 'sgd');
    const reported: number[] = [];
    const resumed = await train(data, 40, 30, params, { resume: checkpoints[2]!, onEpoch: (r) => reported.push(r.epoch) });
    expect(reported).toEqual([4, 5, 6]);
    if (trainWith === tfjsTrainer) {
      // tfjs's Adam restores β^t as pow(β, t + 1) where the uninterrupted run multiplied it up step by
      // step: float32 rounding of ~1e-7 (measured ≤ 2.5e-7), not a different trajectory
      const a = tables(resumed).flat();
      const b = tables(whole).flat();
      expect(Math.max(...a.map((x, j) => Math.abs(x - (b[j] as number))))).toBeLessThan(1e-5);
    } else {
      expect(tables(resumed)).toEqual(tables(whole));
    }
    // and the checkpoint is a copy: later epochs did not change it
    expect(tables(checkpoints[2]!.model)).not.toEqual(tables(whole));
  });
});

describe('a checkpoint that does not fit', () => {
  it('is refused, saying why', async () => {
    const ok: TrainingCheckpoint[] = [];
    await trainMfCpu(data, 40, 30, { ...params, epochs: 1 }, { onCheckpoint: (c) => ok.push(c) });
    await expect(trainMfCpu(data, 40, 30, { ...params, factors: 8 }, { resume: ok[0]! })).rejects.toThrow('the checkpoint is 40 users × 30 items × k 4, this run 40 × 30 × k 8');
    await expect(trainMfCpu(data, 40, 30, { ...params, epochs: 0 }, { resume: ok[0]! })).rejects.toThrow('cannot resume after epoch 1 of 0');
  });
});
