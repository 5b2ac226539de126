import { describe, expect, it } from 'vitest';
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import { createCpuRunner, trainMfCpu } from './cpuTrainer';
import { DEFAULT_TRAIN_PARAMS } from './params';
import type { EpochReport, TrainParams } from './params';
import { syntheticRatings } from './synthetic.testutil';

/**
 * 2 users, 2 items, factors 1, μ = 3:
 *   q = (0.1, 0.2), p = (0.3, 0.4), b_u = (0.1, −0.1), b_i = (0.2, 0).
 * Batch: (u0, i0, r = 4), (u1, i0, r = 3). Item 1 is not in the batch.
 */
function tinyModel(): MfModel {
  return {
    nUsers: 2,
    nItems: 2,
    factors: 1,
    mu: 3,
    userBias: Float32Array.of(0.1, -0.1),
    itemBias: Float32Array.of(0.2, 0),
    userFactors: Float32Array.of(0.1, 0.2),
    itemFactors: Float32Array.of(0.3, 0.4),
  };
}
const tinyData: RatingsColumns = { users: Int32Array.of(0, 1), items: Int32Array.of(0, 0), ratings: Float32Array.of(4, 3) };
const tinyParams = (over: Partial<TrainParams>): TrainParams => ({ ...DEFAULT_TRAIN_PARAMS, factors: 1, regularization: 0.1, batchSize: 2, ...over });

function expectClose(actual: Float32Array, expected: number[], digits = 6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, j) => expect(actual[j]).toBeCloseTo(v, digits));
}

describe('one hand-worked step', () => {
  it('SGD (η = 0.1, λ = 0.1)', () => {
    // r̂0 = 3 + 0.1 + 0.2 + 0.1·0.3 = 3.33 → e0 = −0.67
    // r̂1 = 3 − 0.1 + 0.2 + 0.2·0.3 = 3.16 → e1 = 0.16
    // gradients (2e·x + 2λθ per occurrence, 2λ = 0.2):
    //   g b_u0 = −1.34 + 0.02 = −1.32          g b_u1 = 0.32 − 0.02 = 0.30
    //   g b_i0 = (−1.34 + 0.04) + (0.32 + 0.04) = −0.94      g b_i1 = 0
    //   g q0 = −1.34·0.3 + 0.02 = −0.382        g q1 = 0.32·0.3 + 0.04 = 0.136
    //   g p0 = (−1.34·0.1 + 0.06) + (0.32·0.2 + 0.06) = −0.074 + 0.124 = 0.05      g p1 = 0
    // θ − 0.1·g:
    //   b_u = (0.232, −0.13), b_i = (0.294, 0), q = (0.1382, 0.1864), p = (0.295, 0.4)
    // L_B = 0.67² + 0.16² + 0.1·[(0.01+0.09+0.01+0.04) + (0.04+0.09+0.01+0.04)]
    //     = 0.4489 + 0.0256 + 0.1·0.33 = 0.5075
    const m = tinyModel();
    const runner = createCpuRunner(tinyData, m, tinyParams({ learningRate: 0.1, optimizer: 'sgd' }));
    const loss = runner.step(Int32Array.of(0, 1), 1, true);
    expect(loss).toBeCloseTo(0.5075, 6);
    expectClose(m.userBias, [0.232, -0.13]);
    expectClose(m.itemBias, [0.294, 0]);
    expectClose(m.userFactors, [0.1382, 0.1864]);
    expectClose(m.itemFactors, [0.295, 0.4]);
    // epoch data term: 0.4489 + 0.0256
    expect(runner.takeEpochSqErr()).toBeCloseTo(0.4745, 6);
  });

  it('Adam (η = 0.01): step 1 moves touched parameters by ≈ −η·sign(g); step 2 moves rows outside the batch by momentum', () => {
    // Step 1 (same gradients as the SGD case): m = 0.1g, v = 0.001g², m̂ = g, v̂ = g²,
    // Δθ = −0.01·g/(|g| + 1e-8) ≈ −0.01·sign(g) (|g| ≥ 0.05, so the ε correction is < 2e-9).
    //   b_u = (0.1 + 0.01, −0.1 − 0.01) = (0.11, −0.11), b_i = (0.21, 0)
    //   q = (0.11, 0.19), p = (0.29, 0.4): item 1 had g = 0, m = 0, so it does not move.
    const m = tinyModel();
    const runner = createCpuRunner(tinyData, m, tinyParams({ learningRate: 0.01, optimizer: 'adam' }));
    runner.step(Int32Array.of(0, 1), 1, false);
    expectClose(m.userBias, [0.11, -0.11]);
    expectClose(m.itemBias, [0.21, 0]);
    expectClose(m.userFactors, [0.11, 0.19]);
    expectClose(m.itemFactors, [0.29, 0.4]);
    // Step 2 on row 0 only: user 1 now has g = 0 but m = 0.1·0.30 = 0.03, v = 0.001·0.09:
    //   m ← 0.9·0.03 = 0.027, v ← 0.999·0.00009 = 0.00008991
    //   m̂ = 0.027/(1 − 0.81) = 0.142105, v̂ = 0.00008991/(1 − 0.998001) = 0.0449775, √v̂ = 0.212079
    //   Δb_u1 = −0.01·0.142105/0.212079 = −0.0067005 → b_u1 = −0.11 − 0.0067005 = −0.1167005
    runner.step(Int32Array.of(0), 2, false);
    expect(m.userBias[1]).toBeCloseTo(-0.1167005, 6);
  });
});

describe('trainMfCpu', () => {
  const data = syntheticRatings(30, 20, 300, 1);
  const params: TrainParams = { ...DEFAULT_TRAIN_PARAMS, factors: 4, batchSize: 64, epochs: 3, seed: 11 };

  it('same seed → identical model; different seed → different model', async () => {
    const a = await trainMfCpu(data, 30, 20, params);
    const b = await trainMfCpu(data, 30, 20, params);
    const c = await trainMfCpu(data, 30, 20, { ...params, seed: 12 });
    expect(b).toEqual(a);
    expect(Array.from(c.userFactors)).not.toEqual(Array.from(a.userFactors));
    expect(c.mu).not.toBe(a.mu); // a different split gives a different training mean
  });

  it('reports epochs with a falling loss and validation scores', async () => {
    const reports: EpochReport[] = [];
    await trainMfCpu(data, 30, 20, { ...params, epochs: 5, optimizer: 'sgd' }, { onEpoch: (r) => reports.push(r) });
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(reports[4]!.trainLoss).toBeLessThan(reports[0]!.trainLoss);
    for (const r of reports) {
      expect(r.backend).toBe('cpu');
      expect(r.tensors).toBe(0);
      expect(Number.isFinite(r.valRmse)).toBe(true);
      expect(r.valMae).toBeLessThanOrEqual(r.valRmse);
    }
  });

  it('maxSteps stops after exactly that many steps and equals a run stopped by shouldStop there', async () => {
    // 300 rows, 10% validation → 270 train rows → 5 steps of ≤ 64 per epoch
    const steps: number[] = [];
    const epochs: number[] = [];
    const byMax = await trainMfCpu(data, 30, 20, params, { maxSteps: 7, onStep: (r) => steps.push(r.step), onEpoch: (r) => epochs.push(r.epoch) });
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(epochs).toEqual([1]); // epoch 2 was cut short: not reported
    let n = 0;
    const byStop = await trainMfCpu(data, 30, 20, params, { onStep: () => void n++, shouldStop: () => n >= 7 });
    expect(n).toBe(7);
    expect(byStop).toEqual(byMax);
    const full = await trainMfCpu(data, 30, 20, params);
    expect(Array.from(full.userFactors)).not.toEqual(Array.from(byMax.userFactors));
  });

  it('shouldStop before the first step returns the initial model', async () => {
    const m = await trainMfCpu(data, 30, 20, params, { shouldStop: () => true });
    expect(Array.from(m.userBias).every((b) => b === 0)).toBe(true);
  });

  it('rejects indices outside the tables', async () => {
    await expect(trainMfCpu(data, 30, 19, params)).rejects.toThrow(/item index 19 outside/);
  });
});

describe('weighted loss (inverse-propensity weights)', () => {
  it('one SGD step with w = (2, 0.5), worked by hand', () => {
    // As the SGD case (e0 = −0.67, e1 = 0.16), data gradients 2w·e: row 0 2·2·(−0.67) = −2.68, row 1 2·0.5·0.16 = 0.16
    //   g b_u0 = −2.68 + 0.02 = −2.66 → 0.1 + 0.266 = 0.366      g b_u1 = 0.16 − 0.02 = 0.14 → −0.1 − 0.014 = −0.114
    //   g b_i0 = (−2.68 + 0.04) + (0.16 + 0.04) = −2.44 → 0.2 + 0.244 = 0.444
    //   g q0 = −2.68·0.3 + 0.02 = −0.784 → 0.1784                 g q1 = 0.16·0.3 + 0.04 = 0.088 → 0.1912
    //   g p0 = (−2.68·0.1 + 0.06) + (0.16·0.2 + 0.06) = −0.116 → 0.3116
    // L_B = 2·0.4489 + 0.5·0.0256 + 0.1·0.33 = 0.9436; the epoch's MSE sum stays unweighted: 0.4745
    const m = tinyModel();
    const runner = createCpuRunner(tinyData, m, tinyParams({ learningRate: 0.1, optimizer: 'sgd' }), Float32Array.of(2, 0.5));
    expect(runner.step(Int32Array.of(0, 1), 1, true)).toBeCloseTo(0.9436, 6);
    expectClose(m.userBias, [0.366, -0.114]);
    expectClose(m.itemBias, [0.444, 0]);
    expectClose(m.userFactors, [0.1784, 0.1912]);
    expectClose(m.itemFactors, [0.3116, 0.4]);
    expect(runner.takeEpochSqErr()).toBeCloseTo(0.4745, 6);
  });

  it('weights of 1 train the same model as no weights; bad weights are refused', async () => {
    const data = syntheticRatings(30, 20, 300, 1);
    const params: TrainParams = { ...DEFAULT_TRAIN_PARAMS, factors: 4, batchSize: 64, epochs: 2, seed: 11, optimizer: 'sgd', learningRate: 0.01 };
    const plain = await trainMfCpu(data, 30, 20, params);
    const ones = await trainMfCpu(data, 30, 20, params, {}, undefined, new Float32Array(300).fill(1));
    expect(ones).toEqual(plain);
    await expect(trainMfCpu(data, 30, 20, params, {}, undefined, new Float32Array(299))).rejects.toThrow(/299 rating weights for 300 rows/);
    await expect(trainMfCpu(data, 30, 20, params, {}, undefined, new Float32Array(300).fill(-1))).rejects.toThrow(/finite and ≥ 0/);
  });
});
