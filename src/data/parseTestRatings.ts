/** Streams a predefined test file (e.g. MovieLens u1.test) into the training dataset's index space. */
import { mapTestRatings, type MappedTestRatings } from './mapTestRatings';
import type { ColumnMapping } from './detect';
import { ImportError, noUsableRowsError, readRatingRows } from './parseRatings';
import type { BadRow, ImportProgress, ParseOptions } from './streamRows';

/** What parseTestRatingsFile returns: the mapped test ratings with their counts, and the rows it could not read. */
export interface ParsedTestRatings extends MappedTestRatings {
  /** Data rows seen (excluding header and blank lines). */
  rowsRead: number;
  badRowCount: number;
  /** The first MAX_BAD_ROWS bad rows. */
  badRows: BadRow[];
}

/**
 * Parse a test ratings file with the same streaming reader, column mapping and bad-row reports as
 * parseRatingsFile, then map its ids through the training dataset's id maps (`userIds[u]` is the id
 * of user index u): repeated (user, item) pairs keep their last row, and rows whose user or item the
 * training data does not have are dropped and counted (see mapTestRatings). The timestamp column, if
 * mapped, is ignored. Throws ImportError when no row is usable or none matches the training data,
 * and DOMException 'AbortError' when cancelled.
 */
export async function parseTestRatingsFile(
  file: Blob,
  options: ParseOptions & { mapping: ColumnMapping },
  userIds: readonly string[],
  itemIds: readonly string[],
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<ParsedTestRatings> {
  const users: string[] = [];
  const items: string[] = [];
  const ratings: number[] = [];
  const read = await readRatingRows(
    file,
    { ...options, mapping: { ...options.mapping, timestamp: null } },
    (u, i, r) => {
      users.push(u);
      items.push(i);
      ratings.push(r);
    },
    onProgress,
    signal,
  );
  if (users.length === 0) throw noUsableRowsError(read);
  const mapped = mapTestRatings({ users, items, ratings: Float32Array.from(ratings) }, userIds, itemIds);
  const s = mapped.summary;
  if (s.testRatings === 0) {
    throw new ImportError(
      `None of the ${s.unknownRows} test ratings has a user and an item of the training data (${s.unknownUsers} unknown user id${s.unknownUsers === 1 ? '' : 's'}, ${s.unknownItems} unknown item id${s.unknownItems === 1 ? '' : 's'}): is it the test file of this dataset, with the same columns?`,
    );
  }
  return { ...mapped, rowsRead: read.rowsRead, badRowCount: read.bad.count, badRows: read.bad.rows };
}
