/**
 * The BPR-MF triple sampler, shared by every BPR trainer so that they all see exactly the same
 * triples for the same seed: minibatch buffers of triples (u, i, j), and the sampler that shuffles
 * the positives once per epoch and draws a negative for each from the one rng (bprTrainingSetup.ts
 * says in which order that rng is drawn).
 */
import { randomInt, shuffleInPlace } from '../math/random';
import type { Rng } from '../math/random';
import type { Csr } from '../math/sparse';

/** A minibatch of triples (u, i, j): i a positive of u, j an item u has no positive with. Entries past `size` are stale. */
export interface BprBatch {
  users: Int32Array;
  pos: Int32Array;
  neg: Int32Array;
  size: number;
}

/** Preallocated buffers for batches of up to `capacity` triples. */
export function createBprBatch(capacity: number): BprBatch {
  return { users: new Int32Array(capacity), pos: new Int32Array(capacity), neg: new Int32Array(capacity), size: 0 };
}

/** Draws the triples of each epoch from one rng. */
export interface BprSampler {
  /** Triples per epoch: the positives of users who have at least one item without a positive. */
  readonly perEpoch: number;
  /** Users who were skipped because they have a positive with every item (no negative to draw). */
  readonly usersWithoutNegatives: number;
  /** Starts an epoch: shuffles the positives in place with the rng (each epoch's order is a shuffle of the last). */
  startEpoch(): void;
  /**
   * Fills `batch` with the epoch's next min(count, left) triples and sets batch.size to that number
   * (0 when the epoch is over): the next positive (u, i) in the shuffled order, then j drawn
   * uniformly from all items, redrawn while u has a positive with j (so j is uniform over u's
   * non-positives).
   */
  next(batch: BprBatch, count: number): number;
  /** The order of the positives now (a copy): at an epoch's end, what the next startEpoch shuffles. */
  order(): Int32Array;
}

/** Throws unless `order` (a checkpoint's sampler order) is a permutation of 0 … n−1. */
function checkOrder(order: Int32Array, n: number): void {
  if (order.length !== n) throw new Error(`the checkpoint's sampler orders ${order.length} positives, this run has ${n}`);
  const seen = new Uint8Array(n);
  for (const a of order) {
    if (!(a >= 0 && a < n) || seen[a] === 1) throw new Error(`the checkpoint's sampler order is not a permutation of the ${n} positives`);
    seen[a] = 1;
  }
}

/** True when the ascending row `indices[from … to)` contains `col`. */
function rowHas(indices: Int32Array, from: number, to: number, col: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = indices[mid] as number;
    if (c === col) return true;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The sampler over the positives `byUser` (a users × items CSR, columns ascending, e.g.
 * positivesOf(train, t).byUser). Every positive of a user with at least one non-positive item
 * takes part, once per epoch ("iterate shuffled positives"), in CSR order before the first shuffle.
 * `order` (a checkpoint's, BprSampler.order()) replaces that first order, to go on after an epoch.
 */
export function createBprSampler(byUser: Csr, rng: Rng, order?: Int32Array): BprSampler {
  const { indptr, indices, nRows: nUsers, nCols: nItems } = byUser;
  let n = 0;
  let skipped = 0;
  for (let u = 0; u < nUsers; u++) {
    const from = indptr[u] as number;
    const to = indptr[u + 1] as number;
    if (to === from) continue;
    let distinct = 1;
    for (let p = from + 1; p < to; p++) if (indices[p] !== indices[p - 1]) distinct++;
    if (distinct >= nItems) skipped++;
    else n += to - from;
  }
  const posUser = new Int32Array(n);
  const posItem = new Int32Array(n);
  const rowFrom = new Int32Array(n);
  const rowTo = new Int32Array(n);
  for (let u = 0, a = 0; u < nUsers; u++) {
    const from = indptr[u] as number;
    const to = indptr[u + 1] as number;
    if (to === from) continue;
    let distinct = 1;
    for (let p = from + 1; p < to; p++) if (indices[p] !== indices[p - 1]) distinct++;
    if (distinct >= nItems) continue;
    for (let p = from; p < to; p++, a++) {
      posUser[a] = u;
      posItem[a] = indices[p] as number;
      rowFrom[a] = from;
      rowTo[a] = to;
    }
  }
  if (order) checkOrder(order, n);
  const current = order ? Int32Array.from(order) : Int32Array.from({ length: n }, (_, a) => a);
  let cursor = n;
  return {
    perEpoch: n,
    usersWithoutNegatives: skipped,
    order: () => current.slice(),
    startEpoch() {
      shuffleInPlace(rng, current);
      cursor = 0;
    },
    next(batch, count) {
      const m = Math.max(0, Math.min(count, n - cursor, batch.users.length));
      for (let b = 0; b < m; b++) {
        const a = current[cursor++] as number;
        const from = rowFrom[a] as number;
        const to = rowTo[a] as number;
        let j = randomInt(rng, nItems);
        while (rowHas(indices, from, to, j)) j = randomInt(rng, nItems);
        batch.users[b] = posUser[a] as number;
        batch.pos[b] = posItem[a] as number;
        batch.neg[b] = j;
      }
      batch.size = m;
      return m;
    },
  };
}
