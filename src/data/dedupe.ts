/** Removes repeated (user, item) pairs, keeping the last one in file order. */
import type { RatingsColumns } from './types';

/** Result of dedupeKeepLast. */
export interface DedupeResult {
  columns: RatingsColumns;
  /** The timestamps of the kept rows (the input array when nothing was dropped), or null when none were given. */
  timestamps: Float64Array | null;
  /** Rows dropped because a later row had the same (user, item). */
  duplicates: number;
}

/** Stable counting sort of `order` by `key[order[k]]`, keys in [0, nKeys). */
function countingSort(order: Uint32Array, key: Int32Array, nKeys: number): Uint32Array {
  const counts = new Uint32Array(nKeys + 1);
  for (let k = 0; k < order.length; k++) counts[(key[order[k] as number] as number) + 1]!++;
  for (let v = 0; v < nKeys; v++) counts[v + 1]! += counts[v] as number;
  const out = new Uint32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const row = order[k] as number;
    out[counts[key[row] as number]!++] = row;
  }
  return out;
}

/**
 * Sort row order by key user·nItems + item (stable; an LSD radix sort: by item, then by user, so
 * O(n + nUsers + nItems), within the O(n log n) budget), keep the last row of each run of equal
 * keys, and return the kept rows in their original file order. `timestamps` (one per row, or null)
 * are carried along with their rows. Returns the input arrays unchanged when there are no duplicates.
 */
export function dedupeKeepLast(columns: RatingsColumns, nUsers: number, nItems: number, timestamps: Float64Array | null = null): DedupeResult {
  const n = columns.users.length;
  if (timestamps && timestamps.length !== n) throw new Error(`dedupeKeepLast: ${timestamps.length} timestamps for ${n} rows.`);
  if (n < 2) return { columns, timestamps, duplicates: 0 };
  const identity = new Uint32Array(n);
  for (let k = 0; k < n; k++) identity[k] = k;
  const order = countingSort(countingSort(identity, columns.items, nItems), columns.users, nUsers);
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const row = order[k] as number;
    const next = order[k + 1];
    const last = next === undefined || columns.users[next] !== columns.users[row] || columns.items[next] !== columns.items[row];
    if (last) {
      keep[row] = 1;
      kept++;
    }
  }
  if (kept === n) return { columns, timestamps, duplicates: 0 };
  const users = new Int32Array(kept);
  const items = new Int32Array(kept);
  const ratings = new Float32Array(kept);
  const times = timestamps ? new Float64Array(kept) : null;
  let j = 0;
  for (let k = 0; k < n; k++) {
    if (keep[k] === 0) continue;
    users[j] = columns.users[k] as number;
    items[j] = columns.items[k] as number;
    ratings[j] = columns.ratings[k] as number;
    if (times) times[j] = (timestamps as Float64Array)[k] as number;
    j++;
  }
  return { columns: { users, items, ratings }, timestamps: times, duplicates: n - kept };
}
