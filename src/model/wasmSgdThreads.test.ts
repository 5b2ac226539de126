import { afterEach, describe, expect, it } from 'vitest';
import { plantedRatings } from './synthetic.testutil';
import type { RatingsColumns } from '../data/types';
import { HAVE_ML100K, ML100K_ITEMS, ML100K_SKIP_REASON, ML100K_USERS, ml100kColumns } from '../data/ml100k.testutil';
import { shuffleInPlace } from '../math/random';
import type { MfModel } from '../math/mf';
import { prepareTraining, scoreRows } from './batches';
import { CPU_DEFAULT_TRAIN_PARAMS } from './params';
import type { EpochReport, TrainParams } from './params';
import { sgdEpochJs, trainMfWasm } from './wasmSgd';
import { DSGD_BLOCKS, DSGD_STEP, balancedGroups } from './dsgdSchedule';
import { threadPlan, trainMfDsgd, trainMfWasmThreaded } from './wasmSgdThreads';

const plantedData = plantedRatings;

/** Every table of `a` equals `b`'s bit for bit (Object.is per entry, so −0 ≠ 0 and NaN = NaN). */
function sameBits(a: MfModel, b: MfModel): boolean {
  const eq = (x: Float32Array, y: Float32Array) => x.length === y.length && x.every((v, j) => Object.is(v, y[j]));
  return eq(a.userFactors, b.userFactors) && eq(a.itemFactors, b.itemFactors) && eq(a.userBias, b.userBias) && eq(a.itemBias, b.itemBias);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let j = 0; j < a.length; j++) d = Math.max(d, Math.abs((a[j] as number) - (b[j] as number)));
  return d;
}

/** The DSGD schedule in plain JavaScript (float64 arithmetic): what trainMfDsgd claims to compute. */
function dsgdJs(data: RatingsColumns, nUsers: number, nItems: number, params: TrainParams, B: number): MfModel {
  const { rng, train, model } = prepareTraining(data, nUsers, nItems, params);
  const ug = balancedGroups(data.users, train, nUsers, B);
  const ig = balancedGroups(data.items, train, nItems, B);
  for (let e = 0; e < params.epochs; e++) {
    shuffleInPlace(rng, train);
    for (let s0 = 0; s0 < train.length; s0 += DSGD_STEP) {
      const part = Array.from(train.subarray(s0, s0 + DSGD_STEP));
      for (let d = 0; d < B; d++)
        for (let g = 0; g < B; g++) {
          const block = part.filter((r) => ug[data.users[r]!] === g && ig[data.items[r]!] === (g + d) % B);
          sgdEpochJs(data, model, Int32Array.from(block), params.learningRate, params.regularization);
        }
    }
  }
  return model;
}

describe('balancedGroups', () => {
  it('puts the heaviest ids first, each into the lightest group', () => {
    // counts: id0 → 5, id1 → 3, id2 → 3, id3 → 1, id4 → 0
    const ids = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
    const rows = Int32Array.from({ length: ids.length }, (_, j) => j);
    // 0 (5) → g0; 1 (3) → g1; 2 (3) → g1 (load 3 < 5); 3 (1) → g0 (5 < 6); 4 (0) → g0 (6 = 6, lowest)
    expect(Array.from(balancedGroups(ids, rows, 5, 2))).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(balancedGroups(ids, rows, 5, 1))).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('threadPlan', () => {
  const g = globalThis as { crossOriginIsolated?: boolean };
  afterEach(() => {
    delete g.crossOriginIsolated;
  });

  it('runs the threads asked for when it can, and says which guarantee holds', () => {
    expect(threadPlan(2)).toEqual({ threads: 2, note: '2 threads (DSGD, 8×8 blocks): same seed → the same model on any number of threads from 2 up, bit for bit' });
    expect(threadPlan(1)).toEqual({ threads: 1, note: '1 thread: same seed → the same model, bit for bit' });
    expect(threadPlan(99).threads).toBe(8);
    const auto = threadPlan('auto').threads;
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(4);
  });

  it('falls back to one thread, saying why, when the page is not cross-origin isolated', () => {
    g.crossOriginIsolated = false;
    expect(threadPlan(2)).toEqual({ threads: 1, note: '1 thread: the page is not cross-origin isolated; same seed → the same model, bit for bit' });
  });
});

describe('sgd-wasm on threads (DSGD)', () => {
  const data = plantedData(60, 70, 6000, 5);
  const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: 8, epochs: 3, validationFraction: 0.2, seed: 3 };

  it('one thread, one block (B = 1) on the shared-memory build gives the single-thread sgd-wasm model bit for bit', async () => {
    const single = await trainMfWasm(data, 60, 70, params);
    const pooled = await trainMfDsgd(data, 60, 70, params, 1, {}, undefined, null, 1);
    expect(sameBits(pooled, single)).toBe(true);
    const viaPlan = await trainMfWasmThreaded(data, 60, 70, params, 1);
    expect(sameBits(viaPlan, single)).toBe(true);
  });

  it('2 and 3 threads give the same model bit for bit: the 8×8-block DSGD schedule (a JS reference), not the single-thread one', async () => {
    expect(DSGD_BLOCKS).toBe(8);
    const reports: EpochReport[] = [];
    const two = await trainMfWasmThreaded(data, 60, 70, params, 2, { onEpoch: (r) => reports.push(r) });
    const three = await trainMfDsgd(data, 60, 70, params, 3);
    const oneThreadSameBlocks = await trainMfDsgd(data, 60, 70, params, 1);
    expect(sameBits(two, three)).toBe(true);
    expect(sameBits(two, oneThreadSameBlocks)).toBe(true);
    const ref = dsgdJs(data, 60, 70, params, 8);
    expect(maxAbsDiff(two.userFactors, ref.userFactors)).toBeLessThan(1e-4);
    expect(maxAbsDiff(two.itemFactors, ref.itemFactors)).toBeLessThan(1e-4);
    expect(maxAbsDiff(two.itemBias, ref.itemBias)).toBeLessThan(1e-4);
    // another update order than one thread's: not the same model
    const single = await trainMfWasm(data, 60, 70, params);
    expect(maxAbsDiff(two.userFactors, single.userFactors)).toBeGreaterThan(1e-4);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(reports[2]!.note).toBe('2 threads (DSGD, 8×8 blocks): same seed → the same model on any number of threads from 2 up, bit for bit');
    expect(reports[2]!.trainLoss).toBeLessThan(reports[0]!.trainLoss);
  });

  it('three threads: the step objective is the blocks’ partial sums; stops between steps', async () => {
    const big = plantedData(80, 90, 250_000, 8);
    const p: TrainParams = { ...params, epochs: 2, validationFraction: 0 };
    let steps = 0;
    const losses: number[] = [];
    const reports: EpochReport[] = [];
    const m = await trainMfDsgd(big, 80, 90, p, 3, {
      onStep: (s) => (steps++, losses.push(s.loss)),
      shouldStop: () => steps >= 1,
      onEpoch: (r) => reports.push(r),
    });
    expect(steps).toBe(1); // 250 000 rows = 2 steps of 131 072 per epoch: stopped after the first
    expect(reports).toHaveLength(0);
    // first step's objective per rating: about (r − μ)² plus a small λ‖·‖² (initial factors ~0.1)
    expect(losses[0]).toBeGreaterThan(0.5);
    expect(losses[0]).toBeLessThan(3);
    expect(m.userFactors).toHaveLength(80 * 8);
  });
});

describe.skipIf(!HAVE_ML100K)('sgd-wasm on threads, MovieLens 100K', () => {
  it('2 threads: validation RMSE (u1.base → u1.test) after 5 epochs within 0.005 of one thread’s; same seed → same model, on 2 or 4 threads', { timeout: 60_000 }, async () => {
    const train = ml100kColumns('u1.base');
    const test = ml100kColumns('u1.test');
    const nT = train.ratings.length;
    const n = nT + test.ratings.length;
    const cat = <T extends Int32Array | Float32Array>(a: T, b: T, out: T): T => (out.set(a), out.set(b, nT), out);
    const data: RatingsColumns = {
      users: cat(train.users, test.users, new Int32Array(n)),
      items: cat(train.items, test.items, new Int32Array(n)),
      ratings: cat(train.ratings, test.ratings, new Float32Array(n)),
    };
    const rows = { train: Int32Array.from({ length: nT }, (_, j) => j), validation: Int32Array.from({ length: n - nT }, (_, j) => nT + j) };
    const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: 32, epochs: 5, validationFraction: 0 };
    const one = await trainMfWasm(data, ML100K_USERS, ML100K_ITEMS, params, {}, rows);
    const two = await trainMfDsgd(data, ML100K_USERS, ML100K_ITEMS, params, 2, {}, rows);
    const again = await trainMfDsgd(data, ML100K_USERS, ML100K_ITEMS, params, 2, {}, rows);
    const four = await trainMfDsgd(data, ML100K_USERS, ML100K_ITEMS, params, 4, {}, rows);
    const rmse1 = scoreRows(one, data, rows.validation).rmse;
    const rmse2 = scoreRows(two, data, rows.validation).rmse;
    expect(Math.abs(rmse2 - rmse1)).toBeLessThan(0.005);
    expect(rmse2).toBeGreaterThan(0.85);
    expect(rmse2).toBeLessThan(1.0);
    expect(sameBits(two, again)).toBe(true);
    expect(sameBits(two, four)).toBe(true);
  });
});
if (!HAVE_ML100K) console.warn(ML100K_SKIP_REASON);
