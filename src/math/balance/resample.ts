/**
 * Re-sampling a training set towards the tail, and inverse-propensity weights. Pure; every random
 * choice draws from the seeded generator passed in.
 *
 * The head is as in diagnostics.ts: the ⌈10%⌉ most-rated items of the training set (headMask).
 */
import type { Rng } from '../random';

/**
 * Down-sampling the head: row t is kept when its item is in the tail, and with probability `keep`
 * (one draw `u_t < keep` per head row, in row order) when its item is in the head. Returns the kept
 * row indices, ascending. keep in [0, 1].
 */
export function downsampleHead(items: ArrayLike<number>, head: Uint8Array, keep: number, rng: Rng): Int32Array {
  if (!(keep >= 0 && keep <= 1)) throw new RangeError(`keep must be in [0, 1], got ${keep}`);
  const rows: number[] = [];
  for (let t = 0; t < items.length; t++) {
    if (head[items[t] as number] === 1 && !(rng.next() < keep)) continue;
    rows.push(t);
  }
  return Int32Array.from(rows);
}

/**
 * Up-sampling the tail: each row of a tail item appears ⌊c⌋ times, plus once more with probability
 * c − ⌊c⌋ (one draw per tail row, in row order, only when c is not whole); head rows appear once.
 * The expected number of copies of a tail rating is c (≥ 1). Returns row indices, ascending, each
 * repeated as many times as it appears. A duplicated row weighs that rating c times in a loss that
 * sums over rows; it means nothing to a method that builds a rating matrix (a pair is there or not).
 */
export function upsampleTail(items: ArrayLike<number>, head: Uint8Array, copies: number, rng: Rng): Int32Array {
  if (!(copies >= 1 && Number.isFinite(copies))) throw new RangeError(`copies must be a number ≥ 1, got ${copies}`);
  const whole = Math.floor(copies);
  const extra = copies - whole;
  const rows: number[] = [];
  for (let t = 0; t < items.length; t++) {
    if (head[items[t] as number] === 1) {
      rows.push(t);
      continue;
    }
    let n = whole;
    if (extra > 0 && rng.next() < extra) n++;
    for (let j = 0; j < n; j++) rows.push(t);
  }
  return Int32Array.from(rows);
}

/**
 * Popularity propensity of each item, `p_i = (n_i / max_j n_j)^η` (n_i its training ratings; 0 for
 * an unrated item): the chance, up to a constant, that a rating of item i is observed, modelled as
 * growing with popularity (Steck 2011; η = 0 is uniform, η = 1 proportional to popularity).
 */
export function popularityPropensity(counts: ArrayLike<number>, eta: number): Float64Array {
  let max = 0;
  for (let i = 0; i < counts.length; i++) max = Math.max(max, counts[i] as number);
  return Float64Array.from({ length: counts.length }, (_, i) => {
    const c = counts[i] as number;
    return c > 0 ? Math.pow(c / max, eta) : 0;
  });
}

/**
 * Inverse-propensity weight of each rating row: `w_t = 1 / max(p_{i_t}, clip)`, then scaled so
 * that they average 1 over the rows: `w_t ← w_t · T / Σ_s w_s` (the loss keeps its scale, so the
 * learning rate and λ keep their meaning). Clipping bounds the largest weight at 1/clip before
 * scaling (clip in (0, 1]).
 */
export function ipwWeights(items: ArrayLike<number>, propensity: ArrayLike<number>, clip: number): Float32Array {
  if (!(clip > 0 && clip <= 1)) throw new RangeError(`clip must be in (0, 1], got ${clip}`);
  const n = items.length;
  const w = new Float64Array(n);
  let sum = 0;
  for (let t = 0; t < n; t++) {
    const x = 1 / Math.max(propensity[items[t] as number] as number, clip);
    w[t] = x;
    sum += x;
  }
  const out = new Float32Array(n);
  for (let t = 0; t < n; t++) out[t] = ((w[t] as number) * n) / sum;
  return out;
}
