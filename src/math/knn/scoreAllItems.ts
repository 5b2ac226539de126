/** Item scores for one user from a fitted k-NN model: every item's `predictKnn` value at once. Pure. */
import { reverseLists, type KnnModel } from './fit';
import { checkKnnUser, knnEstimateFromSums } from './predict';

/**
 * `predictKnn(model, u, i).value` for every item i (same arithmetic, same order), as float32.
 * User-based: walks u's list best first and adds each neighbour's ratings into per-item sums until
 * the item has k. Item-based: for each item j that u rated, every list that contains j (reverse
 * lists) offers j to that target; the offers are counting-sorted by list position and summed in
 * that order, each target taking its first k — the same neighbours in the same order as the walk.
 * O(Σ ratings of u's neighbours) resp. O(Σ_{j rated} |lists containing j|) instead of O(nItems · L).
 */
export function scoreAllItemsKnn(model: KnnModel, u: number, out?: Float32Array): Float32Array {
  checkKnnUser(model, u);
  const nItems = model.nItems;
  const scores = out ?? new Float32Array(nItems);
  if (scores.length < nItems) throw new RangeError(`out has ${scores.length} entries, need ${nItems}`);
  const used = new Int32Array(nItems);
  const num = new Float64Array(nItems);
  const den = new Float64Array(nItems);
  const { lists, byUser, means, userBias, itemBias, mu, k, variant } = model;
  const hasBaseline = userBias.length > 0;
  const bu = hasBaseline ? (userBias[u] as number) : NaN;
  if (model.kind === 'user') {
    const from = lists.indptr[u] as number;
    const to = lists.indptr[u + 1] as number;
    for (let p = from; p < to; p++) {
      const v = lists.neighbours[p] as number;
      const s = lists.similarity[p] as number;
      const mv = means[v] as number;
      const bv = hasBaseline ? (userBias[v] as number) : NaN;
      const qTo = byUser.indptr[v + 1] as number;
      for (let q = byUser.indptr[v] as number; q < qTo; q++) {
        const i = byUser.indices[q] as number;
        if ((used[i] as number) >= k) continue;
        const r = byUser.values[q] as number;
        if (variant === 'basic') num[i]! += s * r;
        else if (variant === 'means') num[i]! += s * (r - mv);
        else num[i]! += s * (r - (mu + bv + (itemBias[i] as number)));
        den[i]! += s;
        used[i]!++;
      }
    }
    const mu_ = means[u] as number;
    for (let i = 0; i < nItems; i++) {
      const bui = hasBaseline ? mu + bu + (itemBias[i] as number) : NaN;
      scores[i] = knnEstimateFromSums(model, used[i] as number, num[i] as number, den[i] as number, mu_, bui).value;
    }
    return scores;
  }
  // item-based: candidates (target i, position in i's list) from the items u rated, put in
  // position order by a counting sort, then summed as in the walk: each target takes its first k
  const rev = model.reverse ?? reverseLists(lists);
  const rating = new Float64Array(nItems);
  const uFrom = byUser.indptr[u] as number;
  const uTo = byUser.indptr[u + 1] as number;
  const atRank = new Int32Array(lists.listLength + 1);
  for (let q = uFrom; q < uTo; q++) {
    const j = byUser.indices[q] as number;
    rating[j] = byUser.values[q] as number;
    const rTo = rev.indptr[j + 1] as number;
    for (let t = rev.indptr[j] as number; t < rTo; t++) atRank[(rev.rank[t] as number) + 1]!++;
  }
  for (let r = 0; r < lists.listLength; r++) atRank[r + 1]! += atRank[r] as number;
  const total = atRank[lists.listLength] as number;
  const target = new Int32Array(total);
  const source = new Int32Array(total);
  const weight = new Float32Array(total);
  for (let q = uFrom; q < uTo; q++) {
    const j = byUser.indices[q] as number;
    const rTo = rev.indptr[j + 1] as number;
    for (let t = rev.indptr[j] as number; t < rTo; t++) {
      const at = atRank[rev.rank[t] as number]!++;
      target[at] = rev.rows[t] as number;
      source[at] = j;
      weight[at] = rev.similarity[t] as number;
    }
  }
  for (let t = 0; t < total; t++) {
    const i = target[t] as number;
    if ((used[i] as number) >= k) continue;
    const j = source[t] as number;
    const s = weight[t] as number;
    const r = rating[j] as number;
    if (variant === 'basic') num[i]! += s * r;
    else if (variant === 'means') num[i]! += s * (r - (means[j] as number));
    else num[i]! += s * (r - (mu + (itemBias[j] as number) + bu));
    den[i]! += s;
    used[i]!++;
  }
  for (let i = 0; i < nItems; i++) {
    const bui = hasBaseline ? mu + bu + (itemBias[i] as number) : NaN;
    scores[i] = knnEstimateFromSums(model, used[i] as number, num[i] as number, den[i] as number, means[i] as number, bui).value;
  }
  return scores;
}
