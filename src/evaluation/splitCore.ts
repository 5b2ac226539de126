/**
 * What every split protocol shares: the shapes it reads and returns, the settings check, and the
 * seeded building blocks (grouping rows by user or item, drawing a seeded sample, and turning a
 * test mask into train rows, test columns and a summary). Pure functions.
 */
import { randomInt, type Rng } from '../math/random';
import type { RatingsColumns } from '../data/types';
import type { SplitSettings, SplitSummary } from './types';

/** What every protocol returns: train row indices (ascending), test ratings, and what happened. */
export interface SplitResult {
  /** Row indices into the dataset's columns used for training, ascending. */
  train: Int32Array;
  /** Held-out ratings, in ascending row order (predefined: in test-file order). */
  test: RatingsColumns;
  summary: SplitSummary;
}

/** The part of a dataset a split needs. */
export interface SplitData {
  ratings: RatingsColumns;
  /** Seconds since the epoch per row, or null (temporal splits need them). */
  timestamps: Float64Array | null;
  /** Users are indices in [0, nUsers), items in [0, nItems). */
  nUsers: number;
  nItems: number;
}

/** Absorbs float noise in fraction · count (0.29 · 100 = 28.999999999999996). */
export const EPS = 1e-9;

/** Protocols whose testFraction is a share (of ratings, of each user's ratings, of users or of items). */
const USES_FRACTION: ReadonlySet<SplitSettings['protocol']> = new Set(['random', 'per-user', 'cold-users', 'cold-items']);

/** Throws a clear Error when settings are out of range for their protocol. */
export function checkSplitSettings(settings: SplitSettings): void {
  const { protocol, seed, testFraction, minUserRatings, lastN } = settings;
  const bad = (what: string): never => {
    throw new Error(`Invalid ${protocol} split settings: ${what}.`);
  };
  if (!Number.isFinite(seed)) bad(`the seed must be a finite number, got ${seed}`);
  if (USES_FRACTION.has(protocol) && !(testFraction > 0 && testFraction < 1)) {
    bad(`the test fraction must be between 0 and 1 (exclusive), got ${testFraction}`);
  }
  if ((protocol === 'per-user' || protocol === 'temporal' || protocol === 'msr') && !(Number.isInteger(minUserRatings) && minUserRatings >= 0)) {
    bad(`the minimum number of ratings must be a whole number ≥ 0, got ${minUserRatings}`);
  }
  if (protocol === 'temporal' && !(Number.isInteger(lastN) && lastN >= 1)) bad(`the number of latest ratings per user must be a whole number ≥ 1, got ${lastN}`);
}

/** Percent for names: 0.1 → "10", 0.125 → "12.5". */
export function percent(fraction: number): string {
  return String(Number((fraction * 100).toFixed(2)));
}

/** Rows grouped by a key (user or item): group g is `rows[start[g] … start[g+1])`, rows ascending. */
export interface Groups {
  start: Int32Array;
  rows: Int32Array;
}

/** Stable counting sort of row indices by key, keys in [0, nKeys). */
export function groupRows(keys: Int32Array, nKeys: number, what: string): Groups {
  const start = new Int32Array(nKeys + 1);
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r] as number;
    if (!(k >= 0 && k < nKeys)) throw new Error(`Row ${r} has ${what} index ${k}, outside 0…${nKeys - 1}.`);
    start[k + 1]!++;
  }
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k] as number;
  const next = start.slice(0, nKeys);
  const rows = new Int32Array(keys.length);
  for (let r = 0; r < keys.length; r++) rows[next[keys[r] as number]!++] = r;
  return { start, rows };
}

/** Move `count` uniformly drawn entries of `a` to its front (partial Fisher–Yates). */
export function drawToFront(rng: Rng, a: Int32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(rng, a.length - i);
    const tmp = a[i] as number;
    a[i] = a[j] as number;
    a[j] = tmp;
  }
}

/** Build the result from a test mask (1 = test). Throws `emptyReason` when nothing is in test. */
export function resultFromMask(data: SplitData, isTest: Uint8Array, usersKeptInTrain: number, protocol: string, emptyReason: () => string): SplitResult {
  const { users, items, ratings } = data.ratings;
  const n = users.length;
  let nTest = 0;
  for (let r = 0; r < n; r++) nTest += isTest[r] as number;
  if (nTest === 0) throw new Error(`The ${protocol} split puts no ratings in test: ${emptyReason()}.`);
  const train = new Int32Array(n - nTest);
  const test: RatingsColumns = { users: new Int32Array(nTest), items: new Int32Array(nTest), ratings: new Float32Array(nTest) };
  const testUser = new Uint8Array(data.nUsers);
  let testUsers = 0;
  for (let r = 0, a = 0, b = 0; r < n; r++) {
    if (isTest[r] === 0) {
      train[a++] = r;
      continue;
    }
    const u = users[r] as number;
    test.users[b] = u;
    test.items[b] = items[r] as number;
    test.ratings[b] = ratings[r] as number;
    b++;
    if (testUser[u] === 0) {
      testUser[u] = 1;
      testUsers++;
    }
  }
  return {
    train,
    test,
    summary: { trainRatings: train.length, testRatings: nTest, testUsers, usersKeptInTrain, unknownUsers: 0, unknownItems: 0, unknownRows: 0 },
  };
}
