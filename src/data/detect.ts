/**
 * Looks at the first 64 KB of a file and guesses how to read it: text encoding, delimiter,
 * header row, and which columns hold users, items, ratings, timestamps, titles and genres.
 */
import Papa from 'papaparse';
import { splitCompleteRecords } from './recordScanner';
import { ImportError } from './rowErrors';
import { assertText, detectUnicode } from './textCheck';
import { truncateCell } from './truncate';
import { isNumeric, looksLikeHeaderName } from './columnNames';

export { PREVIEW_CELL_CHARS, truncateCell } from './truncate';
export { isNumeric } from './columnNames';
export { guessRatingsMapping, guessTitlesMapping } from './guessMapping';

/** Field separators we recognise; '::' is MovieLens 1M/10M. */
export type Delimiter = ',' | '\t' | ';' | '|' | '::';
/** 'windows-1252' is what browsers use for latin-1 labels; UTF-16 is found by its byte-order mark or its zero bytes. */
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
/** The user's corrections in the preview: sniff again with this delimiter and/or header choice. */
export interface SniffOverrides {
  delimiter?: Delimiter;
  hasHeader?: boolean;
}
/** 0-based column indices of a ratings file. */
export interface ColumnMapping {
  user: number;
  item: number;
  rating: number | null;
  timestamp: number | null;
}
/** A run of 0/1 columns (0-based, inclusive), each one genre or feature of the item when 1 (MovieLens u.item's 19 genre flags). */
export interface FlagColumns {
  from: number;
  to: number;
}
/** 0-based column indices of a titles file. */
export interface TitleMapping {
  item: number;
  title: number;
  /** A column of 'A|B|C' lists (movies.dat, movies.csv), or null. */
  genres: number | null;
  /** Columns of 0/1 flags, one genre each (u.item), or null/absent. */
  flags?: FlagColumns | null;
}

/**
 * MovieLens 100K's 19 genres in the order of u.item's flag columns (as its u.genre lists them):
 * the names a headerless file of exactly 19 flags gets.
 */
export const MOVIELENS_GENRES: readonly string[] = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];

/**
 * The feature name of each flag column: the header's names when the file has a header; else
 * MovieLens's genres when there are exactly 19 flags; else "flag 6", "flag 7", … (1-based columns).
 */
export function flagNames(flags: FlagColumns, header: readonly string[] | null): string[] {
  const count = flags.to - flags.from + 1;
  if (header) return Array.from({ length: count }, (_, k) => (header[flags.from + k] ?? `flag ${flags.from + k + 1}`).trim());
  if (count === MOVIELENS_GENRES.length) return [...MOVIELENS_GENRES];
  return Array.from({ length: count }, (_, k) => `flag ${flags.from + k + 1}`);
}
/** What sniffFile found. */
export interface FileSniff {
  /** null when the first 64 KB is not valid UTF-8 and no encoding was given: the UI must ask (suggest 'windows-1252'). */
  encoding: TextEncodingName | null;
  delimiter: Delimiter;
  hasHeader: boolean;
  /** Column names from the header row, else "Column 1".."Column n". */
  header: string[];
  /** First ≤10 data rows (header excluded), fields as strings. Decoded with windows-1252 when encoding is null so a preview still shows. */
  previewRows: string[][];
  fieldCount: number;
  /** True when delimiter/header detection is unambiguous. */
  certain: boolean;
}

/** Bytes read by sniffFile. */
export const SNIFF_BYTES = 65536;
/** Records of the sample used to choose a delimiter and header. */
const SAMPLE_RECORDS = 200;
const PREVIEW_ROWS = 10;
/** Tie-break order: '::' first so that '|' inside MovieLens genres never wins over it. */
const DELIMITERS: readonly Delimiter[] = ['::', '\t', ',', ';', '|'];

/** Decode bytes; with no encoding, use a BOM's or UTF-16's, else try strict UTF-8 and report null when it fails. */
function decodeSample(bytes: Uint8Array, truncated: boolean, encoding: TextEncodingName | undefined): { text: string; encoding: TextEncodingName | null } {
  const unicode = encoding ? null : detectUnicode(bytes);
  if (unicode === 'utf-16le' || unicode === 'utf-16be') encoding = unicode;
  if (encoding) return { text: new TextDecoder(encoding).decode(bytes, { stream: truncated }), encoding };
  try {
    // stream: true keeps a multi-byte character cut by the 64 KB slice from counting as invalid.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated }), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: null };
  }
}

function parseSample(text: string, delimiter: Delimiter): string[][] {
  const rows = Papa.parse<string[]>(text, { delimiter, quoteChar: '"', newline: '\n', skipEmptyLines: false }).data;
  return rows.filter((r) => !(r.length === 1 && (r[0] ?? '').trim() === '')).slice(0, SAMPLE_RECORDS);
}

interface DelimiterScore {
  delimiter: Delimiter;
  rows: string[][];
  /** Most common field count. */
  mode: number;
  /** Share of rows with the most common field count. */
  consistency: number;
}

function scoreDelimiter(text: string, delimiter: Delimiter): DelimiterScore {
  const rows = parseSample(text, delimiter);
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let mode = 1;
  let best = 0;
  for (const [len, c] of counts) {
    if (c > best || (c === best && len > mode)) {
      mode = len;
      best = c;
    }
  }
  return { delimiter, rows, mode, consistency: rows.length > 0 ? best / rows.length : 0 };
}

/** Decide whether the first row is a header: a column that is numeric below but not in row 1 says yes. */
function detectHeader(rows: readonly string[][], fieldCount: number): { hasHeader: boolean; certain: boolean } {
  const first = rows[0];
  if (!first) return { hasHeader: false, certain: false };
  const rest = rows.slice(1);
  const nameHits = first.filter(looksLikeHeaderName).length;
  if (rest.length === 0) return { hasHeader: nameHits > 0 && !first.some(isNumeric), certain: false };
  let numericCols = 0;
  for (let c = 0; c < fieldCount; c++) {
    let numeric = 0;
    let present = 0;
    for (const r of rest) {
      const v = r[c];
      if (v === undefined || v.trim() === '') continue;
      present++;
      if (isNumeric(v)) numeric++;
    }
    if (present === 0 || numeric / present < 0.9) continue;
    numericCols++;
    const h = first[c] ?? '';
    if (h.trim() !== '' && !isNumeric(h)) return { hasHeader: true, certain: true };
  }
  if (numericCols > 0) return { hasHeader: false, certain: true };
  // Only text columns: fall back to recognised header names.
  return { hasHeader: nameHits > 0, certain: false };
}

/**
 * Reads only the first 64 KB of the Blob (blob.slice), strips a BOM, handles CRLF, CR-only line ends
 * and quotes. Throws ImportError, before any preview, for an empty file, a binary file ("This is not
 * a text file: …"), and a file whose first line does not end within the 64 KB.
 * `overrides` are the user's corrections in the preview (delimiter, header).
 */
export async function sniffFile(file: Blob, encoding?: TextEncodingName, overrides: SniffOverrides = {}): Promise<FileSniff> {
  if (file.size === 0) throw new ImportError('The file is empty (0 bytes).');
  const truncated = file.size > SNIFF_BYTES;
  const bytes = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const decoded = decodeSample(bytes, truncated, encoding);
  assertText(bytes, decoded.encoding ?? 'windows-1252');
  let text = decoded.text.replace(/\r\n?/g, '\n');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  else if (text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3); // UTF-8 BOM read as windows-1252
  if (text.trim() === '') throw new ImportError(`The file holds no rows: its ${file.size} bytes are all blank.`);

  const scores = DELIMITERS.map((d) => {
    // Drop the record cut off by the 64 KB limit, respecting quotes.
    const t = truncated ? text.slice(0, splitCompleteRecords(text, d, false).end) : text;
    return scoreDelimiter(t, d);
  });
  if (scores.every((s) => s.rows.length === 0)) {
    throw new ImportError(`Line 1 is longer than ${SNIFF_BYTES} bytes (no line ends in the first ${SNIFF_BYTES} bytes): this is not a ratings or titles file with one row per line.`);
  }
  const usable = scores.filter((s) => s.mode >= 2);
  usable.sort((a, b) => b.consistency - a.consistency || DELIMITERS.indexOf(a.delimiter) - DELIMITERS.indexOf(b.delimiter));
  const guessed = usable[0] ?? scores.find((s) => s.delimiter === ',') ?? (scores[0] as DelimiterScore);
  const best = overrides.delimiter ? (scores.find((s) => s.delimiter === overrides.delimiter) ?? guessed) : guessed;
  const rivals = usable.filter((s) => s !== best && s.consistency >= 0.9);
  // A consistent '::' is strong evidence on its own ('|' inside genres may also look consistent).
  const delimiterCertain = overrides.delimiter !== undefined || (best.mode >= 2 && best.consistency === 1 && (rivals.length === 0 || best.delimiter === '::'));

  const fieldCount = best.mode;
  const detected = detectHeader(best.rows, fieldCount);
  const head = overrides.hasHeader === undefined ? detected : { hasHeader: overrides.hasHeader, certain: true };
  const header = head.hasHeader && best.rows[0] ? best.rows[0].map((h) => truncateCell(h.trim())) : Array.from({ length: fieldCount }, (_, i) => `Column ${i + 1}`);
  while (header.length < fieldCount) header.push(`Column ${header.length + 1}`);
  const previewRows = best.rows.slice(head.hasHeader ? 1 : 0, (head.hasHeader ? 1 : 0) + PREVIEW_ROWS).map((r) => r.map((c) => truncateCell(c)));
  return {
    encoding: decoded.encoding,
    delimiter: best.delimiter,
    hasHeader: head.hasHeader,
    header,
    previewRows,
    fieldCount,
    certain: delimiterCertain && head.certain,
  };
}
