/**
 * What the simulator plots over time, as pure functions of the slates shown: catalogue coverage,
 * the head's share of the slots, the popularity percentile of what is shown (the rich-get-richer
 * drift) and the diversity within a slate. Popularity is the dataset's rating count per item.
 */

/** The head: the ⌈share·N⌉ most rated items (ties to the lower index) as a 0/1 mask. */
export function headItems(counts: ArrayLike<number>, share = 0.1): Uint8Array {
  const n = counts.length;
  const size = Math.min(n, Math.ceil(share * n));
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  const mask = new Uint8Array(n);
  for (let j = 0; j < size; j++) mask[order[j] as number] = 1;
  return mask;
}

/**
 * Popularity percentile of each item, mid-rank: `pct_i = (#{j: c_j < c_i} + ½·(#{j ≠ i: c_j = c_i})) / (N − 1)`,
 * 0 for the least rated item, 1 for the most rated (ties share the middle of their ranks).
 */
export function popularityPercentiles(counts: ArrayLike<number>): Float64Array {
  const n = counts.length;
  const out = new Float64Array(n);
  if (n < 2) return out.fill(0.5);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (counts[a] as number) - (counts[b] as number));
  let j = 0;
  while (j < n) {
    let end = j;
    const c = counts[order[j] as number] as number;
    while (end + 1 < n && counts[order[end + 1] as number] === c) end++;
    const pct = (j + 0.5 * (end - j)) / (n - 1);
    for (let t = j; t <= end; t++) out[order[t] as number] = pct;
    j = end + 1;
  }
  return out;
}

/** Catalogue coverage of a set of slates: `|∪_t S_t| / N`. */
export function catalogueCoverage(slates: readonly ArrayLike<number>[], nItems: number): number {
  const seen = new Set<number>();
  for (const s of slates) for (let j = 0; j < s.length; j++) seen.add(s[j] as number);
  return nItems > 0 ? seen.size / nItems : 0;
}

/** The mean of a per-item value over every shown slot: `(1/Σ|S_t|) Σ_t Σ_{i∈S_t} v_i` (0 with no slots). */
function meanOverSlots(slates: readonly ArrayLike<number>[], values: ArrayLike<number>): number {
  let sum = 0;
  let total = 0;
  for (const s of slates) {
    for (let j = 0; j < s.length; j++) sum += values[s[j] as number] ?? 0;
    total += s.length;
  }
  return total > 0 ? sum / total : 0;
}

/** Head share: `Σ_t |S_t ∩ H| / Σ_t |S_t|`, the fraction of shown slots filled with head items H. */
export function headShare(slates: readonly ArrayLike<number>[], head: Uint8Array): number {
  return meanOverSlots(slates, head);
}

/** Mean popularity percentile of the shown slots: `(1/Σ|S_t|) Σ_t Σ_{i∈S_t} pct_i`. */
export function meanPopularityPercentile(slates: readonly ArrayLike<number>[], percentiles: Float64Array): number {
  return meanOverSlots(slates, percentiles);
}

/** Euclidean norms of the rows of a row-major table (nRows × k). */
export function rowNorms(table: Float32Array, nRows: number, k: number): Float64Array {
  const out = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let s = 0;
    for (let f = 0; f < k; f++) s += (table[i * k + f] as number) ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/**
 * Intra-list diversity of one slate: the mean over its pairs of `1 − cos(p_i, p_j)`,
 * `ILD(S) = (2 / (n(n−1))) Σ_{i<j ∈ S} (1 − p_i·p_j / (‖p_i‖‖p_j‖))`, with p_i the item vectors
 * (rows of `vectors`, k wide; `norms` from rowNorms): 0 when every vector points the same way, 1 for
 * orthogonal ones, up to 2 for opposite ones. A zero vector counts as cos 0. 0 for n < 2.
 */
export function intraListDiversity(slate: ArrayLike<number>, length: number, vectors: Float32Array, k: number, norms: Float64Array): number {
  if (length < 2) return 0;
  let sum = 0;
  for (let a = 0; a < length; a++) {
    const i = slate[a] as number;
    const ni = norms[i] as number;
    for (let b = a + 1; b < length; b++) {
      const j = slate[b] as number;
      const nj = norms[j] as number;
      let dot = 0;
      for (let f = 0; f < k; f++) dot += (vectors[i * k + f] as number) * (vectors[j * k + f] as number);
      sum += 1 - (ni > 0 && nj > 0 ? dot / (ni * nj) : 0);
    }
  }
  return sum / ((length * (length - 1)) / 2);
}
