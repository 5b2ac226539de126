/**
 * Split protocols: which of a dataset's ratings train a model and which test it. Pure functions,
 * each seeded by `settings.seed` through the lab's own rng, so the same dataset and settings always
 * give the same split. Train is a list of row indices (ascending); test is a copy of the held-out
 * rows as columns, in ascending row order.
 */
import { createRng } from '../math/random';
import type { Dataset } from '../data/types';
import type { MappedTestRatings } from '../data/mapTestRatings';
import { coldItemsSplit, coldSplitName, coldUsersSplit } from './coldSplits';
import { checkSplitSettings, drawToFront, EPS, groupRows, percent, resultFromMask, type SplitData, type SplitResult } from './splitCore';
import type { SplitSettings } from './types';

export { checkSplitSettings } from './splitCore';
export type { SplitData, SplitResult } from './splitCore';
export { coldItemsSplit, coldSplit, coldSplitName, coldUsersSplit } from './coldSplits';
export type { ColdSide } from './coldSplits';

/** microsoft/recommenders' benchmark protocol holds out 25% of each item's ratings (ratio=0.75). */
export const MSR_TEST_FRACTION = 0.25;
/** Its train ratio, compared with each rating's rank within its item exactly as the original does. */
const MSR_TRAIN_RATIO = 0.75;

/** The SplitData of a dataset. */
export function splitDataOf(dataset: Dataset): SplitData {
  return { ratings: dataset.ratings, timestamps: dataset.timestamps, nUsers: dataset.userIds.length, nItems: dataset.itemIds.length };
}

/**
 * A short human name for a split: "random 10% · seed 42", "per-user 20% · seed 42",
 * "last 5 per user", "leave last out (last 1 per user)", "msr 75/25 by item · seed 42",
 * "cold users (10% of users held out entirely) · seed 42"; predefined: the test file's name when given.
 */
export function splitName(settings: SplitSettings, testFileName?: string): string {
  switch (settings.protocol) {
    case 'random':
      return `random ${percent(settings.testFraction)}% · seed ${settings.seed}`;
    case 'per-user':
      return `per-user ${percent(settings.testFraction)}% · seed ${settings.seed}`;
    case 'temporal':
      return settings.lastN === 1 ? 'leave last out (last 1 per user)' : `last ${settings.lastN} per user`;
    case 'msr':
      return `msr ${percent(MSR_TRAIN_RATIO)}/${percent(MSR_TEST_FRACTION)} by item · seed ${settings.seed}`;
    case 'cold-users':
      return coldSplitName('user', settings);
    case 'cold-items':
      return coldSplitName('item', settings);
    case 'predefined':
      return testFileName ?? 'predefined test file';
  }
}

/**
 * `random`: ⌊testFraction · n⌋ of all n rows, drawn uniformly without replacement (a partial
 * Fisher–Yates shuffle of the row indices, seeded by settings.seed), go to test.
 */
export function randomSplit(data: SplitData, settings: SplitSettings): SplitResult {
  checkSplitSettings(settings);
  const n = data.ratings.users.length;
  const count = Math.floor(settings.testFraction * n + EPS);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  drawToFront(createRng(settings.seed), order, count);
  const isTest = new Uint8Array(n);
  for (let k = 0; k < count; k++) isTest[order[k] as number] = 1;
  return resultFromMask(data, isTest, 0, 'random', () => `${percent(settings.testFraction)}% of ${n} ratings rounds down to 0`);
}

/**
 * `per-user`: for each user with n_u ≥ minUserRatings ratings, round(testFraction · n_u) of their
 * rows (half up; at least 1, at most n_u − 1) drawn uniformly go to test; users are visited in
 * index order, each drawing with a partial Fisher–Yates shuffle of their rows from one rng seeded
 * by settings.seed. Users with fewer ratings — and users with a single rating, who cannot give
 * one away — stay wholly in train (counted in usersKeptInTrain).
 */
export function perUserSplit(data: SplitData, settings: SplitSettings): SplitResult {
  checkSplitSettings(settings);
  const rng = createRng(settings.seed);
  const { start, rows } = groupRows(data.ratings.users, data.nUsers, 'user');
  const isTest = new Uint8Array(data.ratings.users.length);
  const minimum = Math.max(settings.minUserRatings, 2);
  let kept = 0;
  for (let u = 0; u < data.nUsers; u++) {
    const from = start[u] as number;
    const nu = (start[u + 1] as number) - from;
    if (nu === 0) continue;
    if (nu < minimum) {
      kept++;
      continue;
    }
    const count = Math.min(nu - 1, Math.max(1, Math.floor(settings.testFraction * nu + 0.5 + EPS)));
    const own = rows.slice(from, from + nu);
    drawToFront(rng, own, count);
    for (let k = 0; k < count; k++) isTest[own[k] as number] = 1;
  }
  return resultFromMask(data, isTest, kept, 'per-user', () => `no user has at least ${minimum} ratings`);
}

/**
 * `temporal`: each user's last `lastN` ratings by timestamp go to test (equal timestamps: the later
 * row is the later rating). Users with ≤ lastN ratings, or fewer than minUserRatings, stay wholly
 * in train (counted in usersKeptInTrain). No randomness: the seed is not used.
 * Throws when the dataset has no timestamps.
 */
export function temporalSplit(data: SplitData, settings: SplitSettings): SplitResult {
  checkSplitSettings(settings);
  const times = data.timestamps;
  if (!times) {
    throw new Error(
      'This dataset has no timestamps: a temporal split needs to know when each rating was given. Import the ratings file again and map a timestamp column when importing (or choose another split).',
    );
  }
  if (times.length !== data.ratings.users.length) throw new Error(`The dataset has ${times.length} timestamps for ${data.ratings.users.length} ratings.`);
  const { start, rows } = groupRows(data.ratings.users, data.nUsers, 'user');
  const isTest = new Uint8Array(data.ratings.users.length);
  const byTime = (a: number, b: number): number => (times[a] as number) - (times[b] as number) || a - b;
  const { lastN, minUserRatings } = settings;
  let kept = 0;
  for (let u = 0; u < data.nUsers; u++) {
    const from = start[u] as number;
    const nu = (start[u + 1] as number) - from;
    if (nu === 0) continue;
    if (nu <= lastN || nu < minUserRatings) {
      kept++;
      continue;
    }
    const own = rows.slice(from, from + nu).sort(byTime);
    for (let k = nu - lastN; k < nu; k++) isTest[own[k] as number] = 1;
  }
  return resultFromMask(data, isTest, kept, 'temporal', () => `no user has at least ${Math.max(lastN + 1, minUserRatings)} ratings`);
}

/**
 * `msr`: microsoft/recommenders' `python_stratified_split(data, ratio=0.75, min_rating=1,
 * filter_by='item', seed=42)` (recommenders/datasets/python_splitters.py, `_do_stratification`),
 * the split of its benchmark notebooks. The same procedure:
 * - ratings are grouped by item; with min_rating > 1, items with fewer ratings are filtered first
 *   (min_rating = max(1, settings.minUserRatings); pass minUserRatings ≤ 1 for the benchmark);
 * - one uniform random number is drawn per remaining row, in row order, and each item's rows are
 *   ordered by it (the original sorts by [item, random]) — a uniform shuffle within each item;
 * - a row's rank is (position + 1) / count within its item, and rows with rank ≤ 0.75 train, the
 *   rest test. So an item with n ratings keeps ⌊0.75·n⌋ in train and gives ⌈0.25·n⌉ to test: an
 *   item rated once is wholly in test, 2 → 1/1, 3 → 2/1, 4 → 3/1, 5 → 3/2.
 * What differs: the random numbers come from our seeded mulberry32 rng, not numpy's Mersenne
 * Twister, so the same seed does not pick the same rows as the Python code (the proportions per
 * item are identical); equal random numbers (32-bit resolution) are ordered by row; items the
 * min_rating filter removes stay in train (counted in usersKeptInTrain) where the original drops
 * them from both sets; the test fraction is always 0.25 (settings.testFraction is not used); train
 * is returned in row order rather than sorted by item.
 */
export function msrSplit(data: SplitData, settings: SplitSettings): SplitResult {
  checkSplitSettings(settings);
  const rng = createRng(settings.seed);
  const { items } = data.ratings;
  const n = items.length;
  const minRating = Math.max(1, settings.minUserRatings);
  const { start, rows } = groupRows(items, data.nItems, 'item');
  const count = (i: number): number => (start[i + 1] as number) - (start[i] as number);
  // One random number per row of the items that pass the filter, drawn in row order.
  const key = new Float64Array(n);
  for (let r = 0; r < n; r++) if (count(items[r] as number) >= minRating) key[r] = rng.next();
  const byKey = (a: number, b: number): number => (key[a] as number) - (key[b] as number) || a - b;
  const isTest = new Uint8Array(n);
  let filtered = 0;
  for (let i = 0; i < data.nItems; i++) {
    const ni = count(i);
    if (ni === 0) continue;
    if (ni < minRating) {
      filtered++;
      continue;
    }
    const from = start[i] as number;
    const own = rows.slice(from, from + ni).sort(byKey);
    for (let k = 0; k < ni; k++) if ((k + 1) / ni > MSR_TRAIN_RATIO) isTest[own[k] as number] = 1;
  }
  return resultFromMask(data, isTest, filtered, 'msr', () => `no item has at least ${minRating} ratings`);
}

/**
 * Split a dataset by `settings.protocol` (random, per-user, temporal, msr, cold-users or
 * cold-items; a predefined split comes from a test file: see mapTestRatings and predefinedSplit).
 * Throws a clear Error for invalid settings, a temporal split without timestamps, and a split that
 * leaves test empty.
 */
export function makeSplit(dataset: Dataset, settings: SplitSettings): SplitResult {
  const data = splitDataOf(dataset);
  switch (settings.protocol) {
    case 'random':
      return randomSplit(data, settings);
    case 'per-user':
      return perUserSplit(data, settings);
    case 'temporal':
      return temporalSplit(data, settings);
    case 'msr':
      return msrSplit(data, settings);
    case 'cold-users':
      return coldUsersSplit(data, settings);
    case 'cold-items':
      return coldItemsSplit(data, settings);
    case 'predefined':
      throw new Error('A predefined split comes from a test file: parse it with parseTestRatingsFile and build the split with predefinedSplit.');
  }
}

export { mapTestRatings } from '../data/mapTestRatings';
export type { MappedTestRatings, TestMappingSummary, TestRatingsById } from '../data/mapTestRatings';

/**
 * The split of a dataset and a mapped test file: test is the test file's ratings; train is every
 * row of the dataset except those rating a (user, item) pair the test file also rates (counted in
 * summary.overlapRows — importing u.data as the dataset and u1.test as the test file trains on
 * exactly u1.base). Throws when no test rating is left.
 */
export function predefinedSplit(data: SplitData, mapped: MappedTestRatings): SplitResult {
  const { test, summary: m } = mapped;
  if (test.users.length === 0) {
    const total = m.testRatings + m.unknownRows;
    throw new Error(
      `None of the ${total} test ratings has a user and an item of the training data (${m.unknownUsers} unknown user id${m.unknownUsers === 1 ? '' : 's'}, ${m.unknownItems} unknown item id${m.unknownItems === 1 ? '' : 's'}): is it the test file of this dataset?`,
    );
  }
  const { users, items } = data.ratings;
  const pairs = new Set<number>();
  for (let k = 0; k < test.users.length; k++) pairs.add((test.users[k] as number) * data.nItems + (test.items[k] as number));
  const trainRows: number[] = [];
  for (let r = 0; r < users.length; r++) if (!pairs.has((users[r] as number) * data.nItems + (items[r] as number))) trainRows.push(r);
  const train = Int32Array.from(trainRows);
  return {
    train,
    test,
    summary: {
      trainRatings: train.length,
      testRatings: test.users.length,
      testUsers: m.testUsers,
      usersKeptInTrain: 0,
      unknownUsers: m.unknownUsers,
      unknownItems: m.unknownItems,
      unknownRows: m.unknownRows,
      overlapRows: users.length - train.length,
      testDuplicates: m.duplicates,
    },
  };
}
