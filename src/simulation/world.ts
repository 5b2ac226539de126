/**
 * The simulated world: a "true" preference model (fitted by the worker on all of the dataset)
 * turned into click probabilities, the item features the policies are given, the oracle's slate
 * and the warm start. Pure and seeded.
 */
import type { RatingsColumns } from '../data/types';
import { createRng, randomInt } from '../math/random';
import type { ClickLink, ItemFeatures, World } from './types';

/**
 * The standard normal CDF `Φ(z) = ½·erfc(−z/√2)`, with erfc by the Chebyshev fit of Numerical Recipes
 * (`erfcc`, fractional error below 1.2·10⁻⁷ everywhere).
 */
export function normalCdf(z: number): number {
  const x = -z / Math.SQRT2;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.5 * a);
  const erfc =
    t *
    Math.exp(
      -a * a -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return 0.5 * (x >= 0 ? erfc : 2 - erfc);
}

/**
 * Click probability of an expected score under a link:
 * probit `p = Φ((r̂ − τ)/σ)`; logistic `p = 1 / (1 + e^{−(s − c)/s₀})`.
 */
export function clickProbability(score: number, link: ClickLink): number {
  if (link.kind === 'probit') return normalCdf((score - link.threshold) / link.sigma);
  return 1 / (1 + Math.exp(-(score - link.center) / link.scale));
}

/** The default "liked it" threshold: 4 on a 1–5 scale, i.e. min + ¾·(max − min). */
export const DEFAULT_THRESHOLD_FRACTION = 0.75;
/** The default σ of the probit link: 0.5 on a 1–5 scale, i.e. (max − min)/8. */
export const DEFAULT_SIGMA_FRACTION = 0.125;
/** Implicit data: the logistic link is centred on this quantile of all scores (so few items are likely clicks). */
export const IMPLICIT_CENTER_QUANTILE = 0.95;

/**
 * The default link of a dataset. Explicit ratings: probit with τ = min + ¾·(max − min),
 * σ = (max − min)/8 (τ = 4, σ = 0.5 on 1–5). Implicit feedback: logistic centred on the 95th
 * percentile c of all scores, with s₀ = (c − median)/3, so about 5% of pairs have p > ½.
 */
export function defaultClickLink(scale: { ratingMin: number; ratingMax: number; implicit: boolean }, scores: Float32Array): ClickLink {
  if (!scale.implicit && scale.ratingMax > scale.ratingMin) {
    const range = scale.ratingMax - scale.ratingMin;
    return { kind: 'probit', threshold: scale.ratingMin + DEFAULT_THRESHOLD_FRACTION * range, sigma: DEFAULT_SIGMA_FRACTION * range };
  }
  // quantiles of a strided sample (at most ~100 000 scores) are plenty for a centre and a scale
  const stride = Math.max(1, Math.floor(scores.length / 100_000));
  const sample = Float32Array.from({ length: Math.ceil(scores.length / stride) }, (_, j) => scores[j * stride] as number).sort();
  const at = (q: number) => (sample[Math.min(sample.length - 1, Math.floor(q * sample.length))] as number) ?? 0;
  const center = at(IMPLICIT_CENTER_QUANTILE);
  return { kind: 'logistic', center, scale: Math.max(1e-6, (center - at(0.5)) / 3) };
}

/**
 * The world from a users × items matrix of expected scores (row-major): `p_ui` for every pair
 * under `link`. `ratings` are the dataset's, for the warm start (null: cold start only).
 */
export function createWorld(scores: Float32Array, nUsers: number, nItems: number, link: ClickLink, ratings: RatingsColumns | null): World {
  if (scores.length !== nUsers * nItems) throw new RangeError(`expected ${nUsers}×${nItems} scores, got ${scores.length}`);
  const probs = new Float32Array(scores.length);
  for (let j = 0; j < scores.length; j++) probs[j] = clickProbability(scores[j] as number, link);
  return { nUsers, nItems, probs, link, ratings };
}

/**
 * What a warm-start rating r counts as: the click probability the world gives that rating,
 * `Φ((r − τ)/σ)` (explicit), or 1 (implicit: every interaction is a positive).
 */
export function warmReward(rating: number, link: ClickLink): number {
  return link.kind === 'probit' ? clickProbability(rating, link) : 1;
}

/**
 * The policies' item features `x_i = [p_i; b_i; 1]` (d = k + 2) from the world model's item vectors
 * p_i and item biases b_i. With them the world model's own expected rating is linear in x_i:
 * `r̂_ui = μ + b_u + b_i + q_u·p_i = x_i·[q_u; 1; μ + b_u]`, so a policy that learns θ_u per user
 * could in principle recover each user; what it cannot see is θ_u itself.
 */
export function itemFeatures(itemFactors: Float32Array, itemBias: Float32Array, nItems: number, k: number): ItemFeatures {
  if (itemFactors.length !== nItems * k || itemBias.length !== nItems) throw new RangeError(`expected ${nItems}×${k} factors and ${nItems} biases`);
  const d = k + 2;
  const x = new Float64Array(nItems * d);
  for (let i = 0; i < nItems; i++) {
    for (let f = 0; f < k; f++) x[i * d + f] = itemFactors[i * k + f] as number;
    x[i * d + k] = itemBias[i] as number;
    x[i * d + k + 1] = 1;
  }
  return { nItems, d, x, k, vectors: itemFactors };
}

/** Items of each user ordered by p_ui, highest first (ties by index), computed once per user on demand. */
export interface OracleOrder {
  of(user: number): Int32Array;
}

export function oracleOrder(world: World): OracleOrder {
  const cache = new Map<number, Int32Array>();
  return {
    of(user) {
      let order = cache.get(user);
      if (!order) {
        const row = world.probs.subarray(user * world.nItems, (user + 1) * world.nItems);
        order = Int32Array.from({ length: world.nItems }, (_, i) => i).sort((a, b) => (row[b] as number) - (row[a] as number) || a - b);
        cache.set(user, order);
      }
      return order;
    },
  };
}

/**
 * The oracle's expected clicks for a user: `Σ_{i ∈ S*} p_ui` over the n items of highest p_ui that
 * the user has not consumed (S* is the best slate any policy could show).
 */
export function oracleValue(world: World, order: Int32Array, user: number, consumed: Uint8Array, n: number): number {
  const base = user * world.nItems;
  let sum = 0;
  let taken = 0;
  for (let j = 0; j < order.length && taken < n; j++) {
    const i = order[j] as number;
    if (consumed[base + i] !== 0) continue;
    sum += world.probs[base + i] as number;
    taken++;
  }
  return sum;
}

/** One warm-start observation. */
export interface WarmRating {
  user: number;
  item: number;
  rating: number;
}

/**
 * The warm start: from each user's ratings, ⌊fraction·n_u⌉ of them drawn without replacement
 * (seeded; the same for every policy of a run). Ordered by user, then as drawn.
 */
export function warmStartRatings(ratings: RatingsColumns, nUsers: number, fraction: number, seed: number): WarmRating[] {
  if (!(fraction > 0)) return [];
  const byUser: number[][] = Array.from({ length: nUsers }, () => []);
  for (let j = 0; j < ratings.users.length; j++) byUser[ratings.users[j] as number]?.push(j);
  const rng = createRng(seed);
  const out: WarmRating[] = [];
  for (let u = 0; u < nUsers; u++) {
    const rows = byUser[u] as number[];
    const take = Math.min(rows.length, Math.round(Math.min(1, fraction) * rows.length));
    for (let t = 0; t < take; t++) {
      const j = t + randomInt(rng, rows.length - t);
      const row = rows[j] as number;
      rows[j] = rows[t] as number;
      rows[t] = row;
      out.push({ user: u, item: ratings.items[row] as number, rating: ratings.ratings[row] as number });
    }
  }
  return out;
}
