/**
 * The users a model's validation ranking figures are measured on. Ranking every item for every
 * held-out user costs users × items scores: at 160 000 users × 59 000 items (MovieLens 25M) that is
 * tens of minutes after a fit of a minute or two. So nDCG@10 and hit rate@10 are measured on a seeded
 * sample of at most VALIDATION_RANKING_USERS held-out users (all of them when there are fewer, as on
 * MovieLens 100K); RMSE and MAE still use every held-out rating.
 */
import type { RatingsColumns } from '../data/types';
import { createRng, shuffleInPlace } from '../math/random';

/** At most this many held-out users are ranked for a trained model's validation nDCG@10 and hit rate@10. */
export const VALIDATION_RANKING_USERS = 1000;

/** What rowsOfSampledUsers returns. */
export interface SampledRows {
  /** The held-out rows of the sampled users, in their original order (the input itself when nothing was left out). */
  rows: RatingsColumns;
  /** Distinct users in `rows`. */
  users: number;
  /** Distinct users in the input. */
  ofUsers: number;
}

/**
 * The rows of at most `maxUsers` distinct users of `rows`: all of them when there are no more than
 * that, else a sample drawn by a seeded shuffle of the distinct users in ascending order (the same
 * rows and seed give the same sample).
 */
export function rowsOfSampledUsers(rows: RatingsColumns, maxUsers: number, seed: number): SampledRows {
  if (!(Number.isInteger(maxUsers) && maxUsers >= 1)) throw new RangeError(`maxUsers must be a whole number ≥ 1, got ${maxUsers}`);
  const n = rows.users.length;
  let top = -1;
  for (let j = 0; j < n; j++) top = Math.max(top, rows.users[j] as number);
  const seen = new Uint8Array(top + 1);
  let distinct = 0;
  for (let j = 0; j < n; j++) {
    const u = rows.users[j] as number;
    if (seen[u] === 0) {
      seen[u] = 1;
      distinct++;
    }
  }
  if (distinct <= maxUsers) return { rows, users: distinct, ofUsers: distinct };
  const order = new Int32Array(distinct);
  for (let u = 0, at = 0; u <= top; u++) if (seen[u] === 1) order[at++] = u;
  shuffleInPlace(createRng(seed), order);
  seen.fill(0);
  for (let t = 0; t < maxUsers; t++) seen[order[t] as number] = 1;
  let kept = 0;
  for (let j = 0; j < n; j++) kept += seen[rows.users[j] as number] as number;
  const out: RatingsColumns = { users: new Int32Array(kept), items: new Int32Array(kept), ratings: new Float32Array(kept) };
  for (let j = 0, at = 0; j < n; j++) {
    if (seen[rows.users[j] as number] === 1) {
      out.users[at] = rows.users[j] as number;
      out.items[at] = rows.items[j] as number;
      out.ratings[at] = rows.ratings[j] as number;
      at++;
    }
  }
  return { rows: out, users: maxUsers, ofUsers: distinct };
}
