/**
 * Parsing of the raw strings typed into the example inputs. Inputs keep what the user typed
 * (so "0." or "-" survive while typing); the numbers are parsed on every render.
 */

/** An input that is not (yet) a number; shown in place of a result, never thrown past `attempt`. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number in `raw`, or null if it is not one. Accepts a Unicode minus and a decimal comma. */
export function parseNumber(raw: string): number | null {
  const s = raw.trim().replace(/\u2212/g, '-').replace(/^([+-]?\d+),(\d+)$/, '$1.$2');
  if (!NUMBER.test(s)) return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

/** The inline message for a field, or undefined when the entry is fine. */
export function fieldError(raw: string, allowEmpty = false): string | undefined {
  if (raw.trim() === '') return allowEmpty ? undefined : 'Empty: enter a number';
  return parseNumber(raw) === null ? `“${raw.trim()}” is not a number` : undefined;
}

/** Parses one field or throws an InputError naming it. */
export function num(raw: string, label: string): number {
  const x = parseNumber(raw);
  if (x === null) throw new InputError(`${label}: ${fieldError(raw) ?? 'not a number'}.`);
  return x;
}

/** Parses a vector of fields (labels "name entry k"). */
export function vec(raws: readonly string[], name: string): number[] {
  return raws.map((r, i) => num(r, `${name} entry ${i + 1}`));
}

/** Parses a grid of fields (labels "name row r, column c"). */
export function mat(raws: readonly (readonly string[])[], name: string): number[][] {
  return raws.map((row, r) => row.map((x, c) => num(x, `${name} row ${r + 1}, column ${c + 1}`)));
}

/** Parses a ratings grid: empty = not rated (null). */
export function ratings(raws: readonly (readonly string[])[], users: readonly string[], items: readonly string[]): (number | null)[][] {
  return raws.map((row, u) => row.map((x, i) => (x.trim() === '' ? null : num(x, `${users[u] ?? `User ${u + 1}`}, ${items[i] ?? `Item ${i + 1}`} rating`))));
}

/** Numbers → the strings the inputs hold. */
export const toRaw = (v: readonly number[]): string[] => v.map(String);
export const toRawGrid = (m: readonly (readonly number[])[]): string[][] => m.map(toRaw);

/** Resizes a grid to rows×cols, keeping existing entries and filling new cells with `fill`. */
export function resizeGrid(m: readonly (readonly string[])[], rows: number, cols: number, fill = '0'): string[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => m[r]?.[c] ?? fill));
}
