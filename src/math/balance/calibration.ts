/**
 * Calibrated recommendations (Steck, "Calibrated recommendations", RecSys 2018): a top-k list whose
 * genre mix matches the genre mix of what the user rated. Pure.
 */
import type { Csr } from '../sparse';
import { greedyRerank } from './pool';

/** Genres as indices: item i's genres are `indices[indptr[i] … indptr[i+1])` into `names`. */
export interface GenreIndex {
  names: string[];
  indptr: Int32Array;
  indices: Int32Array;
}

/** The distinct genre labels (in first-seen order) and each item's genres as indices (repeats dropped). */
export function genreIndex(genres: readonly (readonly string[])[]): GenreIndex {
  const byName = new Map<string, number>();
  const indptr = new Int32Array(genres.length + 1);
  const indices: number[] = [];
  genres.forEach((list, i) => {
    const seen = new Set<number>();
    for (const name of list) {
      let g = byName.get(name);
      if (g === undefined) byName.set(name, (g = byName.size));
      if (!seen.has(g)) {
        seen.add(g);
        indices.push(g);
      }
    }
    indptr[i + 1] = indices.length;
  });
  return { names: [...byName.keys()], indptr, indices: Int32Array.from(indices) };
}

/**
 * The user's genre distribution `p(g|u) = (1/|H_u|) Σ_{i∈H_u} p(g|i)`, `p(g|i) = 1/|G_i|` for each
 * of item i's genres G_i, H_u the items u rated in training that have at least one genre (each
 * weighs the same: Steck's w_ui = 1). All zero when H_u is empty.
 */
export function userGenreDistribution(byUser: Csr, user: number, genres: GenreIndex): Float64Array {
  const p = new Float64Array(genres.names.length);
  let n = 0;
  for (let e = byUser.indptr[user] as number, end = byUser.indptr[user + 1] as number; e < end; e++) {
    const i = byUser.indices[e] as number;
    const from = genres.indptr[i] as number;
    const to = genres.indptr[i + 1] as number;
    if (to === from) continue;
    n++;
    for (let q = from; q < to; q++) p[genres.indices[q] as number]! += 1 / (to - from);
  }
  if (n > 0) for (let g = 0; g < p.length; g++) p[g] = (p[g] as number) / n;
  return p;
}

/**
 * `KL(p‖q̃) = Σ_{g: p_g>0} p_g·ln(p_g / q̃_g)`, `q̃ = (1 − α)·q + α·p` (Steck's smoothing, which keeps
 * the divergence finite when the list misses a genre the user likes).
 */
export function calibrationKl(p: ArrayLike<number>, q: ArrayLike<number>, alpha: number): number {
  let kl = 0;
  for (let g = 0; g < p.length; g++) {
    const pg = p[g] as number;
    if (pg > 0) kl += pg * Math.log(pg / ((1 - alpha) * (q[g] as number) + alpha * pg));
  }
  return kl;
}

/**
 * Steck's greedy calibration over the pool: with I the items picked so far, each step adds
 * `argmax_{c∈P∖I} [ (1 − λ)·rel_c − λ·KL(p ‖ q̃(I ∪ {c})) ]` (the relevance of I is the same for every
 * c, so this is the greedy step of maximizing `(1 − λ)·Σ_{i∈I} rel_i − λ·KL(p‖q̃(I))`), where
 * `q(g|I) = (1/|I_G|) Σ_{i∈I_G} p(g|i)` over the picked items that have genres (q = 0 when none do;
 * an item without genres leaves q as it is). α = 0.01 as in the paper. Ties go to the earlier pool
 * position; λ = 0 is the original order. O(k·|P|·G).
 */
export function calibratedRerank(pool: Int32Array, relevance: Float64Array, k: number, lambda: number, p: Float64Array, genres: GenreIndex, alpha = 0.01): Int32Array {
  if (lambda === 0) return pool.slice(0, Math.min(k, pool.length));
  const nG = p.length;
  const sum = new Float64Array(nG);
  const q = new Float64Array(nG);
  let withGenres = 0;
  return greedyRerank(
    pool,
    k,
    (c) => {
      const i = pool[c] as number;
      const from = genres.indptr[i] as number;
      const to = genres.indptr[i + 1] as number;
      const m = withGenres + (to > from ? 1 : 0);
      for (let g = 0; g < nG; g++) q[g] = sum[g] as number;
      for (let e = from; e < to; e++) q[genres.indices[e] as number]! += 1 / (to - from);
      if (m > 0) for (let g = 0; g < nG; g++) q[g] = (q[g] as number) / m;
      return (1 - lambda) * (relevance[c] as number) - lambda * calibrationKl(p, q, alpha);
    },
    (_c, item) => {
      const from = genres.indptr[item] as number;
      const to = genres.indptr[item + 1] as number;
      if (to > from) {
        withGenres++;
        for (let e = from; e < to; e++) sum[genres.indices[e] as number]! += 1 / (to - from);
      }
    },
  );
}
