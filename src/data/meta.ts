/** Builds DatasetMeta and whole Datasets from parsed or generated columns. */
import type { ParsedRatings } from './parseRatings';
import { attachTitles, type ParsedTitles } from './parseTitles';
import type { Dataset, DatasetMeta, RatingsColumns } from './types';

/** Inputs of buildDatasetMeta. */
export interface DatasetMetaInput {
  name: string;
  ratings: RatingsColumns;
  userIds: readonly string[];
  itemIds: readonly string[];
  implicit: boolean;
  hasTitles: boolean;
  /** Whether every rating has a timestamp (default false). */
  hasTimestamps?: boolean;
  /** Left '' so saveDataset assigns one, unless given. */
  id?: string;
  /** Defaults to Date.now(). */
  createdAt?: number;
  builtIn?: boolean;
}

/**
 * Counts, rating range and sparsity of a dataset: users = userIds.length, items = itemIds.length,
 * ratings = number of rows, sparsity = 1 − ratings / (users · items) (1 when there are no pairs).
 * ratingMin/ratingMax are 0 when there are no ratings.
 */
export function buildDatasetMeta(input: DatasetMetaInput): DatasetMeta {
  const r = input.ratings.ratings;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < r.length; k++) {
    const v = r[k] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const users = input.userIds.length;
  const items = input.itemIds.length;
  const cells = users * items;
  return {
    id: input.id ?? '',
    name: input.name,
    createdAt: input.createdAt ?? Date.now(),
    users,
    items,
    ratings: r.length,
    ratingMin: r.length > 0 ? min : 0,
    ratingMax: r.length > 0 ? max : 0,
    implicit: input.implicit,
    sparsity: cells > 0 ? 1 - r.length / cells : 1,
    builtIn: input.builtIn ?? false,
    hasTitles: input.hasTitles,
    hasTimestamps: input.hasTimestamps ?? false,
  };
}

/** A Dataset from a parsed ratings file (with its timestamps, when it had any) and, optionally, a parsed titles file (meta.id left '' for saveDataset). */
export function datasetFromParsed(name: string, parsed: ParsedRatings, titles?: ParsedTitles | null): Dataset {
  const attached = titles ? attachTitles(parsed.itemIds, titles) : null;
  return {
    meta: buildDatasetMeta({
      name,
      ratings: parsed.columns,
      userIds: parsed.userIds,
      itemIds: parsed.itemIds,
      implicit: parsed.implicit,
      hasTitles: attached !== null,
      hasTimestamps: parsed.timestamps !== null,
    }),
    ratings: parsed.columns,
    timestamps: parsed.timestamps,
    userIds: parsed.userIds,
    itemIds: parsed.itemIds,
    titles: attached?.titles ?? null,
    genres: attached?.genres ?? null,
  };
}
