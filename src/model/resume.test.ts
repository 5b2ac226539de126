/**
 * Going on from a checkpoint: a run stopped after epoch 3 and resumed from its checkpoint ends with
 * exactly the tables of an uninterrupted run (the same data, split, settings and seed), because the
 * resumed run replays the shuffles of the epochs it skips.
 */
import { describe, expect, it } from 'vitest';
import type { MfModel } from '../math/mf';
import { trainMfCpu } from './cpuTrainer';
import type { EpochReport, TrainParams } from './params';
import { CPU_DEFAULT_TRAIN_PARAMS } from './params';
import { syntheticRatings } from './synthetic.testutil';
import type { TrainingCheckpoint } from './trainHooks';
import { trainMfWasm } from './wasmSgd';

const data = syntheticRatings(40, 30, 900, 11);
const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: 4, epochs: 6, batchSize: 64, validationFraction: 0.1, seed: 5 };
const tables = (m: MfModel) => [m.userFactors, m.itemFactors, m.userBias, m.itemBias].map((a) => Array.from(a));

describe.each([
  ['the batched CPU trainer', trainMfCpu],
  ['the WebAssembly per-rating kernel', trainMfWasm],
] as const)('resume on %s', (_name, train) => {
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
    const reported: number[] = [];
    const resumed = await train(data, 40, 30, params, { resume: checkpoints[2]!, onEpoch: (r) => reported.push(r.epoch) });
    expect(reported).toEqual([4, 5, 6]);
    expect(tables(resumed)).toEqual(tables(whole));
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
