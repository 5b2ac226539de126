/** Building the training set a method is fitted on, with its sparse views cached. */
import type { RatingsColumns } from '../data/types';
import { csrFromColumns } from '../math/sparse';
import type { Csr } from '../math/sparse';
import type { TrainSet } from './types';

/** The rows of `columns` at `rows` (all of them when omitted), as new columns. */
export function pickRows(columns: RatingsColumns, rows?: Int32Array): RatingsColumns {
  if (!rows) return columns;
  const n = rows.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const r = rows[j] as number;
    users[j] = columns.users[r] as number;
    items[j] = columns.items[r] as number;
    ratings[j] = columns.ratings[r] as number;
  }
  return { users, items, ratings };
}

/**
 * A TrainSet over `ratings` (already only the training rows): μ = mean rating, and the user- and
 * item-major CSRs built on first use. The rating scale is the dataset's (not just the train rows').
 */
export function makeTrainSet(
  ratings: RatingsColumns,
  shape: { nUsers: number; nItems: number; ratingMin: number; ratingMax: number; implicit: boolean },
): TrainSet {
  let sum = 0;
  for (let j = 0; j < ratings.ratings.length; j++) sum += ratings.ratings[j] as number;
  const globalMean = ratings.ratings.length > 0 ? sum / ratings.ratings.length : 0;
  let byUser: Csr | null = null;
  let byItem: Csr | null = null;
  return {
    ...shape,
    ratings,
    globalMean,
    byUser: () => (byUser ??= csrFromColumns(ratings.users, ratings.items, ratings.ratings, shape.nUsers, shape.nItems)),
    byItem: () => (byItem ??= csrFromColumns(ratings.items, ratings.users, ratings.ratings, shape.nItems, shape.nUsers)),
  };
}
