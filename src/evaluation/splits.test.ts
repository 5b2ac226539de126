import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../data/demo';
import { buildDatasetMeta } from '../data/meta';
import type { Dataset } from '../data/types';
import type { SplitProtocol, SplitSettings } from './types';
import {
  checkSplitSettings,
  coldItemsSplit,
  coldUsersSplit,
  makeSplit,
  mapTestRatings,
  msrSplit,
  perUserSplit,
  predefinedSplit,
  randomSplit,
  splitDataOf,
  splitName,
  temporalSplit,
  type SplitData,
  type SplitResult,
} from './splits';

/** Rows [user, item, rating, timestamp?]. */
function dataOf(rows: readonly (readonly number[])[], nUsers: number, nItems: number, withTimes = false): SplitData {
  return {
    ratings: {
      users: Int32Array.from(rows, (r) => r[0] ?? 0),
      items: Int32Array.from(rows, (r) => r[1] ?? 0),
      ratings: Float32Array.from(rows, (r) => r[2] ?? 0),
    },
    timestamps: withTimes ? Float64Array.from(rows, (r) => r[3] ?? 0) : null,
    nUsers,
    nItems,
  };
}

/** Users with the given numbers of ratings (user u rates items 0…counts[u]−1, rating = row mod 5 + 1). */
function usersWith(counts: readonly number[]): SplitData {
  const rows: number[][] = [];
  counts.forEach((c, u) => {
    for (let i = 0; i < c; i++) rows.push([u, i, (rows.length % 5) + 1]);
  });
  return dataOf(rows, counts.length, Math.max(...counts));
}

/** Items with the given numbers of ratings (item i is rated by users 0…counts[i]−1), rows interleaved. */
function itemsWith(counts: readonly number[]): SplitData {
  const rows: number[][] = [];
  const most = Math.max(...counts);
  for (let u = 0; u < most; u++) counts.forEach((c, i) => (u < c ? rows.push([u, i, 3]) : undefined));
  return dataOf(rows, most, counts.length);
}

const settings = (protocol: SplitProtocol, over: Partial<SplitSettings> = {}): SplitSettings => ({
  protocol,
  seed: 42,
  testFraction: 0.1,
  minUserRatings: 1,
  lastN: 1,
  ...over,
});

/** Row indices of the test ratings, found through their (user, item) pair (unique in our data). */
function testRows(data: SplitData, s: SplitResult): number[] {
  const byPair = new Map<string, number>();
  for (let r = 0; r < data.ratings.users.length; r++) byPair.set(`${data.ratings.users[r]}:${data.ratings.items[r]}`, r);
  return Array.from(s.test.users, (u, k) => byPair.get(`${u}:${s.test.items[k]}`) ?? -1);
}

/** The invariants every split of `data` keeps: train ascending, test = the other rows, columns copied, summary counts. */
function expectPartition(data: SplitData, s: SplitResult): number[] {
  const n = data.ratings.users.length;
  const test = testRows(data, s);
  expect(test).not.toContain(-1);
  const ascending = (a: ArrayLike<number>): boolean => Array.from(a).every((v, k, all) => k === 0 || v > (all[k - 1] as number));
  expect(ascending(s.train)).toBe(true);
  expect(ascending(test)).toBe(true);
  const all = [...s.train, ...test].sort((a, b) => a - b);
  expect(all.every((r, k) => r === k) && all.length === n).toBe(true);
  expect(test.every((r, k) => s.test.ratings[k] === data.ratings.ratings[r])).toBe(true);
  expect(s.summary.trainRatings).toBe(s.train.length);
  expect(s.summary.testRatings).toBe(test.length);
  expect(s.summary.testUsers).toBe(new Set(s.test.users).size);
  expect([s.summary.unknownUsers, s.summary.unknownItems, s.summary.unknownRows]).toEqual([0, 0, 0]);
  return test;
}

/** Test ratings per key (user or item). */
function testCounts(keys: Int32Array, n: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (const k of keys) c[k]!++;
  return c;
}

describe('randomSplit', () => {
  const data = usersWith([5, 5, 5, 5]); // 20 rows

  it('holds out ⌊testFraction · n⌋ rows, deterministic per seed', () => {
    const s = randomSplit(data, settings('random', { testFraction: 0.1 }));
    const test = expectPartition(data, s);
    expect(test.length).toBe(2); // ⌊0.1 · 20⌋
    expect(s.summary.trainRatings).toBe(18);
    expect(s.summary.usersKeptInTrain).toBe(0);
    expect(testRows(data, randomSplit(data, settings('random', { testFraction: 0.1 })))).toEqual(test);
    const others = [1, 2, 3, 4, 5].map((seed) => testRows(data, randomSplit(data, settings('random', { seed }))).join());
    expect(others.some((o) => o !== test.join())).toBe(true);
    // ⌊0.35 · 20⌋ = 7; ⌊0.29 · 100⌋ = 29 although 0.29 · 100 = 28.999999999999996 in floating point.
    expect(randomSplit(data, settings('random', { testFraction: 0.35 })).summary.testRatings).toBe(7);
    expect(randomSplit(usersWith(new Array<number>(10).fill(10)), settings('random', { testFraction: 0.29 })).summary.testRatings).toBe(29);
  });

  it('draws rows uniformly: over 3000 seeds each of 10 rows is in test ≈ 30% of the time', () => {
    const small = usersWith([10]);
    const hits = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 3000; seed++) for (const r of testRows(small, randomSplit(small, settings('random', { seed, testFraction: 0.3 })))) hits[r]!++;
    // Binomial(3000, 0.3): mean 900, sd ≈ 25.
    for (const h of hits) expect(Math.abs(h - 900)).toBeLessThan(125);
  });

  it('refuses a split with an empty test set', () => {
    expect(() => randomSplit(usersWith([5]), settings('random', { testFraction: 0.1 }))).toThrow('The random split puts no ratings in test: 10% of 5 ratings rounds down to 0.');
  });
});

describe('perUserSplit', () => {
  it('holds out round(f · n_u) of each user with enough ratings (≥ 1, ≤ n_u − 1)', () => {
    const data = usersWith([1, 2, 3, 4, 5, 10]);
    const s = perUserSplit(data, settings('per-user', { testFraction: 0.2, minUserRatings: 3 }));
    expectPartition(data, s);
    // users 0, 1: fewer than 3 ratings; 3 → round(0.6) = 1, 4 → round(0.8) = 1, 5 → round(1) = 1, 10 → round(2) = 2.
    expect(testCounts(s.test.users, 6)).toEqual([0, 0, 1, 1, 1, 2]);
    expect([s.summary.testRatings, s.summary.testUsers, s.summary.usersKeptInTrain]).toEqual([5, 4, 2]);
    // minUserRatings 0: user 0 still keeps its only rating; user 1: round(0.4) = 0 → at least 1.
    const all = perUserSplit(data, settings('per-user', { testFraction: 0.2, minUserRatings: 0 }));
    expect(testCounts(all.test.users, 6)).toEqual([0, 1, 1, 1, 1, 2]);
    expect(all.summary.usersKeptInTrain).toBe(1);
    // At most n_u − 1: round(0.9 · 3) = 3 → 2; round(0.9 · 2) = 2 → 1.
    expect(testCounts(perUserSplit(data, settings('per-user', { testFraction: 0.9 })).test.users, 6)).toEqual([0, 1, 2, 3, 4, 9]);
  });

  it('rounds half up: 0.25 · 6 = 1.5 → 2, 0.25 · 10 = 2.5 → 3', () => {
    const s = perUserSplit(usersWith([6, 10]), settings('per-user', { testFraction: 0.25 }));
    expect(testCounts(s.test.users, 2)).toEqual([2, 3]);
  });

  it('is deterministic per seed and draws different rows for another seed', () => {
    const data = usersWith([10, 10, 10]);
    const a = testRows(data, perUserSplit(data, settings('per-user', { testFraction: 0.3 })));
    expect(testRows(data, perUserSplit(data, settings('per-user', { testFraction: 0.3 })))).toEqual(a);
    const b = testRows(data, perUserSplit(data, settings('per-user', { testFraction: 0.3, seed: 43 })));
    expect(b.length).toBe(9);
    expect(b).not.toEqual(a);
  });

  it('says why test is empty', () => {
    expect(() => perUserSplit(usersWith([1, 1, 1]), settings('per-user'))).toThrow('The per-user split puts no ratings in test: no user has at least 2 ratings.');
    expect(() => perUserSplit(usersWith([3, 4]), settings('per-user', { minUserRatings: 5 }))).toThrow('no user has at least 5 ratings.');
  });
});

describe('temporalSplit', () => {
  // user 0: rows 0–3 at 100, 300, 200, 300 (rows 1 and 3 tie: row 3 is the later one);
  // user 1: one rating; user 2: rows 5, 6 at 50, 40.
  const data = dataOf(
    [
      [0, 0, 1, 100],
      [0, 1, 2, 300],
      [0, 2, 3, 200],
      [0, 3, 4, 300],
      [1, 0, 5, 10],
      [2, 1, 1, 50],
      [2, 2, 2, 40],
    ],
    3,
    4,
    true,
  );

  it("holds out each user's latest ratings, ties broken by row order", () => {
    const s = temporalSplit(data, settings('temporal', { lastN: 1 }));
    expect(expectPartition(data, s)).toEqual([3, 5]);
    expect(Array.from(s.train)).toEqual([0, 1, 2, 4, 6]);
    expect([s.summary.testUsers, s.summary.usersKeptInTrain]).toEqual([2, 1]);
    // lastN 2: user 0 → rows 1, 3 (300, 300); user 2 has only 2 ratings → stays in train.
    const two = temporalSplit(data, settings('temporal', { lastN: 2 }));
    expect(expectPartition(data, two)).toEqual([1, 3]);
    expect(two.summary.usersKeptInTrain).toBe(2);
    // The seed plays no part.
    expect(temporalSplit(data, settings('temporal', { seed: 7 }))).toEqual(s);
  });

  it('keeps users with fewer than minUserRatings in train', () => {
    const s = temporalSplit(data, settings('temporal', { minUserRatings: 3 }));
    expect(expectPartition(data, s)).toEqual([3]);
    expect(s.summary.usersKeptInTrain).toBe(2);
    expect(() => temporalSplit(data, settings('temporal', { minUserRatings: 5 }))).toThrow('The temporal split puts no ratings in test: no user has at least 5 ratings.');
  });

  it('picks exactly the latest rating of every demo user', () => {
    const demo = generateDemoDataset(3);
    const d = splitDataOf(demo);
    const s = temporalSplit(d, settings('temporal'));
    const times = demo.timestamps as Float64Array;
    const latest = new Float64Array(demo.userIds.length).fill(-Infinity);
    for (let r = 0; r < times.length; r++) latest[demo.ratings.users[r] as number] = Math.max(latest[demo.ratings.users[r] as number] as number, times[r] as number);
    const rows = expectPartition(d, s);
    expect(rows.length).toBe(600);
    expect(rows.filter((r) => times[r] !== latest[demo.ratings.users[r] as number])).toEqual([]);
  });

  it('explains that it needs timestamps', () => {
    expect(() => temporalSplit({ ...data, timestamps: null }, settings('temporal'))).toThrow(
      /^This dataset has no timestamps: .* map a timestamp column when importing/,
    );
  });
});

describe('msrSplit', () => {
  it('keeps ⌊0.75 · n⌋ of each item in train and gives the rest to test', () => {
    const data = itemsWith([1, 2, 3, 4, 5, 6, 7, 8]);
    const s = msrSplit(data, settings('msr'));
    expectPartition(data, s);
    // n = 1…8: test ⌈0.25 · n⌉ = 1, 1, 1, 1, 2, 2, 2, 2 (an item rated once is wholly in test).
    expect(testCounts(s.test.items, 8)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect([s.summary.testRatings, s.summary.trainRatings, s.summary.usersKeptInTrain]).toEqual([12, 24, 0]);
    // testFraction is not used: MSR's protocol is always 75/25.
    expect(testCounts(msrSplit(data, settings('msr', { testFraction: 0.5 })).test.items, 8)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('filters items with fewer than minUserRatings ratings into train (the original drops them)', () => {
    const data = itemsWith([1, 2, 3, 4]);
    const s = msrSplit(data, settings('msr', { minUserRatings: 3 }));
    expect(testCounts(s.test.items, 4)).toEqual([0, 0, 1, 1]);
    expect(s.summary.usersKeptInTrain).toBe(2);
  });

  it('shuffles within each item: deterministic per seed, uniform over seeds', () => {
    const data = itemsWith([4, 4]);
    const a = testRows(data, msrSplit(data, settings('msr')));
    expect(testRows(data, msrSplit(data, settings('msr')))).toEqual(a);
    const hits = new Array<number>(8).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const r of testRows(data, msrSplit(data, settings('msr', { seed })))) hits[r]!++;
    // Each row is its item's test rating with probability 1/4: mean 500, sd ≈ 19.
    for (const h of hits) expect(Math.abs(h - 500)).toBeLessThan(100);
  });

  it('holds out about 25% of the demo ratings and some of every item', () => {
    const demo = generateDemoDataset(5);
    const d = splitDataOf(demo);
    const s = msrSplit(d, settings('msr'));
    expectPartition(d, s);
    const perItem = testCounts(demo.ratings.items, 400);
    const testPerItem = testCounts(s.test.items, 400);
    expect(testPerItem).toEqual(perItem.map((n) => n - Math.floor(0.75 * n)));
    expect(s.summary.testRatings / demo.meta.ratings).toBeGreaterThan(0.25);
    expect(s.summary.testRatings / demo.meta.ratings).toBeLessThan(0.27);
  });
});

describe('cold-start splits (coldUsersSplit, coldItemsSplit)', () => {
  /** Every test row's key (user or item) has no train row, and every row of such a key is in test. */
  function expectWhole(data: SplitData, s: SplitResult, side: 'users' | 'items'): number[] {
    const test = expectPartition(data, s);
    const keys = data.ratings[side];
    const held = new Set(test.map((r) => keys[r] as number));
    expect(Array.from(s.train).filter((r) => held.has(keys[r] as number))).toEqual([]);
    return [...held].sort((a, b) => a - b);
  }

  it('cold-users: round(f · n) of the n users with ratings, every rating of theirs in test (hand-worked, seed 42)', () => {
    // Users 0…5 with 3, 1, 2, 4, 0, 5 ratings (user u rates items 0…n_u − 1): 5 users have ratings
    // ([0, 1, 2, 3, 5]), round(0.3 · 5) = round(1.5) = 2 are held out. mulberry32(42) draws
    // randomInt(5) = 3 (swap positions 0 and 3 → [3, 1, 2, 0, 5]) and then 1 + randomInt(4) = 2
    // (swap positions 1 and 2 → [3, 2, 1, 0, 5]): users 3 and 2, with 4 + 2 = 6 ratings; train keeps
    // 3 + 1 + 5 = 9. No item is rated by users 3 and 2 only (user 5 rates items 0…4), so coldItems = 0.
    const data = usersWith([3, 1, 2, 4, 0, 5]);
    const s = coldUsersSplit(data, settings('cold-users', { testFraction: 0.3 }));
    expect(expectWhole(data, s, 'users')).toEqual([2, 3]);
    expect(s.summary).toEqual({ trainRatings: 9, testRatings: 6, testUsers: 2, usersKeptInTrain: 0, unknownUsers: 0, unknownItems: 0, unknownRows: 0, coldUsers: 2, coldItems: 0 });
    // At least 1 (round(0.01 · 5) = 0 → 1) and at most n − 1 (round(0.99 · 5) = 5 → 4): train is never empty.
    expect(coldUsersSplit(data, settings('cold-users', { testFraction: 0.01 })).summary.coldUsers).toBe(1);
    expect(coldUsersSplit(data, settings('cold-users', { testFraction: 0.99 })).summary.coldUsers).toBe(4);
  });

  it('cold-items: round(f · n) of the n items with ratings, every rating of theirs in test; users left with nothing are counted', () => {
    // Items: 0 ← users 0, 2; 1 ← users 0, 1; 2 ← user 2. round(0.3 · 3) = round(0.9) = 1 item held
    // out: mulberry32(42)'s first draw 0.6011 → randomInt(3) = 1, so item 1 (rows 1 and 2). User 1
    // rated only item 1: a cold user too (coldUsers 1); user 0 keeps item 0.
    const data = dataOf([[0, 0, 5], [0, 1, 4], [1, 1, 3], [2, 0, 2], [2, 2, 1]], 3, 3);
    const s = coldItemsSplit(data, settings('cold-items', { testFraction: 0.3 }));
    expect(expectWhole(data, s, 'items')).toEqual([1]);
    expect(expectPartition(data, s)).toEqual([1, 2]);
    expect(Array.from(s.train)).toEqual([0, 3, 4]);
    expect([s.summary.testUsers, s.summary.coldItems, s.summary.coldUsers]).toEqual([2, 1, 1]);
  });

  it('same seed → same split; another seed → another; uniform over seeds', () => {
    const data = usersWith([3, 1, 2, 4, 0, 5]);
    const a = coldUsersSplit(data, settings('cold-users', { testFraction: 0.3 }));
    expect(coldUsersSplit(data, settings('cold-users', { testFraction: 0.3 }))).toEqual(a);
    const others = [1, 2, 3, 4, 5].map((seed) => testRows(data, coldUsersSplit(data, settings('cold-users', { testFraction: 0.3, seed }))).join());
    expect(others.some((o) => o !== testRows(data, a).join())).toBe(true);
    // Each of the 5 users with ratings is held out with probability 2/5: over 2000 seeds mean 800, sd ≈ 22.
    const held = new Array<number>(6).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const u of expectWhole(data, coldUsersSplit(data, settings('cold-users', { testFraction: 0.3, seed })), 'users')) held[u]!++;
    expect(held[4]).toBe(0);
    for (const u of [0, 1, 2, 3, 5]) expect(Math.abs(held[u]! - 800)).toBeLessThan(110);
  });

  it('holds out 60 of the 600 demo users and 40 of the 400 demo items at 10%', () => {
    const demo = splitDataOf(generateDemoDataset());
    const users = coldUsersSplit(demo, settings('cold-users', { testFraction: 0.1 }));
    expect(expectWhole(demo, users, 'users').length).toBe(60);
    expect([users.summary.testUsers, users.summary.coldUsers, users.summary.coldItems]).toEqual([60, 60, 0]);
    const items = coldItemsSplit(demo, settings('cold-items', { testFraction: 0.1 }));
    expect(expectWhole(demo, items, 'items').length).toBe(40);
    expect(items.summary.coldItems).toBe(40);
  });

  it('needs two users (items) with ratings', () => {
    expect(() => coldUsersSplit(usersWith([4]), settings('cold-users'))).toThrow(
      'The cold-users split needs at least 2 users with ratings (one to hold out, one to train on); this dataset has 1.',
    );
    expect(() => coldItemsSplit(itemsWith([3]), settings('cold-items'))).toThrow('The cold-items split needs at least 2 items with ratings');
  });
});

describe('makeSplit, splitName, checkSplitSettings', () => {
  // 6 users with 3…8 ratings each, timestamps = row index.
  const small = usersWith([3, 4, 5, 6, 7, 8]);
  const n = small.ratings.users.length;
  const demo: Dataset = {
    meta: buildDatasetMeta({ name: 'small', ratings: small.ratings, userIds: ['a', 'b', 'c', 'd', 'e', 'f'], itemIds: ['1', '2', '3', '4', '5', '6', '7', '8'], implicit: false, hasTitles: false, hasTimestamps: true }),
    ratings: small.ratings,
    timestamps: Float64Array.from({ length: n }, (_, r) => r),
    userIds: ['a', 'b', 'c', 'd', 'e', 'f'],
    itemIds: ['1', '2', '3', '4', '5', '6', '7', '8'],
    titles: null,
    genres: null,
  };

  it('dispatches on the protocol', () => {
    const d = splitDataOf(demo);
    expect(makeSplit(demo, settings('random'))).toEqual(randomSplit(d, settings('random')));
    expect(makeSplit(demo, settings('per-user', { testFraction: 0.2 }))).toEqual(perUserSplit(d, settings('per-user', { testFraction: 0.2 })));
    expect(makeSplit(demo, settings('temporal'))).toEqual(temporalSplit(d, settings('temporal')));
    // Timestamps follow the rows, so the last row of each user is its latest.
    expect(Array.from(makeSplit(demo, settings('temporal')).test.items)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(makeSplit(demo, settings('msr'))).toEqual(msrSplit(d, settings('msr')));
    expect(makeSplit(demo, settings('cold-users', { testFraction: 0.5 }))).toEqual(coldUsersSplit(d, settings('cold-users', { testFraction: 0.5 })));
    expect(makeSplit(demo, settings('cold-items', { testFraction: 0.5 }))).toEqual(coldItemsSplit(d, settings('cold-items', { testFraction: 0.5 })));
    expect(() => makeSplit(demo, settings('predefined'))).toThrow('A predefined split comes from a test file');
  });

  it('names splits', () => {
    expect(splitName(settings('random', { testFraction: 0.1 }))).toBe('random 10% · seed 42');
    expect(splitName(settings('random', { testFraction: 0.125, seed: 7 }))).toBe('random 12.5% · seed 7');
    expect(splitName(settings('per-user', { testFraction: 0.2 }))).toBe('per-user 20% · seed 42');
    expect(splitName(settings('temporal', { lastN: 1 }))).toBe('leave last out (last 1 per user)');
    expect(splitName(settings('temporal', { lastN: 3 }))).toBe('last 3 per user');
    expect(splitName(settings('temporal', { lastN: 5 }))).toBe('last 5 per user');
    expect(splitName(settings('msr'))).toBe('msr 75/25 by item · seed 42');
    expect(splitName(settings('cold-users', { testFraction: 0.1 }))).toBe('cold users (10% of users held out entirely) · seed 42');
    expect(splitName(settings('cold-items', { testFraction: 0.25, seed: 7 }))).toBe('cold items (25% of items held out entirely) · seed 7');
    expect(splitName(settings('predefined'), 'u1.test')).toBe('u1.test');
  });

  it('rejects settings out of range with a specific message', () => {
    expect(() => checkSplitSettings(settings('random', { testFraction: 1 }))).toThrow('Invalid random split settings: the test fraction must be between 0 and 1 (exclusive), got 1.');
    expect(() => makeSplit(demo, settings('per-user', { testFraction: 0 }))).toThrow('Invalid per-user split settings: the test fraction must be between 0 and 1 (exclusive), got 0.');
    expect(() => makeSplit(demo, settings('temporal', { lastN: 0 }))).toThrow('Invalid temporal split settings: the number of latest ratings per user must be a whole number ≥ 1, got 0.');
    expect(() => makeSplit(demo, settings('msr', { minUserRatings: 2.5 }))).toThrow('Invalid msr split settings: the minimum number of ratings must be a whole number ≥ 0, got 2.5.');
    expect(() => makeSplit(demo, settings('cold-items', { testFraction: 1 }))).toThrow('Invalid cold-items split settings: the test fraction must be between 0 and 1 (exclusive), got 1.');
    expect(() => makeSplit(demo, settings('random', { seed: NaN }))).toThrow('Invalid random split settings: the seed must be a finite number, got NaN.');
    // Settings a protocol does not use are not checked.
    expect(() => checkSplitSettings(settings('temporal', { testFraction: 5 }))).not.toThrow();
  });
});

describe('mapTestRatings and predefinedSplit', () => {
  const userIds = ['alice', 'bob', 'carol'];
  const itemIds = ['x', 'y', 'z'];

  it('maps ids, keeps the last of repeated pairs, and counts unknown users, items and rows', () => {
    const m = mapTestRatings(
      {
        users: ['bob', 'alice', 'dave', 'bob', 'erin', 'dave', 'carol', 'alice'],
        items: ['x', 'z', 'x', 'x', 'w', 'y', 'v', 'z'],
        ratings: Float32Array.from([1, 2, 3, 4, 5, 1, 2, 3]),
      },
      userIds,
      itemIds,
    );
    // Rows 0 and 1 are earlier copies of rows 3 and 7. Unknown: dave (rows 2, 5), erin + w (row 4), v (row 6).
    expect(Array.from(m.test.users)).toEqual([1, 0]);
    expect(Array.from(m.test.items)).toEqual([0, 2]);
    expect(Array.from(m.test.ratings)).toEqual([4, 3]);
    expect(m.summary).toEqual({ testRatings: 2, testUsers: 2, duplicates: 2, unknownUsers: 2, unknownItems: 2, unknownRows: 4 });
  });

  it('trains on every dataset row except the pairs the test file rates', () => {
    // Dataset: alice–x, alice–y, bob–x, carol–z.
    const data = dataOf([[0, 0, 5], [0, 1, 4], [1, 0, 3], [2, 2, 2]], 3, 3);
    const m = mapTestRatings({ users: ['alice', 'bob', 'zed'], items: ['y', 'z', 'x'], ratings: Float32Array.from([1, 2, 3]) }, userIds, itemIds);
    const s = predefinedSplit(data, m);
    expect(Array.from(s.train)).toEqual([0, 2, 3]);
    expect(Array.from(s.test.users)).toEqual([0, 1]);
    expect(Array.from(s.test.items)).toEqual([1, 2]);
    expect(s.summary).toEqual({
      trainRatings: 3,
      testRatings: 2,
      testUsers: 2,
      usersKeptInTrain: 0,
      unknownUsers: 1,
      unknownItems: 0,
      unknownRows: 1,
      overlapRows: 1,
      testDuplicates: 0,
    });
  });

  it('refuses a test file that matches nothing', () => {
    const m = mapTestRatings({ users: ['p', 'q'], items: ['x', 'nope'], ratings: Float32Array.from([1, 2]) }, userIds, itemIds);
    expect(() => predefinedSplit(dataOf([[0, 0, 1]], 3, 3), m)).toThrow('None of the 2 test ratings has a user and an item of the training data (2 unknown user ids, 1 unknown item id)');
  });
});
