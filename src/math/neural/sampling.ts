/**
 * Training examples of the neural recommenders: every positive interaction (label its target,
 * 1 for BCE) followed by `negatives` sampled negatives (label 0), drawn uniformly from the items
 * the user has no positive with, fresh every epoch from the one seeded rng (so every backend
 * trains on the same examples). Pure.
 */
import { randomInt } from '../random';
import type { Rng } from '../random';
import type { Csr } from '../sparse';

/** The positive interactions, with the label each trains towards. */
export interface PositiveRows {
  users: Int32Array;
  items: Int32Array;
  /** Label of each positive: 1 for BCE; for MSE the rating scaled to [0, 1]. */
  targets: Float32Array;
}

/** One epoch's examples, in sampling order (positive, its negatives, next positive, …). */
export interface EpochExamples {
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
  /** Number of examples. */
  length: number;
}

/** True when `item` is among row `user`'s columns (binary search; columns ascend within a row). */
export function hasEntry(m: Csr, user: number, item: number): boolean {
  let lo = m.indptr[user] as number;
  let hi = (m.indptr[user + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = m.indices[mid] as number;
    if (c === item) return true;
    if (c < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The k-th item (0-based, ascending) that is NOT in row `user` of `m`, by walking the row's sorted
 * columns: each column ≤ the candidate shifts it up by one.
 */
function kthAbsent(m: Csr, user: number, k: number): number {
  let item = k;
  for (let p = m.indptr[user] as number, end = m.indptr[user + 1] as number; p < end; p++) {
    if ((m.indices[p] as number) <= item) item++;
    else break;
  }
  return item;
}

/**
 * One negative for `user`: an item uniform over the nItems − deg items with no positive of the
 * user (deg = its positives in `exclude`), or −1 when there is none. Sparse rows draw and redraw
 * (rejection: each draw uses one rng number); rows covering more than half the catalogue draw the
 * rank k ∈ [0, nItems − deg) and take the k-th absent item (one rng number).
 */
export function sampleNegative(exclude: Csr, user: number, nItems: number, rng: Rng): number {
  const deg = (exclude.indptr[user + 1] as number) - (exclude.indptr[user] as number);
  if (deg >= nItems) return -1;
  if (2 * deg > nItems) return kthAbsent(exclude, user, randomInt(rng, nItems - deg));
  for (;;) {
    const item = randomInt(rng, nItems);
    if (!hasEntry(exclude, user, item)) return item;
  }
}

/**
 * The examples of one epoch: for each positive (in the given order) the positive with its target,
 * then `negatives` items drawn by sampleNegative with label 0 (fewer when the user has a positive
 * with every item). Writes into `into` when it is large enough (its arrays are reused).
 */
export function sampleEpoch(positives: PositiveRows, exclude: Csr, nItems: number, negatives: number, rng: Rng, into?: EpochExamples): EpochExamples {
  const cap = positives.users.length * (1 + negatives);
  const out =
    into && into.users.length >= cap
      ? into
      : { users: new Int32Array(cap), items: new Int32Array(cap), labels: new Float32Array(cap), length: 0 };
  let n = 0;
  for (let p = 0; p < positives.users.length; p++) {
    const u = positives.users[p] as number;
    out.users[n] = u;
    out.items[n] = positives.items[p] as number;
    out.labels[n] = positives.targets[p] as number;
    n++;
    for (let s = 0; s < negatives; s++) {
      const item = sampleNegative(exclude, u, nItems, rng);
      if (item < 0) break;
      out.users[n] = u;
      out.items[n] = item;
      out.labels[n] = 0;
      n++;
    }
  }
  out.length = n;
  return out;
}

/**
 * How many examples sampleEpoch makes per epoch (the same every epoch): each positive plus
 * `negatives` negatives, none for a user with a positive at every item.
 */
export function epochExampleCount(positives: PositiveRows, exclude: Csr, nItems: number, negatives: number): number {
  let n = 0;
  for (let p = 0; p < positives.users.length; p++) {
    const u = positives.users[p] as number;
    const deg = (exclude.indptr[u + 1] as number) - (exclude.indptr[u] as number);
    n += 1 + (deg >= nItems ? 0 : negatives);
  }
  return n;
}
