/**
 * Compressed sparse rows of a ratings matrix, built from the dataset's columns (never a dense
 * users × items matrix). `byUser` = CSR of R (rows = users); `byItem` = CSR of Rᵀ (= CSC of R).
 * Pure.
 */

/** One compressed-sparse-row matrix. Row r's entries are `indices[indptr[r] … indptr[r+1])`, columns ascending. */
export interface Csr {
  nRows: number;
  nCols: number;
  /** Length nRows + 1; indptr[0] = 0, indptr[nRows] = nnz. */
  indptr: Int32Array;
  /** Column of each entry, ascending within a row. */
  indices: Int32Array;
  /** Value of each entry (the rating). */
  values: Float32Array;
}

/**
 * Builds the CSR of the matrix with entries (rows[t], cols[t]) = values[t] for every t in `subset`
 * (all t when omitted), by a counting sort on the row and then on the column (so columns ascend
 * within a row). O(nnz + nRows + nCols). Repeated (row, col) pairs are kept as separate entries:
 * the dataset is deduplicated at import, so callers pass unique pairs.
 */
export function csrFromColumns(
  rows: Int32Array,
  cols: Int32Array,
  values: Float32Array,
  nRows: number,
  nCols: number,
  subset?: Int32Array,
): Csr {
  const nnz = subset ? subset.length : rows.length;
  const at = (t: number): number => (subset ? (subset[t] as number) : t);
  // first pass: order by column (stable), so the row pass leaves columns ascending
  const colCount = new Int32Array(nCols + 1);
  for (let t = 0; t < nnz; t++) colCount[(cols[at(t)] as number) + 1]!++;
  for (let c = 0; c < nCols; c++) colCount[c + 1]! += colCount[c] as number;
  const byCol = new Int32Array(nnz);
  for (let t = 0; t < nnz; t++) {
    const s = at(t);
    byCol[colCount[cols[s] as number]!++] = s;
  }
  const indptr = new Int32Array(nRows + 1);
  for (let t = 0; t < nnz; t++) indptr[(rows[byCol[t] as number] as number) + 1]!++;
  for (let r = 0; r < nRows; r++) indptr[r + 1]! += indptr[r] as number;
  const next = indptr.slice(0, nRows);
  const indices = new Int32Array(nnz);
  const vals = new Float32Array(nnz);
  for (let t = 0; t < nnz; t++) {
    const s = byCol[t] as number;
    const p = next[rows[s] as number]!++;
    indices[p] = cols[s] as number;
    vals[p] = values[s] as number;
  }
  return { nRows, nCols, indptr, indices, values: vals };
}

/** Number of entries in row r. */
export function rowLength(m: Csr, r: number): number {
  return (m.indptr[r + 1] as number) - (m.indptr[r] as number);
}

/** Mean of row r's values (NaN for an empty row). */
export function rowMean(m: Csr, r: number): number {
  const from = m.indptr[r] as number;
  const to = m.indptr[r + 1] as number;
  if (to === from) return NaN;
  let s = 0;
  for (let p = from; p < to; p++) s += m.values[p] as number;
  return s / (to - from);
}

/** The value at (r, c), or NaN when the entry is absent (binary search in the sorted row). */
export function entryAt(m: Csr, r: number, c: number): number {
  let lo = m.indptr[r] as number;
  let hi = (m.indptr[r + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m.indices[mid] as number;
    if (v === c) return m.values[mid] as number;
    if (v < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return NaN;
}
