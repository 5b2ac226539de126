/**
 * BPR's sgd-wasm kernel (wasm/bprSgd.ts, run in Node): one triple by hand, a few triples against the
 * JS trainer's per-triple step, whole runs against trainBprCpu (batch size 1: the same triples),
 * validation AUC, resume bit for bit, Stop between chunks.
 */
import { describe, expect, it } from 'vitest';
import type { RatingsColumns } from '../data/types';
import { HAVE_ML100K, ML100K_ITEMS, ML100K_SKIP_REASON, ML100K_USERS, ml100kColumns } from '../data/ml100k.testutil';
import type { BprModel } from '../math/bpr';
import { bprScore } from '../math/bpr';
import { createRng, randomInt } from '../math/random';
import { csrFromColumns } from '../math/sparse';
import type { Csr } from '../math/sparse';
import { createBprCpuRunner, trainBprCpu } from './bprCpuTrainer';
import { createBprBatch } from './bprSampling';
import type { BprBatch } from './bprSampling';
import { initBprModel } from './bprTrainingSetup';
import type { BprTrainParams, BprTrainState } from './bprTrainingSetup';
import type { EpochReport } from './params';
import { syntheticRatings } from './synthetic.testutil';
import type { TrainingCheckpoint } from './trainHooks';
import { createWasmBpr, trainBprWasm, WASM_BPR_CHUNK } from './wasmBpr';

function batchOf(triples: [number, number, number][]): BprBatch {
  const b = createBprBatch(triples.length);
  triples.forEach(([u, i, j], n) => {
    b.users[n] = u;
    b.pos[n] = i;
    b.neg[n] = j;
  });
  b.size = triples.length;
  return b;
}

const close = (got: Float32Array, want: number[], digits = 6) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, j) => expect(got[j]).toBeCloseTo(w, digits));
};

function maxAbsDiff(a: BprModel, b: BprModel): number {
  let d = 0;
  for (const key of ['userFactors', 'itemFactors', 'itemBias'] as const) {
    const x = a[key];
    const y = b[key];
    for (let j = 0; j < x.length; j++) d = Math.max(d, Math.abs((x[j] as number) - (y[j] as number)));
  }
  return d;
}

const tables = (m: BprModel) => [m.userFactors, m.itemFactors, m.itemBias].map((a) => Array.from(a));

/** The positives (rating ≥ 4) of `data` as a users × items CSR. */
function positivesCsr(data: RatingsColumns, nUsers: number, nItems: number, rows?: Int32Array): Csr {
  const keep = (rows ?? Int32Array.from({ length: data.ratings.length }, (_, t) => t)).filter((t) => (data.ratings[t] as number) >= 4);
  const users = Int32Array.from(keep, (t) => data.users[t] as number);
  const items = Int32Array.from(keep, (t) => data.items[t] as number);
  return csrFromColumns(users, items, new Float32Array(keep.length).fill(1), nUsers, nItems);
}

/**
 * Validation AUC: each held-out positive (u, i) against one j drawn (seeded) from the items u has no
 * positive with in `all`; the share with x̂_ui > x̂_uj (ties half). The same triples for every model.
 */
function validationTriples(all: Csr, held: Csr, seed: number): BprBatch {
  const rng = createRng(seed);
  const triples: [number, number, number][] = [];
  for (let u = 0; u < held.nRows; u++) {
    const mine = new Set(Array.from(all.indices.subarray(all.indptr[u]!, all.indptr[u + 1]!)));
    if (mine.size >= all.nCols) continue;
    for (let p = held.indptr[u]!; p < held.indptr[u + 1]!; p++) {
      let j = randomInt(rng, all.nCols);
      while (mine.has(j)) j = randomInt(rng, all.nCols);
      triples.push([u, held.indices[p]!, j]);
    }
  }
  return batchOf(triples);
}
function aucOf(model: BprModel, v: BprBatch): number {
  let s = 0;
  for (let b = 0; b < v.size; b++) {
    const xi = bprScore(model, v.users[b]!, v.pos[b]!);
    const xj = bprScore(model, v.users[b]!, v.neg[b]!);
    s += xi > xj ? 1 : xi === xj ? 0.5 : 0;
  }
  return s / v.size;
}

describe('BPR sgd-wasm kernel', () => {
  it('one triple by hand (η = 0.1, λ = 0.1; the JS trainer’s hand-worked step)', async () => {
    // 2 users × 3 items, k = 2: q_0 = (0.1, 0.2), q_1 = (−0.1, 0.3); p_0 = (0.3, −0.2), p_1 = (0.1, 0.4),
    // p_2 = (−0.2, 0.1); b = (0.1, 0, −0.1). Triple (user 0, positive 0, negative 2):
    // x̂_uij = b_0 − b_2 + q_0·(p_0 − p_2) = 0.2 + (0.1·0.5 + 0.2·(−0.3)) = 0.19
    // w = σ(−0.19) = 0.4526424;  ℓ = ln(1 + e^{−0.19}) = 0.6026529
    // q_0 ← q_0 − η(−w(p_0 − p_2) + λq_0) = (0.1216321, 0.1844207)
    // p_0 ← p_0 − η(−w·q_0 + λp_0) = (0.3015264, −0.1889472)
    // p_2 ← p_2 − η(w·q_0 + λp_2) = (−0.2025264, 0.0899472)
    // b_0 ← 0.1 − 0.1(−w + 0.01) = 0.1442642;  b_2 ← −0.1 − 0.1(w − 0.01) = −0.1442642
    // L_B = ℓ + (λ/2)(‖q_0‖² + ‖p_0‖² + ‖p_2‖² + b_0² + b_2²) = 0.6026529 + 0.05·0.25 = 0.6151529
    const model: BprModel = {
      nUsers: 2,
      nItems: 3,
      factors: 2,
      userFactors: Float32Array.from([0.1, 0.2, -0.1, 0.3]),
      itemFactors: Float32Array.from([0.3, -0.2, 0.1, 0.4, -0.2, 0.1]),
      itemBias: Float32Array.from([0.1, 0, -0.1]),
    };
    const kernel = await createWasmBpr(model, 0.1, 0.1, 4);
    const { loss, objective } = kernel.run(batchOf([[0, 0, 2]]), true);
    expect(loss).toBeCloseTo(0.6026529, 6);
    expect(objective).toBeCloseTo(0.6151529, 6);
    const m = kernel.copyOut();
    close(m.userFactors, [0.1216321, 0.1844207, -0.1, 0.3]);
    close(m.itemFactors, [0.3015264, -0.1889472, 0.1, 0.4, -0.2025264, 0.0899472]);
    close(m.itemBias, [0.1442642, 0, -0.1442642]);
    // the start model was copied in, not updated
    expect(model.itemBias[0]).toBeCloseTo(0.1, 7);
  });

  // k = 8 (SIMD only, two accumulators), 6 (one v128 + a scalar tail of 2), 3 (scalar only), 13
  for (const k of [8, 6, 3, 13]) {
    it(`300 triples (rows repeated) match the JS trainer's per-triple steps to float32 rounding (k = ${k})`, async () => {
      const nUsers = 12;
      const nItems = 15;
      const start = initBprModel(nUsers, nItems, k, createRng(k), 0.3);
      const rng = createRng(100 + k);
      const triples: [number, number, number][] = [];
      for (let t = 0; t < 300; t++) {
        const i = randomInt(rng, nItems);
        triples.push([randomInt(rng, nUsers), i, (i + 1 + randomInt(rng, nItems - 1)) % nItems]);
      }
      const params: BprTrainParams = { factors: k, epochs: 1, learningRate: 0.05, regularization: 0.02, batchSize: 1, optimizer: 'sgd', seed: 1 };
      const ref: BprModel = { ...start, userFactors: start.userFactors.slice(), itemFactors: start.itemFactors.slice(), itemBias: start.itemBias.slice() };
      const runner = createBprCpuRunner(ref, params);
      let refObjective = 0;
      triples.forEach((t, n) => (refObjective += runner.step(batchOf([t]), n + 1, true) as number));
      const refLoss = runner.takeEpochLoss() as number;
      const kernel = await createWasmBpr(start, 0.05, 0.02, 128); // 128: the triples span three calls
      const { loss, objective } = kernel.run(batchOf(triples), true);
      expect(Math.abs(loss - refLoss) / refLoss).toBeLessThan(1e-5);
      expect(Math.abs(objective - refObjective) / refObjective).toBeLessThan(1e-5);
      const got = kernel.copyOut();
      expect(maxAbsDiff(got, ref)).toBeLessThan(2e-6);
      // and the steps changed the tables (not a no-op agreeing with itself)
      expect(maxAbsDiff(got, start)).toBeGreaterThan(1e-2);
    });
  }
});

describe('trainBprWasm', () => {
  const data = syntheticRatings(120, 80, 5000, 2);
  const byUser = positivesCsr(data, 120, 80);
  const params: BprTrainParams = { factors: 8, epochs: 6, learningRate: 0.05, regularization: 0.01, batchSize: 1, optimizer: 'sgd', seed: 3 };

  it('follows trainBprCpu at batch size 1 (same sampler, same triples) and reports the same epochs', async () => {
    const wasmReports: EpochReport[] = [];
    const jsReports: EpochReport[] = [];
    const wasm = await trainBprWasm(byUser, params, { onEpoch: (r) => wasmReports.push(r) });
    const js = await trainBprCpu(byUser, params, { onEpoch: (r) => jsReports.push(r) });
    expect(maxAbsDiff(wasm, js)).toBeLessThan(1e-4);
    expect(wasmReports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    wasmReports.forEach((r, e) => expect(r.trainLoss).toBeCloseTo(jsReports[e]!.trainLoss, 5));
    expect(wasmReports[0]!.backend).toBe('cpu');
    expect(wasmReports[0]!.lossLabel).toBe(jsReports[0]!.lossLabel);
    expect(wasmReports.at(-1)!.trainLoss).toBeLessThan(wasmReports[0]!.trainLoss);
  });

  it('stopped after epoch 2 and resumed from its checkpoint, it ends bit for bit where an uninterrupted run does', async () => {
    const whole = await trainBprWasm(byUser, params);
    const checkpoints: TrainingCheckpoint<BprTrainState>[] = [];
    let epochs = 0;
    await trainBprWasm(byUser, params, { onCheckpoint: (c) => checkpoints.push(c), onEpoch: (r) => (epochs = r.epoch), shouldStop: () => epochs >= 2 });
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
    expect(checkpoints[1]!.optimizer).toBeNull();
    const reported: number[] = [];
    const resumed = await trainBprWasm(byUser, params, { resume: checkpoints[1]!, onEpoch: (r) => reported.push(r.epoch) });
    expect(reported).toEqual([3, 4, 5, 6]);
    expect(tables(resumed)).toEqual(tables(whole));
    // a checkpoint of the wasm run resumes on the JS trainer too (the same state), to float32 rounding
    const onJs = await trainBprCpu(byUser, params, { resume: checkpoints[1]! });
    expect(maxAbsDiff(onJs, whole)).toBeLessThan(1e-4);
  });

  it(`stops between chunks of ${WASM_BPR_CHUNK} triples when asked and returns the model so far`, async () => {
    const big = syntheticRatings(400, 300, 200_000, 4);
    const pos = positivesCsr(big, 400, 300);
    expect(pos.indices.length).toBeGreaterThan(WASM_BPR_CHUNK); // two chunks an epoch
    let steps = 0;
    const reports: EpochReport[] = [];
    const m = await trainBprWasm(pos, { ...params, epochs: 3 }, { onStep: () => void steps++, shouldStop: () => steps >= 1, onEpoch: (r) => reports.push(r) });
    expect(steps).toBe(1); // stopped inside epoch 1, after its first chunk
    expect(reports).toHaveLength(0);
    expect(m.userFactors).toHaveLength(400 * 8);
  });

  it('refuses Adam and batches of more than one triple', async () => {
    await expect(trainBprWasm(byUser, { ...params, optimizer: 'adam' })).rejects.toThrow(/SGD only/);
    await expect(trainBprWasm(byUser, { ...params, batchSize: 4 })).rejects.toThrow(/batch size 1/);
  });

  it('validation AUC (20% of the positives held out) within 0.002 of the JS trainer’s', async () => {
    const rows = Int32Array.from({ length: data.ratings.length }, (_, t) => t);
    const isHeld = (t: number) => t % 5 === 0;
    const train = positivesCsr(data, 120, 80, rows.filter((t) => !isHeld(t)));
    const held = positivesCsr(data, 120, 80, rows.filter(isHeld));
    const v = validationTriples(byUser, held, 9);
    const p = { ...params, epochs: 30 };
    const aucWasm = aucOf(await trainBprWasm(train, p), v);
    const aucJs = aucOf(await trainBprCpu(train, p), v);
    expect(aucJs).toBeGreaterThan(0.6);
    expect(Math.abs(aucWasm - aucJs)).toBeLessThan(0.002);
  });
});

describe.skipIf(!HAVE_ML100K)('BPR sgd-wasm on MovieLens 100K', () => {
  it('validation AUC (u1.base → u1.test positives, k 64, 10 epochs) within 0.002 of the JS trainer’s', { timeout: 120_000 }, async () => {
    const base = ml100kColumns('u1.base');
    const test = ml100kColumns('u1.test');
    const train = positivesCsr(base, ML100K_USERS, ML100K_ITEMS);
    const held = positivesCsr(test, ML100K_USERS, ML100K_ITEMS);
    const all: RatingsColumns = {
      users: Int32Array.from([...base.users, ...test.users]),
      items: Int32Array.from([...base.items, ...test.items]),
      ratings: Float32Array.from([...base.ratings, ...test.ratings]),
    };
    const v = validationTriples(positivesCsr(all, ML100K_USERS, ML100K_ITEMS), held, 9);
    const p: BprTrainParams = { factors: 64, epochs: 10, learningRate: 0.02, regularization: 0.02, batchSize: 1, optimizer: 'sgd', seed: 42 };
    const aucWasm = aucOf(await trainBprWasm(train, p), v);
    const aucJs = aucOf(await trainBprCpu(train, p), v);
    console.log(`BPR u1: validation AUC wasm ${aucWasm.toFixed(4)}, JS ${aucJs.toFixed(4)}`);
    expect(aucJs).toBeGreaterThan(0.8);
    expect(Math.abs(aucWasm - aucJs)).toBeLessThan(0.002);
  });
});
if (!HAVE_ML100K) console.warn(ML100K_SKIP_REASON);
