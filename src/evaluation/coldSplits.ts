/**
 * Cold-start splits: a seeded share of the users (`cold-users`) or of the items (`cold-items`) is
 * held out entirely, every one of their ratings in test and none in train, so a method is measured
 * on people or things it has never seen: a cold user can only get what a method answers without
 * history (popularity, the global mean, the prior), and a cold item can only be ranked from its
 * features (content-based, the hybrid). Everyone else is wholly in train.
 */
import { createRng } from '../math/random';
import { checkSplitSettings, drawToFront, EPS, groupRows, percent, resultFromMask, type SplitData, type SplitResult } from './splitCore';
import type { SplitSettings } from './types';

/** Who a cold-start split holds out. */
export type ColdSide = 'user' | 'item';

/** The split's human name, e.g. "cold users (10% of users held out entirely) · seed 42". */
export function coldSplitName(side: ColdSide, settings: SplitSettings): string {
  return `cold ${side}s (${percent(settings.testFraction)}% of ${side}s held out entirely) · seed ${settings.seed}`;
}

/** How many keys (users or items) have ratings but none of them in train. */
function countCold(keys: Int32Array, nKeys: number, isTest: Uint8Array): number {
  const rated = new Uint8Array(nKeys);
  const trained = new Uint8Array(nKeys);
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r] as number;
    rated[k] = 1;
    if (isTest[r] === 0) trained[k] = 1;
  }
  let cold = 0;
  for (let k = 0; k < nKeys; k++) if (rated[k] === 1 && trained[k] === 0) cold++;
  return cold;
}

/**
 * Holds out round(testFraction · n) of the n users (or items) that have ratings (half up; at least
 * 1, at most n − 1, so train is never empty), drawn uniformly by a partial Fisher–Yates shuffle of
 * their indices (ascending) from an rng seeded by settings.seed: every rating of a held-out user
 * (item) goes to test, every other rating to train. minUserRatings and lastN are not used.
 *
 * The summary adds `coldUsers` and `coldItems`: users and items with ratings but none in train.
 * In a cold-users split coldUsers is the number held out (and coldItems the items only they rated);
 * in a cold-items split coldItems is the number held out (and coldUsers the users who rated nothing
 * else). Throws when fewer than 2 users (items) have ratings.
 */
export function coldSplit(data: SplitData, settings: SplitSettings, side: ColdSide): SplitResult {
  checkSplitSettings(settings);
  const protocol = side === 'user' ? 'cold-users' : 'cold-items';
  const keys = side === 'user' ? data.ratings.users : data.ratings.items;
  const nKeys = side === 'user' ? data.nUsers : data.nItems;
  const { start, rows } = groupRows(keys, nKeys, side);
  const active: number[] = [];
  for (let k = 0; k < nKeys; k++) if ((start[k + 1] as number) > (start[k] as number)) active.push(k);
  if (active.length < 2) {
    throw new Error(`The ${protocol} split needs at least 2 ${side}s with ratings (one to hold out, one to train on); this dataset has ${active.length}.`);
  }
  const count = Math.min(active.length - 1, Math.max(1, Math.floor(settings.testFraction * active.length + 0.5 + EPS)));
  const order = Int32Array.from(active);
  drawToFront(createRng(settings.seed), order, count);
  const isTest = new Uint8Array(keys.length);
  for (let c = 0; c < count; c++) {
    const k = order[c] as number;
    for (let p = start[k] as number; p < (start[k + 1] as number); p++) isTest[rows[p] as number] = 1;
  }
  const result = resultFromMask(data, isTest, 0, protocol, () => `no ${side} was held out`);
  result.summary.coldUsers = countCold(data.ratings.users, data.nUsers, isTest);
  result.summary.coldItems = countCold(data.ratings.items, data.nItems, isTest);
  return result;
}

/** `cold-users`: a seeded share of the users held out entirely (see coldSplit). */
export function coldUsersSplit(data: SplitData, settings: SplitSettings): SplitResult {
  return coldSplit(data, settings, 'user');
}

/** `cold-items`: a seeded share of the items held out entirely (see coldSplit). */
export function coldItemsSplit(data: SplitData, settings: SplitSettings): SplitResult {
  return coldSplit(data, settings, 'item');
}
