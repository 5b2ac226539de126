/** Turning model scores into what the UI lists: titled recommendations, title search. */
import type { Dataset } from '../data/types';
import type { ItemMatch, Recommendation, SimilarItem } from './types';

/** A scored item as the UI shows it: for rating predictors the score clipped to the dataset's scale too. */
export function toRecommendation(dataset: Dataset, item: number, score: number, predictsRatings: boolean): Recommendation {
  const { ratingMin, ratingMax } = dataset.meta;
  return {
    ...describeItem(dataset, item),
    predictedRating: predictsRatings ? Math.min(ratingMax, Math.max(ratingMin, score)) : null,
    score,
  };
}

/** An item's index, id and title. */
export function describeItem(dataset: Dataset, item: number): Omit<SimilarItem, 'similarity'> {
  return { item, itemId: dataset.itemIds[item] ?? String(item), title: dataset.titles?.[item] ?? null };
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
