/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998) over a user's candidate pool, with the
 * co-rating cosine of the training data as the item–item similarity. Pure.
 */
import type { Csr } from '../sparse';
import { greedyRerank } from './pool';

/** Fills out[c] = sim(item, others[c]) for every c (others.length entries). */
export type SimilarityTo = (item: number, others: Int32Array, out: Float64Array) => void;

/**
 * Co-rating cosine from the training item-rows CSR: `sim(i, j) = |U_i ∩ U_j| / √(|U_i|·|U_j|)`
 * (U_i the users who rated i in training; 0 when either is empty) — the binary co-occurrence
 * cosine the catalogue's diversity metric uses (src/math/catalogueMetrics.ts). For one `item`
 * against m others it marks item's users once, then scans each other item's users:
 * O(|U_item| + Σ_c |U_c|), no items × items matrix.
 */
export function coRatingCosine(byItem: Csr): SimilarityTo {
  const mark = new Int32Array(byItem.nCols);
  let stamp = 0;
  return (item, others, out) => {
    stamp++;
    const from = byItem.indptr[item] as number;
    const to = byItem.indptr[item + 1] as number;
    for (let p = from; p < to; p++) mark[byItem.indices[p] as number] = stamp;
    const na = to - from;
    for (let c = 0; c < others.length; c++) {
      const o = others[c] as number;
      const oFrom = byItem.indptr[o] as number;
      const oTo = byItem.indptr[o + 1] as number;
      let both = 0;
      for (let p = oFrom; p < oTo; p++) if (mark[byItem.indices[p] as number] === stamp) both++;
      const nb = oTo - oFrom;
      out[c] = na > 0 && nb > 0 ? both / Math.sqrt(na * nb) : 0;
    }
  };
}

/**
 * Greedy MMR over the pool (relevance in pool order, e.g. min–max normalized): with S the items
 * picked so far, each step picks
 * `argmax_{c∈P∖S} [ (1 − λ)·rel_c − λ·max_{j∈S} sim(c, j) ]` (max over an empty S = 0),
 * until k are picked. λ weighs diversity (Carbonell & Goldstein's λ is our 1 − λ), so λ = 0 is
 * the original order and every remedy's λ = 0 means "no remedy". Ties go to the earlier pool
 * position. O(k·|P|) similarity evaluations: after each pick only sim(picked, c) is computed.
 */
export function mmrRerank(pool: Int32Array, relevance: Float64Array, k: number, lambda: number, similarityTo: SimilarityTo): Int32Array {
  const n = pool.length;
  if (lambda === 0) return pool.slice(0, Math.min(k, n));
  const maxSim = new Float64Array(n);
  const sim = new Float64Array(n);
  return greedyRerank(
    pool,
    k,
    (c) => (1 - lambda) * (relevance[c] as number) - lambda * (maxSim[c] as number),
    (_c, item, t, want) => {
      if (t + 1 === want) return;
      // a taken position is never valued again, so raising its maxSim changes nothing
      similarityTo(item, pool, sim);
      for (let c = 0; c < n; c++) if ((sim[c] as number) > (maxSim[c] as number)) maxSim[c] = sim[c] as number;
    },
  );
}
