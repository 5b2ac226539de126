/**
 * Example 1 on the page: the lesson's Alice/Bob data plus a third user, Carol, so that with k = 2
 * the weighted average mixes two neighbours instead of returning Bob's rating.
 */
import { FormulaError, example1, fmt, texText, type TraceStep } from '../../math/formulas';
import { toRaw } from './parse';

/** Carol's ratings of items 1–4. */
const CAROL = [5, 2, 4, 2];

export interface Example1State {
  users: string[];
  items: string[];
  /** '' = not rated */
  ratings: string[][];
  user: number;
  item: number;
  k: string;
}

export function example1Defaults(): Example1State {
  return {
    users: [...example1.users, 'Carol'],
    items: [...example1.items],
    ratings: [...example1.ratings.map((row) => row.map((x) => (x === null ? '' : String(x)))), toRaw(CAROL)],
    user: example1.target.user,
    item: example1.target.item,
    k: '2',
  };
}

/** Mean of a user's ratings, optionally leaving out one item, with its tex. Throws if there are none. */
export function userMean(name: string, row: readonly (number | null)[], skipItem?: number): { mean: number; tex: string } {
  const rated = row.filter((x, i): x is number => x !== null && i !== skipItem);
  if (rated.length === 0) throw new FormulaError(`${name} has no ratings${skipItem === undefined ? '' : ' besides the target item'}, so their mean rating is undefined`);
  const mean = rated.reduce((s, x) => s + x, 0) / rated.length;
  return { mean, tex: `\\bar r_{${texText(name)}} = \\frac{${rated.map((x) => fmt(x)).join(' + ')}}{${rated.length}} = ${fmt(mean)}` };
}

/** The step listing the means the mean-centred prediction uses. */
export function meansStep(parts: readonly { tex: string }[]): TraceStep {
  return { label: 'Mean ratings (target user without the target item; neighbours over all their ratings)', tex: parts.map((p) => p.tex).join(',\\quad ') };
}
