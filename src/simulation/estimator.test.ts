import { describe, expect, it } from 'vitest';
import { invertSpd } from '../math/gaussian';
import { createRng, randomNormal } from '../math/random';
import { createEstimator, quadraticForm, scoreItems, shermanMorrison } from './estimator';
import type { ItemFeatures } from './types';

const f64 = (...xs: number[]) => Float64Array.from(xs);
const close = (actual: ArrayLike<number>, expected: readonly number[], digits = 12) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, j) => expect(actual[j]).toBeCloseTo(e, digits));
};
/** Features from rows (vectors = the rows too). */
const features = (rows: number[][]): ItemFeatures => {
  const d = rows[0]!.length;
  return { nItems: rows.length, d, x: Float64Array.from(rows.flat()), k: d, vectors: Float32Array.from(rows.flat()) };
};

describe('shermanMorrison', () => {
  it('turns A⁻¹ = I into (I + xxᵀ)⁻¹ for x = (1, 2)', () => {
    // w = A⁻¹x = (1, 2); 1 + xᵀw = 1 + 1 + 4 = 6; A⁻¹ − wwᵀ/6 = [[1 − 1/6, −2/6], [−2/6, 1 − 4/6]]
    //   = [[5/6, −1/3], [−1/3, 1/3]], and indeed (I + xxᵀ) = [[2, 2], [2, 5]] has inverse [[5, −2], [−2, 2]]/6.
    const ainv = f64(1, 0, 0, 1);
    shermanMorrison(ainv, 0, 2, f64(1, 2), 0, new Float64Array(2));
    close(ainv, [5 / 6, -1 / 3, -1 / 3, 1 / 3]);
    close(invertSpd(f64(2, 2, 2, 5), 2), [5 / 6, -1 / 3, -1 / 3, 1 / 3]);
  });

  it('works at an offset and on a later row of the features', () => {
    const ainv = f64(9, 9, 9, 9, 0.5, 0, 0, 0.5); // the second 2×2 block is (2I)⁻¹
    shermanMorrison(ainv, 4, 2, f64(0, 0, 2, 0), 1, new Float64Array(2));
    // x = (2, 0): w = (1, 0), 1 + xᵀw = 3, so A⁻¹_00 = 0.5 − 1/3 = 1/6 = 1/(2 + 4)
    close(ainv, [9, 9, 9, 9, 1 / 6, 0, 0, 0.5]);
  });
});

describe('quadraticForm', () => {
  it('xᵀMx for M = [[5/6, −1/3], [−1/3, 1/3]]', () => {
    const m = f64(5 / 6, -1 / 3, -1 / 3, 1 / 3);
    // x = (1, 1): 5/6 − 2·1/3 + 1/3 = 1/2; x = (1, 0): 5/6; x = (0, 3): 9·1/3 = 3
    expect(quadraticForm(m, 0, 2, f64(1, 1), 0)).toBeCloseTo(0.5, 14);
    expect(quadraticForm(m, 0, 2, f64(1, 0), 0)).toBeCloseTo(5 / 6, 14);
    expect(quadraticForm(m, 0, 2, f64(9, 9, 0, 3), 1)).toBeCloseTo(3, 14);
  });
});

describe('scoreItems', () => {
  it('is x_i·θ for every item', () => {
    const f = features([[1, 0], [0, 1], [2, -1]]);
    close(scoreItems(f, [0.5, 2], new Float64Array(3)), [0.5, 2, -1]);
  });
});

describe('createEstimator', () => {
  it('shrinks a user towards θ_pop by λ, by hand', () => {
    const f = features([[1, 0], [0, 1]]);
    const est = createEstimator(f, 2, 2);
    // user 0 clicks item 0: A_0 = 2I + e₀e₀ᵀ = diag(3, 2), Σ r x = (1, 0), θ_pop = 0 → θ̂_0 = (1/3, 0)
    est.observe(0, 0, 1);
    close(est.mean(0, new Float64Array(2)), [1 / 3, 0]);
    close(est.covariances.subarray(0, 4), [1 / 3, 0, 0, 1 / 2]);
    expect(est.observations(0)).toBe(1);
    // refit: θ_pop = (2I + Σ x xᵀ)⁻¹ Σ r x = diag(1/3, 1/2)·(1, 0) = (1/3, 0)
    est.refit();
    close(est.thetaPop, [1 / 3, 0]);
    // user 1 has no data: θ̂_1 = (2I)⁻¹·2θ_pop = θ_pop
    close(est.mean(1, new Float64Array(2)), [1 / 3, 0]);
    // user 0: diag(1/3, 1/2)·(2·1/3 + 1, 0) = (5/9, 0)
    close(est.mean(0, new Float64Array(2)), [5 / 9, 0]);
  });

  it('keeps A_u⁻¹ equal to the direct inverse of λI + Σ x xᵀ over many updates', () => {
    const rng = createRng(3);
    const d = 5;
    const rows = Array.from({ length: 30 }, () => Array.from({ length: d }, () => randomNormal(rng)));
    const est = createEstimator(features(rows), 1, 0.5);
    const a = new Float64Array(d * d);
    for (let r = 0; r < d; r++) a[r * d + r] = 0.5;
    for (let t = 0; t < 300; t++) {
      const i = t % rows.length;
      est.observe(0, i, t % 3 === 0 ? 1 : 0);
      for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) a[r * d + c]! += rows[i]![r]! * rows[i]![c]!;
    }
    close(est.covariances, Array.from(invertSpd(a, d)), 10);
  });

  it('refuses a prior precision that is not positive', () => {
    expect(() => createEstimator(features([[1]]), 1, 0)).toThrow(/λ must be positive/);
  });
});
