/** Small dense linear algebra for the lab's closed-form solves (fold-in, OLS). Pure, float64. */

/** Relative pivot size below which a matrix is treated as singular. */
export const SINGULAR_TOLERANCE = 1e-10;

/**
 * Solves A·x = b by Gaussian elimination with partial pivoting.
 * Returns null when A is singular (a pivot smaller than SINGULAR_TOLERANCE times the largest |A_ij|),
 * instead of returning nonsense. A is n×n (array of rows), b has length n; neither is modified.
 */
export function solveLinearSystem(a: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const n = b.length;
  if (a.length !== n || a.some((row) => row.length !== n)) {
    throw new Error(`solveLinearSystem: A must be ${n}×${n} to match b of length ${n}`);
  }
  const m = a.map((row, i) => [...row, b[i] as number]);
  let scale = 0;
  for (const row of a) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (scale === 0) return null;
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r]![col]!) > Math.abs(m[pivotRow]![col]!)) pivotRow = r;
    }
    if (Math.abs(m[pivotRow]![col]!) <= SINGULAR_TOLERANCE * scale) return null;
    [m[col], m[pivotRow]] = [m[pivotRow]!, m[col]!];
    const pivot = m[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = m[r]!;
      const f = row[col]! / pivot[col]!;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c] = row[c]! - f * pivot[c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r]!;
    let s = row[n]!;
    for (let c = r + 1; c < n; c++) s -= row[c]! * x[c]!;
    x[r] = s / row[r]!;
  }
  return x;
}
