/** The longest record the streaming reader (./streamRows) accepts, and finding and reporting longer ones. */
import { ImportError } from './rowErrors';

/** The longest record (line, or lines of one quoted field) read: longer ones stop the import. */
export const MAX_RECORD_CHARS = 1 << 20;

/** The ImportError for a record longer than MAX_RECORD_CHARS. */
export function longLineError(line: number, inQuote: boolean): ImportError {
  const why = inQuote
    ? `a quoted field opened on line ${line} is never closed (or holds more than that)`
    : 'a ratings or titles file has one short row per line';
  return new ImportError(`Line ${line} is longer than ${MAX_RECORD_CHARS} characters: ${why}. Is this the right file?`);
}

/** Number of '\n' in `text.slice(from, to)`. */
export function countLineEnds(text: string, from: number, to: number): number {
  let n = 0;
  for (let p = text.indexOf('\n', from); p >= 0 && p < to; p = text.indexOf('\n', p + 1)) n++;
  return n;
}

/**
 * Offset of the first record in `text.slice(0, end)` longer than the scanner's path allows (more
 * than MAX_RECORD_CHARS characters before its '\n', or MAX_RECORD_CHARS + 1 for a last record
 * without one), or -1. Looks for one line end per MAX_RECORD_CHARS characters, not at every line.
 */
export function firstLongRecord(text: string, end: number): number {
  let s = 0;
  while (end - s > MAX_RECORD_CHARS + 1) {
    const q = text.lastIndexOf('\n', s + MAX_RECORD_CHARS);
    if (q < s) return s;
    s = q + 1;
  }
  return -1;
}
