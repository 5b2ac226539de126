/** Mapping a predefined test file's ids through the training dataset's id maps. */
import type { RatingsColumns } from './types';

/** A test file's ratings with their original ids, in file order. */
export interface TestRatingsById {
  users: string[];
  items: string[];
  ratings: Float32Array;
}

/** What mapTestRatings found. */
export interface TestMappingSummary {
  /** Test ratings kept: known user and item, last of each repeated pair. */
  testRatings: number;
  /** Distinct users among them. */
  testUsers: number;
  /** Earlier rows of a (user, item) pair repeated later in the test file, dropped (the last one wins). */
  duplicates: number;
  /** Distinct user ids / item ids of the test file that the training data does not have. */
  unknownUsers: number;
  unknownItems: number;
  /** Rows (after removing duplicates) dropped because their user or item is unknown. */
  unknownRows: number;
}

/** A test file mapped into the training data's index space. */
export interface MappedTestRatings {
  /** In test-file order. */
  test: RatingsColumns;
  summary: TestMappingSummary;
}

/** A map from id to its index in `ids`. */
function indexOfIds(ids: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  ids.forEach((id, k) => m.set(id, k));
  return m;
}

/**
 * `predefined`: map a test file's ratings through the training dataset's id maps (`userIds[u]` is
 * the id of user index u). First repeated (user, item) pairs are reduced to their last row; then
 * rows whose user or item id the training data does not have are dropped and counted — distinct
 * unknown user ids, distinct unknown item ids, and rows — never silently.
 */
export function mapTestRatings(test: TestRatingsById, userIds: readonly string[], itemIds: readonly string[]): MappedTestRatings {
  const n = test.users.length;
  if (test.items.length !== n || test.ratings.length !== n) {
    throw new Error(`Test ratings columns differ in length (users ${n}, items ${test.items.length}, ratings ${test.ratings.length}).`);
  }
  // Keep the last row of each (user, item) pair: walk backwards, remember pairs seen.
  const seen = new Map<string, Set<string>>();
  const keep = new Uint8Array(n);
  let duplicates = 0;
  for (let k = n - 1; k >= 0; k--) {
    const u = test.users[k] as string;
    const i = test.items[k] as string;
    let itemsOfUser = seen.get(u);
    if (!itemsOfUser) seen.set(u, (itemsOfUser = new Set()));
    if (itemsOfUser.has(i)) {
      duplicates++;
      continue;
    }
    itemsOfUser.add(i);
    keep[k] = 1;
  }
  const userIndex = indexOfIds(userIds);
  const itemIndex = indexOfIds(itemIds);
  const unknownUserIds = new Set<string>();
  const unknownItemIds = new Set<string>();
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const testUserSet = new Set<number>();
  let unknownRows = 0;
  for (let k = 0; k < n; k++) {
    if (keep[k] === 0) continue;
    const uid = test.users[k] as string;
    const iid = test.items[k] as string;
    const u = userIndex.get(uid);
    const i = itemIndex.get(iid);
    if (u === undefined) unknownUserIds.add(uid);
    if (i === undefined) unknownItemIds.add(iid);
    if (u === undefined || i === undefined) {
      unknownRows++;
      continue;
    }
    users.push(u);
    items.push(i);
    ratings.push(test.ratings[k] as number);
    testUserSet.add(u);
  }
  return {
    test: { users: Int32Array.from(users), items: Int32Array.from(items), ratings: Float32Array.from(ratings) },
    summary: {
      testRatings: users.length,
      testUsers: testUserSet.size,
      duplicates,
      unknownUsers: unknownUserIds.size,
      unknownItems: unknownItemIds.size,
      unknownRows,
    },
  };
}
