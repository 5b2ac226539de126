/**
 * Gradient buffers of the neural recommenders' plain-JS training (./loss fills them, ./adam applies
 * and clears them): dense per Dense layer, sparse by touched row for the embedding tables.
 */
import type { NeuralSpec, NeuralWeights } from './weights';

/** Rows of an embedding table touched by the current batch. */
export interface RowSet {
  mark: Uint8Array;
  list: Int32Array;
  n: number;
}

/**
 * Gradient accumulators: dense per Dense layer, and embedding tables that are zero outside the
 * rows the batch touched (listed in `users` / `items`), so a step costs O(|B|·network), not
 * O(table size).
 */
export interface NeuralGradients {
  dense: { W: Float64Array; b: Float64Array }[];
  userEmb: Float64Array;
  itemEmb: Float64Array;
  userGmf: Float64Array;
  itemGmf: Float64Array;
  users: RowSet;
  items: RowSet;
}

/** Zeroed gradient buffers for a network of this shape. */
export function createGradients(spec: NeuralSpec, w: NeuralWeights): NeuralGradients {
  const rows = (n: number): RowSet => ({ mark: new Uint8Array(n), list: new Int32Array(n), n: 0 });
  return {
    dense: w.dense.map((l) => ({ W: new Float64Array(l.W.length), b: new Float64Array(l.b.length) })),
    userEmb: new Float64Array(spec.nUsers * spec.dim),
    itemEmb: new Float64Array(spec.nItems * spec.dim),
    userGmf: new Float64Array(spec.nUsers * spec.gmfDim),
    itemGmf: new Float64Array(spec.nItems * spec.gmfDim),
    users: rows(spec.nUsers),
    items: rows(spec.nItems),
  };
}
/** Marks row r of an embedding table as touched by the batch (listed once). */
export function touch(set: RowSet, r: number): void {
  if (set.mark[r] === 0) {
    set.mark[r] = 1;
    set.list[set.n++] = r;
  }
}

/** Zeroes every gradient buffer (touched embedding rows only). */
export function clearGradients(g: NeuralGradients, spec: NeuralSpec): void {
  for (const l of g.dense) {
    l.W.fill(0);
    l.b.fill(0);
  }
  const clear = (set: RowSet, tables: [Float64Array, number][]) => {
    for (let a = 0; a < set.n; a++) {
      const r = set.list[a] as number;
      set.mark[r] = 0;
      for (const [t, width] of tables) t.fill(0, r * width, (r + 1) * width);
    }
    set.n = 0;
  };
  clear(g.users, [
    [g.userEmb, spec.dim],
    [g.userGmf, spec.gmfDim],
  ]);
  clear(g.items, [
    [g.itemEmb, spec.dim],
    [g.itemGmf, spec.gmfDim],
  ]);
}
