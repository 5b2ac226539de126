/**
 * A MovieLens-25M-shaped ratings file for `npm run bench -- --scale` (scripts/bench-scale.mjs):
 * `userId,movieId,rating,timestamp` with a header, ratings 0.5–5 in half steps, about 162 000 users
 * and 59 000 items at 25 M ratings. Never committed: written to a temporary directory, streamed
 * (a few MB at a time), from a seed, so the same arguments give the same bytes.
 *
 * Shape: user activity is Pareto-tailed (every user at least 20 ratings, as in MovieLens; a few
 * thousand at most), item popularity Zipf-like (weight (rank + 10)^-1.1, with 3 % of the draws uniform
 * so the tail items get ratings too); a user rates an item at most once. Ratings come from a small
 * planted model (global mean, user and item biases, 4 latent factors, noise) rounded to half steps.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRng, randomNormal } from '../src/math/random';

/** MovieLens 25M's users and items, and its ratings (25 000 095). */
export const ML25M_SHAPE = { ratings: 25_000_095, users: 162_541, items: 59_047 } as const;

/** What writeScaleFile wrote. */
export interface ScaleFile {
  path: string;
  ratings: number;
  users: number;
  /** Distinct items that got at least one rating. */
  items: number;
  bytes: number;
  ms: number;
}

/** Options of writeScaleFile. */
export interface ScaleOptions {
  /** Ratings to write (default: MovieLens 25M's count). */
  ratings?: number;
  /** Users (default: MovieLens 25M's users scaled by ratings / 25 M). */
  users?: number;
  /** The item catalogue (default 59 047, whatever the number of ratings). */
  items?: number;
  seed?: number;
}

const MIN_PER_USER = 20;
const ZIPF_OFFSET = 10;
const ZIPF_EXPONENT = 1.1;
const UNIFORM_SHARE = 0.03;
const LATENT = 4;

/** Greatest common divisor. */
function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Ratings per user: MIN_PER_USER plus a Pareto(α = 1.15) excess, capped at a tenth of the catalogue,
 * rescaled so that they add up to exactly `ratings`.
 */
function userCounts(users: number, items: number, ratings: number, rng: () => number): Int32Array {
  const cap = Math.max(MIN_PER_USER, Math.min(8000, Math.floor(items / 10)));
  if (ratings < users * MIN_PER_USER || ratings > users * cap) throw new RangeError(`${ratings} ratings do not fit ${users} users with ${MIN_PER_USER}…${cap} each`);
  const raw = new Float64Array(users);
  let sum = 0;
  for (let u = 0; u < users; u++) {
    raw[u] = Math.min(cap, MIN_PER_USER * (Math.pow(1 - rng(), -1 / 1.15) - 1));
    sum += raw[u] as number;
  }
  const excess = ratings - users * MIN_PER_USER;
  const counts = new Int32Array(users);
  let total = 0;
  for (let u = 0; u < users; u++) {
    counts[u] = Math.min(cap, MIN_PER_USER + Math.floor(((raw[u] as number) * excess) / sum));
    total += counts[u] as number;
  }
  // hand out the remainder (rounding, capping) one rating at a time, round-robin
  for (let u = 0; total < ratings; u = (u + 1) % users) {
    if ((counts[u] as number) < cap) {
      counts[u] = (counts[u] as number) + 1;
      total++;
    }
  }
  return counts;
}

/** Writes the file to `path` (see the module comment) and returns what it holds. */
export function writeScaleFile(path: string, options: ScaleOptions = {}): ScaleFile {
  const started = performance.now();
  const ratings = options.ratings ?? ML25M_SHAPE.ratings;
  const items = options.items ?? ML25M_SHAPE.items;
  const users = options.users ?? Math.max(1, Math.round((ML25M_SHAPE.users * ratings) / ML25M_SHAPE.ratings));
  const rng = createRng(options.seed ?? 2019);
  const next = () => rng.next();

  // item popularity: a Zipf-like cumulative distribution over ranks, and rank → item id by a
  // multiplicative permutation (popular items are not the low ids)
  const cdf = new Float64Array(items);
  let acc = 0;
  for (let r = 0; r < items; r++) cdf[r] = acc += Math.pow(r + ZIPF_OFFSET, -ZIPF_EXPONENT);
  for (let r = 0; r < items; r++) cdf[r] = (cdf[r] as number) / acc;
  let step = 7919;
  while (gcd(step, items) !== 1) step++;
  const drawRank = (): number => {
    if (next() < UNIFORM_SHARE) return Math.floor(next() * items);
    const x = next();
    let lo = 0;
    let hi = items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // the planted model, per item rank
  const itemBias = new Float32Array(items);
  const itemVec = new Float32Array(items * LATENT);
  for (let r = 0; r < items; r++) {
    itemBias[r] = randomNormal(rng, 0.25 * (1 - r / items), 0.45); // popular items rate a little higher
    for (let c = 0; c < LATENT; c++) itemVec[r * LATENT + c] = randomNormal(rng, 0, 0.5);
  }
  const counts = userCounts(users, items, ratings, next);
  const seenBy = new Int32Array(items).fill(-1);
  const rated = new Uint8Array(items);
  const userVec = new Float64Array(LATENT);

  const fd = openSync(path, 'w');
  const buffer = Buffer.allocUnsafe(4 << 20);
  let at = 0;
  let bytes = 0;
  const flush = (): void => {
    writeSync(fd, buffer, 0, at);
    bytes += at;
    at = 0;
  };
  /** Writes a non-negative integer's decimal digits. */
  const putInt = (n: number): void => {
    if (n >= 10) putInt(Math.floor(n / 10));
    buffer[at++] = 48 + (n % 10);
  };
  try {
    at += buffer.write('userId,movieId,rating,timestamp\n', at, 'latin1');
    for (let u = 0; u < users; u++) {
      const userBias = randomNormal(rng, 0, 0.4);
      for (let c = 0; c < LATENT; c++) userVec[c] = randomNormal(rng, 0, 0.5);
      const n = counts[u] as number;
      const from = 946_684_800 + Math.floor(next() * 560_000_000); // 2000 … 2017
      const span = Math.floor(next() * 60_000_000);
      for (let j = 0; j < n; j++) {
        let r = drawRank();
        for (let tries = 0; seenBy[r] === u; tries++) r = tries < 64 ? drawRank() : Math.floor(next() * items);
        seenBy[r] = u;
        rated[r] = 1;
        let dot = 0;
        for (let c = 0; c < LATENT; c++) dot += (userVec[c] as number) * (itemVec[r * LATENT + c] as number);
        const raw = 3.55 + userBias + (itemBias[r] as number) + dot + randomNormal(rng, 0, 0.7);
        const halves = Math.min(10, Math.max(1, Math.round(raw * 2)));
        if (at > buffer.length - 64) flush();
        putInt(u + 1);
        buffer[at++] = 44;
        putInt(1 + ((r * step) % items));
        buffer[at++] = 44;
        putInt(halves >> 1);
        buffer[at++] = 46;
        buffer[at++] = halves & 1 ? 53 : 48;
        buffer[at++] = 44;
        putInt(from + Math.floor((span * j) / n));
        buffer[at++] = 10;
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  let distinct = 0;
  for (let r = 0; r < items; r++) distinct += rated[r] as number;
  return { path, ratings, users, items: distinct, bytes, ms: performance.now() - started };
}
