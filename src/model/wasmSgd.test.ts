import { describe, expect, it } from 'vitest';
import { plantedRatings } from './synthetic.testutil';
import type { RatingsColumns } from '../data/types';
import { HAVE_ML100K, ML100K_ITEMS, ML100K_SKIP_REASON, ML100K_USERS, ml100kColumns } from '../data/ml100k.testutil';
import { createRng, shuffleInPlace } from '../math/random';
import type { MfModel } from '../math/mf';
import { initModel, meanRating, scoreRows } from './batches';
import { trainMfCpu } from './cpuTrainer';
import { CPU_DEFAULT_TRAIN_PARAMS } from './params';
import type { EpochReport, TrainParams } from './params';
import { createWasmSgd, sgdEpochJs, trainMfSgdJs, trainMfWasm, wasmSimdSupported } from './wasmSgd';

const smallData = plantedRatings;

function cloneModel(m: MfModel): MfModel {
  return { ...m, userBias: m.userBias.slice(), itemBias: m.itemBias.slice(), userFactors: m.userFactors.slice(), itemFactors: m.itemFactors.slice() };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let j = 0; j < a.length; j++) d = Math.max(d, Math.abs((a[j] as number) - (b[j] as number)));
  return d;
}

const all = (n: number) => Int32Array.from({ length: n }, (_, j) => j);

describe('sgd-wasm kernel', () => {
  it('runs on a runtime with WebAssembly SIMD', () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  // k = 8 (SIMD only, two accumulators), 6 (one v128 + a scalar tail of 2), 3 (scalar only), 13
  for (const k of [8, 6, 3, 13]) {
    it(`matches the JavaScript per-rating reference to 1e-5 after one epoch (k = ${k}, with and without weights)`, async () => {
      const nUsers = 30;
      const nItems = 40;
      const data = smallData(nUsers, nItems, 600, 7);
      const rng = createRng(11);
      const start = initModel(nUsers, nItems, k, meanRating(data.ratings, all(600)), rng);
      const order = shuffleInPlace(rng, all(600));
      const weights = Float32Array.from({ length: 600 }, (_, j) => 0.5 + (j % 3) * 0.5);
      for (const w of [null, weights]) {
        const ref = cloneModel(start);
        const refSq = sgdEpochJs(data, ref, order, 0.01, 0.05, w);
        const kernel = await createWasmSgd(data, start, 0.01, 0.05, w, 256); // 256: the epoch spans three calls
        const { sqErr } = kernel.run(order, false);
        const got = kernel.copyOut();
        expect(sqErr).toBeCloseTo(refSq, 3);
        expect(Math.abs(sqErr - refSq) / refSq).toBeLessThan(1e-5);
        expect(maxAbsDiff(got.userFactors, ref.userFactors)).toBeLessThan(1e-5);
        expect(maxAbsDiff(got.itemFactors, ref.itemFactors)).toBeLessThan(1e-5);
        expect(maxAbsDiff(got.userBias, ref.userBias)).toBeLessThan(1e-5);
        expect(maxAbsDiff(got.itemBias, ref.itemBias)).toBeLessThan(1e-5);
        // and the epoch changed the tables (not a no-op agreeing with itself)
        expect(maxAbsDiff(got.userBias, start.userBias)).toBeGreaterThan(1e-3);
      }
      // the start model was copied in, not updated
      expect(maxAbsDiff(start.userBias, new Float32Array(nUsers))).toBe(0);
    });
  }

  it('one rating by hand: e, the biases and both vectors (old q_u in p_i’s update)', async () => {
    const data: RatingsColumns = { users: Int32Array.of(0), items: Int32Array.of(0), ratings: Float32Array.of(4) };
    const model: MfModel = {
      nUsers: 1, nItems: 1, factors: 5, mu: 3,
      userBias: Float32Array.of(0.5), itemBias: Float32Array.of(-0.25),
      userFactors: Float32Array.of(1, 2, 0, -1, 0.5), itemFactors: Float32Array.of(0.5, -1, 2, 1, 2),
    };
    // r̂ = 3 + 0.5 − 0.25 + (0.5 − 2 + 0 − 1 + 1) = 1.75; e = −2.25; η 0.1, λ 0.5 → decay 0.9, 2ηe = −0.45
    const kernel = await createWasmSgd(data, model, 0.1, 0.5, null, 4);
    const { sqErr, objective } = kernel.run(Int32Array.of(0), true);
    expect(sqErr).toBeCloseTo(5.0625, 5);
    // objective = e² + λ(‖q‖² + ‖p‖² + b_u² + b_i²) = 5.0625 + 0.5·(6.25 + 10.25 + 0.25 + 0.0625)
    expect(objective).toBeCloseTo(5.0625 + 0.5 * 16.8125, 5);
    const m = kernel.copyOut();
    expect(m.userBias[0]).toBeCloseTo(0.5 * 0.9 + 0.45, 6);
    expect(m.itemBias[0]).toBeCloseTo(-0.25 * 0.9 + 0.45, 6);
    const q = [1, 2, 0, -1, 0.5];
    const p = [0.5, -1, 2, 1, 2];
    q.forEach((qf, f) => {
      expect(m.userFactors[f]).toBeCloseTo(qf * 0.9 + 0.45 * p[f]!, 6);
      expect(m.itemFactors[f]).toBeCloseTo(p[f]! * 0.9 + 0.45 * qf, 6);
    });
  });

  it('the JS reference is the batched CPU trainer with batchSize 1 (same rng order, same tables)', async () => {
    const data = smallData(20, 25, 300, 3);
    const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: 4, epochs: 2, batchSize: 1, validationFraction: 0.2, learningRate: 0.02 };
    const batched = await trainMfCpu(data, 20, 25, params);
    const { model } = trainMfSgdJs(data, 20, 25, params);
    expect(maxAbsDiff(batched.userFactors, model.userFactors)).toBeLessThan(1e-6);
    expect(maxAbsDiff(batched.itemBias, model.itemBias)).toBeLessThan(1e-6);
  });

  it('trainMfWasm follows the reference through the driver (split, init, per-epoch shuffles) and reports epochs', async () => {
    const data = smallData(50, 60, 3000, 5);
    const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: 8, epochs: 3, validationFraction: 0.2 };
    const reports: EpochReport[] = [];
    const wasm = await trainMfWasm(data, 50, 60, params, { onEpoch: (r) => reports.push(r) });
    const ref = trainMfSgdJs(data, 50, 60, params);
    expect(maxAbsDiff(wasm.userFactors, ref.model.userFactors)).toBeLessThan(1e-4);
    expect(maxAbsDiff(wasm.itemBias, ref.model.itemBias)).toBeLessThan(1e-4);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3]);
    const val = scoreRows(ref.model, data, ref.validation);
    expect(reports[2]!.valRmse).toBeCloseTo(val.rmse, 4);
    expect(reports[2]!.trainLoss).toBeLessThan(reports[0]!.trainLoss);
  });

  it('stops between chunks when asked and returns the model so far', async () => {
    const data = smallData(50, 60, 40_000, 9);
    const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: 8, epochs: 5, validationFraction: 0 };
    let steps = 0;
    const reports: EpochReport[] = [];
    const m = await trainMfWasm(data, 50, 60, params, { onStep: () => steps++, shouldStop: () => steps >= 2, onEpoch: (r) => reports.push(r) });
    expect(steps).toBe(2); // 40 000 rows = 3 chunks of 16 384 per epoch: stopped inside epoch 1
    expect(reports).toHaveLength(0);
    expect(m.userFactors).toHaveLength(50 * 8);
  });

  it('refuses Adam', async () => {
    const data = smallData(5, 5, 20, 1);
    await expect(trainMfWasm(data, 5, 5, { ...CPU_DEFAULT_TRAIN_PARAMS, optimizer: 'adam' })).rejects.toThrow(/SGD only/);
  });
});

describe.skipIf(!HAVE_ML100K)('sgd-wasm on MovieLens 100K', () => {
  it('validation RMSE (u1.base → u1.test) after 5 epochs within 0.005 of the JS reference’s', { timeout: 60_000 }, async () => {
    const train = ml100kColumns('u1.base');
    const test = ml100kColumns('u1.test');
    const nT = train.ratings.length;
    const cat = <T extends Int32Array | Float32Array>(a: T, b: T, out: T): T => (out.set(a), out.set(b, nT), out);
    const n = nT + test.ratings.length;
    const data: RatingsColumns = {
      users: cat(train.users, test.users, new Int32Array(n)),
      items: cat(train.items, test.items, new Int32Array(n)),
      ratings: cat(train.ratings, test.ratings, new Float32Array(n)),
    };
    const rows = { train: all(nT), validation: Int32Array.from({ length: n - nT }, (_, j) => nT + j) };
    const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: 32, epochs: 5, validationFraction: 0 };
    const reports: EpochReport[] = [];
    await trainMfWasm(data, ML100K_USERS, ML100K_ITEMS, params, { onEpoch: (r) => reports.push(r) }, rows);
    const ref = trainMfSgdJs(data, ML100K_USERS, ML100K_ITEMS, params, rows);
    const refRmse = scoreRows(ref.model, data, rows.validation).rmse;
    const wasmRmse = reports[4]!.valRmse;
    expect(Math.abs(wasmRmse - refRmse)).toBeLessThan(0.005);
    expect(refRmse).toBeGreaterThan(0.85);
    expect(refRmse).toBeLessThan(1.0);
  });
});
if (!HAVE_ML100K) console.warn(ML100K_SKIP_REASON);
