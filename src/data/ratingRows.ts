/**
 * The row checks of a ratings file, shared by its two paths: rows Papa Parse split (any file), and
 * quote-free text read in place (the fast path: no per-row arrays or substrings for plain fields).
 * A row the fast path cannot take as plain is split as Papa Parse would split it and checked the
 * general way, so both paths keep the same rows, ids, ratings and messages.
 */
import type { ColumnMapping } from './detect';
import { canonicalIntAt } from './idMap';
import { digitsAt, simpleDecimalAt, splitFieldsAt } from './plainFields';
import { RatingScaleTally, type RatingScale } from './ratingScale';
import { BadRowLog, checkMappingColumns, fieldCountMessage, ImportError } from './rowErrors';
import { RAW_TEXT_LIMIT, truncateRaw, type RowBatch } from './streamRows';
import { parseTimestamp } from './timestamp';
import { truncateCell } from './truncate';

/** A decimal number as written in a data file: optional sign, digits with an optional point, optional exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Rows with more fields than this are read the general way by the fast path. */
const MAX_PLAIN_FIELDS = 256;
/** Line feed. */
const NL = 10;

/**
 * The rating in a field, or why it is not one: 'empty rating', 'rating "five" is not a number',
 * 'rating "NaN" is not a finite number', 'rating "1e400" is too large to be a number (beyond ±1.8e308)'.
 */
export function parseRating(raw: string): number | string {
  const t = raw.trim();
  if (t === '') return 'empty rating';
  const r = Number(t);
  if (Number.isFinite(r) && DECIMAL.test(t)) return r;
  const shown = truncateCell(t, 40);
  if (/^[+-]?(nan|inf|infinity)$/i.test(t)) return `rating "${shown}" is not a finite number`;
  if (!DECIMAL.test(t)) return `rating "${shown}" is not a number`;
  return `rating "${shown}" is too large to be a number (beyond ±1.8e308)`;
}

/**
 * Where the good rows go: user and item ids to dense indices (called in that order, only for good
 * rows), then the row.
 */
export interface RatingRowSink {
  /** Index of a user id (trimmed, not empty). */
  user(id: string): number;
  /** Index of the user id written String(id) (a canonical integer, see canonicalInt). */
  userInt(id: number): number;
  /** Index of an item id (trimmed, not empty). */
  item(id: string): number;
  /** Index of the item id written String(id). */
  itemInt(id: number): number;
  /** One good row: rating 1 when implicit; timestamp in seconds, 0 when no column is mapped. */
  row(user: number, item: number, rating: number, timestamp: number): void;
}

/** What readRatingRows reports besides the rows it hands over. */
export interface RatingRowsRead {
  /** Data rows seen (excluding header and blank lines). */
  rowsRead: number;
  /** Rows handed to the sink. */
  rowsKept: number;
  bad: BadRowLog;
  /** The rating scale of the rows kept (null when implicit). */
  scale: RatingScale | null;
}

/**
 * The id in text[from, to): the number when it is written as a canonical integer (see canonicalIntAt),
 * else the trimmed text ('' when empty, which no row may have).
 */
function idAt(text: string, from: number, to: number): number | string {
  const n = canonicalIntAt(text, from, to);
  return n >= 0 ? n : text.slice(from, to).trim();
}

/** Describe the expected field count's origin for error messages. */
function sourceOf(hasHeader: boolean, line: number): string {
  return hasHeader ? 'the header row' : `the first data row (line ${line})`;
}

/** True when `text.slice(from, to)`, a line without delimiter, is blank (Papa's row [''] or whitespace only). */
function isBlankAt(text: string, from: number, to: number): boolean {
  if (to === from) return true;
  const c = text.charCodeAt(from);
  if (c > 32 && c < 127) return false;
  return text.slice(from, to).trim() === '';
}

/**
 * Checks the rows of one ratings file in file order and hands the good ones to a sink. Rows with the
 * wrong number of fields (compared with the header, or the first data row when there is none), an
 * empty user/item id, a rating that is not a finite number, or a timestamp that is neither unix
 * seconds nor an ISO-8601 date are skipped and logged with their line and (1-based) column.
 */
export class RatingRowReader {
  readonly bad = new BadRowLog();
  readonly tally = new RatingScaleTally();
  /** Data rows seen (excluding header and blank lines). */
  rowsRead = 0;
  /** Rows handed to the sink. */
  rowsKept = 0;
  /** Whether the file had a header row. */
  sawHeader = false;
  private expected = -1;
  private readonly implicit: boolean;
  private readonly userCol: number;
  private readonly itemCol: number;
  private readonly ratingCol: number;
  private readonly timeCol: number;
  private readonly starts = new Int32Array(MAX_PLAIN_FIELDS);
  private readonly ends = new Int32Array(MAX_PLAIN_FIELDS);

  constructor(
    private readonly mapping: ColumnMapping,
    private readonly delimiter: string,
    private readonly sink: RatingRowSink,
  ) {
    this.implicit = mapping.rating === null;
    this.userCol = mapping.user;
    this.itemCol = mapping.item;
    this.ratingCol = mapping.rating ?? -1;
    this.timeCol = mapping.timestamp ?? -1;
  }

  /** Fixes the expected field count at the first data row; throws ImportError for a mapped column the rows lack. */
  private expect(header: string[] | null, fields: number, line: number): void {
    this.expected = header ? header.length : fields;
    const { user, item, rating, timestamp } = this.mapping;
    checkMappingColumns({ user, item, rating, timestamp }, this.expected, sourceOf(header !== null, line));
  }

  /** What was read, once the file has been read to its end. Throws ImportError when it had no data rows. */
  finish(): RatingRowsRead {
    if (this.rowsRead === 0) throw new ImportError(this.sawHeader ? 'The file has only a header row (line 1) and no data rows.' : 'The file has no data rows.');
    return { rowsRead: this.rowsRead, rowsKept: this.rowsKept, bad: this.bad, scale: this.implicit ? null : this.tally.result() };
  }

  /** Reads a batch of rows split by Papa Parse. */
  batch(batch: RowBatch): void {
    const { rows, lines } = batch;
    if (batch.header) this.sawHeader = true;
    if (this.expected < 0 && rows.length > 0) this.expect(batch.header, rows[0]?.length ?? 0, lines[0] ?? 1);
    for (let k = 0; k < rows.length; k++) this.fields(rows[k] as string[], lines[k] as number, () => batch.rawText(k));
  }

  /** Reads one data row given as its fields (the general path). */
  fields(row: string[], line: number, rawText: () => string): void {
    const { userCol, itemCol, ratingCol, timeCol } = this;
    this.rowsRead++;
    if (row.length !== this.expected) {
      this.bad.add(line, null, fieldCountMessage(this.expected, row.length), rawText);
      return;
    }
    const u = (row[userCol] as string).trim();
    if (u === '') {
      this.bad.add(line, userCol + 1, 'empty user id', rawText);
      return;
    }
    const i = (row[itemCol] as string).trim();
    if (i === '') {
      this.bad.add(line, itemCol + 1, 'empty item id', rawText);
      return;
    }
    let r = 1;
    if (!this.implicit) {
      const parsed = parseRating(row[ratingCol] as string);
      if (typeof parsed === 'string') {
        this.bad.add(line, ratingCol + 1, parsed, rawText);
        return;
      }
      r = parsed;
    }
    let ts = 0;
    if (timeCol >= 0) {
      const raw = row[timeCol] as string;
      ts = parseTimestamp(raw);
      if (!Number.isFinite(ts)) {
        const message = raw.trim() === '' ? 'empty timestamp' : `timestamp "${raw}" is neither a number (unix seconds) nor an ISO-8601 date (e.g. 2024-03-07 or 2024-03-07T10:15:00Z)`;
        this.bad.add(line, timeCol + 1, message, rawText);
        return;
      }
    }
    this.rowsKept++;
    if (!this.implicit) this.tally.add(r, line, ratingCol + 1, (row[ratingCol] as string).trim());
    const ui = this.sink.user(u);
    this.sink.row(ui, this.sink.item(i), r, ts);
  }

  /**
   * Reads the records of quote-free text in place (the fast path): `text.slice(start, end)` holds whole
   * records, each ending with '\n' except perhaps the file's last, the first on line `firstLine`;
   * `header` is the header row already read (null when the file has none). Returns the data rows seen
   * (blank lines are skipped, as Papa's path skips them) and the line ends passed.
   */
  plain(text: string, start: number, end: number, firstLine: number, header: string[] | null): { rows: number; lineEnds: number } {
    if (header) this.sawHeader = true;
    const { starts, ends, delimiter } = this;
    let pos = start;
    let line = firstLine;
    let rows = 0;
    const single = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
    while (pos < end) {
      const lineStart = pos;
      let lineEnd: number;
      let nf: number;
      if (single >= 0) {
        // One pass finds the fields and the line end.
        let count = 0;
        let fieldStart = pos;
        let p = pos;
        for (; p < end; p++) {
          const c = text.charCodeAt(p);
          if (c === NL) break;
          if (c !== single) continue;
          if (count < MAX_PLAIN_FIELDS) {
            starts[count] = fieldStart;
            ends[count] = p;
          }
          count++;
          fieldStart = p + 1;
        }
        if (count < MAX_PLAIN_FIELDS) {
          starts[count] = fieldStart;
          ends[count] = p;
        }
        lineEnd = p;
        nf = count + 1;
      } else {
        lineEnd = text.indexOf('\n', pos);
        if (lineEnd < 0 || lineEnd > end) lineEnd = end;
        nf = splitFieldsAt(text, lineStart, lineEnd, delimiter, starts, ends);
      }
      const at = line;
      pos = lineEnd + 1;
      if (lineEnd < end) line++;
      if (nf === 1 && isBlankAt(text, lineStart, lineEnd)) continue;
      rows++;
      if (this.expected < 0) this.expect(header, nf, at);
      if (!this.plainRow(text, nf, at)) {
        this.fields(text.slice(lineStart, lineEnd).split(delimiter), at, () =>
          truncateRaw(text.slice(lineStart, Math.min(lineEnd, lineStart + RAW_TEXT_LIMIT + 1))),
        );
      }
    }
    return { rows, lineEnds: line - firstLine };
  }

  /** Takes a row whose fields are all plain (see plain); false, having taken nothing, when one is not. */
  private plainRow(text: string, nf: number, line: number): boolean {
    const { starts, ends, userCol, itemCol, ratingCol, timeCol } = this;
    if (nf !== this.expected || nf > MAX_PLAIN_FIELDS) return false;
    const u = idAt(text, starts[userCol] as number, ends[userCol] as number);
    if (u === '') return false;
    const i = idAt(text, starts[itemCol] as number, ends[itemCol] as number);
    if (i === '') return false;
    let r = 1;
    if (!this.implicit) {
      r = simpleDecimalAt(text, starts[ratingCol] as number, ends[ratingCol] as number);
      if (Number.isNaN(r)) return false;
    }
    let ts = 0;
    if (timeCol >= 0) {
      ts = digitsAt(text, starts[timeCol] as number, ends[timeCol] as number);
      if (Number.isNaN(ts)) return false;
    }
    this.rowsRead++;
    this.rowsKept++;
    if (!this.implicit) this.tally.addAt(r, line, ratingCol + 1, text, starts[ratingCol] as number, ends[ratingCol] as number);
    const sink = this.sink;
    const ui = typeof u === 'number' ? sink.userInt(u) : sink.user(u);
    const ii = typeof i === 'number' ? sink.itemInt(i) : sink.item(i);
    sink.row(ui, ii, r, ts);
    return true;
  }
}

