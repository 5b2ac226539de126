/**
 * Similarities of two rows of a ratings matrix over their co-rated columns, from running sums,
 * and the value transforms that turn the same kernel into adjusted cosine and Surprise's
 * pearson_baseline. Pure.
 */
import type { Csr } from '../sparse';

/**
 * The similarity kernels. All use only the co-rated columns C = {c : a and b both have an entry}:
 * - `cosine`  `s = Σ x·y / √(Σ x² · Σ y²)`
 * - `pearson` `s = Σ (x − x̄)(y − ȳ) / √(Σ (x − x̄)² · Σ (y − ȳ)²)`, x̄, ȳ = means over C (Surprise's `pearson`)
 * - `msd`     `s = 1 / (Σ (x − y)² / |C| + 1)` (Surprise's default)
 * - `jaccard` `s = |C| / (|a| + |b| − |C|)`, |a| = number of entries of row a (values ignored)
 */
export type SimilarityKind = 'cosine' | 'pearson' | 'msd' | 'jaccard';

export const SIMILARITY_KINDS: readonly SimilarityKind[] = ['cosine', 'pearson', 'msd', 'jaccard'];

/**
 * The similarity of rows a and b from their sums over the n co-rated columns
 * (x = a's value, y = b's value): sxy = Σxy, sxx = Σx², syy = Σy², sx = Σx, sy = Σy,
 * sdd = Σ(x − y)²; lenA, lenB = the rows' entry counts (for Jaccard).
 * Pearson uses `(n Σxy − Σx Σy) / √((n Σx² − (Σx)²)(n Σy² − (Σy)²))`, the same value as the centred
 * form. Returns NaN where the similarity is undefined: n = 0, a zero vector (cosine), a constant
 * vector (pearson: Surprise sets 0 there, which is never used either since only s > 0 counts).
 */
export function similarityFromSums(
  kind: SimilarityKind,
  n: number,
  sxy: number,
  sxx: number,
  syy: number,
  sx: number,
  sy: number,
  sdd: number,
  lenA: number,
  lenB: number,
): number {
  if (n <= 0) return NaN;
  switch (kind) {
    case 'cosine': {
      const den = Math.sqrt(sxx * syy);
      return den > 0 ? sxy / den : NaN;
    }
    case 'pearson': {
      const va = n * sxx - sx * sx;
      const vb = n * syy - sy * sy;
      // relative guard: a constant vector of non-integer values may leave rounding residue instead of 0
      if (!(va > 1e-12 * n * sxx) || !(vb > 1e-12 * n * syy)) return NaN;
      return (n * sxy - sx * sy) / Math.sqrt(va * vb);
    }
    case 'msd':
      return 1 / (sdd / n + 1);
    case 'jaccard':
      return n / (lenA + lenB - n);
  }
}

/**
 * Significance weighting (shrinkage) of a similarity computed on n co-rated columns:
 * `s' = s · m / (m + β)` with m = n − offset (offset 0: `s·n/(n+β)`; offset 1: Surprise's
 * pearson_baseline `s·(n−1)/(n−1+β)`). β = 0 leaves s unchanged.
 */
export function shrinkSimilarity(s: number, n: number, beta: number, offset = 0): number {
  if (beta === 0) return s;
  const m = n - offset;
  return m + beta > 0 ? (s * m) / (m + beta) : 0;
}

/** Mean of each row's values (NaN for an empty row), as Float64Array of length nRows. */
export function rowMeans(m: Csr): Float64Array {
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) {
    const from = m.indptr[r] as number;
    const to = m.indptr[r + 1] as number;
    let s = 0;
    for (let p = from; p < to; p++) s += m.values[p] as number;
    out[r] = to > from ? s / (to - from) : NaN;
  }
  return out;
}

/** Mean of each column's values (NaN for an empty column), as Float64Array of length nCols. */
export function columnMeans(m: Csr): Float64Array {
  const sum = new Float64Array(m.nCols);
  const count = new Int32Array(m.nCols);
  for (let p = 0; p < m.values.length; p++) {
    const c = m.indices[p] as number;
    sum[c]! += m.values[p] as number;
    count[c]!++;
  }
  const out = new Float64Array(m.nCols);
  for (let c = 0; c < m.nCols; c++) out[c] = (count[c] as number) > 0 ? (sum[c] as number) / (count[c] as number) : NaN;
  return out;
}

/** The same sparsity pattern with new values `f(value, row, col)` (structure arrays shared, not copied). */
export function mapValues(m: Csr, f: (x: number, row: number, col: number) => number): Csr {
  const values = new Float32Array(m.values.length);
  for (let r = 0; r < m.nRows; r++) {
    const to = m.indptr[r + 1] as number;
    for (let p = m.indptr[r] as number; p < to; p++) values[p] = f(m.values[p] as number, r, m.indices[p] as number);
  }
  return { nRows: m.nRows, nCols: m.nCols, indptr: m.indptr, indices: m.indices, values };
}

/** Each entry minus its row's mean: `x_rc − x̄_r` (`means` defaults to the row means). */
export function centreRowsByMean(m: Csr, means: Float64Array = rowMeans(m)): Csr {
  return mapValues(m, (x, r) => x - (means[r] as number));
}

/**
 * Each entry minus its column's mean: `x_rc − x̄_c` (`means` defaults to the column means).
 * Item-based adjusted cosine = cosine on `centreByColumnMeans(byItem)` (rows) with
 * `centreRowsByMean(byUser)` (its transpose): both subtract the user's mean.
 */
export function centreByColumnMeans(m: Csr, means: Float64Array = columnMeans(m)): Csr {
  return mapValues(m, (x, _r, c) => x - (means[c] as number));
}

/**
 * Baseline residuals `x_rc − (μ + rowBias[r] + colBias[c])`. Surprise's pearson_baseline is the
 * cosine of these residuals (with shrinkage); pass the user/item biases in the CSR's row/column order.
 */
export function residualsFromBaseline(m: Csr, mu: number, rowBias: Float64Array, colBias: Float64Array): Csr {
  return mapValues(m, (x, r, c) => x - (mu + (rowBias[r] as number) + (colBias[c] as number)));
}
