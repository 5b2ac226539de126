/**
 * k-NN rating prediction from a fitted model's neighbour lists (fit.ts): one pair, and the
 * neighbours a prediction used (for the traced explanation); the estimate from the neighbour sums
 * and the fallbacks, shared with scoreAllItems.ts. Pure.
 */
import { entryAt } from '../sparse';
import type { KnnModel } from './fit';

/** One prediction and how it was made. */
export interface KnnPrediction {
  /** r̂_ui, unclipped. */
  value: number;
  /** Neighbours that entered the sums (≤ k; 0 on fallback when there were none). */
  used: number;
  /** True when fewer than max(1, minK) neighbours were usable and the fallback estimate was returned. */
  fallback: boolean;
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
  const prediction = knnEstimateFromSums(model, used, num, den, targetMean, bui);
  return { prediction, targetMean, targetBaseline: bui, neighbours: out ?? [] };
}

/**
 * The estimate from the neighbour sums — `used` neighbours, `num` = Σ s·(r − the variant's offset),
 * `den` = Σ s — and the target's mean r̄_x and baseline b_ui (`bui`), falling back below max(1, minK)
 * neighbours (same arithmetic for one pair and for all items).
 */
export function knnEstimateFromSums(model: KnnModel, used: number, num: number, den: number, targetMean: number, bui: number): KnnPrediction {
  if (used < Math.max(1, model.minK)) return { value: fallbackValue(model, targetMean, bui), used, fallback: true };
  const v = model.variant;
  const value = v === 'basic' ? num / den : v === 'means' ? targetMean + num / den : bui + num / den;
  return { value, used, fallback: false };
}

/** Throws a RangeError unless `u` is a user of the model. */
export function checkKnnUser(model: KnnModel, u: number): void {
  if (!(u >= 0 && u < model.nUsers && Number.isInteger(u))) throw new RangeError(`user ${u} is not in 0…${model.nUsers - 1}`);
}

/** Throws a RangeError unless `u` is a user and `i` an item of the model. */
function checkPair(model: KnnModel, u: number, i: number): void {
  checkKnnUser(model, u);
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
