/** Building the training set a method is fitted on, with its sparse views cached. */
import { pickRows } from '../data/columns';
import type { Dataset, RatingsColumns } from '../data/types';
import { csrFromColumns } from '../math/sparse';
import type { Csr } from '../math/sparse';
import type { ItemSide, TrainSet } from './types';
export { pickRows };

/** Optional parts of a TrainSet: timestamps aligned with the rows, and item side information. */
export interface TrainSetExtras {
  timestamps?: Float64Array | null;
  itemSide?: ItemSide;
}

/**
 * A TrainSet over `ratings` (already only the training rows): μ = mean rating, and the user- and
 * item-major CSRs built on first use. The rating scale is the dataset's (not just the train rows').
 */
export function makeTrainSet(
  ratings: RatingsColumns,
  shape: { nUsers: number; nItems: number; ratingMin: number; ratingMax: number; implicit: boolean },
  extras: TrainSetExtras = {},
): TrainSet {
  let sum = 0;
  for (let j = 0; j < ratings.ratings.length; j++) sum += ratings.ratings[j] as number;
  const globalMean = ratings.ratings.length > 0 ? sum / ratings.ratings.length : 0;
  const timestamps = extras.timestamps ?? null;
  if (timestamps && timestamps.length !== ratings.ratings.length) {
    throw new RangeError(`${timestamps.length} timestamps for ${ratings.ratings.length} ratings`);
  }
  let byUser: Csr | null = null;
  let byItem: Csr | null = null;
  return {
    ...shape,
    ratings,
    globalMean,
    timestamps,
    itemSide: extras.itemSide ?? { titles: null, genres: null },
    byUser: () => (byUser ??= csrFromColumns(ratings.users, ratings.items, ratings.ratings, shape.nUsers, shape.nItems)),
    byItem: () => (byItem ??= csrFromColumns(ratings.items, ratings.users, ratings.ratings, shape.nItems, shape.nUsers)),
  };
}

/** The TrainSet of a dataset's rows at `rows` (all rows when omitted), with its timestamps, titles and genres. */
export function trainSetFromDataset(dataset: Dataset, rows?: ArrayLike<number>): TrainSet {
  let timestamps: Float64Array | null = null;
  if (dataset.timestamps) {
    const all = dataset.timestamps;
    timestamps = rows ? Float64Array.from({ length: rows.length }, (_, j) => all[rows[j] as number] as number) : all;
  }
  return makeTrainSet(
    pickRows(dataset.ratings, rows),
    {
      nUsers: dataset.meta.users,
      nItems: dataset.meta.items,
      ratingMin: dataset.meta.ratingMin,
      ratingMax: dataset.meta.ratingMax,
      implicit: dataset.meta.implicit,
    },
    { timestamps, itemSide: { titles: dataset.titles, genres: dataset.genres } },
  );
}
