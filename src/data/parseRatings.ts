/** Streams a ratings file into dense typed-array columns, reporting bad rows with line and column. */
import { blobHead } from './blobHead';
import type { ColumnMapping } from './detect';
import { dedupeKeepLast } from './dedupe';
import { RatingsBuilder } from './growable';
import { ImportError } from './rowErrors';
import { createIdMap } from './idMap';
import type { PlainTextReader } from './chunkReaders';
import { streamRows, type BadRow, type ImportProgress, type ParseOptions } from './streamRows';
import { RatingRowReader, type RatingRowSink, type RatingRowsRead } from './ratingRows';
import type { RatingScale } from './ratingScale';
import type { RatingsColumns } from './types';

export type { BadRow, ImportProgress, ParseOptions } from './streamRows';
export { ImportError, MAX_BAD_ROWS } from './rowErrors';
export { parseRating, type RatingRowSink, type RatingRowsRead } from './ratingRows';

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

/**
 * The row reader shared by the ratings and test-ratings parsers: streams the file and hands every
 * good row to `sink` (see RatingRowReader for the checks; ids trimmed; rating 1 when mapping.rating
 * is null; timestamp in seconds, 0 when mapping.timestamp is null). Text without quote characters is
 * read in place by the fast path; the rest is split by Papa Parse.
 * Throws ImportError for a mapped column the file does not have and when the file has no data rows;
 * DOMException 'AbortError' when cancelled.
 */
export async function readRatingRowsInto(
  file: Blob,
  options: ParseOptions & { mapping: ColumnMapping },
  sink: RatingRowSink,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<RatingRowsRead> {
  const reader = new RatingRowReader(options.mapping, options.delimiter, sink);
  const plain: PlainTextReader = (text, start, end, firstLine, header) => reader.plain(text, start, end, firstLine, header);
  for await (const batch of streamRows(file, options, onProgress, signal, plain)) reader.batch(batch);
  return reader.finish();
}

/**
 * readRatingRowsInto with the good rows' ids as strings: `onRow(user, item, rating, timestamp)`.
 */
export async function readRatingRows(
  file: Blob,
  options: ParseOptions & { mapping: ColumnMapping },
  onRow: (user: string, item: string, rating: number, timestamp: number) => void,
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<RatingRowsRead> {
  let user = '';
  let item = '';
  const sink: RatingRowSink = {
    user: (id) => ((user = id), 0),
    userInt: (id) => ((user = String(id)), 0),
    item: (id) => ((item = id), 0),
    itemInt: (id) => ((item = String(id)), 0),
    row: (_u, _i, rating, timestamp) => onRow(user, item, rating, timestamp),
  };
  return readRatingRowsInto(file, options, sink, onProgress, signal);
}

/** The ImportError for a file whose every data row was rejected. */
export function noUsableRowsError(read: RatingRowsRead): ImportError {
  const first = read.bad.rows[0];
  const where = first ? ` The first problem: line ${first.line}${first.column !== null ? `, column ${first.column}` : ''}: ${first.message}.` : '';
  return new ImportError(`No usable rows: all ${read.rowsRead} data rows were rejected.${where}`);
}

/**
 * Rows to allocate for up front: the file's size over the mean line length in its first 64 KB, plus
 * 5 % (at least 1024; at most one row per 6 bytes, the shortest "u,i,r" line). With a fair estimate
 * the columns never double while growing: a 5-million-row file would otherwise briefly hold room for
 * 9 million rows plus the 4.6 million it had.
 */
export async function estimateRows(file: Blob): Promise<number> {
  const head = await blobHead(file);
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
  const sink: RatingRowSink = {
    user: (id) => users.indexOf(id),
    userInt: (id) => users.indexOfInt(id),
    item: (id) => items.indexOf(id),
    itemInt: (id) => items.indexOfInt(id),
    row: (u, i, r, t) => builder.push(u, i, r, t),
  };
  const read = await readRatingRowsInto(file, options, sink, onProgress, signal);
  if (builder.length === 0) throw noUsableRowsError(read);
  const built = builder.finish();
  const builtTimestamps = builder.finishTimestamps();
  builder.clear(); // the over-allocated columns are not needed while deduplicating
  const { columns, timestamps, duplicates } = dedupeKeepLast(built, users.size, items.size, builtTimestamps);
  // Min/max of the ratings kept, as stored (Float32).
  let ratingMin = Infinity;
  let ratingMax = -Infinity;
  const kept = columns.ratings;
  for (let k = 0; k < kept.length; k++) {
    const r = kept[k] as number;
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
