/** Building the training set a method is fitted on, with its sparse views cached. */
import type { RatingsColumns } from '../data/types';
import { csrFromColumns } from '../math/sparse';
export { pickRows } from '../data/columns';
import type { Csr } from '../math/sparse';
import type { TrainSet } from './types';

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
