/**
 * Dense symmetric positive-definite (SPD) algebra for large n (EASE inverts an items × items
 * matrix): a blocked, in-place Cholesky factorisation (the inverse from it: ./denseSpdInverse), in
 * float64, row-major in one flat Float64Array (entry (r, c) at r·n + c). Pure.
 *
 * Every inner loop is a dot product of two contiguous row segments, computed by small register
 * tiles (2×4 or 4×2 dot products at once, so each loaded number is used several times), which is
 * what plain JavaScript does fastest. The work is written as generators that yield the fraction
 * done every few milliseconds, so a caller can report progress, yield to the event loop and stop
 * mid-way; `…InPlace` wrappers run them to the end.
 *
 * Costs (fused multiply–adds): Cholesky n³/6, triangular inverse n³/6, the product P = L⁻ᵀL⁻¹
 * n³/6; n³/2 in all (2.4·10⁹ for n = 1682).
 */

/** Columns per block of the left-looking Cholesky (the block's rows stay in cache). */
export const CHOLESKY_BLOCK = 48;

/** Thrown when a pivot is not positive: the matrix is not (numerically) positive definite. */
export class NotPositiveDefiniteError extends Error {
  /** 0-based row of the failing pivot. */
  readonly pivot: number;
  /** The pivot value A_jj − Σ_{c<j} L_jc² (≤ 0 or not finite). */
  readonly value: number;
  constructor(pivot: number, value: number) {
    super(`the matrix is not positive definite: pivot ${pivot} is ${value}`);
    this.name = 'NotPositiveDefiniteError';
    this.pivot = pivot;
    this.value = value;
  }
}

/** Throws unless `a` holds an n×n matrix (n a positive integer); `name` is the caller, for the message. */
export function checkSquare(name: string, a: Float64Array, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: n must be a positive integer, got ${n}`);
  if (a.length !== n * n) throw new Error(`${name}: expected a ${n}×${n} matrix (${n * n} entries), got ${a.length}`);
}

/**
 * Cholesky factorisation `A = L·Lᵀ` in place, as steps. Reads the LOWER triangle of A (diagonal
 * included; the strict upper triangle is ignored and left zero) and overwrites it with L. Blocked
 * left-looking by column blocks J = [j0, j1): first every row r ≥ j0 subtracts its products with
 * the finished columns, `A_rj −= Σ_{c<j0} L_rc L_jc` for j ∈ J (the bulk of the work, in 2×4
 * tiles), then the block is finished row by row:
 * `L_jj = √(A_jj − Σ_{j0≤c<j} L_jc²)`, `L_rj = (A_rj − Σ_{j0≤c<j} L_rc L_jc) / L_jj` (r > j).
 * Yields the fraction of the n³/6 work done. Throws NotPositiveDefiniteError at a pivot ≤ 0.
 */
export function* choleskySteps(a: Float64Array, n: number, block = CHOLESKY_BLOCK): Generator<number, void, void> {
  checkSquare('choleskySteps', a, n);
  if (!Number.isInteger(block) || block < 1) throw new Error(`choleskySteps: block must be a positive integer, got ${block}`);
  const total = Math.max(1, (n * n * n) / 6);
  let done = 0;
  let sinceYield = 0;
  const YIELD_WORK = 2_000_000;
  for (let j0 = 0; j0 < n; j0 += block) {
    const j1 = Math.min(n, j0 + block);
    // --- bulk: A_rj −= Σ_{c<j0} L_rc L_jc for r ≥ j0, j ∈ [j0, j1) (j > r in the diagonal block too: harmless, zeroed below)
    if (j0 > 0) {
      let r = j0;
      for (; r + 1 < n; r += 2) {
        subtractRowProducts2(a, n, r, j0, j1, j0);
        sinceYield += 2 * (j1 - j0) * j0;
        if (sinceYield >= YIELD_WORK) {
          done += sinceYield;
          sinceYield = 0;
          yield Math.min(1, done / total);
        }
      }
      if (r < n) subtractRowProducts1(a, n, r, j0, j1, j0);
    }
    // --- finish the block: the diagonal block first, then the rows below, one row at a time
    for (let r = j0; r < n; r++) {
      const ro = r * n;
      const jEnd = Math.min(j1, r + 1);
      for (let j = j0; j < jEnd; j++) {
        const jo = j * n;
        let s = a[ro + j] as number;
        for (let c = j0; c < j; c++) s -= (a[ro + c] as number) * (a[jo + c] as number);
        if (j === r) {
          if (!(s > 0) || !Number.isFinite(s)) throw new NotPositiveDefiniteError(r, s);
          a[ro + r] = Math.sqrt(s);
        } else {
          a[ro + j] = s / (a[jo + j] as number);
        }
      }
    }
  }
  // the strict upper triangle: zero (the bulk step wrote into the diagonal blocks' upper parts)
  for (let r = 0; r < n; r++) a.fill(0, r * n + r + 1, r * n + n);
  yield 1;
}

/** Rows r, r+1: `A_{r',j} −= Σ_{c<len} A_{r',c}·A_{j,c}` for j ∈ [j0, j1), tiles of 2 rows × 4 columns. */
function subtractRowProducts2(a: Float64Array, n: number, r: number, j0: number, j1: number, len: number): void {
  const ra = r * n;
  const rb = ra + n;
  let j = j0;
  for (; j + 3 < j1; j += 4) {
    const ja = j * n;
    const jb = ja + n;
    const jc = jb + n;
    const jd = jc + n;
    let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
    for (let c = 0; c < len; c++) {
      const x0 = a[ra + c] as number;
      const x1 = a[rb + c] as number;
      const y0 = a[ja + c] as number;
      const y1 = a[jb + c] as number;
      const y2 = a[jc + c] as number;
      const y3 = a[jd + c] as number;
      s00 += x0 * y0;
      s01 += x0 * y1;
      s02 += x0 * y2;
      s03 += x0 * y3;
      s10 += x1 * y0;
      s11 += x1 * y1;
      s12 += x1 * y2;
      s13 += x1 * y3;
    }
    a[ra + j] = (a[ra + j] as number) - s00;
    a[ra + j + 1] = (a[ra + j + 1] as number) - s01;
    a[ra + j + 2] = (a[ra + j + 2] as number) - s02;
    a[ra + j + 3] = (a[ra + j + 3] as number) - s03;
    a[rb + j] = (a[rb + j] as number) - s10;
    a[rb + j + 1] = (a[rb + j + 1] as number) - s11;
    a[rb + j + 2] = (a[rb + j + 2] as number) - s12;
    a[rb + j + 3] = (a[rb + j + 3] as number) - s13;
  }
  for (; j < j1; j++) {
    const jo = j * n;
    let s0 = 0;
    let s1 = 0;
    for (let c = 0; c < len; c++) {
      const y = a[jo + c] as number;
      s0 += (a[ra + c] as number) * y;
      s1 += (a[rb + c] as number) * y;
    }
    a[ra + j] = (a[ra + j] as number) - s0;
    a[rb + j] = (a[rb + j] as number) - s1;
  }
}

/** Row r alone: `A_rj −= Σ_{c<len} A_rc·A_jc` for j ∈ [j0, j1). */
function subtractRowProducts1(a: Float64Array, n: number, r: number, j0: number, j1: number, len: number): void {
  const ro = r * n;
  for (let j = j0; j < j1; j++) {
    const jo = j * n;
    let s = 0;
    for (let c = 0; c < len; c++) s += (a[ro + c] as number) * (a[jo + c] as number);
    a[ro + j] = (a[ro + j] as number) - s;
  }
}

/** Runs a step generator to its end. */
export function runSteps(steps: Iterator<number>): void {
  while (!steps.next().done) {
    /* every step's work is done by next() */
  }
}

/** `A = L·Lᵀ` in place (lower triangle of `a` read, L written, strict upper zeroed). Throws NotPositiveDefiniteError. */
export function choleskyInPlaceBlocked(a: Float64Array, n: number, block = CHOLESKY_BLOCK): void {
  runSteps(choleskySteps(a, n, block));
}
