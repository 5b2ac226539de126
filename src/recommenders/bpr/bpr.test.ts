import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bprScoresForVector } from '../../math/bpr';
import { BPR_LOSS_LABEL } from '../../model/bprTrainingLoop';
import { positivesOf } from '../implicit';
import { defaultParamsFor } from '../params';
import { cpuContext, smallTrainSet } from '../testutil';
import { makeTrainSet } from '../trainSet';
import type { EpochReport } from '../types';
import { bprMf } from './index';
import type { BprState } from './fitted';
import { visitorPositives } from './fitted';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const quick = { epochs: 10, factors: 8 };

/** Share of (positive, non-positive) pairs of a user that the scores order correctly, over all users. */
function trainAuc(scoresOf: (u: number) => Float32Array, byUser: { indptr: Int32Array; indices: Int32Array; nRows: number; nCols: number }): number {
  let right = 0;
  let pairs = 0;
  for (let u = 0; u < byUser.nRows; u++) {
    const pos = new Set(Array.from(byUser.indices.subarray(byUser.indptr[u]!, byUser.indptr[u + 1]!)));
    if (pos.size === 0) continue;
    const s = scoresOf(u);
    for (const i of pos) {
      for (let j = 0; j < byUser.nCols; j++) {
        if (pos.has(j)) continue;
        pairs++;
        if (s[i]! > s[j]!) right++;
      }
    }
  }
  return right / pairs;
}

describe('BPR-MF', () => {
  it('has the schema the brief asks for, with per-backend defaults', () => {
    const m = bprMf.meta;
    expect([m.id, m.name, m.family, m.feedback, m.predictsRatings, m.usesGpu, m.iterative]).toEqual(['bpr-mf', 'BPR matrix factorization', 'implicit', 'implicit', false, true, true]);
    expect(defaultParamsFor(m, 'cpu')).toMatchObject({ positiveAt: 4, optimizer: 'sgd', batchSize: 1 });
    // WebGPU: the sparse WGSL kernel, per-triple SGD at the CPU's settings, 65 536 triples per dispatch; WebGL: tfjs's Adam
    expect(defaultParamsFor(m, 'webgpu')).toMatchObject({ positiveAt: 4, optimizer: 'sgd', gpuKernel: 'sgd-wgsl', batchSize: 65_536, learningRate: 0.02 });
    expect(defaultParamsFor(m, 'webgl')).toMatchObject({ positiveAt: 4, optimizer: 'adam', gpuKernel: 'tfjs' });
    expect(defaultParamsFor(m, 'webgl').batchSize).toBeGreaterThan(1000);
  });

  it('trains on the CPU in the WebAssembly kernel by default, the same model as the JS trainer to float32 rounding', async () => {
    const train = smallTrainSet();
    expect(defaultParamsFor(bprMf.meta, 'cpu')).toMatchObject({ kernel: 'sgd-wasm' });
    const wasm = (await bprMf.fit(train, quick, cpuContext())).state() as BprState;
    const js = (await bprMf.fit(train, { ...quick, kernel: 'js' }, cpuContext())).state() as BprState;
    const a = wasm.model.userFactors;
    const b = js.model.userFactors;
    expect(Array.from(a)).not.toEqual(Array.from(b)); // two trainers (float32 against float64 arithmetic)…
    let d = 0;
    for (let j = 0; j < a.length; j++) d = Math.max(d, Math.abs(a[j]! - b[j]!));
    expect(d).toBeLessThan(1e-4); // …one model
    // Adam (and larger batches) fall back to the JS trainer whatever the kernel
    const adam = (await bprMf.fit(train, { ...quick, optimizer: 'adam', batchSize: 8 }, cpuContext())).state() as BprState;
    expect(adam.model.userFactors.length).toBe(a.length);
  });

  it('refuses Adam on the WGSL kernel, and the kernel off WebGPU, saying why', async () => {
    const train = smallTrainSet();
    const ctx = { ...cpuContext(), backend: 'webgpu' as const, tf };
    await expect(bprMf.fit(train, { ...quick, gpuKernel: 'sgd-wgsl', optimizer: 'adam' }, ctx)).rejects.toThrow(/SGD only/);
    // tfjs here runs its cpu backend: no WebGPU device to run the kernel on
    await expect(bprMf.fit(train, { ...quick, gpuKernel: 'sgd-wgsl', optimizer: 'sgd' }, ctx)).rejects.toThrow(/needs the WebGPU backend/);
  });

  it('learns to rank each user’s positives above the rest, and reports the BPR loss per epoch', async () => {
    const train = smallTrainSet();
    const reports: EpochReport[] = [];
    const fitted = await bprMf.fit(train, { ...quick, epochs: 60, positiveAt: 4 }, { ...cpuContext(), hooks: { onEpoch: (r) => reports.push(r) } });
    const positives = positivesOf(train, 4);
    expect(trainAuc((u) => fitted.scoreItems(u), positives.byUser)).toBeGreaterThan(0.8);
    expect(reports.length).toBe(60);
    expect(reports[0]!.lossLabel).toBe(BPR_LOSS_LABEL);
    expect(reports.at(-1)!.trainLoss).toBeLessThan(reports[0]!.trainLoss);
    expect(fitted.predict).toBeUndefined();
    expect(fitted.facts()).toEqual([
      { label: 'positives', value: positives.description },
      { label: 'factors k', value: 8 },
    ]);
    const e = fitted.explain(3, 7);
    expect(e.intro).toContain(positives.description);
    expect(e.resultLabel).toBe('x̂');
    expect(e.trace.formula).toBe('\\hat x_{ui} = b_i + \\mathbf{q}_u^{\\top}\\mathbf{p}_i');
  });

  it('binarizes at positiveAt (0 keeps every rating), and takes every row of implicit data', async () => {
    const train = smallTrainSet();
    const at4 = (await bprMf.fit(train, { ...quick, positiveAt: 4 }, cpuContext())).state() as BprState;
    const at0 = (await bprMf.fit(train, { ...quick, positiveAt: 0 }, cpuContext())).state() as BprState;
    expect(at4.threshold).toBe(4);
    expect(at0.positives).toBe(`ratings ≥ 0 count as positives (${train.ratings.ratings.length} of ${train.ratings.ratings.length} training ratings)`);
    expect(Array.from(at4.model.itemBias)).not.toEqual(Array.from(at0.model.itemBias));
    const implicit = makeTrainSet(train.ratings, { nUsers: train.nUsers, nItems: train.nItems, ratingMin: 1, ratingMax: 1, implicit: true });
    const state = (await bprMf.fit(implicit, { ...quick, positiveAt: 5 }, cpuContext())).state() as BprState;
    expect(state.threshold).toBeNull();
    expect(state.positives).toContain('every training row is a positive');
  });

  it('says plainly when there is nothing to learn from', async () => {
    await expect(bprMf.fit(smallTrainSet(), { ...quick, positiveAt: 6 }, cpuContext())).rejects.toThrow(/nothing to learn from/);
  });

  it('folds a visitor in from their positives only, and explains the folded scores', async () => {
    const fitted = await bprMf.fit(smallTrainSet(), { ...quick, epochs: 40, positiveAt: 4 }, cpuContext());
    const state = fitted.state() as BprState;
    expect(visitorPositives([{ item: 2, rating: 5 }, { item: 9, rating: 1 }, { item: 4, rating: 4 }], 4)).toEqual([2, 4]);
    const folded = fitted.foldIn!([
      { item: 2, rating: 5 },
      { item: 9, rating: 1 },
    ]);
    expect(folded.how).toMatch(/^Your q was learned from your 1 positive \(a rating ≥ 4 counts as a positive\)/);
    // the folded positive ranks near the top of the visitor's list
    const better = Array.from(folded.scores).filter((s) => s > folded.scores[2]!).length;
    expect(better).toBeLessThan(5);
    for (const i of [0, 2, 17]) expect(Math.abs(folded.explain(i).trace.value - folded.scores[i]!)).toBeLessThanOrEqual(1e-5);
    // no positive: q = 0, every item scores its bias
    const none = fitted.foldIn!([{ item: 9, rating: 1 }]);
    expect(none.how).toMatch(/None of your 1 rating is a positive/);
    expect(Array.from(none.scores)).toEqual(Array.from(bprScoresForVector(state.model, new Float32Array(state.model.factors))));
    // the same visitor folds in the same way after restore
    const restored = bprMf.restore(structuredClone(state), smallTrainSet(), cpuContext());
    expect(Array.from(restored.foldIn!([{ item: 2, rating: 5 }]).scores)).toEqual(Array.from(folded.scores));
  });

  it('trains with tfjs on a GPU backend the same model as the CPU trainer (tfjs cpu backend here)', async () => {
    const train = smallTrainSet();
    const params = { ...quick, epochs: 2, optimizer: 'sgd', batchSize: 16, learningRate: 0.05, regularization: 0.02, positiveAt: 4 }; // all given: the defaults differ per backend
    const cpu = await bprMf.fit(train, params, cpuContext());
    const before = tf.memory().numTensors;
    const gpu = await bprMf.fit(train, params, { ...cpuContext(), backend: 'webgl', tf });
    expect(tf.memory().numTensors).toBe(before);
    for (const u of [0, 11, 39]) {
      const a = cpu.scoreItems(u);
      const b = gpu.scoreItems(u);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4);
    }
    const similar = await gpu.similarItems!(3, 4);
    expect(similar.map((n) => n.item)).toEqual((await cpu.similarItems!(3, 4)).map((n) => n.item));
  });
});
