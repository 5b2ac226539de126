import { describe, expect, it } from 'vitest';
import type { BprModel } from '../math/bpr';
import { csrFromColumns } from '../math/sparse';
import { createBprCpuRunner, trainBprCpu } from './bprCpuTrainer';
import { createBprBatch } from './bprSampling';
import type { BprBatch } from './bprSampling';
import { BPR_LOSS_LABEL } from './bprTrainingLoop';
import type { BprTrainParams } from './bprTrainingSetup';
import type { EpochReport } from './params';
import { syntheticRatings } from './synthetic.testutil';

/**
 * 2 users × 3 items, k = 2:
 * q_0 = (0.1, 0.2), q_1 = (−0.1, 0.3); p_0 = (0.3, −0.2), p_1 = (0.1, 0.4), p_2 = (−0.2, 0.1); b = (0.1, 0, −0.1).
 */
function tinyModel(): BprModel {
  return {
    nUsers: 2,
    nItems: 3,
    factors: 2,
    userFactors: Float32Array.from([0.1, 0.2, -0.1, 0.3]),
    itemFactors: Float32Array.from([0.3, -0.2, 0.1, 0.4, -0.2, 0.1]),
    itemBias: Float32Array.from([0.1, 0, -0.1]),
  };
}

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

const sgd: BprTrainParams = { factors: 2, epochs: 1, learningRate: 0.1, regularization: 0.1, batchSize: 2, optimizer: 'sgd', seed: 1 };

const close = (got: Float32Array, want: number[], digits = 6) => {
  expect(got.length).toBe(want.length);
  want.forEach((w, j) => expect(got[j]).toBeCloseTo(w, digits));
};

describe('one BPR step by hand (η = 0.1, λ = 0.1)', () => {
  it('SGD on the triple (user 0, positive 0, negative 2)', () => {
    // x̂_uij = b_0 − b_2 + q_0·(p_0 − p_2) = 0.2 + (0.1·0.5 + 0.2·(−0.3)) = 0.2 + 0.05 − 0.06 = 0.19
    // w = σ(−0.19) = 1/(1 + e^{0.19}) = 0.4526424;  ℓ = ln(1 + e^{−0.19}) = 0.6026529
    // q_0 ← q_0 − η(−w(p_0 − p_2) + λq_0) = (0.1 + 0.1(0.2263212 − 0.01), 0.2 + 0.1(−0.1357927 − 0.02)) = (0.1216321, 0.1844207)
    // p_0 ← p_0 − η(−w·q_0 + λp_0) = (0.3 + 0.1(0.0452642 − 0.03), −0.2 + 0.1(0.0905285 + 0.02)) = (0.3015264, −0.1889472)
    // p_2 ← p_2 − η(w·q_0 + λp_2) = (−0.2 − 0.1(0.0452642 − 0.02), 0.1 − 0.1(0.0905285 + 0.01)) = (−0.2025264, 0.0899472)
    // b_0 ← 0.1 − 0.1(−w + 0.01) = 0.1442642;  b_2 ← −0.1 − 0.1(w − 0.01) = −0.1442642
    // L_B = ℓ + (λ/2)(‖q_0‖² + ‖p_0‖² + ‖p_2‖² + b_0² + b_2²) = 0.6026529 + 0.05·(0.05 + 0.13 + 0.05 + 0.01 + 0.01) = 0.6151529
    const m = tinyModel();
    const runner = createBprCpuRunner(m, { ...sgd, batchSize: 1 });
    expect(runner.step(batchOf([[0, 0, 2]]), 1, true)).toBeCloseTo(0.6151529, 6);
    close(m.userFactors, [0.1216321, 0.1844207, -0.1, 0.3]);
    close(m.itemFactors, [0.3015264, -0.1889472, 0.1, 0.4, -0.2025264, 0.0899472]);
    close(m.itemBias, [0.1442642, 0, -0.1442642]);
    expect(runner.takeEpochLoss()).toBeCloseTo(0.6026529, 6);
    expect(runner.takeEpochLoss()).toBe(0);
  });

  it('SGD on a batch whose triples share an item: gradients read before the update, then summed', () => {
    // second triple (user 1, positive 2, negative 1): x̂ = b_2 − b_1 + q_1·(p_2 − p_1) = −0.1 + (0.03 − 0.09) = −0.16,
    // w' = σ(0.16) = 0.5399149. Item 2 is the first triple's negative and this one's positive:
    // b_2 ← −0.1 − 0.1[(w + λb_2) + (−w' + λb_2)] = −0.1 − 0.1(0.4526424 − 0.5399149 − 0.02) = −0.0892727
    // p_2 ← p_2 − η[(w·q_0 + λp_2) + (−w'·q_1 + λp_2)] = (−0.2059256, 0.1051446)
    // q_1 ← q_1 − η(−w'(p_2 − p_1) + λq_1) = (−0.1 + 0.1(−0.1619745 + 0.01), 0.3 + 0.1(−0.1619745 − 0.03)) = (−0.1151974, 0.2808026)
    // p_1 ← p_1 − η(w'·q_1 + λp_1) = (0.1 − 0.1(−0.0539915 + 0.01), 0.4 − 0.1(0.1619745 + 0.04)) = (0.1043991, 0.3798026)
    // b_1 ← 0 − 0.1(w' + 0) = −0.0539915
    // L_B = 0.6026529 + 0.7763438 + 0.05·(0.27 + 0.31) = 1.4079967
    const m = tinyModel();
    const runner = createBprCpuRunner(m, sgd);
    expect(runner.step(batchOf([[0, 0, 2], [1, 2, 1]]), 1, true)).toBeCloseTo(1.4079967, 6);
    close(m.userFactors, [0.1216321, 0.1844207, -0.1151974, 0.2808026]);
    close(m.itemFactors, [0.3015264, -0.1889472, 0.1043991, 0.3798026, -0.2059256, 0.1051446]);
    close(m.itemBias, [0.1442642, -0.0539915, -0.0892727]);
  });

  it('a batch with no repeated row is the same as its triples one at a time (the one-triple path)', () => {
    // 3 users × 5 items: triples (0, 0, 1) and (2, 3, 4) share no row
    const make = (): BprModel => ({
      nUsers: 3,
      nItems: 5,
      factors: 2,
      userFactors: Float32Array.from([0.1, 0.2, -0.3, 0.1, 0.2, -0.2]),
      itemFactors: Float32Array.from([0.3, -0.2, 0.1, 0.4, -0.2, 0.1, 0.05, 0.3, -0.1, -0.1]),
      itemBias: Float32Array.from([0.1, 0, -0.1, 0.2, 0.05]),
    });
    const a = make();
    const b = make();
    createBprCpuRunner(a, sgd).step(batchOf([[0, 0, 1], [2, 3, 4]]), 1, false);
    const single = createBprCpuRunner(b, { ...sgd, batchSize: 1 });
    single.step(batchOf([[0, 0, 1]]), 1, false);
    single.step(batchOf([[2, 3, 4]]), 2, false);
    expect(Array.from(a.userFactors)).toEqual(Array.from(b.userFactors));
    expect(Array.from(a.itemFactors)).toEqual(Array.from(b.itemFactors));
    expect(Array.from(a.itemBias)).toEqual(Array.from(b.itemBias));
  });

  it('Adam’s first step moves every touched parameter by η against its gradient’s sign, and no other', () => {
    // Adam step 1: m̂ = g, v̂ = g², so θ ← θ − η·g/(|g| + ε) ≈ θ − η·sign(g). For the triple (0, 0, 2):
    // g(q_0) = −w(p_0 − p_2) + λq_0 = (−0.2163, 0.1558) → q_0 = (0.2, 0.1);
    // g(p_0) = −w·q_0 + λp_0 = (−0.0153, −0.1105) → p_0 = (0.4, −0.1); g(p_2) = w·q_0 + λp_2 = (0.0253, 0.1005) → p_2 = (−0.3, 0);
    // g(b_0) = −w + λb_0 < 0 → b_0 = 0.2; g(b_2) = w + λb_2 > 0 → b_2 = −0.2. User 1 and item 1 have g = 0: unchanged.
    const m = tinyModel();
    createBprCpuRunner(m, { ...sgd, optimizer: 'adam', batchSize: 1 }).step(batchOf([[0, 0, 2]]), 1, false);
    close(m.userFactors, [0.2, 0.1, -0.1, 0.3]);
    close(m.itemFactors, [0.4, -0.1, 0.1, 0.4, -0.3, 0]);
    close(m.itemBias, [0.2, 0, -0.2]);
  });
});

describe('trainBprCpu', () => {
  const data = syntheticRatings(30, 20, 300, 1);
  const byUser = csrFromColumns(data.users, data.items, new Float32Array(data.users.length).fill(1), 30, 20);
  const params: BprTrainParams = { factors: 4, epochs: 20, learningRate: 0.05, regularization: 0.01, batchSize: 1, optimizer: 'sgd', seed: 3 };

  it('lowers the BPR loss epoch by epoch and reports it as such', async () => {
    const reports: EpochReport[] = [];
    await trainBprCpu(byUser, params, { onEpoch: (r) => reports.push(r) });
    expect(reports.length).toBe(20);
    expect(reports[0]!.trainLoss).toBeGreaterThan(0.6); // ≈ ln 2 from a near-zero start
    expect(reports.at(-1)!.trainLoss).toBeLessThan(0.9 * reports[0]!.trainLoss);
    expect(reports[0]!.lossLabel).toBe(BPR_LOSS_LABEL);
    expect(reports[0]!.backend).toBe('cpu');
    expect(reports[0]!.ratingsPerSec).toBeGreaterThan(0);
  });

  it('is deterministic for a seed, with SGD and with Adam', async () => {
    for (const p of [params, { ...params, optimizer: 'adam' as const, batchSize: 16, epochs: 5 }]) {
      const a = await trainBprCpu(byUser, p);
      const b = await trainBprCpu(byUser, p);
      expect(Array.from(a.userFactors)).toEqual(Array.from(b.userFactors));
      expect(Array.from(a.itemBias)).toEqual(Array.from(b.itemBias));
    }
    const c = await trainBprCpu(byUser, { ...params, seed: 4 });
    const d = await trainBprCpu(byUser, params);
    expect(Array.from(c.userFactors)).not.toEqual(Array.from(d.userFactors));
  });

  it('stops on shouldStop and returns the model so far', async () => {
    let steps = 0;
    const m = await trainBprCpu(byUser, params, { onStep: () => void steps++, shouldStop: () => steps >= 7 });
    expect(steps).toBe(7);
    expect(m.userFactors.length).toBe(30 * 4);
  });
});
