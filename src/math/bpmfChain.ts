/** The state of a BPMF Gibbs chain (./bpmf) as data: its start, copies, and the size checks of a saved one. */
import { randomNormal } from './random';
import type { Rng } from './random';
import type { BpmfOptions } from './bpmf';

/**
 * Everything a sweep and the posterior read besides the data and options: the current sample, the
 * last sweep's hyperparameters (the posterior falls back to them when nothing was kept), α, and the
 * running sums of the kept samples. With the rng state it continues the chain exactly.
 */
export interface BpmfChainState {
  users: Float64Array;
  items: Float64Array;
  userMean: Float64Array;
  userPrecision: Float64Array;
  itemMean: Float64Array;
  itemPrecision: Float64Array;
  alpha: number;
  sums: { users: Float64Array; items: Float64Array; userMean: Float64Array; userPrecision: Float64Array; alpha: number };
  kept: number;
}

/** Throws unless `c`'s tables have the sizes of a chain with these dimensions. */
export function checkChain(c: BpmfChainState, nUsers: number, nItems: number, d: number): void {
  const sizes: [string, Float64Array, number][] = [
    ['users', c.users, nUsers * d],
    ['items', c.items, nItems * d],
    ['userMean', c.userMean, d],
    ['userPrecision', c.userPrecision, d * d],
    ['itemMean', c.itemMean, d],
    ['itemPrecision', c.itemPrecision, d * d],
    ['sums.users', c.sums.users, nUsers * d],
    ['sums.items', c.sums.items, nItems * d],
    ['sums.userMean', c.sums.userMean, d],
    ['sums.userPrecision', c.sums.userPrecision, d * d],
  ];
  for (const [name, a, n] of sizes) {
    if (a.length !== n) throw new Error(`BPMF: the saved chain's ${name} has ${a.length} entries, this run's ${n} (${nUsers} users × ${nItems} items, d ${d})`);
  }
}

/** The chain before the first sweep: biases 0, factors N(0, initStd²) (users first), hyperparameters and sums 0, α options.alpha. */
export function initialChain(rng: Rng, nUsers: number, nItems: number, d: number, options: BpmfOptions): BpmfChainState {
  const users = new Float64Array(nUsers * d);
  const items = new Float64Array(nItems * d);
  for (let u = 0; u < nUsers; u++) for (let c = 1; c < d; c++) users[u * d + c] = randomNormal(rng, 0, options.initStd);
  for (let i = 0; i < nItems; i++) for (let c = 1; c < d; c++) items[i * d + c] = randomNormal(rng, 0, options.initStd);
  return {
    users,
    items,
    userMean: new Float64Array(d),
    userPrecision: new Float64Array(d * d),
    itemMean: new Float64Array(d),
    itemPrecision: new Float64Array(d * d),
    alpha: options.alpha,
    sums: { users: new Float64Array(nUsers * d), items: new Float64Array(nItems * d), userMean: new Float64Array(d), userPrecision: new Float64Array(d * d), alpha: 0 },
    kept: 0,
  };
}

/** A copy of `c` with fresh arrays. */
export function copyChain(c: BpmfChainState): BpmfChainState {
  const { sums } = c;
  return {
    users: c.users.slice(),
    items: c.items.slice(),
    userMean: c.userMean.slice(),
    userPrecision: c.userPrecision.slice(),
    itemMean: c.itemMean.slice(),
    itemPrecision: c.itemPrecision.slice(),
    alpha: c.alpha,
    sums: { users: sums.users.slice(), items: sums.items.slice(), userMean: sums.userMean.slice(), userPrecision: sums.userPrecision.slice(), alpha: sums.alpha },
    kept: c.kept,
  };
}
