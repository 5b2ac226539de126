import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskyInPlace,
  choleskySolve,
  gaussianFromStandard,
  invertSpd,
  randomChiSquare,
  randomGamma,
  sampleGaussianCanonical,
  sampleGaussianPrecision,
  sampleWishart,
} from './gaussian';
import { createRng } from './random';

const f64 = (...xs: number[]) => Float64Array.from(xs);
const close = (actual: ArrayLike<number>, expected: readonly number[], digits = 12) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, j) => expect(actual[j]).toBeCloseTo(e, digits));
};

/** Sample mean and (population) covariance of n draws of dimension k. */
function moments(draws: Float64Array[], k: number) {
  const n = draws.length;
  const mean = new Array<number>(k).fill(0);
  for (const x of draws) for (let r = 0; r < k; r++) mean[r]! += x[r]! / n;
  const cov = new Array<number>(k * k).fill(0);
  for (const x of draws) for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) cov[r * k + c]! += ((x[r]! - mean[r]!) * (x[c]! - mean[c]!)) / n;
  return { mean, cov };
}

describe('cholesky', () => {
  it('factors [[4, 2], [2, 3]] as [[2, 0], [1, √2]]', () => {
    // L_00 = √4 = 2, L_10 = 2/2 = 1, L_11 = √(3 − 1²) = √2
    close(cholesky(f64(4, 2, 2, 3), 2), [2, 0, 1, Math.SQRT2]);
  });

  it('factors the classic 3×3 [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] exactly', () => {
    // L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]: 6 = 12/2, 1 = √(37 − 36), −8 = −16/2, 5 = (−43 + 48)/1, 3 = √(98 − 64 − 25)
    close(cholesky(f64(4, 12, -16, 12, 37, -43, -16, -43, 98), 3), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it('reads only the lower triangle and zeroes the upper one in place', () => {
    const a = f64(4, 999, 2, 3);
    expect(choleskyInPlace(a, 2)).toBe(true);
    close(a, [2, 0, 1, Math.SQRT2]);
  });

  it('rejects a matrix that is not positive definite, and a wrong size', () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the second pivot is 1 − 2² = −3
    expect(() => cholesky(f64(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
    expect(choleskyInPlace(f64(0, 0, 0, 1), 2)).toBe(false);
    expect(() => cholesky(f64(1, 2, 3), 2)).toThrow(/2×2/);
  });
});

describe('solves with the factor', () => {
  it('solves [[4, 2], [2, 3]]·x = [2, 1] → x = [0.5, 0]', () => {
    // A⁻¹ = [[3, −2], [−2, 4]] / 8, so x = [(6 − 2)/8, (−4 + 4)/8]
    close(choleskySolve(cholesky(f64(4, 2, 2, 3), 2), 2, [2, 1]), [0.5, 0]);
  });

  it('inverts [[4, 2], [2, 3]] to [[3, −2], [−2, 4]] / 8, exactly symmetric', () => {
    const inv = invertSpd(f64(4, 2, 2, 3), 2);
    close(inv, [0.375, -0.25, -0.25, 0.5]);
    expect(inv[1]).toBe(inv[2]);
  });
});

describe('multivariate normal draws given the precision', () => {
  const lambda = f64(4, 2, 2, 3); // covariance Λ⁻¹ = [[0.375, −0.25], [−0.25, 0.5]]
  const mean = [1, -1];

  it('maps z to m + L⁻ᵀz: z = [1, √2] gives m + [0, 1]', () => {
    // Lᵀ = [[2, 1], [0, √2]]: x₁ = √2/√2 = 1, then 2x₀ + 1·1 = 1 → x₀ = 0
    close(gaussianFromStandard(cholesky(lambda, 2), 2, mean, [1, Math.SQRT2]), [1, 0]);
  });

  it('has mean m and covariance Λ⁻¹ (20 000 draws, seed 11)', () => {
    const l = cholesky(lambda, 2);
    const rng = createRng(11);
    const draws = Array.from({ length: 20_000 }, () => sampleGaussianPrecision(rng, l, 2, mean));
    const { mean: m, cov } = moments(draws, 2);
    // sd of a sample mean = √(σ²/n) ≤ √(0.5/20000) = 0.005: allow 4 sd = 0.02
    expect(Math.abs(m[0]! - 1)).toBeLessThan(0.02);
    expect(Math.abs(m[1]! + 1)).toBeLessThan(0.02);
    // sd of a sample variance ≈ σ²√(2/n) ≤ 0.005; of a covariance √((σ₀²σ₁² + σ₀₁²)/n) ≈ 0.0035: 4 sd
    expect(Math.abs(cov[0]! - 0.375)).toBeLessThan(0.02);
    expect(Math.abs(cov[3]! - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(cov[1]! + 0.25)).toBeLessThan(0.015);
  });

  it('draws N(Λ⁻¹h, Λ⁻¹) from the canonical form, as the sampler with the same z would', () => {
    // h = Λ·m = [4 − 2, 2 − 3] = [2, −1]
    const a = sampleGaussianCanonical(createRng(5), Float64Array.from(lambda), f64(2, -1), 2);
    const b = sampleGaussianPrecision(createRng(5), cholesky(lambda, 2), 2, mean);
    close(a, Array.from(b), 12);
    expect(() => sampleGaussianCanonical(createRng(5), f64(1, 2, 2, 1), f64(0, 0), 2)).toThrow(/not positive definite/);
  });

  it('is reproducible: the same seed gives the same draws', () => {
    const l = cholesky(lambda, 2);
    expect(Array.from(sampleGaussianPrecision(createRng(3), l, 2, mean))).toEqual(Array.from(sampleGaussianPrecision(createRng(3), l, 2, mean)));
  });
});

describe('Gamma and chi-square draws (Marsaglia–Tsang)', () => {
  const stats = (draw: () => number, n = 20_000) => {
    let s = 0;
    let s2 = 0;
    for (let j = 0; j < n; j++) {
      const x = draw();
      expect(x).toBeGreaterThan(0);
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    return { mean, variance: s2 / n - mean * mean };
  };

  it('Gamma(3, scale 2): mean 6, variance 12 (20 000 draws, seed 1)', () => {
    const rng = createRng(1);
    const { mean, variance } = stats(() => randomGamma(rng, 3, 2));
    // sd of the mean √(12/20000) ≈ 0.0245 → 4 sd ≈ 0.1; sd of the variance √((μ₄ − σ⁴)/n) with
    // μ₄ = (3 + 6/a)σ⁴ = 5·144: √(576/20000) ≈ 0.17 → 4 sd ≈ 0.7
    expect(Math.abs(mean - 6)).toBeLessThan(0.1);
    expect(Math.abs(variance - 12)).toBeLessThan(0.7);
  });

  it('Gamma(0.5, scale 1) through the U^{1/a} boost: mean 0.5, variance 0.5', () => {
    const rng = createRng(2);
    const { mean, variance } = stats(() => randomGamma(rng, 0.5));
    // sd of the mean √(0.5/20000) = 0.005 → 0.02; excess kurtosis 6/a = 12: sd of the variance √(14·0.25/20000) ≈ 0.013 → 0.06
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(variance - 0.5)).toBeLessThan(0.06);
  });

  it('χ²(5): mean 5, variance 10', () => {
    const rng = createRng(4);
    const { mean, variance } = stats(() => randomChiSquare(rng, 5));
    // sd of the mean √(10/20000) ≈ 0.022 → 0.09; μ₄ = (3 + 12/5)·100: sd of the variance √(440/20000) ≈ 0.15 → 0.6
    expect(Math.abs(mean - 5)).toBeLessThan(0.09);
    expect(Math.abs(variance - 10)).toBeLessThan(0.6);
  });

  it('names a bad shape or scale', () => {
    expect(() => randomGamma(createRng(1), 0)).toThrow(/shape must be positive/);
    expect(() => randomGamma(createRng(1), 1, -1)).toThrow(/scale must be positive/);
  });
});

describe('Wishart draws (Bartlett)', () => {
  it('in one dimension is s·χ²(ν), drawing the same χ² from the same seed', () => {
    // L = √s, A = √χ²(ν): W = s·χ²(ν)
    const w = sampleWishart(createRng(9), f64(Math.sqrt(2.5)), 1, 4);
    expect(w[0]).toBeCloseTo(2.5 * randomChiSquare(createRng(9), 4), 12);
  });

  it('has E[W] = νS and Var W_ij = ν(S_ij² + S_ii S_jj) (S = [[2, 0.5], [0.5, 1]], ν = 5, 20 000 draws)', () => {
    const l = cholesky(f64(2, 0.5, 0.5, 1), 2);
    const rng = createRng(21);
    const n = 20_000;
    const draws = Array.from({ length: n }, () => sampleWishart(rng, l, 2, 5));
    for (const w of draws) expect(w[1]).toBe(w[2]);
    const { mean, cov } = moments(draws, 4);
    // E[W] = [[10, 2.5], [2.5, 5]]; Var W₀₀ = 5(4 + 4) = 40, Var W₀₁ = 5(0.25 + 2) = 11.25, Var W₁₁ = 5(1 + 1) = 10.
    // Tolerances: 4 sd of the mean, 4·√(40/n) ≈ 0.18, 4·√(11.25/n) ≈ 0.095, 4·√(10/n) ≈ 0.09.
    expect(Math.abs(mean[0]! - 10)).toBeLessThan(0.18);
    expect(Math.abs(mean[1]! - 2.5)).toBeLessThan(0.095);
    expect(Math.abs(mean[3]! - 5)).toBeLessThan(0.09);
    // the variances themselves, within 10% (heavier-tailed, so a looser, relative bound)
    expect(Math.abs(cov[0]! / 40 - 1)).toBeLessThan(0.1);
    expect(Math.abs(cov[5]! / 11.25 - 1)).toBeLessThan(0.1);
    expect(Math.abs(cov[15]! / 10 - 1)).toBeLessThan(0.1);
  });

  it('needs ν > k − 1', () => {
    expect(() => sampleWishart(createRng(1), f64(1, 0, 0, 1), 2, 1)).toThrow(/must exceed k − 1 = 1/);
  });
});
