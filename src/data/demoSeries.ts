/** The demo data's planted film series (./demo): which films form them, and the sequels users go on to watch. */
import { randomInt, randomNormal, shuffleInPlace, type Rng } from '../math/random';
import { baseTitle, retitleSeries } from './demoTitles';

/** Number of film series and their lengths (2–4 parts). */
export const DEMO_SERIES = 40;
const SERIES_MIN_PARTS = 2;
const SERIES_MAX_PARTS = 4;
/** Probability that a user who watched part n of a series also watches part n + 1 (when they had not already). */
export const DEMO_SEQUEL_PROBABILITY = 0.85;

/**
 * Chooses the series (seeded by their own rng, so the taste-driven ratings are unchanged): each is
 * 2–4 films of the same genre set, parts in increasing item index; their titles become
 * "X (year)", "X 2 (year + 2)", "X 3 (year + 4)", … where X is part 1's invented title (years
 * capped at 2025). Every other film loses the sequel number its invented title may have had (when
 * that leaves its title unique), so only real series read as sequels.
 */
export function chooseSeries(rng: Rng, itemGenres: number[][], titles: string[]): number[][] {
  const key = (i: number): string => [...(itemGenres[i] as number[])].sort((a, b) => a - b).join(',');
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < itemGenres.length; i++) {
    const k = key(i);
    const list = byKey.get(k) ?? [];
    list.push(i);
    byKey.set(k, list);
  }
  const baseCount = new Map<string, number>();
  for (const t of titles) baseCount.set(baseTitle(t), (baseCount.get(baseTitle(t)) ?? 0) + 1);
  const used = new Uint8Array(itemGenres.length);
  const series: number[][] = [];
  for (let attempts = 0; series.length < DEMO_SERIES && attempts < 100 * DEMO_SERIES; attempts++) {
    const first = randomInt(rng, itemGenres.length);
    const parts = SERIES_MIN_PARTS + randomInt(rng, SERIES_MAX_PARTS - SERIES_MIN_PARTS + 1);
    if (used[first] === 1 || baseCount.get(baseTitle(titles[first] as string)) !== 1) continue;
    const free = (byKey.get(key(first)) as number[]).filter((i) => i !== first && used[i] === 0);
    if (free.length < parts - 1) continue;
    shuffleInPlace(rng, free);
    const chosen = [first, ...free.slice(0, parts - 1)].sort((a, b) => a - b);
    for (const i of chosen) used[i] = 1;
    series.push(chosen);
  }
  retitleSeries(titles, series, used);
  return series;
}

/**
 * Adds to every user's films (`userItems[u]` ascending, `userRatings[u]` alongside) the sequels
 * they go on to watch: for each series part n the user has and part n + 1 they have not, with
 * probability DEMO_SEQUEL_PROBABILITY (drawn from `rng`, while they have fewer than 120 films),
 * part n + 1 rated `rate(u, item, noise)` with noise ~ N(0, 0.6²) from `rng`. Keeps each user's
 * lists in item order. Returns how many ratings were added.
 */
export function watchSequels(
  rng: Rng,
  series: readonly number[][],
  userItems: number[][],
  userRatings: number[][],
  nItems: number,
  rate: (u: number, i: number, noise: number) => number,
): number {
  let sequelRatings = 0;
  const has = new Uint8Array(nItems);
  for (let u = 0; u < userItems.length; u++) {
    const own = userItems[u] as number[];
    const ownRatings = userRatings[u] as number[];
    for (const i of own) has[i] = 1;
    const before = own.length;
    for (const s of series) {
      for (let n = 0; n + 1 < s.length; n++) {
        const next = s[n + 1] as number;
        if (has[s[n] as number] === 0 || has[next] === 1 || own.length >= 120) continue;
        if (rng.next() >= DEMO_SEQUEL_PROBABILITY) continue;
        has[next] = 1;
        own.push(next);
        ownRatings.push(rate(u, next, randomNormal(rng, 0, 0.6)));
        sequelRatings++;
      }
    }
    for (const i of own) has[i] = 0;
    if (own.length > before) {
      const order = own.map((_, k) => k).sort((a, b) => (own[a] as number) - (own[b] as number));
      userItems[u] = order.map((k) => own[k] as number);
      userRatings[u] = order.map((k) => ownRatings[k] as number);
    }
  }
  return sequelRatings;
}
