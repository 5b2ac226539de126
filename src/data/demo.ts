/**
 * Built-in demo data, ours to ship: invented films and users with planted taste clusters and
 * planted film series watched in order, generated deterministically from a seed.
 */
import { createRng, randomInt, randomNormal, type Rng } from '../math/random';
import { chooseSeries, watchSequels } from './demoSeries';
import { userTimestamps } from './demoTimestamps';
import { inventTitle } from './demoTitles';
import { buildDatasetMeta } from './meta';
import type { Dataset } from './types';

/** Id of the built-in demo dataset. */
export const DEMO_DATASET_ID = 'demo';
/** Seed used when none is given. */
export const DEMO_DEFAULT_SEED = 42;
/** The demo's genres. */
export const DEMO_GENRES = ['Action', 'Comedy', 'Drama', 'Horror', 'Romance', 'Sci-Fi', 'Documentary', 'Animation'] as const;
/** Catalogue and audience sizes. */
export const DEMO_ITEMS = 400;
export const DEMO_USERS = 600;
export const DEMO_CLUSTERS = 8;

/** The planted structure behind the demo ratings (for tests and explanations). */
export interface DemoTruth {
  /** Taste cluster of each user. */
  userCluster: Int32Array;
  /** Per cluster: indices into DEMO_GENRES of the two loved genres and the disliked one. */
  clusters: { loved: [number, number]; disliked: number }[];
  /** Genre indices of each item (1 or 2). */
  itemGenres: number[][];
  /** Latent quality of each item (added to every rating before noise). */
  itemQuality: Float64Array;
  /** Each user's bias (added to every rating of theirs before noise). */
  userBias: Float64Array;
  /** The film series: item indices of parts 1, 2, … in order (all parts share one genre set). */
  series: number[][];
  /** Ratings added because a user watched the previous part of a series (the rest are the taste-driven picks). */
  sequelRatings: number;
}

/** Draw `count` distinct items (count ≤ n) with probability proportional to weights, via the cumulative distribution. */
function sampleDistinct(rng: Rng, cumulative: Float64Array, count: number, taken: Uint8Array, out: number[]): void {
  out.length = 0;
  const total = cumulative[cumulative.length - 1] as number;
  while (out.length < count) {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    if (taken[lo] === 1) continue;
    taken[lo] = 1;
    out.push(lo);
  }
  for (const i of out) taken[i] = 0;
}

/**
 * The planted expected rating of user u for item i, before the noise and the rounding:
 * `3.3 + affinity + quality_i + bias_u`, affinity = +1.2 per loved genre and −1.6 for the disliked
 * genre of u's cluster, averaged over the item's genres.
 */
export function demoExpectedRating(truth: Pick<DemoTruth, 'userCluster' | 'clusters' | 'itemGenres' | 'itemQuality' | 'userBias'>, u: number, i: number): number {
  const { loved, disliked } = truth.clusters[truth.userCluster[u] as number] as DemoTruth['clusters'][number];
  const genres = truth.itemGenres[i] as number[];
  let affinity = 0;
  for (const g of genres) affinity += g === loved[0] || g === loved[1] ? 1.2 : g === disliked ? -1.6 : 0;
  affinity /= genres.length;
  return 3.3 + affinity + (truth.itemQuality[i] as number) + (truth.userBias[u] as number);
}

/**
 * The demo dataset together with its planted structure. 400 films with 1–2 genres and a latent
 * quality; 600 users in 8 taste clusters (each loves 2 genres, dislikes 1), each choosing 20–120
 * films with probability ∝ popularity; rating = round(3.3 + affinity + quality + user bias +
 * noise) clipped to 1..5, where affinity is +1.2 per loved genre and −1.6 for the disliked genre,
 * averaged over the film's genres.
 *
 * Planted sequential pattern: 40 film series of 2–4 parts (same genres; titles "X", "X 2", "X 3",
 * …), chosen by a second rng seeded `seed ^ 0x5e71e5` after the taste-driven picks (which it does
 * not change). A user who watched part n of a series and not part n + 1 watches it too with
 * probability 0.85 (while they have fewer than 120 films; rated by the same formula, noise from
 * that rng), and in time every part a user watched right after the previous part they watched comes
 * 1 hour to 2 days later, before any other film: so the next film is predictable from the last
 * one. About 41 000 ratings, 5 000–6 000 of them sequels.
 *
 * Timestamps (unix seconds, 2015–2025) come from a third rng seeded `seed ^ 0x5eed`, drawn last:
 * each user rates over a period of 2 weeks to 3 years, their films (runs of consecutive series
 * parts as one block) in a random order.
 */
export function generateDemo(seed: number = DEMO_DEFAULT_SEED): { dataset: Dataset; truth: DemoTruth } {
  const rng = createRng(seed);
  const nG = DEMO_GENRES.length;

  // Clusters: two loved genres and one disliked genre, all different.
  const clusters: DemoTruth['clusters'] = [];
  for (let c = 0; c < DEMO_CLUSTERS; c++) {
    const a = randomInt(rng, nG);
    let b = randomInt(rng, nG - 1);
    if (b >= a) b++;
    let d = randomInt(rng, nG);
    while (d === a || d === b) d = randomInt(rng, nG);
    clusters.push({ loved: [a, b], disliked: d });
  }

  // Items: genres, quality, popularity, title.
  const itemGenres: number[][] = [];
  const itemQuality = new Float64Array(DEMO_ITEMS);
  const cumulative = new Float64Array(DEMO_ITEMS);
  const titles: string[] = [];
  const seen = new Set<string>();
  let acc = 0;
  for (let i = 0; i < DEMO_ITEMS; i++) {
    const g1 = randomInt(rng, nG);
    const genres = [g1];
    if (rng.next() < 0.4) {
      let g2 = randomInt(rng, nG - 1);
      if (g2 >= g1) g2++;
      genres.push(g2);
    }
    itemGenres.push(genres);
    const quality = randomNormal(rng, 0, 0.45);
    itemQuality[i] = quality;
    // Popularity: log-normal, a little higher for better films.
    acc += Math.exp(randomNormal(rng, 0.6 * quality, 0.9));
    cumulative[i] = acc;
    let title = inventTitle(rng);
    while (seen.has(title)) title = inventTitle(rng);
    seen.add(title);
    titles.push(`${title} (${1950 + randomInt(rng, 74)})`);
  }

  // Users and their taste-driven picks.
  const userCluster = new Int32Array(DEMO_USERS);
  const userBias = new Float64Array(DEMO_USERS);
  const userItems: number[][] = [];
  const userRatings: number[][] = [];
  const taken = new Uint8Array(DEMO_ITEMS);
  const picked: number[] = [];
  const planted = { userCluster, clusters, itemGenres, itemQuality, userBias };
  /** r = round(3.3 + affinity + quality + user bias + noise), clipped to 1..5. */
  const rate = (u: number, i: number, noise: number): number => Math.min(5, Math.max(1, Math.round(demoExpectedRating(planted, u, i) + noise)));
  for (let u = 0; u < DEMO_USERS; u++) {
    const c = randomInt(rng, DEMO_CLUSTERS);
    userCluster[u] = c;
    userBias[u] = randomNormal(rng, 0, 0.3);
    const count = 20 + Math.floor(101 * Math.pow(rng.next(), 1.5));
    sampleDistinct(rng, cumulative, count, taken, picked);
    picked.sort((x, y) => x - y);
    userItems.push([...picked]);
    userRatings.push(picked.map((i) => rate(u, i, randomNormal(rng, 0, 0.6))));
  }

  // Series, and the sequels users go on to watch.
  const seriesRng = createRng(seed ^ 0x5e71e5);
  const series = chooseSeries(seriesRng, itemGenres, titles);
  const previousPart = new Int32Array(DEMO_ITEMS).fill(-1);
  for (const s of series) for (let n = 1; n < s.length; n++) previousPart[s[n] as number] = s[n - 1] as number;
  const sequelRatings = watchSequels(seriesRng, series, userItems, userRatings, DEMO_ITEMS, rate);

  // Rows: users in order, each user's films in item order; then their timestamps.
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  for (let u = 0; u < DEMO_USERS; u++) {
    const own = userItems[u] as number[];
    const ownRatings = userRatings[u] as number[];
    for (let k = 0; k < own.length; k++) {
      users.push(u);
      items.push(own[k] as number);
      ratings.push(ownRatings[k] as number);
    }
  }
  const columns = { users: Int32Array.from(users), items: Int32Array.from(items), ratings: Float32Array.from(ratings) };
  const userIds = Array.from({ length: DEMO_USERS }, (_, u) => String(u + 1));
  const itemIds = Array.from({ length: DEMO_ITEMS }, (_, i) => String(i + 1));
  const timestamps = new Float64Array(users.length);
  const timeRng = createRng(seed ^ 0x5eed);
  const positionOf = new Int32Array(DEMO_ITEMS).fill(-1);
  for (let u = 0, from = 0; u < DEMO_USERS; u++) {
    const own = userItems[u] as number[];
    userTimestamps(timeRng, own, previousPart, positionOf, timestamps, from);
    from += own.length;
  }
  const meta = buildDatasetMeta({
    id: DEMO_DATASET_ID,
    name: `Demo: invented films (seed ${seed})`,
    createdAt: 0,
    builtIn: true,
    ratings: columns,
    userIds,
    itemIds,
    implicit: false,
    hasTitles: true,
    hasTimestamps: true,
  });
  return {
    dataset: {
      meta,
      ratings: columns,
      timestamps,
      userIds,
      itemIds,
      titles,
      genres: itemGenres.map((gs) => gs.map((g) => DEMO_GENRES[g] as string)),
    },
    truth: { userCluster, clusters, itemGenres, itemQuality, userBias, series, sequelRatings },
  };
}

/** Built-in demo data, ours to ship: generated deterministically from a seed. meta.id 'demo', builtIn true, createdAt 0. */
export function generateDemoDataset(seed: number = DEMO_DEFAULT_SEED): Dataset {
  return generateDemo(seed).dataset;
}
