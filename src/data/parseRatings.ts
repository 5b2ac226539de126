/** Streams a ratings file into dense typed-array columns, reporting bad rows with line and column. */
import type { ColumnMapping } from './detect';
import { dedupeKeepLast } from './dedupe';
import { RatingsBuilder } from './growable';
import { BadRowLog, checkMappingColumns, fieldCountMessage, ImportError } from './rowErrors';
import { createIdMap } from './idMap';
import { streamRows, type BadRow, type ImportProgress, type ParseOptions } from './streamRows';
import type { RatingsColumns } from './types';

export type { BadRow, ImportProgress, ParseOptions } from './streamRows';
export { ImportError, MAX_BAD_ROWS } from './rowErrors';

/** What parseRatingsFile returns. */
export interface ParsedRatings {
  /** Deduplicated: for a repeated (user,item) pair the LAST one in file order is kept. */
  columns: RatingsColumns;
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
}

/** Describe the expected field count's origin for error messages. */
function sourceOf(hasHeader: boolean, line: number): string {
  return hasHeader ? 'the header row' : `the first data row (line ${line})`;
}

/**
 * Parse a ratings file by streaming it. Ids are trimmed; ratings must be finite numbers.
 * Rows with the wrong number of fields (compared with the header, or the first data row when there
 * is none), an empty user/item id or a bad rating are skipped and reported.
 * Throws ImportError when no usable rows remain, and DOMException 'AbortError' when cancelled.
 */
export async function parseRatingsFile(
  file: Blob,
  options: ParseOptions & { mapping: ColumnMapping },
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<ParsedRatings> {
  const { mapping } = options;
  const users = createIdMap();
  const items = createIdMap();
  const builder = new RatingsBuilder(Math.max(1024, Math.floor(file.size / 16)));
  const bad = new BadRowLog();
  const implicit = mapping.rating === null;
  const userCol = mapping.user;
  const itemCol = mapping.item;
  const ratingCol = mapping.rating ?? -1;
  let expected = -1;
  let rowsRead = 0;
  let ratingMin = Infinity;
  let ratingMax = -Infinity;

  for await (const batch of streamRows(file, options, onProgress, signal)) {
    const { rows, lines } = batch;
    if (expected < 0) {
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
        const raw = row[ratingCol] as string;
        const t = raw.trim();
        r = t === '' ? NaN : Number(t);
        if (!Number.isFinite(r)) {
          bad.add(line, ratingCol + 1, t === '' ? 'empty rating' : `rating "${raw}" is not a finite number`, () => batch.rawText(k));
          continue;
        }
      }
      builder.push(users.indexOf(u), items.indexOf(i), r);
    }
  }

  if (rowsRead === 0) throw new ImportError('The file has no data rows.');
  if (builder.length === 0) {
    const first = bad.rows[0];
    const where = first ? ` The first problem: line ${first.line}${first.column !== null ? `, column ${first.column}` : ''}: ${first.message}.` : '';
    throw new ImportError(`No usable rows: all ${rowsRead} data rows were rejected.${where}`);
  }
  const { columns, duplicates } = dedupeKeepLast(builder.finish(), users.size, items.size);
  // Min/max of the ratings kept, as stored (Float32).
  for (const r of columns.ratings) {
    if (r < ratingMin) ratingMin = r;
    if (r > ratingMax) ratingMax = r;
  }
  return {
    columns,
    userIds: users.ids,
    itemIds: items.ids,
    rowsRead,
    duplicates,
    badRowCount: bad.count,
    badRows: bad.rows,
    ratingMin,
    ratingMax,
    implicit,
  };
}
