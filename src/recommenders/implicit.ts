/**
 * Implicit feedback: which training rows count as positive interactions. A dataset with no rating
 * column is implicit (every row is a 1); a rated dataset is binarized at a threshold, a rating ≥ t
 * being a positive and lower ratings dropped (the lessons binarize at > 3, i.e. ≥ 4).
 */
import { csrFromColumns } from '../math/sparse';
import type { Csr } from '../math/sparse';
import type { ParamSpec, TrainSet } from './types';

/** The binarization threshold as a method parameter (every implicit-feedback method has it). */
export function positiveAtParam(defaultThreshold = 4): ParamSpec {
  return {
    key: 'positiveAt',
    label: 'Positive at rating ≥',
    help: 'A rating at or above this is a positive interaction (1); lower ratings are left out. 0 keeps every rated pair as a positive (as microsoft/recommenders’ benchmarks do). Ignored on implicit data, where every row is a positive.',
    type: 'number',
    default: defaultThreshold,
    min: 0,
  };
}

/** The positive interactions of a training set, as 0/1 matrices both ways. */
export interface Positives {
  /** Users × items, value 1 at each positive. */
  byUser: Csr;
  /** Items × users, value 1 at each positive. */
  byItem: Csr;
  /** Number of positives. */
  count: number;
  /** The threshold applied, or null on implicit data (every row positive). */
  threshold: number | null;
  /** Plain sentence for explanations and facts, e.g. "ratings ≥ 4 count as positives (44 625 of 80 000)". */
  description: string;
}

const cache = new WeakMap<TrainSet, Map<number, Positives>>();

/**
 * The positives of `train` at `threshold` (a rating ≥ threshold is a 1; ignored when the data is
 * implicit). Cached per training set and threshold, so methods compared on one split share them.
 */
export function positivesOf(train: TrainSet, threshold: number): Positives {
  const key = train.implicit ? -1 : threshold;
  let byThreshold = cache.get(train);
  if (!byThreshold) cache.set(train, (byThreshold = new Map()));
  const hit = byThreshold.get(key);
  if (hit) return hit;
  const { users, items, ratings } = train.ratings;
  const rows: number[] = [];
  for (let t = 0; t < ratings.length; t++) if (train.implicit || (ratings[t] as number) >= threshold) rows.push(t);
  const subset = Int32Array.from(rows);
  const ones = new Float32Array(ratings.length).fill(1);
  const positives: Positives = {
    byUser: csrFromColumns(users, items, ones, train.nUsers, train.nItems, subset),
    byItem: csrFromColumns(items, users, ones, train.nItems, train.nUsers, subset),
    count: subset.length,
    threshold: train.implicit ? null : threshold,
    description: train.implicit
      ? `every training row is a positive (implicit data, ${subset.length} rows)`
      : `ratings ≥ ${threshold} count as positives (${subset.length} of ${ratings.length} training ratings)`,
  };
  byThreshold.set(key, positives);
  return positives;
}
