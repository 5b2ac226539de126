/** A small seeded training set and context for the recommender tests (no tfjs: the CPU path). */
import { dedupeKeepLast } from '../data/dedupe';
import { syntheticRatings } from '../model/synthetic.testutil';
import { makeTrainSet } from './trainSet';
import type { FitContext, TrainSet } from './types';

/** 40 users × 30 items, ~600 distinct ratings in 1…5, from a fixed seed. */
export function smallTrainSet(seed = 7): TrainSet {
  const nUsers = 40;
  const nItems = 30;
  const { columns } = dedupeKeepLast(syntheticRatings(nUsers, nItems, 700, seed), nUsers, nItems);
  return makeTrainSet(columns, { nUsers, nItems, ratingMin: 1, ratingMax: 5, implicit: false });
}

/** A CPU context with plain names ("user 3", "item 7") and no hooks. */
export function cpuContext(): FitContext {
  return { backend: 'cpu', tf: null, hooks: {}, validation: null, names: { user: (u) => `user ${u}`, item: (i) => `item ${i}` } };
}
