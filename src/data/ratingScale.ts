/**
 * The rating scale a file uses (1–5, 0.5–5 in half steps, 1–10, 0–100…) and the ratings that lie
 * outside it: negative ratings in a file of non-negative ones, and ratings above the smallest of the
 * usual maxima (5, 10, 100) that at least 90% of the ratings stay within.
 */
import { truncateCell } from './truncate';

/** The usual scale maxima, smallest first. */
const MAXIMA = [5, 10, 100] as const;
/** At most this share of ratings may lie outside a scale for it to be the file's scale. */
export const MAX_OUTSIDE_SHARE = 0.1;

/** Where a rating was read: 1-based line and the rating's text as in the file. */
export interface RatingAt {
  line: number;
  column: number;
  text: string;
}

/** The scale of a file's ratings and what lies outside it. */
export interface RatingScale {
  /** The scale's ends as shown, e.g. 1 and 5, 0.5 and 5, 1 and 10. */
  min: number;
  max: number;
  /** 1 for whole numbers, 0.5 for half steps, null when ratings take other values. */
  step: number | null;
  /** Ratings below this or above `upperBound` are outside the scale (−Infinity / Infinity: no bound). */
  lowerBound: number;
  upperBound: number;
  /** How many ratings lie outside, and the first of them in file order (null when none). */
  outside: number;
  firstOutside: RatingAt | null;
}

interface Side {
  count: number;
  first: RatingAt | null;
}

/** Collects what ratingScale needs while a file streams: counts per candidate bound, steps, first lines. */
export class RatingScaleTally {
  private n = 0;
  private readonly negative: Side = { count: 0, first: null };
  private readonly above: Side[] = MAXIMA.map(() => ({ count: 0, first: null }));
  /** Per maximum: non-negative ratings within it that are not whole, not half steps; and their minimum. */
  private readonly notWhole = MAXIMA.map(() => 0);
  private readonly notHalf = MAXIMA.map(() => 0);
  private readonly minWithin = MAXIMA.map(() => Infinity);
  private min = Infinity;
  private max = -Infinity;

  /** Count one (finite) rating read at `line`, `column` as `text`. */
  add(value: number, line: number, column: number, text: string): void {
    this.addAt(value, line, column, text, 0, text.length);
  }

  /** Count one (finite) rating read at `line`, `column` as `source.slice(from, to)` (sliced only when kept). */
  addAt(value: number, line: number, column: number, source: string, from: number, to: number): void {
    this.n++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value >= 0 && value <= MAXIMA[0] && value === Math.floor(value)) {
      // Whole and within every maximum: only the minima within can change.
      for (let m = 0; m < MAXIMA.length; m++) if (value < (this.minWithin[m] as number)) this.minWithin[m] = value;
      return;
    }
    if (value < 0) {
      this.negative.count++;
      this.negative.first ??= { line, column, text: source.slice(from, to) };
    }
    for (let m = 0; m < MAXIMA.length; m++) {
      if (value > (MAXIMA[m] as number)) {
        const side = this.above[m] as Side;
        side.count++;
        side.first ??= { line, column, text: source.slice(from, to) };
      } else if (value >= 0) {
        if (!Number.isInteger(value)) this.notWhole[m]!++;
        if (!Number.isInteger(value * 2)) this.notHalf[m]!++;
        if (value < (this.minWithin[m] as number)) this.minWithin[m] = value;
      }
    }
  }

  /** The scale: see the module comment. Null when no rating was added. */
  result(): RatingScale | null {
    if (this.n === 0) return null;
    const limit = MAX_OUTSIDE_SHARE * this.n;
    const negativesOutside = this.negative.count > 0 && this.negative.count <= limit;
    const m = MAXIMA.findIndex((_, k) => (this.above[k] as Side).count <= limit);
    const lowerBound = this.negative.count <= limit ? 0 : -Infinity;
    if (m < 0) {
      // No usual maximum fits: the scale is what the file holds, apart from rare negatives.
      const first = negativesOutside ? this.negative.first : null;
      return { min: negativesOutside ? 0 : this.min, max: this.max, step: null, lowerBound, upperBound: Infinity, outside: negativesOutside ? this.negative.count : 0, firstOutside: first };
    }
    const above = this.above[m] as Side;
    const firsts = [negativesOutside ? this.negative.first : null, above.first].filter((f): f is RatingAt => f !== null);
    firsts.sort((a, b) => a.line - b.line);
    const step = this.notWhole[m] === 0 ? 1 : this.notHalf[m] === 0 ? 0.5 : null;
    const low = this.minWithin[m] as number;
    const min = lowerBound === -Infinity ? this.min : low >= 1 ? 1 : low >= 0.5 && step === 0.5 ? 0.5 : 0;
    return {
      min,
      max: MAXIMA[m] as number,
      step,
      lowerBound,
      upperBound: MAXIMA[m] as number,
      outside: (negativesOutside ? this.negative.count : 0) + above.count,
      firstOutside: firsts[0] ?? null,
    };
  }
}

/** E.g. "1–5 in whole steps", "0.5–5 in steps of 0.5", "−10–10". */
export function describeScale(scale: RatingScale): string {
  const steps = scale.step === 1 ? ' in whole steps' : scale.step !== null ? ` in steps of ${scale.step}` : '';
  return `${scale.min}–${scale.max}${steps}`;
}

/** The warning for ratings outside the scale, e.g. '2 ratings lie outside the scale the rest of the file uses (1–5 in whole steps); the first on line 4, column 3: "-3".' */
export function outOfScaleMessage(scale: RatingScale): string | null {
  if (scale.outside === 0 || !scale.firstOutside) return null;
  const f = scale.firstOutside;
  const s = scale.outside === 1 ? 'rating lies' : 'ratings lie';
  return `${scale.outside} ${s} outside the scale the rest of the file uses (${describeScale(scale)}); the first on line ${f.line}, column ${f.column}: "${truncateCell(f.text, 40)}".`;
}
