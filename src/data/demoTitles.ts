/** Invented film titles for the demo data (./demo), and the retitling that makes its film series read as sequels. */
import { randomInt, type Rng } from '../math/random';

const ADJECTIVES = ['Copper', 'Silent', 'Crimson', 'Hollow', 'Velvet', 'Broken', 'Golden', 'Distant', 'Frozen', 'Wandering', 'Secret', 'Electric', 'Paper', 'Iron', 'Last', 'Burning', 'Quiet', 'Scarlet', 'Forgotten', 'Midnight'];
const NOUNS = ['Lighthouse', 'Garden', 'Orchard', 'Harbor', 'Machine', 'Letter', 'Kingdom', 'Carousel', 'Engine', 'Mirror', 'Voyage', 'Signal', 'Compass', 'Lantern', 'Citadel', 'Circus', 'Meadow', 'Archive', 'Comet', 'Bridge'];
const PLACES = ['Avalon', 'Marrakesh', 'the Tundra', 'Saturn', 'Old Lisbon', 'the Valley', 'Brightwater', 'the Abyss', 'Kyoto', 'Elm Street'];
const OPENERS = ['Midnight Over', 'Return to', 'Letters from', 'Escape from', 'Summer in', 'Ghosts of', 'Lost in', 'Dawn at'];

/** An invented title, e.g. 'The Copper Lighthouse', 'Midnight Over Avalon', 'Iron Comet 2'. */
export function inventTitle(rng: Rng): string {
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

/** The title of a film without its year, and without a sequel number when it has one. */
export function baseTitle(title: string): string {
  return title.replace(/ \(\d{4}\)$/, '').replace(/ [2-9]$/, '');
}

/**
 * Retitles the series (item indices of parts 1, 2, … each) in `titles`: "X (year)", "X 2 (year + 2)",
 * "X 3 (year + 4)", … where X is the earliest part's title without year or sequel number and year
 * its year (capped at 2025). Every other film (`used[i]` = 0) loses the sequel number its invented
 * title may have had, when that leaves its title unique, so only real series read as sequels.
 */
export function retitleSeries(titles: string[], series: readonly number[][], used: Uint8Array): void {
  const yearOf = (t: string): number => Number(/\((\d{4})\)$/.exec(t)?.[1] ?? '2000');
  for (const s of series) {
    const lead = s.map((i) => titles[i] as string).sort((a, b) => yearOf(a) - yearOf(b))[0] as string;
    const base = baseTitle(lead);
    const year = yearOf(lead);
    s.forEach((i, n) => {
      titles[i] = `${base}${n === 0 ? '' : ` ${n + 1}`} (${Math.min(2025, year + 2 * n)})`;
    });
  }
  const taken = new Set(titles);
  for (let i = 0; i < titles.length; i++) {
    if (used[i] === 1) continue;
    const t = titles[i] as string;
    const plain = t.replace(/ [2-9] (\(\d{4}\))$/, ' $1');
    if (plain !== t && !taken.has(plain)) {
      taken.delete(t);
      taken.add(plain);
      titles[i] = plain;
    }
  }
}
