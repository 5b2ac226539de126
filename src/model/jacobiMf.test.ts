import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import { copyModel } from './loop';
import { initModel, meanRating } from './batches';
import { createRng } from '../math/random';
import { jacobiEpochJs, trainMfJacobi } from './jacobiMf';
import { DEFAULT_TRAIN_PARAMS } from './params';
import type { EpochReport, TrainParams } from './params';
import { syntheticRatings } from './synthetic.testutil';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function maxAbsDiff(a: MfModel, b: MfModel): number {
  let d = 0;
  for (const key of ['userFactors', 'itemFactors', 'userBias', 'itemBias'] as const) {
    for (let j = 0; j < a[key].length; j++) d = Math.max(d, Math.abs(a[key][j]! - b[key][j]!));
  }
  return d;
}

// 8 ratings of users 0…3 and items 0…2, in no particular order (neither user- nor item-sorted)
const literal: RatingsColumns = {
  users: Int32Array.from([2, 0, 1, 0, 3, 1, 2, 3]),
  items: Int32Array.from([1, 0, 2, 2, 0, 1, 0, 2]),
  ratings: Float32Array.from([4, 5, 2, 3, 1, 4, 5, 3]),
};
const all = Int32Array.from({ length: 8 }, (_, j) => j);
const base: TrainParams = { ...DEFAULT_TRAIN_PARAMS, factors: 3, epochs: 1, regularization: 0.1, seed: 3 };

/** The tables trainMfJacobi starts from (prepareTraining's init with the given rows). */
function startOf(data: RatingsColumns, nUsers: number, nItems: number, params: TrainParams, rows: Int32Array): MfModel {
  return initModel(nUsers, nItems, params.factors, meanRating(data.ratings, rows), createRng(params.seed));
}

describe('trainMfJacobi', () => {
  it('one epoch on literal data equals the plain-JS Jacobi update to 1e-5, with and without weights, a user and an item with no ratings', async () => {
    // user 4 and item 3 have no ratings: their rows must stay put
    for (const weights of [null, Float32Array.from([1, 0.5, 2, 1, 1.5, 1, 0.25, 1])]) {
      const ref = startOf(literal, 5, 4, base, all);
      const start = copyModel(ref);
      jacobiEpochJs(literal, ref, all, base.regularization, undefined, weights);
      const before = tf.memory().numTensors;
      const got = await trainMfJacobi(tf, literal, 5, 4, base, {}, 'cpu', { train: all, validation: new Int32Array(0) }, weights);
      expect(tf.memory().numTensors).toBe(before);
      expect(maxAbsDiff(got, ref)).toBeLessThan(1e-5);
      expect(maxAbsDiff(got, start)).toBeGreaterThan(1e-2); // it moved
      expect(got.userBias[4]).toBe(start.userBias[4]);
      expect(got.itemFactors.slice(9)).toEqual(start.itemFactors.slice(9));
    }
  });

  it('three epochs on synthetic data with a split match the JS update, and RMSE falls over 20 epochs', async () => {
    const data = syntheticRatings(60, 40, 1500, 2);
    const order = Int32Array.from({ length: 1500 }, (_, j) => j);
    const rows = { train: order.slice(300), validation: order.slice(0, 300) };
    const params: TrainParams = { ...base, factors: 4, epochs: 3 };
    const ref = startOf(data, 60, 40, params, rows.train);
    for (let e = 0; e < 3; e++) jacobiEpochJs(data, ref, rows.train, params.regularization);
    const got = await trainMfJacobi(tf, data, 60, 40, params, {}, 'cpu', rows);
    expect(maxAbsDiff(got, ref)).toBeLessThan(1e-4);

    const reports: EpochReport[] = [];
    const steps: number[] = [];
    const before = tf.memory().numTensors;
    await trainMfJacobi(tf, data, 60, 40, { ...params, epochs: 20 }, { onEpoch: (r) => reports.push(r), onStep: (s) => steps.push(s.loss) }, 'webgl', rows);
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.length).toBe(20);
    expect(steps.length).toBe(20); // one full-batch step per epoch
    expect(reports[0]!.backend).toBe('webgl');
    const val = reports.map((r) => r.valRmse);
    const trainLoss = reports.map((r) => r.trainLoss);
    expect(val[19]!).toBeLessThan(val[0]! - 0.1);
    expect(val[19]!).toBeLessThan(0.75);
    for (let e = 1; e < 20; e++) expect(trainLoss[e]!).toBeLessThan(trainLoss[e - 1]! + 1e-6);
    // the objective falls too
    expect(steps[19]!).toBeLessThan(steps[0]!);
  });
});
