/**
 * Small worlds built from a seed, for tests and for trying policies without a dataset: a factor
 * world (random users and items in k dimensions, clicks by the probit link) and a bandit world
 * (items with fixed click probabilities, the same for every user, seen through one-hot features).
 */
import { createRng, randomInt, randomNormal } from '../math/random';
import type { ItemFeatures, World } from './types';
import { createWorld, itemFeatures } from './world';

export interface SyntheticWorld {
  world: World;
  features: ItemFeatures;
  /** Rating counts per item (for the head share and popularity percentiles). */
  popularity: Int32Array;
}

/**
 * A factor world: `r̂_ui = 3 + b_u + b_i + q_u·p_i` with every entry of q_u, p_i drawn N(0, s²)
 * (s = `spread`, default 0.6), b_u ~ N(0, 0.3²), b_i ~ N(0, 0.5²); clicks `p = Φ((r̂ − 4)/0.5)`;
 * item i's popularity is a count that grows with b_i. No ratings (cold start only).
 */
export function factorWorld(seed: number, nUsers: number, nItems: number, k: number, spread = 0.6): SyntheticWorld {
  const rng = createRng(seed);
  const q = Float32Array.from({ length: nUsers * k }, () => randomNormal(rng, 0, spread));
  const p = Float32Array.from({ length: nItems * k }, () => randomNormal(rng, 0, spread));
  const bu = Float32Array.from({ length: nUsers }, () => randomNormal(rng, 0, 0.3));
  const bi = Float32Array.from({ length: nItems }, () => randomNormal(rng, 0, 0.5));
  const scores = new Float32Array(nUsers * nItems);
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems; i++) {
      let dot = 0;
      for (let f = 0; f < k; f++) dot += (q[u * k + f] as number) * (p[i * k + f] as number);
      scores[u * nItems + i] = 3 + (bu[u] as number) + (bi[i] as number) + dot;
    }
  }
  const popularity = Int32Array.from(bi, (b) => Math.round(20 * Math.exp(b)) + randomInt(rng, 5));
  return { world: createWorld(scores, nUsers, nItems, { kind: 'probit', threshold: 4, sigma: 0.5 }, null), features: itemFeatures(p, bi, nItems, k), popularity };
}

/**
 * A group world: the items come in groups, every item of group g is clicked with probability
 * `groups[g].p` by every user, and the policies see only which group an item is in (x_i = e_g, one-hot
 * over the groups). Learning one item of a group teaches the whole group; a group never shown stays
 * at its prior. Popularity: each group's items have `groups[g].ratings` ratings.
 */
export function groupWorld(groups: readonly { count: number; p: number; ratings: number }[], nUsers: number): SyntheticWorld {
  const d = groups.length;
  const groupOf = groups.flatMap((g, index) => Array.from({ length: g.count }, () => index));
  const nItems = groupOf.length;
  const world: World = {
    nUsers,
    nItems,
    probs: Float32Array.from({ length: nUsers * nItems }, (_, j) => (groups[groupOf[j % nItems] as number] as { p: number }).p),
    link: { kind: 'probit', threshold: 0, sigma: 1 },
    ratings: null,
  };
  const x = new Float64Array(nItems * d);
  const vectors = new Float32Array(nItems * d);
  groupOf.forEach((g, i) => {
    x[i * d + g] = 1;
    vectors[i * d + g] = 1;
  });
  const popularity = Int32Array.from(groupOf, (g) => (groups[g] as { ratings: number }).ratings);
  return { world, features: { nItems, d, x, k: d, vectors }, popularity };
}
