/**
 * Fast top-k ranking metrics of one recommendation list with binary relevance, for the evaluation
 * lab (the traced, teaching versions are in ./formulas/ranking.ts and serve as test oracles).
 * Pure; no allocation per call.
 *
 * Definitions follow microsoft/recommenders (recommenders/evaluation/python_evaluation.py:
 * `precision_at_k`, `recall_at_k`, `ndcg_at_k` with `score_type='binary'`, `map_at_k`; and
 * recommenders/models/deeprec/deeprec_utils.py: `hit_score`). The lab averages each value over
 * the users that have both relevant test items and a non-empty list (see src/evaluation/measure.ts),
 * as `merge_ranking_true_pred` does with its common users.
 *
 * Conventions: `ranked` holds item indices, best first, each item at most once (as topN returns
 * them); positions i are 1-based; rel_i = relevant[ranked[i]] ∈ {0, 1}; |Rel| = nRelevant, the
 * number of relevant items of the user (in or out of the list). Entries of `ranked` past k are
 * ignored (the list is cut at k, as the oracles do).
 */

/** The metrics of one list; each is averaged over users to give P@k, R@k, NDCG@k, MAP@k, HR@k, MRR@k. */
export interface ListMetrics {
  /** `P@k = (1/k) Σ_{i=1}^{k} rel_i` */
  precision: number;
  /** `R@k = (1/|Rel|) Σ_{i=1}^{k} rel_i` (NaN when |Rel| = 0) */
  recall: number;
  /** `NDCG@k = DCG@k / IDCG@k` with log₂ discount (NaN when |Rel| = 0) */
  ndcg: number;
  /** `AP@k = (1/min(k, |Rel|)) Σ_{i=1}^{k} rel_i · P@i` (NaN when |Rel| = 0) */
  averagePrecision: number;
  /** `HR@k = 1` if some rel_i = 1 (i ≤ k), else 0 */
  hit: number;
  /** `RR@k = 1 / (position of the first relevant item)`, 0 when none is in the top k */
  reciprocalRank: number;
}

/** A ListMetrics of zeros, to pass as `out` and reuse across calls. */
export function emptyListMetrics(): ListMetrics {
  return { precision: 0, recall: 0, ndcg: 0, averagePrecision: 0, hit: 0, reciprocalRank: 0 };
}

// discount[i] = 1 / log₂(i + 2): the gain of a relevant item at 0-based slot i (1-based position i + 1);
// idcgPrefix[n] = Σ_{i<n} discount[i] = IDCG of n relevant items at the top. Grown on demand.
let discount = new Float64Array(0);
let idcgPrefix = new Float64Array(1);

function ensureDiscounts(n: number): void {
  if (discount.length >= n) return;
  const size = Math.max(n, 2 * discount.length, 16);
  discount = new Float64Array(size);
  idcgPrefix = new Float64Array(size + 1);
  for (let i = 0; i < size; i++) {
    discount[i] = 1 / Math.log2(i + 2);
    idcgPrefix[i + 1] = (idcgPrefix[i] as number) + (discount[i] as number);
  }
}

/**
 * Every per-list metric of the top k of `ranked` in one pass, written into `out` (returned).
 *
 * - Precision: `P@k = |{relevant in top k}| / k` — divided by k even when the list is shorter
 *   (as microsoft/recommenders and Spark's `precisionAt`).
 * - Recall: `R@k = |{relevant in top k}| / |Rel|` (recommenders' `recall_at_k`: hits / actual).
 * - nDCG, binary relevance, log₂ discount:
 *   `DCG@k = Σ_{i=1}^{k} rel_i / log₂(i + 1)`, `IDCG@k = Σ_{i=1}^{min(k, |Rel|)} 1 / log₂(i + 1)`,
 *   `NDCG@k = DCG@k / IDCG@k`. (recommenders' `ndcg_at_k` defaults to a natural-log discount;
 *   the base cancels in the ratio, so the value is the same.)
 * - Average precision, as recommenders' current `map_at_k` (since v1.2, matching Spark's
 *   `meanAveragePrecisionAt`): `AP@k = (1/min(k, |Rel|)) Σ_{i=1}^{k} rel_i · P@i`, P@i = hits in the
 *   first i / i. Older releases (and recommenders' `map`, without k) divide by |Rel| instead, which
 *   caps AP@k below 1 whenever |Rel| > k.
 * - Hit: `HR@k = 1[∃ i ≤ k: rel_i = 1]` (recommenders' deeprec `hit_score`).
 * - Reciprocal rank: `RR@k = 1 / min{i ≤ k : rel_i = 1}`, 0 when there is none. (python_evaluation.py
 *   has no MRR; deeprec's `mrr_score` averages 1/rank over every positive of an impression, a
 *   different metric. This is the usual first-hit MRR@k.)
 *
 * With `nRelevant = 0` recall, nDCG and AP are undefined and set to NaN (precision, hit and RR are 0).
 *
 * @param ranked item indices, best first, distinct (duplicates would count twice)
 * @param length how many entries of `ranked` are in use (default: all), so a buffer can be reused
 * @param relevant relevance mask over items: 1 = relevant
 * @param nRelevant |Rel|, the number of items with relevant[i] = 1
 * @param k the cut-off, a whole number ≥ 1
 */
export function listMetricsAtK(
  ranked: Int32Array,
  relevant: Uint8Array,
  nRelevant: number,
  k: number,
  out: ListMetrics = emptyListMetrics(),
  length: number = ranked.length,
): ListMetrics {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${k}`);
  const n = Math.min(length, k);
  ensureDiscounts(Math.max(n, Math.min(k, nRelevant)));
  let hits = 0;
  let dcg = 0;
  let apSum = 0;
  let firstHit = 0;
  for (let i = 0; i < n; i++) {
    if (relevant[ranked[i] as number] !== 1) continue;
    hits++;
    dcg += discount[i] as number;
    apSum += hits / (i + 1);
    if (firstHit === 0) firstHit = i + 1;
  }
  out.precision = hits / k;
  out.hit = hits > 0 ? 1 : 0;
  out.reciprocalRank = firstHit > 0 ? 1 / firstHit : 0;
  if (nRelevant > 0) {
    const ideal = Math.min(k, nRelevant);
    out.recall = hits / nRelevant;
    out.ndcg = dcg / (idcgPrefix[ideal] as number);
    out.averagePrecision = apSum / ideal;
  } else {
    out.recall = NaN;
    out.ndcg = NaN;
    out.averagePrecision = NaN;
  }
  return out;
}
