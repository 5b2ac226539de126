/** Streams a ratings file into dense typed-array columns, reporting bad rows with line and column. */
import type { ColumnMapping } from './detect';
import { dedupeKeepLast } from './dedupe';
import { RatingsBuilder } from './growable';
import { BadRowLog, checkMappingColumns, fieldCountMessage, ImportError } from './rowErrors';
import { createIdMap } from './idMap';
import { streamRows, type BadRow, type ImportProgress, type ParseOptions } from './streamRows';
import { RatingScaleTally, type RatingScale } from './ratingScale';
import { parseTimestamp } from './timestamp';
import { truncateCell } from './truncate';
import type { RatingsColumns } from './types';

export type { BadRow, ImportProgress, ParseOptions } from './streamRows';
export { ImportError, MAX_BAD_ROWS } from './rowErrors';

/** What parseRatingsFile returns. */
export interface ParsedRatings {
  /** Deduplicated: for a repeated (user,item) pair the LAST one in file order is kept. */
  columns: RatingsColumns;
  /** Seconds since the epoch per kept row (aligned with `columns`), or null when mapping.timestamp is null. */
  timestamps: Float64Array | null;
  /** Dense index → original id string, in order of first appearance. */
  userIds: string[];
  itemIds: string[];
  /** Data rows seen (excluding header and blank lines). */
  rowsRead: number;
  /** Rows dropped as earlier duplicates. */
  duplicates: number;
  badRowCount: number;
  /** The first MAX_BAD_ROWS bad rows. */
  badRows: BadRow[];
  ratingMin: number;
  ratingMax: number;
  /** True when mapping.rating === null: every rating is 1. */
  implicit: boolean;
  /** The scale the ratings use and how many lie outside it (before duplicates are dropped); null when implicit. */
  scale: RatingScale | null;
}

/** What readRatingRows reports besides the rows it hands over. */
export interface RatingRowsRead {
  /** Data rows seen (excluding header and blank lines). */
  rowsRead: number;
  /** Rows handed to `onRow`. */
  rowsKept: number;
  bad: BadRowLog;
  /** The rating scale of the rows kept (null when implicit). */
  scale: RatingScale | null;
}

/** A decimal number as written in a data file: optional sign, digits with an optional point, optional exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

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

/** Describe the expected field count's origin for error messages. */
function sourceOf(hasHeader: boolean, line: number): string {
  return hasHeader ? 'the header row' : `the first data row (line ${line})`;
}

/**
 * The row reader shared by the ratings and test-ratings parsers: streams the file and hands every
 * good row to `onRow(user, item, rating, timestamp)` (ids trimmed; rating 1 when mapping.rating is
 * null; timestamp in seconds, 0 when mapping.timestamp is null). Rows with the wrong number of
 * fields (compared with the header, or the first data row when there is none), an empty user/item
 * id, a rating that is not a finite number, or a timestamp that is neither unix seconds nor an
 * ISO-8601 date are skipped and logged with their line and (1-based) column.
 * Throws ImportError for a mapped column the file does not have and when the file has no data rows;
 * DOMException 'AbortError' when cancelled.
 */
export async function readRatingRows(
  file: Blob,
  options: ParseOptions & { mapping: ColumnMapping },
  onRow: (user: string, item: string, rating: number, timestamp: number) => void,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<RatingRowsRead> {
  const { mapping } = options;
  const bad = new BadRowLog();
  const implicit = mapping.rating === null;
  const userCol = mapping.user;
  const itemCol = mapping.item;
  const ratingCol = mapping.rating ?? -1;
  const timeCol = mapping.timestamp ?? -1;
  let expected = -1;
  let rowsRead = 0;
  let rowsKept = 0;
  let sawHeader = false;
  const tally = new RatingScaleTally();

  for await (const batch of streamRows(file, options, onProgress, signal)) {
    const { rows, lines } = batch;
    if (batch.header) sawHeader = true;
    if (expected < 0 && rows.length > 0) {
      expected = batch.header ? batch.header.length : (rows[0]?.length ?? 0);
      checkMappingColumns({ user: mapping.user, item: mapping.item, rating: mapping.rating, timestamp: mapping.timestamp }, expected, sourceOf(batch.header !== null, lines[0] ?? 1));
    }
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k] as string[];
      const line = lines[k] as number;
      rowsRead++;
      if (row.length !== expected) {
        bad.add(line, null, fieldCountMessage(expected, row.length), () => batch.rawText(k));
        continue;
      }
      const u = (row[userCol] as string).trim();
      if (u === '') {
        bad.add(line, userCol + 1, 'empty user id', () => batch.rawText(k));
        continue;
      }
      const i = (row[itemCol] as string).trim();
      if (i === '') {
        bad.add(line, itemCol + 1, 'empty item id', () => batch.rawText(k));
        continue;
      }
      let r = 1;
      if (!implicit) {
        const parsed = parseRating(row[ratingCol] as string);
        if (typeof parsed === 'string') {
          bad.add(line, ratingCol + 1, parsed, () => batch.rawText(k));
          continue;
        }
        r = parsed;
      }
      let ts = 0;
      if (timeCol >= 0) {
        const raw = row[timeCol] as string;
        ts = parseTimestamp(raw);
        if (!Number.isFinite(ts)) {
          const message = raw.trim() === '' ? 'empty timestamp' : `timestamp "${raw}" is neither a number (unix seconds) nor an ISO-8601 date (e.g. 2024-03-07 or 2024-03-07T10:15:00Z)`;
          bad.add(line, timeCol + 1, message, () => batch.rawText(k));
          continue;
        }
      }
      rowsKept++;
      if (!implicit) tally.add(r, line, ratingCol + 1, (row[ratingCol] as string).trim());
      onRow(u, i, r, ts);
    }
  }

  if (rowsRead === 0) throw new ImportError(sawHeader ? 'The file has only a header row (line 1) and no data rows.' : 'The file has no data rows.');
  return { rowsRead, rowsKept, bad, scale: implicit ? null : tally.result() };
}

/** The ImportError for a file whose every data row was rejected. */
export function noUsableRowsError(read: RatingRowsRead): ImportError {
  const first = read.bad.rows[0];
  const where = first ? ` The first problem: line ${first.line}${first.column !== null ? `, column ${first.column}` : ''}: ${first.message}.` : '';
  return new ImportError(`No usable rows: all ${read.rowsRead} data rows were rejected.${where}`);
}

/** Bytes of a file's head read to estimate its rows. */
const HEAD_BYTES = 1 << 16;

/**
 * Rows to allocate for up front: the file's size over the mean line length in its first 64 KB, plus
 * 5 % (at least 1024; at most one row per 6 bytes, the shortest "u,i,r" line). With a fair estimate
 * the columns never double while growing: a 5-million-row file would otherwise briefly hold room for
 * 9 million rows plus the 4.6 million it had.
 */
export async function estimateRows(file: Blob): Promise<number> {
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  let lines = 0;
  for (let k = 0; k < head.length; k++) if (head[k] === 0x0a) lines++;
  const perLine = lines > 0 ? head.length / lines : 16;
  return Math.max(1024, Math.min(Math.ceil(file.size / 6), Math.ceil((file.size / perLine) * 1.05)));
}

/**
 * Parse a ratings file by streaming it. Ids are trimmed; ratings must be finite numbers; a mapped
 * timestamp column must hold unix seconds or ISO-8601 dates (see parseTimestamp), kept per row.
 * Rows with the wrong number of fields (compared with the header, or the first data row when there
 * is none), an empty user/item id, a bad rating or a bad timestamp are skipped and reported.
 * Throws ImportError when no usable rows remain, and DOMException 'AbortError' when cancelled.
 */
export async function parseRatingsFile(
  file: Blob,
  options: ParseOptions & { mapping: ColumnMapping },
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<ParsedRatings> {
  const users = createIdMap();
  const items = createIdMap();
  const withTimestamps = options.mapping.timestamp !== null;
  const builder = new RatingsBuilder(await estimateRows(file), withTimestamps);
  const read = await readRatingRows(
    file,
    options,
    (u, i, r, t) => builder.push(users.indexOf(u), items.indexOf(i), r, t),
    onProgress,
    signal,
  );
  if (builder.length === 0) throw noUsableRowsError(read);
  const built = builder.finish();
  const builtTimestamps = builder.finishTimestamps();
  builder.clear(); // the over-allocated columns are not needed while deduplicating
  const { columns, timestamps, duplicates } = dedupeKeepLast(built, users.size, items.size, builtTimestamps);
  // Min/max of the ratings kept, as stored (Float32).
  let ratingMin = Infinity;
  let ratingMax = -Infinity;
  for (const r of columns.ratings) {
    if (r < ratingMin) ratingMin = r;
    if (r > ratingMax) ratingMax = r;
  }
  return {
    columns,
    timestamps,
    userIds: users.ids,
    itemIds: items.ids,
    rowsRead: read.rowsRead,
    duplicates,
    badRowCount: read.bad.count,
    badRows: read.bad.rows,
    ratingMin,
    ratingMax,
    implicit: options.mapping.rating === null,
    scale: read.scale,
  };
}
