/** Timestamps of the demo data's ratings (./demo): each user's period, with series parts watched back to back. */
import { randomInt, shuffleInPlace, type Rng } from '../math/random';

/** Demo timestamps: users start between 2015-01-01 and 2023-01-01 (unix seconds)… */
const DEMO_TIME_FROM = Date.UTC(2015, 0, 1) / 1000;
const DEMO_TIME_TO = Date.UTC(2023, 0, 1) / 1000;
/** …and rate over 2 weeks to 3 years (log-uniform). */
const DEMO_SPAN_MIN = 14 * 86400;
const DEMO_SPAN_MAX = 3 * 365 * 86400;
/** A sequel is watched 1 hour to 2 days after the part before it (never after the user's next other film). */
const SEQUEL_GAP_MIN = 3600;
const SEQUEL_GAP_MAX = 2 * 86400;

/**
 * Timestamps for one user's films `items` (ascending): a start time and a period, then the films
 * in a random order — except that a film whose previous series part the user also watched is put
 * right after it, 1 hour to 2 days later. Each run of consecutive parts is one block: one time per
 * block is drawn uniformly in the period, the times are sorted and given to the blocks in a random
 * order, and each part after the first follows the one before by a random gap, shortened when
 * needed so that the block ends before the next block starts (and within the period).
 */
export function userTimestamps(rng: Rng, items: readonly number[], previousPart: Int32Array, positionOf: Int32Array, out: Float64Array, from: number): void {
  const start = DEMO_TIME_FROM + Math.floor(rng.next() * (DEMO_TIME_TO - DEMO_TIME_FROM));
  const span = DEMO_SPAN_MIN * Math.pow(DEMO_SPAN_MAX / DEMO_SPAN_MIN, rng.next());
  const end = start + Math.floor(span);
  for (let k = 0; k < items.length; k++) positionOf[items[k] as number] = k;
  // blocks: a film whose previous part is not among the user's films starts one; its sequels follow
  const next = new Int32Array(items.length).fill(-1);
  const heads: number[] = [];
  items.forEach((i, k) => {
    const prev = previousPart[i] as number;
    const p = prev >= 0 ? (positionOf[prev] as number) : -1;
    if (p === -1) heads.push(k);
    else next[p] = k;
  });
  for (const i of items) positionOf[i] = -1;
  const times = new Float64Array(heads.length);
  for (let b = 0; b < times.length; b++) times[b] = start + Math.floor(rng.next() * span);
  times.sort();
  const order = Int32Array.from(heads);
  shuffleInPlace(rng, order);
  for (let b = 0; b < order.length; b++) {
    const k = order[b] as number;
    let t = times[b] as number;
    const limit = b + 1 < times.length ? (times[b + 1] as number) : end;
    out[from + k] = t;
    let parts = 0;
    for (let j = next[k] as number; j >= 0; j = next[j] as number) parts++;
    for (let j = next[k] as number; j >= 0; j = next[j] as number) {
      const room = Math.floor((limit - t - 1) / parts);
      const gap = Math.max(0, Math.min(SEQUEL_GAP_MIN + randomInt(rng, SEQUEL_GAP_MAX - SEQUEL_GAP_MIN), room));
      t += gap;
      parts--;
      out[from + j] = t;
    }
  }
}
