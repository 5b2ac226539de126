/** Building slates: the top n eligible items by a score, uniform picks, and the buffer a policy fills. */
import { randomInt } from '../math/random';
import type { Rng } from '../math/random';

/**
 * One slate as a policy chose it, in reusable typed arrays (no allocation per step). For slot j:
 * `items[j]`, `estimate[j]` = x·θ̂_u, `score[j]` the ranking score (NaN for a random pick),
 * `extra[j]` the UCB bonus or sampled score (NaN: none), `explored[j]` = 1 for a uniform pick.
 */
export interface SlateBuffer {
  length: number;
  items: Int32Array;
  estimate: Float64Array;
  score: Float64Array;
  extra: Float64Array;
  explored: Uint8Array;
}

export function createSlateBuffer(n: number): SlateBuffer {
  return { length: 0, items: new Int32Array(n), estimate: new Float64Array(n), score: new Float64Array(n), extra: new Float64Array(n), explored: new Uint8Array(n) };
}

/** Appends one slot. */
export function pushSlot(slate: SlateBuffer, item: number, estimate: number, score: number, extra: number, explored: boolean): void {
  const j = slate.length;
  slate.items[j] = item;
  slate.estimate[j] = estimate;
  slate.score[j] = score;
  slate.extra[j] = extra;
  slate.explored[j] = explored ? 1 : 0;
  slate.length = j + 1;
}

/** Whether `item` is among the first `length` entries of `items`. */
export function contains(items: Int32Array, length: number, item: number): boolean {
  for (let j = 0; j < length; j++) if (items[j] === item) return true;
  return false;
}

/**
 * The (at most) n items of highest score whose `blocked[base + i]` is 0, best first; NaN scores are
 * skipped. Items are visited from index `start` round the catalogue and ties go to the one visited
 * first (a random `start` breaks exact ties at random, e.g. the all-zero estimates of a cold start).
 * Writes them to `out` and returns how many. O(items + n·inserts).
 */
export function topN(scores: Float64Array, nItems: number, blocked: Uint8Array, base: number, n: number, out: Int32Array, start = 0): number {
  let count = 0;
  const best = new Float64Array(n);
  for (let v = 0; v < nItems; v++) {
    const i = v + start < nItems ? v + start : v + start - nItems;
    if (blocked[base + i] !== 0) continue;
    const s = scores[i] as number;
    if (!(s === s)) continue;
    if (count === n && !(s > (best[n - 1] as number))) continue;
    let j = count < n ? count++ : n - 1;
    while (j > 0 && s > (best[j - 1] as number)) {
      best[j] = best[j - 1] as number;
      out[j] = out[j - 1] as number;
      j--;
    }
    best[j] = s;
    out[j] = i;
  }
  return count;
}

/**
 * A uniform item among those not blocked (`blocked[base + i]` = 0) and not among the first `taken`
 * of `slate`; −1 when there is none. Rejection sampling (a few draws), then an exact pick by count.
 */
export function uniformEligible(rng: Rng, nItems: number, blocked: Uint8Array, base: number, slate: Int32Array, taken: number): number {
  for (let attempt = 0; attempt < 32; attempt++) {
    const i = randomInt(rng, nItems);
    if (blocked[base + i] === 0 && !contains(slate, taken, i)) return i;
  }
  let eligible = 0;
  for (let i = 0; i < nItems; i++) if (blocked[base + i] === 0 && !contains(slate, taken, i)) eligible++;
  if (eligible === 0) return -1;
  let k = randomInt(rng, eligible);
  for (let i = 0; i < nItems; i++) {
    if (blocked[base + i] !== 0 || contains(slate, taken, i)) continue;
    if (k-- === 0) return i;
  }
  return -1;
}
