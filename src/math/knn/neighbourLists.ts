/**
 * Top-L neighbour lists of every row of a sparse matrix, computed one row at a time with dense
 * accumulators (never an n × n matrix). Pure and synchronous; reports progress and can be stopped.
 */
import { createListBuilder } from './listBuilder';
import type { Csr } from '../sparse';
import { shrinkSimilarity, similarityFromSums, type SimilarityKind } from './similarity';

/** Options of `computeNeighbourLists`. */
export interface NeighbourListOptions {
  kind: SimilarityKind;
  /** Pairs with fewer co-rated columns get no similarity (default 1, Surprise's min_support). */
  minSupport?: number;
  /** β of the shrinkage `s·n/(n+β)` (default 0: none). */
  shrinkage?: number;
  /** m = n − offset in `s·m/(m+β)`; 1 reproduces Surprise's pearson_baseline `s·(n−1)/(n−1+β)` (default 0). */
  shrinkageOffset?: number;
  /** L, the most neighbours kept per row (default `defaultListLength(nRows)`). */
  listLength?: number;
}

/** Hooks of a long computation. */
export interface ProgressHooks {
  /** Called with the fraction done (0…1), every 64 rows and once at the end with 1. */
  onProgress?(fraction: number): void;
  /** Checked every 64 rows; when it returns true the computation throws an Error named 'AbortError'. */
  shouldStop?(): boolean;
}

/**
 * Each row's neighbours, best first, in compressed-row layout: row a's list is the entries
 * `indptr[a] … indptr[a+1]` of `neighbours`, `similarity`, `rawSimilarity`, `support`.
 * Plain typed arrays and numbers, so it can be structured-cloned.
 */
export interface NeighbourLists {
  nRows: number;
  /** L: the cap on a list's length that was applied. */
  listLength: number;
  /** Length nRows + 1; row a has `indptr[a+1] − indptr[a]` ≤ L neighbours. */
  indptr: Int32Array;
  /** Neighbour row index b (≠ a). */
  neighbours: Int32Array;
  /** Shrunk similarity `s·n/(n+β)`, the one ranked on and used for prediction; always > 0. */
  similarity: Float32Array;
  /** Similarity before shrinkage. */
  rawSimilarity: Float32Array;
  /** n: the number of co-rated columns. */
  support: Int32Array;
}

/** Total list entries kept at most: L = ⌊32 000 000 / nRows⌋ for a large catalogue. */
export const MAX_LIST_ENTRIES = 32_000_000;

/**
 * Default L: `min(nRows − 1, ⌊32 000 000 / nRows⌋)` — every other row for a small catalogue
 * (so predictions are exactly Surprise's, which looks at all neighbours), bounded memory for a large one.
 */
export function defaultListLength(nRows: number): number {
  if (nRows <= 1) return 0;
  return Math.min(nRows - 1, Math.floor(MAX_LIST_ENTRIES / nRows));
}

/** An Error named 'AbortError' (what `shouldStop` causes). */
export function abortError(message = 'stopped'): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

/** Scratch buffers of `sortByScoreThenIndex`, reused across calls; sized for up to n candidates. */
export interface SortScratch {
  tmp: Int32Array;
  keys: Float64Array;
  counts: Int32Array;
}

export function createSortScratch(n: number): SortScratch {
  return { tmp: new Int32Array(n), keys: new Float64Array(n), counts: new Int32Array(RADIX) };
}

const PACK = 4194304; // 2^22: row indices below this fit beside a float32 bit pattern in 53 bits
const INF_BITS = 0x7f800000;
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
/** From this many candidates on, a radix sort (the native typed-array sort costs ~100 ns per element). */
const RADIX_MIN = 256;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Sorts `cand[0 … count)` (distinct row indices < `indexBound`) by `score[b]` descending, ties by
 * lower b. Scores must be positive finite float32 values, whose bit patterns order like the numbers.
 * Long runs: a stable LSD radix sort (11-bit digits) on the index, then on the complemented bits.
 * Short runs: with indexBound ≤ 2^22 one exact double per candidate `(bits(+∞) − bits(s))·2^22 + b`
 * and the native numeric sort; otherwise a comparator sort.
 */
export function sortByScoreThenIndex(
  cand: Int32Array,
  count: number,
  score: Float32Array,
  indexBound: number,
  scratch: SortScratch = createSortScratch(count),
): void {
  if (count < 2) return;
  if (count >= RADIX_MIN) {
    radixSort(cand, count, score, indexBound, scratch);
  } else if (indexBound <= PACK) {
    const k = scratch.keys.length >= count ? scratch.keys.subarray(0, count) : new Float64Array(count);
    for (let t = 0; t < count; t++) {
      const b = cand[t] as number;
      f32[0] = score[b] as number;
      k[t] = (INF_BITS - (u32[0] as number)) * PACK + b;
    }
    k.sort();
    // key − ⌊key / 2^22⌋·2^22: exact, and cheaper than % on doubles
    for (let t = 0; t < count; t++) {
      const key = k[t] as number;
      cand[t] = key - Math.floor(key / PACK) * PACK;
    }
  } else {
    cand.subarray(0, count).sort((p, q) => (score[q] as number) - (score[p] as number) || p - q);
  }
}

function radixSort(cand: Int32Array, count: number, score: Float32Array, indexBound: number, scratch: SortScratch): void {
  const bits = new Uint32Array(score.buffer, score.byteOffset, score.length);
  const tmp = scratch.tmp.length >= count ? scratch.tmp : new Int32Array(count);
  const counts = scratch.counts;
  let src = cand;
  let dst = tmp;
  const indexBits = 32 - Math.clz32(Math.max(1, indexBound - 1));
  for (let sh = 0; sh < indexBits; sh += RADIX_BITS) {
    if (indexPass(src, dst, count, sh, counts)) [src, dst] = [dst, src];
  }
  for (let sh = 0; sh < 32; sh += RADIX_BITS) {
    if (scorePass(src, dst, count, bits, sh, counts)) [src, dst] = [dst, src];
  }
  if (src !== cand) cand.set(src.subarray(0, count));
}

/** One stable counting pass on digit `(b >>> sh) & 2047`; false (nothing moved) when all share it. */
function indexPass(src: Int32Array, dst: Int32Array, count: number, sh: number, counts: Int32Array): boolean {
  counts.fill(0);
  for (let t = 0; t < count; t++) counts[((src[t] as number) >>> sh) & (RADIX - 1)]!++;
  if (counts[((src[0] as number) >>> sh) & (RADIX - 1)] === count) return false;
  let at = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = counts[d] as number;
    counts[d] = at;
    at += c;
  }
  for (let t = 0; t < count; t++) {
    const b = src[t] as number;
    dst[counts[(b >>> sh) & (RADIX - 1)]!++] = b;
  }
  return true;
}

/** One stable counting pass on digit `(~bits[b] >>> sh) & 2047` (complement: larger scores first). */
function scorePass(src: Int32Array, dst: Int32Array, count: number, bits: Uint32Array, sh: number, counts: Int32Array): boolean {
  counts.fill(0);
  for (let t = 0; t < count; t++) counts[(~(bits[src[t] as number] as number) >>> sh) & (RADIX - 1)]!++;
  if (counts[(~(bits[src[0] as number] as number) >>> sh) & (RADIX - 1)] === count) return false;
  let at = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = counts[d] as number;
    counts[d] = at;
    at += c;
  }
  for (let t = 0; t < count; t++) {
    const b = src[t] as number;
    dst[counts[(~(bits[b] as number) >>> sh) & (RADIX - 1)]!++] = b;
  }
  return true;
}

/** The options of a neighbour-list kernel, checked and with their defaults: L clamped to [0, nRows − 1]. */
export function resolveListOptions(
  rows: Csr,
  cols: Csr,
  opts: NeighbourListOptions,
): { nRows: number; kind: NeighbourListOptions['kind']; minSupport: number; beta: number; offset: number; L: number } {
  const nRows = rows.nRows;
  if (cols.nRows !== rows.nCols || cols.nCols !== nRows) {
    throw new Error(`rows is ${nRows}×${rows.nCols} but cols is ${cols.nRows}×${cols.nCols}: cols must be the transpose of rows`);
  }
  const kind = opts.kind;
  const minSupport = Math.max(1, opts.minSupport ?? 1);
  const beta = opts.shrinkage ?? 0;
  const offset = opts.shrinkageOffset ?? 0;
  if (!(beta >= 0)) throw new Error(`shrinkage must be ≥ 0, got ${beta}`);
  const L = Math.max(0, Math.min(Math.floor(opts.listLength ?? defaultListLength(nRows)), Math.max(0, nRows - 1)));
  return { nRows, kind, minSupport, beta, offset, L };
}

/**
 * For every row a of `rows`, its top-L neighbours b ≠ a by shrunk similarity (ties → lower b).
 * `rows` holds the entities compared (users for user-based, items for item-based) and `cols` is
 * its transpose. For row a, walks a's entries (c, x) and every entry (b, y) of column c, summing
 * per b in dense arrays reused across rows: n and the sums the kind needs (cosine, pearson: Σxy, Σx²,
 * Σy², Σx, Σy; msd: Σ(x−y)²; jaccard: none). Then
 * `s = similarityFromSums(kind, …)`, `s' = s·m/(m+β)` (m = n − shrinkageOffset).
 * Kept: n ≥ minSupport and s' > 0 — Surprise's k-NN predictions skip neighbours with similarity ≤ 0,
 * so dropping them here changes no prediction. Cost O(Σ_c |column c|²) time, O(nRows) work memory
 * plus the lists. Pass transformed values (centred, baseline residuals) for adjusted cosine and
 * pearson_baseline.
 */
export function computeNeighbourLists(rows: Csr, cols: Csr, opts: NeighbourListOptions, hooks: ProgressHooks = {}): NeighbourLists {
  const { nRows, kind, minSupport, beta, offset, L } = resolveListOptions(rows, cols, opts);

  const { indptr: rPtr, indices: rIdx, values: rVal } = rows;
  const { indptr: cPtr, indices: cIdx, values: cVal } = cols;
  // per-b accumulators for the current row a, interleaved (stride S), reset for the touched b only:
  // cosine/pearson [Σxy, Σx², Σy², Σx, Σy], msd [Σ(x−y)²], jaccard none (n is in cnt)
  const S = kind === 'msd' ? 1 : kind === 'jaccard' ? 0 : 5;
  const cnt = new Int32Array(nRows);
  const acc = new Float64Array(nRows * S);
  const touched = new Int32Array(nRows);
  const cand = new Int32Array(nRows);
  const candSim = new Float32Array(nRows);
  const candRaw = new Float32Array(nRows);
  const candN = new Int32Array(nRows);
  const scratch = createSortScratch(nRows);

  // room for full lists up to 4M entries (64 MB) at once, doubling beyond
  const lists = createListBuilder(nRows, L, Math.min(nRows * L, 1 << 22));

  for (let a = 0; a < nRows; a++) {
    if ((a & 63) === 0) {
      if (hooks.shouldStop?.() === true) throw abortError('neighbour lists stopped');
      hooks.onProgress?.(a / nRows);
    }
    const aFrom = rPtr[a] as number;
    const aTo = rPtr[a + 1] as number;
    let nTouched = 0;
    // one loop per accumulator layout (a loop-invariant branch inside would cost in the hot path);
    // b = a is summed too and skipped below, cheaper than a test per entry
    if (S === 5) {
      for (let p = aFrom; p < aTo; p++) {
        const c = rIdx[p] as number;
        const x = rVal[p] as number;
        const qTo = cPtr[c + 1] as number;
        for (let q = cPtr[c] as number; q < qTo; q++) {
          const b = cIdx[q] as number;
          const y = cVal[q] as number;
          if (cnt[b]!++ === 0) touched[nTouched++] = b;
          const o = b * 5;
          acc[o]! += x * y;
          acc[o + 1]! += x * x;
          acc[o + 2]! += y * y;
          acc[o + 3]! += x;
          acc[o + 4]! += y;
        }
      }
    } else if (S === 1) {
      for (let p = aFrom; p < aTo; p++) {
        const c = rIdx[p] as number;
        const x = rVal[p] as number;
        const qTo = cPtr[c + 1] as number;
        for (let q = cPtr[c] as number; q < qTo; q++) {
          const b = cIdx[q] as number;
          const d = x - (cVal[q] as number);
          if (cnt[b]!++ === 0) touched[nTouched++] = b;
          acc[b]! += d * d;
        }
      }
    } else {
      for (let p = aFrom; p < aTo; p++) {
        const c = rIdx[p] as number;
        const qTo = cPtr[c + 1] as number;
        for (let q = cPtr[c] as number; q < qTo; q++) {
          const b = cIdx[q] as number;
          if (cnt[b]!++ === 0) touched[nTouched++] = b;
        }
      }
    }
    const lenA = aTo - aFrom;
    let nCand = 0;
    for (let t = 0; t < nTouched; t++) {
      const b = touched[t] as number;
      const n = cnt[b] as number;
      cnt[b] = 0;
      const o = b * S;
      if (b !== a && n >= minSupport) {
        const lenB = (rPtr[b + 1] as number) - (rPtr[b] as number);
        const raw =
          S === 5
            ? similarityFromSums(kind, n, acc[o] as number, acc[o + 1] as number, acc[o + 2] as number, acc[o + 3] as number, acc[o + 4] as number, 0, lenA, lenB)
            : similarityFromSums(kind, n, 0, 0, 0, 0, 0, S === 1 ? (acc[o] as number) : 0, lenA, lenB);
        if (raw > 0) {
          const shrunk = Math.fround(shrinkSimilarity(raw, n, beta, offset));
          if (shrunk > 0 && shrunk < Infinity) {
            cand[nCand++] = b;
            candSim[b] = shrunk;
            candRaw[b] = raw;
            candN[b] = n;
          }
        }
      }
      for (let f = 0; f < S; f++) acc[o + f] = 0;
    }
    sortByScoreThenIndex(cand, nCand, candSim, nRows, scratch);
    lists.addRow(a, cand, Math.min(nCand, L), candSim, candRaw, candN);
  }
  hooks.onProgress?.(1);
  return lists.result();
}
