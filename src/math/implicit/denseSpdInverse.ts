/**
 * The inverse of a dense SPD matrix from its Cholesky factor (./denseCholesky), in place, in
 * float64, row-major in one flat Float64Array; the same register-tiled dot products and step
 * generators as the factorisation. Pure.
 */
import { CHOLESKY_BLOCK, checkSquare, choleskySteps, runSteps } from './denseCholesky';

/**
 * The inverse `A⁻¹ = L⁻ᵀ·L⁻¹` from the Cholesky factor L (in the lower triangle of `a`, as
 * choleskySteps leaves it), in place, as steps; afterwards `a` holds the full symmetric A⁻¹.
 * 1. `U = L⁻ᵀ` (upper triangular) into the upper triangle: `U_jj = 1/L_jj` and, row by row,
 *    `U_ji = −(Σ_{j≤k<i} L_ik U_jk) / L_ii` for i > j (four rows of U at a time).
 * 2. The strict lower triangle is cleared, then `(A⁻¹)_ij = Σ_{k≥j} U_ik U_jk` (i ≤ j) into the
 *    lower triangle, in 4×2 tiles (rows of U are zero left of their diagonal), and mirrored.
 * Yields the fraction of the n³/3 work done.
 */
export function* choleskyInverseSteps(a: Float64Array, n: number): Generator<number, void, void> {
  checkSquare('choleskyInverseSteps', a, n);
  const total = Math.max(1, (n * n * n) / 3);
  let done = 0;
  const lDiag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i] as number;
    if (!(d > 0)) throw new Error(`choleskyInverseSteps: L_${i}${i} = ${d} is not positive: pass the Cholesky factor`);
    lDiag[i] = d;
    a[i * n + i] = 1 / d;
  }
  // --- 1. U = L⁻ᵀ, rows j … j+3 together (they share every load of L's row i)
  let j = 0;
  for (; j + 3 < n; j += 4) {
    invertRows4Head(a, n, j, lDiag);
    // rows i ≥ j+4 in chunks (an even number of rows each), so large n still yields often
    for (let from = j + 4; from < n; from += INVERSE_CHUNK_ROWS) {
      const to = Math.min(n, from + INVERSE_CHUNK_ROWS);
      invertRows4Range(a, n, j, lDiag, from, to);
      done += 4 * (((to - j) * (to - j) - (from - j) * (from - j)) / 2);
      yield Math.min(1, done / total);
    }
  }
  for (; j < n; j++) invertRow1(a, n, j, lDiag);
  // --- 2. A⁻¹ = U·Uᵀ into the lower triangle
  for (let r = 1; r < n; r++) a.fill(0, r * n, r * n + r);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    let jj = i;
    for (; jj + 1 < n; jj += 2) productTile4x2(a, n, i, jj);
    if (jj < n) for (let s = 0; s < 4; s++) productEntry(a, n, i + s, jj);
    done += 4 * (((n - i) * (n - i)) / 2);
    yield Math.min(1, done / total);
  }
  for (; i < n; i++) for (let jj = i; jj < n; jj++) productEntry(a, n, i, jj);
  // mirror the lower triangle to the upper one
  for (let r = 0; r < n; r++) {
    const ro = r * n;
    for (let c = r + 1; c < n; c++) a[ro + c] = a[c * n + r] as number;
  }
  yield 1;
}

/** Row j of U: `U_ji = −(Σ_{j≤k<i} L_ik U_jk) / L_ii` for i > j (U_jj already set). */
function invertRow1(a: Float64Array, n: number, j: number, lDiag: Float64Array): void {
  const uo = j * n;
  for (let i = j + 1; i < n; i++) {
    const lo = i * n;
    let s = 0;
    for (let k = j; k < i; k++) s += (a[lo + k] as number) * (a[uo + k] as number);
    a[uo + i] = -s / (lDiag[i] as number);
  }
}

/** Rows of L per chunk of the triangular inverse between two yields (even). */
const INVERSE_CHUNK_ROWS = 256;

/** Rows j … j+3 of U, entries i = j+1 … j+3 (only the rows t with j + t < i). */
function invertRows4Head(a: Float64Array, n: number, j: number, lDiag: Float64Array): void {
  const u0 = j * n;
  for (let i = j + 1; i < j + 4; i++) {
    const lo = i * n;
    for (let t = 0; t < i - j; t++) {
      const uo = u0 + t * n;
      let s = 0;
      for (let k = j + t; k < i; k++) s += (a[lo + k] as number) * (a[uo + k] as number);
      a[uo + i] = -s / (lDiag[i] as number);
    }
  }
}

/**
 * Rows j … j+3 of U at once, entries i ∈ [from, to) with from ≥ j+4: the common range
 * k ∈ [j+3, i) in one loop, the three heads apart. Two rows of L at a time (i and i+1 share every
 * load of U): the sums over k < i first, then row i+1's term k = i once U_ti is known.
 */
function invertRows4Range(a: Float64Array, n: number, j: number, lDiag: Float64Array, from: number, to: number): void {
  const u0 = j * n;
  const u1 = u0 + n;
  const u2 = u1 + n;
  const u3 = u2 + n;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const la = i * n;
    const lb = la + n;
    const a0 = a[la + j] as number;
    const a1 = a[la + j + 1] as number;
    const a2 = a[la + j + 2] as number;
    const b0 = a[lb + j] as number;
    const b1 = a[lb + j + 1] as number;
    const b2 = a[lb + j + 2] as number;
    const u00 = a[u0 + j] as number;
    const u01 = a[u0 + j + 1] as number;
    const u02 = a[u0 + j + 2] as number;
    const u11 = a[u1 + j + 1] as number;
    const u12 = a[u1 + j + 2] as number;
    const u22 = a[u2 + j + 2] as number;
    // heads: k = j … j+2 (row t of U starts at k = j + t)
    let p0 = a0 * u00 + a1 * u01 + a2 * u02;
    let p1 = a1 * u11 + a2 * u12;
    let p2 = a2 * u22;
    let p3 = 0;
    let q0 = b0 * u00 + b1 * u01 + b2 * u02;
    let q1 = b1 * u11 + b2 * u12;
    let q2 = b2 * u22;
    let q3 = 0;
    for (let k = j + 3; k < i; k++) {
      const x = a[la + k] as number;
      const y = a[lb + k] as number;
      const v0 = a[u0 + k] as number;
      const v1 = a[u1 + k] as number;
      const v2 = a[u2 + k] as number;
      const v3 = a[u3 + k] as number;
      p0 += x * v0;
      p1 += x * v1;
      p2 += x * v2;
      p3 += x * v3;
      q0 += y * v0;
      q1 += y * v1;
      q2 += y * v2;
      q3 += y * v3;
    }
    const da = lDiag[i] as number;
    const w0 = -p0 / da;
    const w1 = -p1 / da;
    const w2 = -p2 / da;
    const w3 = -p3 / da;
    a[u0 + i] = w0;
    a[u1 + i] = w1;
    a[u2 + i] = w2;
    a[u3 + i] = w3;
    const y = a[lb + i] as number;
    const db = lDiag[i + 1] as number;
    a[u0 + i + 1] = -(q0 + y * w0) / db;
    a[u1 + i + 1] = -(q1 + y * w1) / db;
    a[u2 + i + 1] = -(q2 + y * w2) / db;
    a[u3 + i + 1] = -(q3 + y * w3) / db;
  }
  for (; i < to; i++) {
    const lo = i * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = j; k < i; k++) {
      const l = a[lo + k] as number;
      s0 += l * (a[u0 + k] as number);
      s1 += k >= j + 1 ? l * (a[u1 + k] as number) : 0;
      s2 += k >= j + 2 ? l * (a[u2 + k] as number) : 0;
      s3 += k >= j + 3 ? l * (a[u3 + k] as number) : 0;
    }
    const d = lDiag[i] as number;
    a[u0 + i] = -s0 / d;
    a[u1 + i] = -s1 / d;
    a[u2 + i] = -s2 / d;
    a[u3 + i] = -s3 / d;
  }
}

/**
 * `(A⁻¹)_{i+s, j+t} = Σ_{k≥j} U_{i+s,k} U_{j+t,k}` for s < 4, t < 2 (rows of U are zero left of
 * the diagonal), written to the lower triangle at (j+t, i+s) where j+t ≥ i+s.
 */
function productTile4x2(a: Float64Array, n: number, i: number, j: number): void {
  const i0 = i * n;
  const i1 = i0 + n;
  const i2 = i1 + n;
  const i3 = i2 + n;
  const ja = j * n;
  const jb = ja + n;
  let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
  for (let k = j; k < n; k++) {
    const y0 = a[ja + k] as number;
    const y1 = a[jb + k] as number;
    const x0 = a[i0 + k] as number;
    const x1 = a[i1 + k] as number;
    const x2 = a[i2 + k] as number;
    const x3 = a[i3 + k] as number;
    s00 += x0 * y0;
    s01 += x0 * y1;
    s10 += x1 * y0;
    s11 += x1 * y1;
    s20 += x2 * y0;
    s21 += x2 * y1;
    s30 += x3 * y0;
    s31 += x3 * y1;
  }
  // (row, col) with row ≥ col only: the tiles at the diagonal also compute a few upper entries
  if (j >= i) a[ja + i] = s00;
  a[jb + i] = s01;
  if (j >= i + 1) a[ja + i + 1] = s10;
  if (j + 1 >= i + 1) a[jb + i + 1] = s11;
  if (j >= i + 2) a[ja + i + 2] = s20;
  if (j + 1 >= i + 2) a[jb + i + 2] = s21;
  if (j >= i + 3) a[ja + i + 3] = s30;
  if (j + 1 >= i + 3) a[jb + i + 3] = s31;
}

/** One entry `(A⁻¹)_ij = Σ_{k≥j} U_ik U_jk`, written at (j, i) when j ≥ i. */
function productEntry(a: Float64Array, n: number, i: number, j: number): void {
  if (j < i) return;
  const io = i * n;
  const jo = j * n;
  let s = 0;
  for (let k = j; k < n; k++) s += (a[io + k] as number) * (a[jo + k] as number);
  a[jo + i] = s;
}

/**
 * `A⁻¹` of an SPD matrix, in place: Cholesky (lower triangle of `a` read), then the inverse from
 * the factor; `a` ends as the full symmetric inverse. Throws NotPositiveDefiniteError.
 */
export function choleskyInverse(a: Float64Array, n: number, block = CHOLESKY_BLOCK): void {
  runSteps(choleskySteps(a, n, block));
  runSteps(choleskyInverseSteps(a, n));
}
