/**
 * Trace data model and the shared LaTeX helpers for the formula library.
 *
 * Every formula returns a `Traced<T>`: the value, the general equation (`formula`), and the
 * step-by-step substitution (`steps`), each step's `tex` being a KaTeX-renderable string.
 * All numbers in tex go through `fmt` (one helper, no copies); `fmtOp` is `fmt` plus
 * parentheses around negative or scientific numbers when they follow an operator.
 * Pure: no DOM, no KaTeX import — the page renders the strings.
 */

export interface TraceStep {
  /** Short human label for the step, e.g. 'Dot product'. */
  label: string;
  /** KaTeX-renderable LaTeX of the substituted expression at this step. */
  tex: string;
}

export interface Traced<T> {
  value: T;
  /** The general equation in LaTeX, as the lesson names it. */
  formula: string;
  steps: TraceStep[];
  /** Plain-text remark: conventions, clipping, known misprints of the classic example. */
  note?: string;
}

/** Thrown for inputs on which a formula is undefined (shape mismatch, zero denominator, …). */
export class FormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaError';
  }
}

/**
 * Formats a number for tex: `digits` decimal places, trailing zeros trimmed
 * (`fmt(0.8320183) === '0.832'`, `fmt(70) === '70'`, `fmt(-0.00001) === '-1 \\times 10^{-5}'`).
 * Magnitudes that would round to 0, or are ≥ 1e9, use scientific notation; −0 prints as 0.
 */
export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 0.5 * 10 ** -digits || ax >= 1e9)) {
    const [mantissa = '0', exponent = '0'] = x.toExponential(Math.max(digits - 1, 0)).split('e');
    return `${trimZeros(mantissa)} \\times 10^{${Number(exponent)}}`;
  }
  const s = trimZeros(x.toFixed(digits));
  return s === '-0' ? '0' : s;
}

/** `fmt`, parenthesised when negative or scientific — for a number substituted after an operator. */
export function fmtOp(x: number, digits = 4): string {
  const s = fmt(x, digits);
  return s.startsWith('-') || s.includes('\\times') ? `(${s})` : s;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Row tuple `\left(1, 2, 3\right)`. */
export function texVec(v: readonly number[], digits = 4): string {
  return `\\left(${v.map((x) => fmt(x, digits)).join(', ')}\\right)`;
}

/** Column vector as a pmatrix. */
export function texColumn(v: readonly number[], digits = 4): string {
  return `\\begin{pmatrix}${v.map((x) => fmt(x, digits)).join(' \\\\ ')}\\end{pmatrix}`;
}

/** Matrix (array of rows) as a bmatrix. */
export function texMat(m: readonly (readonly number[])[], digits = 4): string {
  return `\\begin{bmatrix}${m.map((row) => row.map((x) => fmt(x, digits)).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
}

/**
 * Escapes a plain string (a title, an id, a feature name from the user's file) for use inside
 * `\text{…}`, so KaTeX shows it character for character: TeX's specials become their escapes or
 * text commands (no command, group or math shift can be injected), and each '-' is braced so
 * that -- and --- stay hyphens instead of becoming dashes. (KaTeX still curls ' and ` in text.)
 */
export function texText(s: string): string {
  const escaped = s.replace(/[\\{}$&#^_%~-]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : c === '-' ? '{-}' : `\\${c}`,
  );
  return `\\text{${escaped}}`;
}

/** Longest written-out sum; longer ones elide the middle with \cdots. */
const MAX_TERMS = 12;

/** Joins already-formatted terms with ' + ', eliding the middle of very long sums. */
export function joinSum(terms: readonly string[]): string {
  if (terms.length === 0) return '0';
  if (terms.length <= MAX_TERMS) return terms.join(' + ');
  return [...terms.slice(0, 4), '\\cdots', ...terms.slice(-2)].join(' + ');
}

/** `a + b + (-c)`: the numbers as a substituted sum (first term bare, the rest via fmtOp). */
export function texSum(values: readonly number[], digits = 4): string {
  return joinSum(values.map((x, i) => (i === 0 ? fmt(x, digits) : fmtOp(x, digits))));
}

/** Sum of numbers (plain loop, no reduce-with-initial pitfalls). */
export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

export interface DotTrace {
  value: number;
  products: number[];
  /** `1\cdot 2 + 2\cdot 3 = 2 + 6 = 8` (without the left-hand side). */
  tex: string;
}

/** Dot product with its written-out substitution `a_1 b_1 + … = p_1 + … = value`. */
export function dotTrace(a: readonly number[], b: readonly number[], digits = 4): DotTrace {
  const products = a.map((x, i) => x * (b[i] as number));
  const value = sum(products);
  const factors = joinSum(a.map((x, i) => `${fmtOp(x, digits)}\\cdot ${fmtOp(b[i] as number, digits)}`));
  const tex = a.length === 1 ? `${factors} = ${fmt(value, digits)}` : `${factors} = ${texSum(products, digits)} = ${fmt(value, digits)}`;
  return { value, products, tex };
}

/** Validates a non-empty vector of finite numbers. */
export function requireVector(name: string, v: readonly number[]): void {
  if (!Array.isArray(v)) throw new FormulaError(`${name} must be a list of numbers`);
  if (v.length === 0) throw new FormulaError(`${name} is empty: the formula needs at least one entry`);
  v.forEach((x, i) => requireFinite(`${name}[${i}]`, x));
}

export function requireFinite(name: string, x: number): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new FormulaError(`${name} must be a finite number, got ${String(x)}`);
}

/** Validates two vectors of equal, non-zero length. */
export function requireSameLength(nameA: string, a: readonly number[], nameB: string, b: readonly number[]): void {
  requireVector(nameA, a);
  requireVector(nameB, b);
  if (a.length !== b.length) {
    throw new FormulaError(`${nameA} has ${a.length} entries but ${nameB} has ${b.length}: they must have the same length`);
  }
}

/** Validates a rectangular, non-empty matrix (array of rows) of finite numbers; returns [rows, cols]. */
export function requireMatrix(name: string, m: readonly (readonly number[])[]): [number, number] {
  if (!Array.isArray(m) || m.length === 0) throw new FormulaError(`${name} must be a non-empty matrix (array of rows)`);
  const cols = m[0]!.length;
  m.forEach((row, r) => {
    if (!Array.isArray(row)) throw new FormulaError(`${name} row ${r + 1} is not a list of numbers`);
    if (row.length !== cols) {
      throw new FormulaError(`${name} is ragged: row ${r + 1} has ${row.length} entries but row 1 has ${cols}`);
    }
    row.forEach((x, c) => requireFinite(`${name}[${r}][${c}]`, x));
  });
  if (cols === 0) throw new FormulaError(`${name} has empty rows`);
  return [m.length, cols];
}

/** Joins note fragments, skipping empty ones; undefined when nothing to say. */
export function joinNotes(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return kept.length > 0 ? kept.join(' ') : undefined;
}

/** Builds a Traced, omitting `note` when there is none. */
export function traced<T>(value: T, formula: string, steps: TraceStep[], ...notes: (string | undefined)[]): Traced<T> {
  const note = joinNotes(...notes);
  return note === undefined ? { value, formula, steps } : { value, formula, steps, note };
}
