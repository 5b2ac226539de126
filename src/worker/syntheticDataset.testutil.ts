/** A small stored-dataset stand-in for the worker's tests: 30 users × 20 items, 600 synthetic ratings. */
import { buildDatasetMeta } from '../data/meta';
import type { Dataset } from '../data/types';
import { syntheticRatings } from '../model/synthetic.testutil';

/**
 * The dataset `id`: ratings from syntheticRatings(30, 20, 600, seed), ids u0…u29 and i0…i19, no titles;
 * with `timestamps`, rating r at time 1000 + r (for the sequence models).
 */
export function syntheticDataset(id: string, options: { seed?: number; timestamps?: boolean } = {}): Dataset {
  const ratings = syntheticRatings(30, 20, 600, options.seed ?? 3);
  const userIds = Array.from({ length: 30 }, (_, u) => `u${u}`);
  const itemIds = Array.from({ length: 20 }, (_, i) => `i${i}`);
  const hasTimestamps = options.timestamps === true;
  const meta = buildDatasetMeta({ name: id, ratings, userIds, itemIds, implicit: false, hasTitles: false, hasTimestamps, createdAt: 1 });
  const timestamps = hasTimestamps ? Float64Array.from(ratings.ratings, (_, r) => 1000 + r) : null;
  return { meta: { ...meta, id }, ratings, timestamps, userIds, itemIds, titles: null, genres: null };
}
