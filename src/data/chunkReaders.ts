/**
 * The two readers of a chunk of complete records in the streaming reader (./streamRows): Papa Parse
 * (quote-aware), and the hand-off of quote-free text to the ratings' fast path.
 */
import Papa from 'papaparse';
import { countLineEnds, firstLongRecord, longLineError, MAX_RECORD_CHARS } from './longRecords';
import { NL, type RecordScanner } from './recordScanner';

/** Whether a parsed row is blank: no fields, or one field of only whitespace. */
export function isBlank(row: string[]): boolean {
  return row.length === 0 || (row.length === 1 && (row[0] ?? '').trim() === '');
}

/**
 * Parse complete records with Papa Parse. `text` holds whole records separated by '\n'; `starts`
 * are the offsets of the records found by RecordScanner. When Papa splits them differently
 * (pathological quoting), fall back to parsing record by record so rows and lines stay aligned.
 */
export function parseRecords(text: string, starts: readonly number[], delimiter: string): string[][] {
  if (starts.length === 0) return [];
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const config = { delimiter, quoteChar: '"', newline: '\n' as const, skipEmptyLines: false as const };
  const rows = Papa.parse<string[]>(body, config).data;
  if (rows.length === starts.length) return rows;
  const out: string[][] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] ?? 0;
    let to = k + 1 < starts.length ? (starts[k + 1] ?? text.length) : text.length;
    if (to > from && text.charCodeAt(to - 1) === NL) to--;
    const data = Papa.parse<string[]>(text.slice(from, to), config).data;
    out.push(data.length <= 1 ? (data[0] ?? ['']) : data.flat());
  }
  return out;
}

/**
 * The fast path's reader of quote-free text: `text.slice(start, end)` holds whole records (each
 * ending with '\n' except perhaps the file's last), the first on line `firstLine`; `header` is the
 * header row already read, or null. Returns the data rows it saw (not counting blank lines) and the
 * line ends it passed.
 */
export type PlainTextReader = (text: string, start: number, end: number, firstLine: number, header: string[] | null) => { rows: number; lineEnds: number };

/**
 * Hands the complete records of quote-free `buf` to `plain` (after the long-record checks of the
 * scanner's path) and restarts `scanner` at the record left open, which it returns as `carry`. When
 * `header` is undefined the first non-blank record is the header row, split as Papa Parse splits
 * text without quotes, and returned (still undefined when the chunk has none).
 */
export function readPlainChunk(
  buf: string,
  final: boolean,
  scanner: RecordScanner,
  plain: PlainTextReader,
  delimiter: string,
  header: string[] | null | undefined,
): { carry: string; end: number; rows: number; header: string[] | null | undefined } {
  const firstLine = scanner.openRecordLine;
  const end = final ? buf.length : buf.lastIndexOf('\n') + 1;
  const long = firstLongRecord(buf, end);
  if (long >= 0) throw longLineError(firstLine + countLineEnds(buf, 0, long), false);
  const carry = buf.slice(end);
  if (carry.length > MAX_RECORD_CHARS) throw longLineError(firstLine + countLineEnds(buf, 0, end), false);
  let start = 0;
  let line = firstLine;
  while (header === undefined && start < end) {
    const nl = buf.indexOf('\n', start);
    const to = nl < 0 || nl >= end ? end : nl;
    const fields = buf.slice(start, to).split(delimiter);
    start = to + 1;
    if (to < end) line++;
    if (!isBlank(fields)) header = fields;
  }
  let rows = 0;
  if (start < end) {
    const read = plain(buf, start, end, line, header ?? null);
    rows = read.rows;
    line += read.lineEnds;
  }
  scanner.restartAt(line);
  return { carry, end, rows, header };
}
