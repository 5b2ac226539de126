/**
 * k-NN rating prediction from neighbour lists, user- or item-based, in Surprise's three variants
 * (KNNBasic, KNNWithMeans, KNNBaseline): one pair, every item of a user, and the neighbours a
 * prediction used (for the traced explanation). Pure; the model is plain data.
 */
import { BASELINE_ALS_DEFAULTS, fitBaselineAls, globalMean, type BaselineAlsOptions } from '../baseline';
import { entryAt, type Csr } from '../sparse';
import { computeNeighbourLists, type NeighbourLists, type ProgressHooks } from './neighbourLists';
import { centreByColumnMeans, centreRowsByMean, residualsFromBaseline, rowMeans, type SimilarityKind } from './similarity';

/** 'user': neighbours are users who rated the item; 'item': neighbours are items the user rated. */
export type KnnKind = 'user' | 'item';
/** 'basic' = KNNBasic, 'means' = KNNWithMeans, 'baseline' = KNNBaseline. */
export type KnnVariant = 'basic' | 'means' | 'baseline';
/**
 * A kernel of `similarity.ts`, or one of two kernels on transformed values:
 * `adjustedCosine` = cosine of ratings minus the mean of the *other* entity (item-based: user means);
 * `pearsonBaseline` = cosine of baseline residuals r − b_ui with shrinkage (default β = 100), as Surprise's pearson_baseline
 * except that Surprise shrinks by (n−1)/(n−1+β) with min support ≥ 2: pass shrinkageOffset 1, minSupport 2 for exactly that.
 */
export type KnnSimilarity = SimilarityKind | 'adjustedCosine' | 'pearsonBaseline';

/** Options of `fitKnnModel`. */
export interface KnnOptions {
  kind: KnnKind;
  variant: KnnVariant;
  similarity: KnnSimilarity;
  /** Most neighbours used per prediction (Surprise default 40). */
  k: number;
  /** Fewest usable neighbours for a neighbourhood estimate; fewer → fallback (Surprise default 1). */
  minK: number;
  /** Pairs with fewer co-rated columns get no similarity (default 1). */
  minSupport?: number;
  /** β of `s·n/(n+β)` (default 100 for pearsonBaseline, else 0). */
  shrinkage?: number;
  /** 1: shrink by `(n−1)/(n−1+β)` as Surprise's pearson_baseline (default 0). */
  shrinkageOffset?: number;
  /** L, the neighbour-list cap (default `defaultListLength`). */
  listLength?: number;
  /** ALS options of the baseline (variant 'baseline' or similarity 'pearsonBaseline'); default Surprise's. */
  baseline?: BaselineAlsOptions;
}

/** Surprise's defaults for k and min_k. */
export const KNN_DEFAULTS = Object.freeze({ k: 40, minK: 1 });

/**
 * For item-based scoring of all items: for each item j, the lists that contain j —
 * `rows[p]` = the item i whose list has j at position `rank[p]`, with similarity `similarity[p]`
 * (p in `indptr[j] … indptr[j+1]`). The similarity is copied so that scoring reads memory in order.
 */
export interface ReverseLists {
  indptr: Int32Array;
  rows: Int32Array;
  rank: Int32Array;
  similarity: Float32Array;
}

/** A fitted k-NN model: plain typed arrays and numbers (structured-cloneable). */
export interface KnnModel {
  kind: KnnKind;
  variant: KnnVariant;
  similarity: KnnSimilarity;
  k: number;
  minK: number;
  nUsers: number;
  nItems: number;
  /** μ: mean training rating. */
  mu: number;
  /** The training ratings, users as rows. */
  byUser: Csr;
  /** Neighbour lists over users ('user') or items ('item'). */
  lists: NeighbourLists;
  /** Mean training rating of each list entity (users for 'user', items for 'item'); NaN when it has none. */
  means: Float64Array;
  /** b_u, b_i of the ALS baseline; length 0 when not fitted (variant ≠ 'baseline' and similarity ≠ 'pearsonBaseline'). */
  userBias: Float64Array;
  itemBias: Float64Array;
  /** Item-based only (else null): who lists whom, for `scoreAllItemsKnn`. */
  reverse: ReverseLists | null;
}

/** One prediction and how it was made. */
export interface KnnPrediction {
  /** r̂_ui, unclipped. */
  value: number;
  /** Neighbours that entered the sums (≤ k; 0 on fallback when there were none). */
  used: number;
  /** True when fewer than max(1, minK) neighbours were usable and the fallback estimate was returned. */
  fallback: boolean;
}

/**
 * Fits a k-NN model on the training ratings (`byUser`, `byItem` = the same ratings with users resp.
 * items as rows): μ, the ALS baseline when needed, the similarity values (raw, centred or baseline
 * residuals), the neighbour lists, the entity means and, item-based, the reverse lists.
 */
export function fitKnnModel(byUser: Csr, byItem: Csr, opts: KnnOptions, hooks: ProgressHooks = {}): KnnModel {
  const { kind, variant, similarity } = opts;
  const nUsers = byUser.nRows;
  const nItems = byItem.nRows;
  const mu = globalMean(byUser);
  const needBaseline = variant === 'baseline' || similarity === 'pearsonBaseline';
  const bias = needBaseline
    ? fitBaselineAls(byUser, byItem, mu, opts.baseline ?? BASELINE_ALS_DEFAULTS)
    : { userBias: new Float64Array(0), itemBias: new Float64Array(0) };
  const rows = kind === 'user' ? byUser : byItem;
  const cols = kind === 'user' ? byItem : byUser;
  let simRows = rows;
  let simCols = cols;
  let kernel: SimilarityKind;
  if (similarity === 'adjustedCosine') {
    const colMeans = rowMeans(cols);
    simRows = centreByColumnMeans(rows, colMeans);
    simCols = centreRowsByMean(cols, colMeans);
    kernel = 'cosine';
  } else if (similarity === 'pearsonBaseline') {
    const rowBias = kind === 'user' ? bias.userBias : bias.itemBias;
    const colBias = kind === 'user' ? bias.itemBias : bias.userBias;
    simRows = residualsFromBaseline(rows, mu, rowBias, colBias);
    simCols = residualsFromBaseline(cols, mu, colBias, rowBias);
    kernel = 'cosine';
  } else {
    kernel = similarity;
  }
  const lists = computeNeighbourLists(
    simRows,
    simCols,
    {
      kind: kernel,
      minSupport: opts.minSupport ?? 1,
      shrinkage: opts.shrinkage ?? (similarity === 'pearsonBaseline' ? 100 : 0),
      shrinkageOffset: opts.shrinkageOffset ?? 0,
      ...(opts.listLength === undefined ? {} : { listLength: opts.listLength }),
    },
    hooks,
  );
  return {
    kind,
    variant,
    similarity,
    k: Math.max(1, Math.floor(opts.k)),
    minK: Math.max(0, Math.floor(opts.minK)),
    nUsers,
    nItems,
    mu,
    byUser,
    lists,
    means: rowMeans(rows),
    userBias: bias.userBias,
    itemBias: bias.itemBias,
    reverse: kind === 'item' ? reverseLists(lists) : null,
  };
}

/** The transpose of the list graph: for each j, the (i, position) pairs with lists[i][position] = j. */
export function reverseLists(lists: NeighbourLists): ReverseLists {
  const { nRows, indptr: ptr, neighbours } = lists;
  const size = neighbours.length;
  const indptr = new Int32Array(nRows + 1);
  for (let p = 0; p < size; p++) indptr[(neighbours[p] as number) + 1]!++;
  for (let j = 0; j < nRows; j++) indptr[j + 1]! += indptr[j] as number;
  const next = indptr.slice(0, nRows);
  const rows = new Int32Array(size);
  const rank = new Int32Array(size);
  const similarity = new Float32Array(size);
  for (let i = 0; i < nRows; i++) {
    const from = ptr[i] as number;
    const to = ptr[i + 1] as number;
    for (let p = from; p < to; p++) {
      const q = next[neighbours[p] as number]!++;
      rows[q] = i;
      rank[q] = p - from;
      similarity[q] = lists.similarity[p] as number;
    }
  }
  return { indptr, rows, rank, similarity };
}

/** Baseline estimate `b_ui = μ + b_u + b_i`, NaN when no baseline was fitted. */
export function knnBaseline(model: KnnModel, u: number, i: number): number {
  if (model.userBias.length === 0) return NaN;
  return model.mu + (model.userBias[u] as number) + (model.itemBias[i] as number);
}

/** The estimate without neighbours: basic → μ, means → the target's mean (μ if it has none), baseline → b_ui. */
function fallbackValue(model: KnnModel, targetMean: number, bui: number): number {
  if (model.variant === 'basic') return model.mu;
  if (model.variant === 'means') return Number.isNaN(targetMean) ? model.mu : targetMean;
  return bui;
}

/** One neighbour the prediction of (u, i) used. */
export interface KnnUsedNeighbour {
  /** The neighbour: a user v (user-based) or an item j (item-based). */
  index: number;
  /** Shrunk similarity (the weight). */
  similarity: number;
  rawSimilarity: number;
  /** Co-rated count n. */
  support: number;
  /** Its rating: r_vi (user-based) or r_uj (item-based). */
  rating: number;
  /** Its mean r̄_v or r̄_j. */
  mean: number;
  /** Its baseline b_vi or b_uj (NaN when no baseline was fitted). */
  baseline: number;
}

/** What `knnNeighboursUsed` returns: the prediction and all its inputs. */
export interface KnnNeighboursUsed {
  prediction: KnnPrediction;
  /** r̄_u (user-based) or r̄_i (item-based). */
  targetMean: number;
  /** b_ui (NaN when no baseline was fitted). */
  targetBaseline: number;
  /** Best first; when `prediction.fallback` they were too few and the estimate ignores them. */
  neighbours: KnnUsedNeighbour[];
}

/**
 * The walk behind `predictKnn`: the first k neighbours in the target's list (best first) that
 * have a rating for the pair, summed in that order. `out` collects them when given.
 */
function walk(model: KnnModel, u: number, i: number, out: KnnUsedNeighbour[] | null): KnnNeighboursUsed {
  checkPair(model, u, i);
  const { lists, byUser, means, userBias, itemBias, mu, k, variant } = model;
  const userBased = model.kind === 'user';
  const x = userBased ? u : i;
  const targetMean = means[x] as number;
  const hasBaseline = userBias.length > 0;
  const bui = hasBaseline ? mu + (userBias[u] as number) + (itemBias[i] as number) : NaN;
  // bias of the fixed other entity in a neighbour's baseline μ + b_nb + b_y
  const byBias = userBased ? itemBias : userBias;
  const nbBias = userBased ? userBias : itemBias;
  const y = userBased ? i : u;
  const from = lists.indptr[x] as number;
  const to = lists.indptr[x + 1] as number;
  let used = 0;
  let num = 0;
  let den = 0;
  for (let p = from; p < to && used < k; p++) {
    const nb = lists.neighbours[p] as number;
    const r = userBased ? entryAt(byUser, nb, i) : entryAt(byUser, u, nb);
    if (Number.isNaN(r)) continue;
    const s = lists.similarity[p] as number;
    const bnb = hasBaseline ? mu + (nbBias[nb] as number) + (byBias[y] as number) : NaN;
    if (variant === 'basic') num += s * r;
    else if (variant === 'means') num += s * (r - (means[nb] as number));
    else num += s * (r - bnb);
    den += s;
    used++;
    out?.push({
      index: nb,
      similarity: s,
      rawSimilarity: lists.rawSimilarity[p] as number,
      support: lists.support[p] as number,
      rating: r,
      mean: means[nb] as number,
      baseline: bnb,
    });
  }
  const prediction = finish(model, used, num, den, targetMean, bui);
  return { prediction, targetMean, targetBaseline: bui, neighbours: out ?? [] };
}

/** The estimate from the sums (same arithmetic for one pair and for all items). */
function finish(model: KnnModel, used: number, num: number, den: number, targetMean: number, bui: number): KnnPrediction {
  if (used < Math.max(1, model.minK)) return { value: fallbackValue(model, targetMean, bui), used, fallback: true };
  const v = model.variant;
  const value = v === 'basic' ? num / den : v === 'means' ? targetMean + num / den : bui + num / den;
  return { value, used, fallback: false };
}

function checkUser(model: KnnModel, u: number): void {
  if (!(u >= 0 && u < model.nUsers && Number.isInteger(u))) throw new RangeError(`user ${u} is not in 0…${model.nUsers - 1}`);
}

function checkPair(model: KnnModel, u: number, i: number): void {
  checkUser(model, u);
  if (!(i >= 0 && i < model.nItems && Number.isInteger(i))) throw new RangeError(`item ${i} is not in 0…${model.nItems - 1}`);
}

/**
 * Predicted rating of (u, i), unclipped. With N = the first k neighbours, best first, that have a
 * rating for the pair (user-based: users v in u's list who rated i; item-based: items j in i's list
 * that u rated) — the k most similar such neighbours, as the lists are sorted — and s > 0 only:
 * - basic    `r̂_ui = Σ_N s·r / Σ_N s`
 * - means    `r̂_ui = r̄_x + Σ_N s·(r − r̄_nb) / Σ_N s` (r̄_x = r̄_u or r̄_i, r̄_nb = the neighbour's mean)
 * - baseline `r̂_ui = b_ui + Σ_N s·(r − b_nb) / Σ_N s`, b_ui = μ + b_u + b_i, b_nb = b_vi or b_uj
 * With |N| < max(1, minK) it falls back as Surprise: basic → μ, means → r̄_x, baseline → b_ui.
 */
export function predictKnn(model: KnnModel, u: number, i: number): KnnPrediction {
  return walk(model, u, i, null).prediction;
}

/**
 * The neighbours `predictKnn(model, u, i)` used, best first, with everything the traced formulas
 * need: feed {similarity, rating} to userBasedPrediction/itemBasedPrediction (basic), add `mean` and
 * `targetMean` for meanCentredPrediction (means), `baseline` and `targetBaseline` for
 * baselineCentredPrediction (baseline); with `k = neighbours.length` the traced value equals
 * `prediction.value` unless `prediction.fallback`.
 */
export function knnNeighboursUsed(model: KnnModel, u: number, i: number): KnnNeighboursUsed {
  return walk(model, u, i, []);
}

/**
 * `predictKnn(model, u, i).value` for every item i (same arithmetic, same order), as float32.
 * User-based: walks u's list best first and adds each neighbour's ratings into per-item sums until
 * the item has k. Item-based: for each item j that u rated, every list that contains j (reverse
 * lists) offers j to that target; the offers are counting-sorted by list position and summed in
 * that order, each target taking its first k — the same neighbours in the same order as the walk.
 * O(Σ ratings of u's neighbours) resp. O(Σ_{j rated} |lists containing j|) instead of O(nItems · L).
 */
export function scoreAllItemsKnn(model: KnnModel, u: number, out?: Float32Array): Float32Array {
  checkUser(model, u);
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
      scores[i] = finish(model, used[i] as number, num[i] as number, den[i] as number, mu_, bui).value;
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
    scores[i] = finish(model, used[i] as number, num[i] as number, den[i] as number, means[i] as number, bui).value;
  }
  return scores;
}
