/**
 * What Gibbs sampling of Gaussian models needs, pure and seeded (every draw comes from an `Rng` of
 * ./random): the Cholesky factor of a small symmetric positive-definite (SPD) matrix and solves
 * with it, multivariate normal draws given a precision matrix, Gamma / chi-square draws
 * (Marsaglia–Tsang) and Wishart draws (Bartlett decomposition).
 *
 * Matrices are k×k, row-major in a flat Float64Array (entry (r, c) at r·k + c). Float64 throughout.
 */
import { randomNormal } from './random';
import type { Rng } from './random';

function checkSquare(name: string, a: Float64Array, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new Error(`${name}: k must be a positive integer, got ${k}`);
  if (a.length !== k * k) throw new Error(`${name}: expected a ${k}×${k} matrix (${k * k} entries), got ${a.length}`);
}

/**
 * Cholesky factorisation in place: reads the LOWER triangle of the SPD matrix A (the upper one is
 * ignored) and overwrites `a` with L, lower triangular with a positive diagonal, such that
 * `A = L·Lᵀ`, zeroing the strict upper triangle. Column by column:
 * `L_jj = √(A_jj − Σ_{c<j} L_jc²)`, `L_rj = (A_rj − Σ_{c<j} L_rc L_jc) / L_jj` for r > j.
 * Returns false (leaving `a` partly overwritten) when a pivot A_jj − Σ L_jc² is not positive and
 * finite, i.e. A is not (numerically) positive definite.
 */
export function choleskyInPlace(a: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    const jk = j * k;
    let s = a[jk + j] as number;
    for (let c = 0; c < j; c++) {
      const l = a[jk + c] as number;
      s -= l * l;
    }
    if (!(s > 0) || !Number.isFinite(s)) return false;
    const ljj = Math.sqrt(s);
    a[jk + j] = ljj;
    for (let r = j + 1; r < k; r++) {
      const rk = r * k;
      let t = a[rk + j] as number;
      for (let c = 0; c < j; c++) t -= (a[rk + c] as number) * (a[jk + c] as number);
      a[rk + j] = t / ljj;
    }
    for (let c = j + 1; c < k; c++) a[jk + c] = 0;
  }
  return true;
}

/** L with `A = L·Lᵀ` (a new array; A unchanged). Throws when A is not symmetric positive definite. */
export function cholesky(a: Float64Array, k: number): Float64Array {
  checkSquare('cholesky', a, k);
  const l = Float64Array.from(a);
  if (!choleskyInPlace(l, k)) throw new Error(`cholesky: the ${k}×${k} matrix is not positive definite`);
  return l;
}

/** Forward substitution: solves `L·y = b` for lower-triangular L (b and out may be the same array). */
export function solveLower(l: Float64Array, k: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(k)): Float64Array {
  for (let r = 0; r < k; r++) {
    const rk = r * k;
    let s = b[r] as number;
    for (let c = 0; c < r; c++) s -= (l[rk + c] as number) * (out[c] as number);
    out[r] = s / (l[rk + r] as number);
  }
  return out;
}

/** Back substitution with the transpose: solves `Lᵀ·x = y` for lower-triangular L (y and out may be the same array). */
export function solveLowerTranspose(l: Float64Array, k: number, y: ArrayLike<number>, out: Float64Array = new Float64Array(k)): Float64Array {
  for (let r = k - 1; r >= 0; r--) {
    let s = y[r] as number;
    for (let c = r + 1; c < k; c++) s -= (l[c * k + r] as number) * (out[c] as number);
    out[r] = s / (l[r * k + r] as number);
  }
  return out;
}

/** Solves `A·x = b` given L = cholesky(A): `L·y = b`, then `Lᵀ·x = y`. */
export function choleskySolve(l: Float64Array, k: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(k)): Float64Array {
  solveLower(l, k, b, out);
  return solveLowerTranspose(l, k, out, out);
}

/** A⁻¹ of an SPD matrix (a new array), column by column from its Cholesky factor. Throws when A is not SPD. */
export function invertSpd(a: Float64Array, k: number): Float64Array {
  const l = cholesky(a, k);
  const inv = new Float64Array(k * k);
  const e = new Float64Array(k);
  const col = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    e.fill(0);
    e[c] = 1;
    choleskySolve(l, k, e, col);
    for (let r = 0; r < k; r++) inv[r * k + c] = col[r] as number;
  }
  // exact symmetry (the solves differ in the last bits)
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < r; c++) {
      const m = 0.5 * ((inv[r * k + c] as number) + (inv[c * k + r] as number));
      inv[r * k + c] = m;
      inv[c * k + r] = m;
    }
  }
  return inv;
}

/**
 * `x = m + L⁻ᵀ·z`: with L the Cholesky factor of a precision Λ = L·Lᵀ and z ~ N(0, I), x is a draw
 * from N(m, Λ⁻¹), since Cov(L⁻ᵀz) = L⁻ᵀL⁻¹ = (L·Lᵀ)⁻¹ = Λ⁻¹. Deterministic given z (for tests).
 */
export function gaussianFromStandard(l: Float64Array, k: number, mean: ArrayLike<number>, z: ArrayLike<number>, out: Float64Array = new Float64Array(k)): Float64Array {
  solveLowerTranspose(l, k, z, out);
  for (let r = 0; r < k; r++) out[r] = (out[r] as number) + (mean[r] as number);
  return out;
}

/** A draw from N(m, Λ⁻¹) given L = cholesky(Λ) (see gaussianFromStandard); `z` is optional scratch of length k. */
export function sampleGaussianPrecision(
  rng: Rng,
  l: Float64Array,
  k: number,
  mean: ArrayLike<number>,
  out: Float64Array = new Float64Array(k),
  z: Float64Array = new Float64Array(k),
): Float64Array {
  for (let r = 0; r < k; r++) z[r] = randomNormal(rng);
  return gaussianFromStandard(l, k, mean, z, out);
}

/**
 * A draw from the Gaussian in canonical form N(Λ⁻¹h, Λ⁻¹) — the conditional posterior of a
 * Bayesian linear regression, where Λ is the posterior precision and h = Λ·(posterior mean).
 * Factors Λ IN PLACE (`lambda` holds L afterwards; only its lower triangle is read), then
 * `L·y = h`, `Lᵀ·x = y + z` with z ~ N(0, I), so `x = Λ⁻¹h + L⁻ᵀz`. `h` is overwritten by y + z.
 * Throws when Λ is not positive definite.
 */
export function sampleGaussianCanonical(rng: Rng, lambda: Float64Array, h: Float64Array, k: number, out: Float64Array = new Float64Array(k)): Float64Array {
  if (!choleskyInPlace(lambda, k)) throw new Error(`sampleGaussianCanonical: the ${k}×${k} precision is not positive definite`);
  solveLower(lambda, k, h, h);
  for (let r = 0; r < k; r++) h[r] = (h[r] as number) + randomNormal(rng);
  return solveLowerTranspose(lambda, k, h, out);
}

/**
 * A Gamma(shape a, scale θ) draw (mean aθ, variance aθ²), by Marsaglia & Tsang (2000): for a ≥ 1,
 * with d = a − 1/3 and c = 1/√(9d), draw x ~ N(0,1) and u ~ U(0,1), set v = (1 + cx)³ and accept
 * d·v when v > 0 and `ln u < x²/2 + d − d·v + d·ln v` (with the cheap squeeze u < 1 − 0.0331x⁴
 * first). For a < 1: Gamma(a + 1)·U^{1/a}.
 */
export function randomGamma(rng: Rng, shape: number, scale = 1): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new Error(`randomGamma: shape must be positive and finite, got ${shape}`);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`randomGamma: scale must be positive and finite, got ${scale}`);
  if (shape < 1) {
    let u = rng.next();
    while (u <= Number.EPSILON) u = rng.next();
    return randomGamma(rng, shape + 1, scale) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = randomNormal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    let u = rng.next();
    while (u <= Number.EPSILON) u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
  }
}

/** A χ²(ν) draw: Gamma(ν/2, scale 2) (mean ν, variance 2ν). */
export function randomChiSquare(rng: Rng, df: number): number {
  return randomGamma(rng, df / 2, 2);
}

/**
 * A Wishart(S, ν) draw (k×k, E[W] = ν·S, Var W_ij = ν(S_ij² + S_ii S_jj)) by the Bartlett
 * decomposition: with S = L·Lᵀ (`scaleChol` = L) and A lower triangular,
 * `A_rr = √χ²(ν − r)` (r = 0 … k−1) and `A_rc ~ N(0, 1)` for r > c, `W = (L·A)(L·A)ᵀ`.
 * Draw order: row by row, the N(0,1) entries of the row, then its diagonal χ². Needs ν > k − 1.
 */
export function sampleWishart(rng: Rng, scaleChol: Float64Array, k: number, df: number, out: Float64Array = new Float64Array(k * k)): Float64Array {
  checkSquare('sampleWishart', scaleChol, k);
  if (!(df > k - 1)) throw new Error(`sampleWishart: degrees of freedom ν must exceed k − 1 = ${k - 1}, got ${df}`);
  const a = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < r; c++) a[r * k + c] = randomNormal(rng);
    a[r * k + r] = Math.sqrt(randomChiSquare(rng, df - r));
  }
  // B = L·A (both lower triangular, so B is too)
  const b = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c <= r; c++) {
      let s = 0;
      for (let m = c; m <= r; m++) s += (scaleChol[r * k + m] as number) * (a[m * k + c] as number);
      b[r * k + c] = s;
    }
  }
  // W = B·Bᵀ
  for (let r = 0; r < k; r++) {
    for (let c = 0; c <= r; c++) {
      let s = 0;
      for (let m = 0; m <= c; m++) s += (b[r * k + m] as number) * (b[c * k + m] as number);
      out[r * k + c] = s;
      out[c * k + r] = s;
    }
  }
  return out;
}
