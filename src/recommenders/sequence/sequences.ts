/** Each user's training items in time order: what the sequence model reads. */
import type { TrainSet } from '../types';

/** Users' item sequences, flat: user u's items are `items[offsets[u] … offsets[u+1])`, oldest first. */
export interface UserSequences {
  offsets: Int32Array;
  items: Int32Array;
}

/** The error a sequence method throws on a dataset without timestamps. */
export const NEEDS_TIMESTAMPS = 'needs timestamps: this dataset has no timestamp column, so there is no order to learn from';

/**
 * Every user's training items ordered by timestamp (equal timestamps: the earlier row first), each
 * cut to its LAST `maxLength` items (the most recent ones). Throws NEEDS_TIMESTAMPS when the training
 * set has none.
 */
export function userSequences(train: TrainSet, maxLength: number): UserSequences {
  const times = train.timestamps;
  if (times === null) throw new Error(NEEDS_TIMESTAMPS);
  const { users, items } = train.ratings;
  const n = users.length;
  if (times.length !== n) throw new Error(`${times.length} timestamps for ${n} training ratings`);
  const count = new Int32Array(train.nUsers + 1);
  for (let r = 0; r < n; r++) count[users[r]! + 1]!++;
  const start = new Int32Array(train.nUsers + 1);
  for (let u = 0; u < train.nUsers; u++) start[u + 1] = start[u]! + count[u + 1]!;
  const rowsByUser = new Int32Array(n);
  const next = start.slice(0, train.nUsers);
  for (let r = 0; r < n; r++) rowsByUser[next[users[r]!]!++] = r;
  const offsets = new Int32Array(train.nUsers + 1);
  for (let u = 0; u < train.nUsers; u++) offsets[u + 1] = offsets[u]! + Math.min(maxLength, start[u + 1]! - start[u]!);
  const out = new Int32Array(offsets[train.nUsers]!);
  const byTime = (a: number, b: number): number => times[a]! - times[b]! || a - b;
  for (let u = 0; u < train.nUsers; u++) {
    const own = rowsByUser.slice(start[u]!, start[u + 1]!).sort(byTime);
    const keep = offsets[u + 1]! - offsets[u]!;
    for (let j = 0; j < keep; j++) out[offsets[u]! + j] = items[own[own.length - keep + j]!]!;
  }
  return { offsets, items: out };
}

/** User u's sequence (a view). */
export function sequenceOf(seqs: UserSequences, u: number): Int32Array {
  return seqs.items.subarray(seqs.offsets[u]!, seqs.offsets[u + 1]!);
}
