/**
 * Built-in demo data, ours to ship: invented films and users with planted taste clusters,
 * generated deterministically from a seed.
 */
import { createRng, randomInt, randomNormal, shuffleInPlace, type Rng } from '../math/random';
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
}

const ADJECTIVES = ['Copper', 'Silent', 'Crimson', 'Hollow', 'Velvet', 'Broken', 'Golden', 'Distant', 'Frozen', 'Wandering', 'Secret', 'Electric', 'Paper', 'Iron', 'Last', 'Burning', 'Quiet', 'Scarlet', 'Forgotten', 'Midnight'];
const NOUNS = ['Lighthouse', 'Garden', 'Orchard', 'Harbor', 'Machine', 'Letter', 'Kingdom', 'Carousel', 'Engine', 'Mirror', 'Voyage', 'Signal', 'Compass', 'Lantern', 'Citadel', 'Circus', 'Meadow', 'Archive', 'Comet', 'Bridge'];
const PLACES = ['Avalon', 'Marrakesh', 'the Tundra', 'Saturn', 'Old Lisbon', 'the Valley', 'Brightwater', 'the Abyss', 'Kyoto', 'Elm Street'];
const OPENERS = ['Midnight Over', 'Return to', 'Letters from', 'Escape from', 'Summer in', 'Ghosts of', 'Lost in', 'Dawn at'];

/** An invented title, e.g. 'The Copper Lighthouse', 'Midnight Over Avalon', 'Iron Comet 2'. */
function inventTitle(rng: Rng): string {
  const adj = ADJECTIVES[randomInt(rng, ADJECTIVES.length)] as string;
  const noun = NOUNS[randomInt(rng, NOUNS.length)] as string;
  const place = PLACES[randomInt(rng, PLACES.length)] as string;
  let base: string;
  switch (randomInt(rng, 5)) {
    case 0:
      base = `The ${adj} ${noun}`;
      break;
    case 1:
      base = `${OPENERS[randomInt(rng, OPENERS.length)] as string} ${place}`;
      break;
    case 2:
      base = `${adj} ${noun}`;
      break;
    case 3:
      base = `The ${noun} of ${place}`;
      break;
    default:
      base = `${adj} ${noun}s`;
  }
  return rng.next() < 0.1 ? `${base} ${2 + randomInt(rng, 3)}` : base;
}

/** Demo timestamps: users start between 2015-01-01 and 2023-01-01 (unix seconds)… */
const DEMO_TIME_FROM = Date.UTC(2015, 0, 1) / 1000;
const DEMO_TIME_TO = Date.UTC(2023, 0, 1) / 1000;
/** …and rate over 2 weeks to 3 years (log-uniform). */
const DEMO_SPAN_MIN = 14 * 86400;
const DEMO_SPAN_MAX = 3 * 365 * 86400;

/**
 * Timestamps for the demo rows (users' rows are contiguous): each user gets a start time and a
 * period, draws one whole-second time per rating uniformly in that period, sorts them, and gives
 * them to their rows in a random order (so time is not tied to item index). Its own rng, so the
 * ratings drawn before are not changed.
 */
function demoTimestamps(rng: Rng, users: Int32Array): Float64Array {
  const out = new Float64Array(users.length);
  for (let from = 0; from < users.length; ) {
    let to = from + 1;
    while (to < users.length && users[to] === users[from]) to++;
    const start = DEMO_TIME_FROM + Math.floor(rng.next() * (DEMO_TIME_TO - DEMO_TIME_FROM));
    const span = DEMO_SPAN_MIN * Math.pow(DEMO_SPAN_MAX / DEMO_SPAN_MIN, rng.next());
    const times = new Float64Array(to - from);
    for (let k = 0; k < times.length; k++) times[k] = start + Math.floor(rng.next() * span);
    times.sort();
    const order = new Int32Array(times.length);
    for (let k = 0; k < order.length; k++) order[k] = from + k;
    shuffleInPlace(rng, order);
    for (let k = 0; k < times.length; k++) out[order[k] as number] = times[k] as number;
    from = to;
  }
  return out;
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
 * The demo dataset together with its planted structure. 400 films with 1–2 genres and a latent
 * quality; 600 users in 8 taste clusters (each loves 2 genres, dislikes 1), each rating 20–120
 * films chosen with probability ∝ popularity; rating = round(3.3 + affinity + quality + user bias +
 * noise) clipped to 1..5, where affinity is +1.2 per loved genre and −1.6 for the disliked genre,
 * averaged over the film's genres. About 35 000 ratings. Timestamps (unix seconds, 2015–2025) come
 * from a second rng seeded `seed ^ 0x5eed`, drawn last: each user rates over a period of 2 weeks
 * to 3 years.
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

  // Users and their ratings.
  const userCluster = new Int32Array(DEMO_USERS);
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const taken = new Uint8Array(DEMO_ITEMS);
  const picked: number[] = [];
  for (let u = 0; u < DEMO_USERS; u++) {
    const c = randomInt(rng, DEMO_CLUSTERS);
    userCluster[u] = c;
    const { loved, disliked } = clusters[c] as DemoTruth['clusters'][number];
    const bias = randomNormal(rng, 0, 0.3);
    const count = 20 + Math.floor(101 * Math.pow(rng.next(), 1.5));
    sampleDistinct(rng, cumulative, count, taken, picked);
    picked.sort((x, y) => x - y);
    for (const i of picked) {
      const genres = itemGenres[i] as number[];
      let affinity = 0;
      for (const g of genres) affinity += g === loved[0] || g === loved[1] ? 1.2 : g === disliked ? -1.6 : 0;
      affinity /= genres.length;
      const raw = 3.3 + affinity + (itemQuality[i] as number) + bias + randomNormal(rng, 0, 0.6);
      users.push(u);
      items.push(i);
      ratings.push(Math.min(5, Math.max(1, Math.round(raw))));
    }
  }

  const columns = { users: Int32Array.from(users), items: Int32Array.from(items), ratings: Float32Array.from(ratings) };
  const userIds = Array.from({ length: DEMO_USERS }, (_, u) => String(u + 1));
  const itemIds = Array.from({ length: DEMO_ITEMS }, (_, i) => String(i + 1));
  const timestamps = demoTimestamps(createRng(seed ^ 0x5eed), columns.users);
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
    truth: { userCluster, clusters, itemGenres, itemQuality },
  };
}

/** Built-in demo data, ours to ship: generated deterministically from a seed. meta.id 'demo', builtIn true, createdAt 0. */
export function generateDemoDataset(seed: number = DEMO_DEFAULT_SEED): Dataset {
  return generateDemo(seed).dataset;
}
