import { FormulaError, type Traced } from '../../math/formulas';
import { InputError } from './parse';

/** The result of running a formula on the current inputs: its trace, or why there is none. */
export type Outcome<T> =
  | { kind: 'ok'; trace: Traced<T> }
  /** The formula is undefined on these inputs (FormulaError). */
  | { kind: 'error'; message: string }
  /** An input is not a number yet. */
  | { kind: 'invalid'; message: string };

/** Runs `fn`; a FormulaError or an unparsable input becomes a message, never a crash. */
export function attempt<T>(fn: () => Traced<T>): Outcome<T> {
  try {
    return { kind: 'ok', trace: fn() };
  } catch (e) {
    if (e instanceof InputError) return { kind: 'invalid', message: e.message };
    if (e instanceof FormulaError) return { kind: 'error', message: e.message };
    return { kind: 'error', message: `Unexpected error: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Runs `fn` on the value of an earlier outcome, passing its failure through. (Not named `then`: a module exporting `then` is a thenable.) */
export function after<A, B>(previous: Outcome<A>, fn: (value: A) => Traced<B>, needs: string): Outcome<B> {
  if (previous.kind === 'ok') return attempt(() => fn(previous.trace.value));
  if (previous.kind === 'invalid') return previous;
  return { kind: 'error', message: `Needs ${needs}, which could not be computed: ${previous.message}` };
}

/** 4 decimals, as the results are shown (−0 as 0; tiny or huge values in scientific notation). */
export function fixed4(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 5e-5 || ax >= 1e9)) return x.toExponential(3);
  const s = x.toFixed(4);
  return s === '-0.0000' ? '0.0000' : s;
}

/** A vector at 4 decimals: "(-1.0000, 2.0000)". */
export function fixed4Vec(v: readonly number[]): string {
  return `(${v.map(fixed4).join(', ')})`;
}
