/**
 * Neighbour lists built row by row, in row order: each row's kept neighbours are appended to growing
 * columns (neighbour, shrunk similarity, raw similarity, support) and `indptr` marks where each row
 * ends. Shared by the JS, WebAssembly and WGSL kernels, so the three return the same shape. Pure.
 */
import type { NeighbourLists } from './neighbourLists';

/** Appends rows' neighbours, then gives the lists (trimmed to size). */
export interface ListBuilder {
  /**
   * Row `row`'s neighbours: `candidates[0 … kept)`, best first, with their similarity, raw
   * similarity and support read at the neighbour's index. Rows come in order 0, 1, 2, ….
   */
  addRow(row: number, candidates: Int32Array, kept: number, similarity: Float32Array, rawSimilarity: Float32Array, support: Int32Array): void;
  /** Row `row`'s neighbours one at a time (then `endRow(row)`). */
  add(neighbour: number, similarity: number, rawSimilarity: number, support: number): void;
  endRow(row: number): void;
  /** The lists so far (fresh arrays of exactly the entries added). */
  result(): NeighbourLists;
}

/** A builder for `nRows` rows of at most `listLength` neighbours, with room for `initialCapacity` entries at first (doubling beyond). */
export function createListBuilder(nRows: number, listLength: number, initialCapacity: number): ListBuilder {
  const indptr = new Int32Array(nRows + 1);
  let cap = Math.max(16, initialCapacity);
  let neighbours = new Int32Array(cap);
  let similarity = new Float32Array(cap);
  let rawSimilarity = new Float32Array(cap);
  let support = new Int32Array(cap);
  let size = 0;
  const reserve = (more: number) => {
    if (size + more <= cap) return;
    while (size + more > cap) cap *= 2;
    neighbours = grow(neighbours, new Int32Array(cap));
    similarity = grow(similarity, new Float32Array(cap));
    rawSimilarity = grow(rawSimilarity, new Float32Array(cap));
    support = grow(support, new Int32Array(cap));
  };
  const builder: ListBuilder = {
    addRow(row, candidates, kept, candSim, candRaw, candN) {
      reserve(kept);
      for (let t = 0; t < kept; t++) {
        const b = candidates[t] as number;
        neighbours[size] = b;
        similarity[size] = candSim[b] as number;
        rawSimilarity[size] = candRaw[b] as number;
        support[size] = candN[b] as number;
        size++;
      }
      indptr[row + 1] = size;
    },
    add(b, s, raw, n) {
      reserve(1);
      neighbours[size] = b;
      similarity[size] = s;
      rawSimilarity[size] = raw;
      support[size] = n;
      size++;
    },
    endRow(row) {
      indptr[row + 1] = size;
    },
    result() {
      return {
        nRows,
        listLength: listLength,
        indptr,
        neighbours: neighbours.slice(0, size),
        similarity: similarity.slice(0, size),
        rawSimilarity: rawSimilarity.slice(0, size),
        support: support.slice(0, size),
      };
    },
  };
  return builder;
}

function grow<T extends Int32Array | Float32Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
