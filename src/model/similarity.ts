/**
 * Item–item cosine similarity on the learned item factors, tiled so that no n×n (or q×n) matrix is
 * ever held: per tile of item rows a [q, tile] block and its top-k, merged across tiles.
 */
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;

export interface SimilarItem {
  item: number;
  similarity: number;
}

export const DEFAULT_TILE_ROWS = 8192;

/** Keeps the k best (similarity, item) pairs seen; ties broken by lower item index. */
class TopK {
  private readonly items: number[] = [];
  private readonly sims: number[] = [];
  constructor(private readonly k: number) {}
  /** True when (s, i) ranks below (s2, i2). */
  private static worse(s: number, i: number, s2: number, i2: number): boolean {
    return s < s2 || (s === s2 && i > i2);
  }
  push(item: number, sim: number): void {
    if (this.k <= 0) return;
    const n = this.items.length;
    if (n === this.k && !TopK.worse(this.sims[n - 1] as number, this.items[n - 1] as number, sim, item)) return;
    // insertion into a sorted list (k is small)
    let pos = n === this.k ? n - 1 : n;
    while (pos > 0 && TopK.worse(this.sims[pos - 1] as number, this.items[pos - 1] as number, sim, item)) {
      this.sims[pos] = this.sims[pos - 1] as number;
      this.items[pos] = this.items[pos - 1] as number;
      pos--;
    }
    this.sims[pos] = sim;
    this.items[pos] = item;
  }
  result(): SimilarItem[] {
    return this.items.map((item, j) => ({ item, similarity: this.sims[j] as number }));
  }
}

function checkArgs(itemFactors: Float32Array, nItems: number, factors: number, queries: readonly number[], tileRows: number): void {
  if (itemFactors.length !== nItems * factors) throw new Error(`itemFactors has ${itemFactors.length} entries, expected ${nItems}·${factors}`);
  if (!(Number.isInteger(tileRows) && tileRows >= 1)) throw new Error(`tileRows must be a positive integer, got ${tileRows}`);
  for (const q of queries) {
    if (!Number.isInteger(q) || q < 0 || q >= nItems) throw new Error(`query item ${q} is outside 0…${nItems - 1}`);
  }
}

/** The L2 norm ‖p_i‖ of every row of a row-major [nItems, factors] table (float64 arithmetic). */
export function rowNorms(itemFactors: Float32Array, nItems: number, factors: number): Float64Array {
  const f = factors;
  const norms = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    let s = 0;
    for (let c = 0; c < f; c++) {
      const x = itemFactors[i * f + c] as number;
      s += x * x;
    }
    norms[i] = Math.sqrt(s);
  }
  return norms;
}

/**
 * Cosine similarity of each query item against all items, `cos(i,j) = p_i·p_j / (‖p_i‖‖p_j‖)`
 * (0 when either norm is 0), top k per query best first, the query item itself excluded, ties by
 * lower index. Plain JS (float64 arithmetic), tiles of `tileRows` items. `norms` (rowNorms of the
 * table) saves recomputing them: a caller answering many queries on one table computes them once.
 */
export function similarItemsCpu(
  itemFactors: Float32Array,
  nItems: number,
  factors: number,
  queries: readonly number[],
  k: number,
  tileRows = DEFAULT_TILE_ROWS,
  norms: Float64Array = rowNorms(itemFactors, nItems, factors),
): SimilarItem[][] {
  checkArgs(itemFactors, nItems, factors, queries, tileRows);
  if (norms.length !== nItems) throw new Error(`norms has ${norms.length} entries, expected ${nItems}`);
  const f = factors;
  const tops = queries.map(() => new TopK(Math.min(k, nItems - 1)));
  const rows = Math.min(tileRows, nItems);
  const block = new Float64Array(queries.length * rows);
  const queryRow = new Float64Array(f);
  for (let start = 0; start < nItems; start += rows) {
    const end = Math.min(nItems, start + rows);
    // the [q, tile] block
    for (let qi = 0; qi < queries.length; qi++) {
      const q = queries[qi] as number;
      const nq = norms[q] as number;
      for (let c = 0; c < f; c++) queryRow[c] = itemFactors[q * f + c] as number;
      for (let j = start; j < end; j++) {
        const nj = norms[j] as number;
        const at = j * f;
        let dot = 0;
        for (let c = 0; c < f; c++) dot += (queryRow[c] as number) * (itemFactors[at + c] as number);
        block[qi * rows + (j - start)] = nq === 0 || nj === 0 ? 0 : dot / (nq * nj);
      }
    }
    // its top-k per query, merged into the running top-k
    for (let qi = 0; qi < queries.length; qi++) {
      const q = queries[qi] as number;
      const top = tops[qi] as TopK;
      for (let j = start; j < end; j++) if (j !== q) top.push(j, block[qi * rows + (j - start)] as number);
    }
  }
  return tops.map((t) => t.result());
}

/**
 * Same result as similarItemsCpu on the current tfjs backend (float32): the item table is
 * L2-normalised on the device (zero rows stay zero via divNoNan), then per tile
 * `block = Q̂ · tileᵀ` ([q, tile]), tf.topk(block, k+1) read back and merged in JS (the query itself
 * dropped). Exact ties at a tile's top-k boundary may resolve differently from the CPU version.
 * Disposes everything it creates. Must not run concurrently with other tfjs work.
 */
export async function similarItemsTfjs(
  tf: Tf,
  itemFactors: Float32Array,
  nItems: number,
  factors: number,
  queries: readonly number[],
  k: number,
  tileRows = DEFAULT_TILE_ROWS,
): Promise<SimilarItem[][]> {
  checkArgs(itemFactors, nItems, factors, queries, tileRows);
  const kk = Math.min(k, nItems - 1);
  const tops = queries.map(() => new TopK(kk));
  if (kk <= 0 || queries.length === 0) return tops.map((t) => t.result());
  const [normalized, queryRows] = tf.tidy(() => {
    const table = tf.tensor2d(itemFactors, [nItems, factors]);
    const norms = tf.sqrt(tf.sum(tf.square(table), 1, true));
    const unit = tf.divNoNan(table, norms) as tfType.Tensor2D;
    const q = tf.gather(unit, tf.tensor1d(Array.from(queries), 'int32')) as tfType.Tensor2D;
    return [unit, q];
  });
  try {
    for (let start = 0; start < nItems; start += tileRows) {
      const rows = Math.min(tileRows, nItems - start);
      const take = Math.min(kk + 1, rows);
      const { values, indices } = tf.tidy(() => {
        const tile = tf.slice(normalized, [start, 0], [rows, factors]);
        const block = tf.matMul(queryRows, tile, false, true);
        return tf.topk(block, take, true);
      });
      try {
        const [vals, idx] = await Promise.all([values.data(), indices.data()]);
        for (let qi = 0; qi < queries.length; qi++) {
          const q = queries[qi] as number;
          const top = tops[qi] as TopK;
          for (let t = 0; t < take; t++) {
            const j = start + (idx[qi * take + t] as number);
            if (j !== q) top.push(j, vals[qi * take + t] as number);
          }
        }
      } finally {
        values.dispose();
        indices.dispose();
      }
    }
  } finally {
    normalized.dispose();
    queryRows.dispose();
  }
  return tops.map((t) => t.result());
}
