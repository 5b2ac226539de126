/** The worker's import steps: sniff a file (checking UTF-8 up front when small), parse it in full. */
import { blobHead } from '../data/blobHead';
import { SNIFF_BYTES, guessRatingsMapping, guessTitlesMapping, sniffFile } from '../data/detect';
import type { ColumnMapping, Delimiter, SniffOverrides, TextEncodingName, TitleMapping } from '../data/detect';
import { parseRatingsFile } from '../data/parseRatings';
import type { ImportProgress } from '../data/parseRatings';
import { assertTitlesMatch, parseTitlesFile } from '../data/parseTitles';
import type { RatingScale } from '../data/ratingScale';
import { datasetFromParsed } from '../data/meta';
import { FULL_UTF8_CHECK_BYTES, findInvalidUtf8 } from '../data/utf8';
import type { Dataset } from '../data/types';
import { estimateStoredBytesOfFile, refusalBeforeImport, storageFigures } from '../data/storageBudget';
import { throttle } from './throttle';
import type { ImportReport, SniffResult } from './types';

export interface FileReadOptions {
  encoding: TextEncodingName;
  delimiter: Delimiter;
  hasHeader: boolean;
}

/**
 * Sniffs the head of a file. When no encoding is given and the file is small enough, the whole file
 * is checked for UTF-8 (MovieLens u.item's first accented byte is past the first 64 KB), so the UI
 * can ask for the encoding before parsing rather than after.
 */
export async function sniffForImport(file: Blob, encoding?: TextEncodingName, overrides: SniffOverrides = {}): Promise<SniffResult> {
  let sniff = await sniffFile(file, encoding, overrides);
  let invalidUtf8At: SniffResult['invalidUtf8At'] = null;
  if (!encoding && sniff.encoding === 'utf-8' && file.size <= FULL_UTF8_CHECK_BYTES) {
    invalidUtf8At = await findInvalidUtf8(file);
    if (invalidUtf8At) sniff = { ...(await sniffFile(file, 'windows-1252', overrides)), encoding: null };
  } else if (!encoding && sniff.encoding === null) {
    invalidUtf8At = await findInvalidUtf8(file.slice(0, SNIFF_BYTES));
  }
  return { sniff, ratingsMapping: guessRatingsMapping(sniff), titlesMapping: guessTitlesMapping(sniff), invalidUtf8At };
}

/** What to import: a ratings file and, optionally, a titles file, each with how to read it. */
export interface ImportRequest {
  name: string;
  ratingsFile: Blob;
  ratingsOptions: FileReadOptions & { mapping: ColumnMapping };
  titlesFile: Blob | null;
  titlesOptions: (FileReadOptions & { mapping: TitleMapping }) | null;
}

/**
 * Throws, before any parsing, when the ratings file needs more browser storage than
 * navigator.storage.estimate() says is free (rows estimated from the line breaks in its head).
 */
export async function checkRoomForImport(request: Pick<ImportRequest, 'ratingsFile' | 'ratingsOptions'>): Promise<void> {
  const file = request.ratingsFile;
  const head = await blobHead(file);
  let lines = 0;
  for (const byte of head) if (byte === 0x0a) lines++;
  const needed = estimateStoredBytesOfFile(file.size, head.length, lines, request.ratingsOptions.mapping.timestamp !== null);
  const refusal = refusalBeforeImport(needed, await storageFigures().catch(() => null));
  if (refusal) throw new Error(refusal);
}

export type ImportStageProgress = ImportProgress & { stage: 'ratings' | 'titles' };

/** The import report with the rating scale the file uses and the ratings outside it (null when implicit). */
export interface ScaledImportReport extends ImportReport {
  scale: RatingScale | null;
}

/**
 * Parses the ratings (and titles) in full. Throws ImportError when a titles file's ids match no item. Returns
 * the dataset, unsaved, and a report for the user.
 */
export async function parseForImport(
  request: ImportRequest,
  onProgress: (p: ImportStageProgress) => void,
  signal: AbortSignal,
): Promise<{ dataset: Dataset; report: ScaledImportReport }> {
  const { name, ratingsFile, ratingsOptions, titlesFile, titlesOptions } = request;
  const started = performance.now();
  const ratingsProgress = throttle((p: ImportProgress) => onProgress({ ...p, stage: 'ratings' }), 100);
  const parsed = await parseRatingsFile(ratingsFile, ratingsOptions, ratingsProgress, signal);
  ratingsProgress.flush();
  let parsedTitles = null;
  if (titlesFile && titlesOptions) {
    const titlesProgress = throttle((p: ImportProgress) => onProgress({ ...p, stage: 'titles' }), 100);
    parsedTitles = await parseTitlesFile(titlesFile, titlesOptions, titlesProgress, signal);
    titlesProgress.flush();
    assertTitlesMatch(parsed.itemIds, parsedTitles);
  }
  const dataset = datasetFromParsed(name, parsed, parsedTitles);
  const titlesReport: ImportReport['titles'] = parsedTitles && {
    rowsRead: parsedTitles.rowsRead,
    matched: dataset.titles?.filter((t) => t !== null).length ?? 0,
    badRowCount: parsedTitles.badRowCount,
    badRows: parsedTitles.badRows,
  };
  const report: ScaledImportReport = {
    name,
    rowsRead: parsed.rowsRead,
    users: dataset.meta.users,
    items: dataset.meta.items,
    ratings: dataset.meta.ratings,
    duplicates: parsed.duplicates,
    badRowCount: parsed.badRowCount,
    badRows: parsed.badRows,
    titles: titlesReport,
    ratingMin: dataset.meta.ratingMin,
    ratingMax: dataset.meta.ratingMax,
    implicit: parsed.implicit,
    scale: parsed.scale,
    seconds: (performance.now() - started) / 1000,
  };
  return { dataset, report };
}
