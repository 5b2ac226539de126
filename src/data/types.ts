/** Shared shapes of a ratings dataset, as parsed, stored and trained on. */

/** Ratings in columns, one entry per (user, item) pair; users and items are dense indices. */
export interface RatingsColumns {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
}

/** What the dataset list shows and what training needs to size its tables. */
export interface DatasetMeta {
  id: string;
  name: string;
  createdAt: number;
  users: number;
  items: number;
  ratings: number;
  ratingMin: number;
  ratingMax: number;
  /** True when the file had no rating column: every pair is rated 1. */
  implicit: boolean;
  /** 1 − ratings / (users · items). */
  sparsity: number;
  /** The built-in demo dataset: generated, never stored, cannot be deleted. */
  builtIn: boolean;
  /** Whether item titles are known. */
  hasTitles: boolean;
  /** Whether every rating has a timestamp (`Dataset.timestamps` is not null). */
  hasTimestamps: boolean;
}

/** A whole dataset in memory. `userIds[u]` / `itemIds[i]` are the ids from the file for index u / i. */
export interface Dataset {
  meta: DatasetMeta;
  ratings: RatingsColumns;
  /** When each rating was given, in seconds since the epoch, aligned with `ratings`; null when the file had no timestamp column. */
  timestamps: Float64Array | null;
  userIds: string[];
  itemIds: string[];
  /** Title per item index, or null where the titles file had none. */
  titles: (string | null)[] | null;
  /** Genres per item index (may be empty arrays), when known. */
  genres: string[][] | null;
}
