/** Turning model scores into what the UI lists: titled recommendations, title search. */
import type { Dataset } from '../data/types';
import type { MfModel } from '../math/mf';
import type { ExplainedItem, ItemMatch, Recommendation } from './types';

/** A scored item as the UI shows it: predicted rating clipped to the dataset's scale, raw score kept. */
export function toRecommendation(dataset: Dataset, item: number, score: number): Recommendation {
  const { ratingMin, ratingMax } = dataset.meta;
  return {
    ...describeItem(dataset, item),
    predictedRating: Math.min(ratingMax, Math.max(ratingMin, score)),
    score,
  };
}

/** An item's id and title, for explanations. */
export function describeItem(dataset: Dataset, item: number): ExplainedItem {
  return { item, itemId: dataset.itemIds[item] ?? String(item), title: dataset.titles?.[item] ?? null };
}

/** Row `index` of a row-major table with `width` columns, as a plain array. */
export function tableRow(table: Float32Array, index: number, width: number): number[] {
  return Array.from(table.subarray(index * width, (index + 1) * width));
}

const countsCache = new WeakMap<Dataset, Int32Array>();

/** Ratings per item (cached per dataset). */
export function itemRatingCounts(dataset: Dataset): Int32Array {
  let counts = countsCache.get(dataset);
  if (!counts) {
    counts = new Int32Array(dataset.meta.items);
    for (const i of dataset.ratings.items) counts[i]!++;
    countsCache.set(dataset, counts);
  }
  return counts;
}

/** Items whose title contains the query (case-insensitive) or whose id equals it, most-rated first. */
export function searchItems(dataset: Dataset, query: string, limit: number): ItemMatch[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const counts = itemRatingCounts(dataset);
  const matches: ItemMatch[] = [];
  for (let i = 0; i < dataset.meta.items; i++) {
    const title = dataset.titles?.[i] ?? null;
    const id = dataset.itemIds[i] ?? String(i);
    if ((title ?? '').toLowerCase().includes(q) || id.toLowerCase() === q) {
      matches.push({ item: i, itemId: id, title, ratings: counts[i] ?? 0 });
    }
  }
  return matches.sort((a, b) => b.ratings - a.ratings || a.item - b.item).slice(0, limit);
}

/** Scores of every item for a folded-in user: r̂_i = μ + b + b_i + q·p_i. */
export function scoreItemsForVector(model: MfModel, bias: number, vector: ArrayLike<number>): Float32Array {
  const { nItems, factors, itemFactors, itemBias, mu } = model;
  const scores = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    let dot = 0;
    for (let f = 0; f < factors; f++) dot += (vector[f] as number) * itemFactors[i * factors + f]!;
    scores[i] = mu + bias + itemBias[i]! + dot;
  }
  return scores;
}
