import type { RatingsColumns } from '../data/types';

/**
 * Items rated by each user, in compressed rows (CSR): the items of user u are
 * `items[offsets[u] .. offsets[u + 1])`. Built once per dataset by a counting sort.
 */
export interface RatedIndex {
  offsets: Int32Array;
  items: Int32Array;
}

export function buildRatedIndex(r: RatingsColumns, nUsers: number): RatedIndex {
  const offsets = new Int32Array(nUsers + 1);
  for (let k = 0; k < r.users.length; k++) offsets[r.users[k]! + 1]!++;
  for (let u = 0; u < nUsers; u++) offsets[u + 1]! += offsets[u]!;
  const cursor = offsets.slice(0, nUsers);
  const items = new Int32Array(r.users.length);
  for (let k = 0; k < r.users.length; k++) items[cursor[r.users[k]!]!++] = r.items[k]!;
  return { offsets, items };
}

/** A 0/1 mask over items: 1 where the user has rated the item. */
export function ratedMask(index: RatedIndex, user: number, nItems: number): Uint8Array {
  const mask = new Uint8Array(nItems);
  for (let k = index.offsets[user]!; k < index.offsets[user + 1]!; k++) mask[index.items[k]!] = 1;
  return mask;
}
