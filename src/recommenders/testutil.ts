/** A small seeded training set and context for the recommender tests (no tfjs: the CPU path). */
import { dedupeKeepLast } from '../data/dedupe';
import { createRng, randomInt } from '../math/random';
import { syntheticRatings } from '../model/synthetic.testutil';
import { makeTrainSet } from './trainSet';
import type { FitContext, TrainSet } from './types';

const SMALL_GENRES = ['Action', 'Comedy', 'Drama', 'Horror'];
const SMALL_WORDS = ['river', 'night', 'garden', 'machine', 'letter', 'storm'];

/**
 * 40 users × 30 items, ~600 distinct ratings in 1…5, from a fixed seed; every rating has a
 * timestamp (seeded, whole seconds) and every item 1–2 genres and a two-word title.
 */
export function smallTrainSet(seed = 7): TrainSet {
  const nUsers = 40;
  const nItems = 30;
  const { columns } = dedupeKeepLast(syntheticRatings(nUsers, nItems, 700, seed), nUsers, nItems);
  const rng = createRng(seed ^ 0x7e57);
  const timestamps = Float64Array.from(columns.ratings, () => 1_500_000_000 + randomInt(rng, 10_000_000));
  const genres: string[][] = [];
  const titles: string[] = [];
  for (let i = 0; i < nItems; i++) {
    const g = [SMALL_GENRES[i % 4] as string];
    if (i % 3 === 0) g.push(SMALL_GENRES[(i + 1) % 4] as string);
    genres.push(g);
    titles.push(`The ${SMALL_WORDS[i % 6] as string} ${SMALL_WORDS[(i * 5 + 1) % 6] as string}`);
  }
  return makeTrainSet(columns, { nUsers, nItems, ratingMin: 1, ratingMax: 5, implicit: false }, { timestamps, itemSide: { titles, genres } });
}

/** A CPU context with plain names ("user 3", "item 7") and no hooks. */
export function cpuContext(): FitContext {
  return { backend: 'cpu', tf: null, hooks: {}, validation: null, names: { user: (u) => `user ${u}`, item: (i) => `item ${i}` } };
}
