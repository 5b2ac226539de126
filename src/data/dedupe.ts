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

/** Below this many (user, item) cells (one bit each, 8 MB), repeats are found with a bitmap instead of a sort. */
const MAX_BITMAP_CELLS = 1 << 26;

/** Marks in `keep` the rows no later row repeats, by one backward pass over a bitmap of (user, item) cells. Returns how many. */
function keepLastByBitmap(columns: RatingsColumns, nUsers: number, nItems: number, keep: Uint8Array): number {
  const { users, items } = columns;
  const seen = new Uint8Array(Math.ceil((nUsers * nItems) / 8));
  let kept = 0;
  for (let k = users.length - 1; k >= 0; k--) {
    const cell = (users[k] as number) * nItems + (items[k] as number);
    const byte = cell >>> 3;
    const bit = 1 << (cell & 7);
    const b = seen[byte] as number;
    if ((b & bit) !== 0) continue;
    seen[byte] = b | bit;
    keep[k] = 1;
    kept++;
  }
  return kept;
}

/** Marks in `keep` the last row of each (user, item) by a stable radix sort of the rows. Returns how many. */
function keepLastBySort(columns: RatingsColumns, nUsers: number, nItems: number, keep: Uint8Array): number {
  const n = columns.users.length;
  const identity = new Uint32Array(n);
  for (let k = 0; k < n; k++) identity[k] = k;
  const order = countingSort(countingSort(identity, columns.items, nItems), columns.users, nUsers);
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
  return kept;
}

/**
 * Keep the last row of each (user, item) pair and return the kept rows in their original file order:
 * with a bitmap of the user × item cells, walked from the last row back, when it is small (up to
 * 2^26 cells); otherwise by sorting the rows by key user·nItems + item (stable; an LSD radix sort: by
 * item, then by user, so O(n + nUsers + nItems), within the O(n log n) budget). `timestamps` (one per
 * row, or null) are carried along with their rows. Returns the input arrays unchanged when there are no
 * duplicates. `method` forces one way (for tests).
 */
export function dedupeKeepLast(
  columns: RatingsColumns,
  nUsers: number,
  nItems: number,
  timestamps: Float64Array | null = null,
  method: 'auto' | 'bitmap' | 'sort' = 'auto',
): DedupeResult {
  const n = columns.users.length;
  if (timestamps && timestamps.length !== n) throw new Error(`dedupeKeepLast: ${timestamps.length} timestamps for ${n} rows.`);
  if (n < 2) return { columns, timestamps, duplicates: 0 };
  const keep = new Uint8Array(n);
  const useBitmap = method === 'bitmap' || (method === 'auto' && nUsers * nItems <= MAX_BITMAP_CELLS);
  const kept = useBitmap ? keepLastByBitmap(columns, nUsers, nItems, keep) : keepLastBySort(columns, nUsers, nItems, keep);
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
