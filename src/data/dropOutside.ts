/** Drops the ratings outside a scale from a parsed dataset, when the user chooses to. */
import { buildDatasetMeta } from './meta';
import type { Dataset } from './types';

/**
 * A copy of `dataset` without the ratings below `lower` or above `upper`; users and items left with
 * no rating are removed and the rest renumbered in order (ids, titles, genres and timestamps follow).
 * Returns the dataset itself when nothing is outside.
 */
export function dropOutsideScale(dataset: Dataset, lower: number, upper: number): { dataset: Dataset; dropped: number } {
  const { users, items, ratings } = dataset.ratings;
  const n = ratings.length;
  const keep: number[] = [];
  for (let k = 0; k < n; k++) {
    const r = ratings[k] as number;
    if (r >= lower && r <= upper) keep.push(k);
  }
  if (keep.length === n) return { dataset, dropped: 0 };
  const userMap = new Int32Array(dataset.userIds.length).fill(-1);
  const itemMap = new Int32Array(dataset.itemIds.length).fill(-1);
  for (const k of keep) {
    userMap[users[k] as number] = 0;
    itemMap[items[k] as number] = 0;
  }
  const renumber = (map: Int32Array): number[] => {
    const old: number[] = [];
    for (let i = 0; i < map.length; i++) if (map[i] === 0) map[i] = old.push(i) - 1;
    return old;
  };
  const oldUsers = renumber(userMap);
  const oldItems = renumber(itemMap);
  const m = keep.length;
  const cols = { users: new Int32Array(m), items: new Int32Array(m), ratings: new Float32Array(m) };
  const times = dataset.timestamps ? new Float64Array(m) : null;
  keep.forEach((k, j) => {
    cols.users[j] = userMap[users[k] as number] as number;
    cols.items[j] = itemMap[items[k] as number] as number;
    cols.ratings[j] = ratings[k] as number;
    if (times) times[j] = dataset.timestamps?.[k] as number;
  });
  const userIds = oldUsers.map((u) => dataset.userIds[u] as string);
  const itemIds = oldItems.map((i) => dataset.itemIds[i] as string);
  const meta = buildDatasetMeta({
    name: dataset.meta.name,
    ratings: cols,
    userIds,
    itemIds,
    implicit: dataset.meta.implicit,
    hasTitles: dataset.meta.hasTitles,
    hasTimestamps: dataset.meta.hasTimestamps,
    id: dataset.meta.id,
    createdAt: dataset.meta.createdAt,
  });
  return {
    dataset: {
      meta,
      ratings: cols,
      timestamps: times,
      userIds,
      itemIds,
      titles: dataset.titles ? oldItems.map((i) => dataset.titles?.[i] ?? null) : null,
      genres: dataset.genres ? oldItems.map((i) => dataset.genres?.[i] ?? []) : null,
    },
    dropped: n - m,
  };
}
