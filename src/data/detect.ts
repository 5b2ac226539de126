/**
 * Looks at the first 64 KB of a file and guesses how to read it: text encoding, delimiter,
 * header row, and which columns hold users, items, ratings, timestamps, titles and genres.
 */
import Papa from 'papaparse';
import { splitCompleteRecords } from './recordScanner';

/** Field separators we recognise; '::' is MovieLens 1M/10M. */
export type Delimiter = ',' | '\t' | ';' | '|' | '::';
/** 'windows-1252' is what browsers use for latin-1 labels. */
export type TextEncodingName = 'utf-8' | 'windows-1252';
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

/** Decode bytes; with no encoding, try strict UTF-8 and report null when it fails. */
function decodeSample(bytes: Uint8Array, truncated: boolean, encoding: TextEncodingName | undefined): { text: string; encoding: TextEncodingName | null } {
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

/** A number as written in a data file (integer, decimal, exponent). */
export function isNumeric(s: string): boolean {
  const t = s.trim();
  return t !== '' && Number.isFinite(Number(t)) && !/^0x/i.test(t);
}

/** Lower-case letters and digits only: 'User-ID' → 'userid'. */
function norm(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const USER_NAMES = ['user', 'userid', 'uid', 'users', 'customer', 'customerid', 'reviewer', 'reviewerid', 'member', 'memberid', 'profile', 'profileid', 'person', 'personid'];
const ITEM_NAMES = ['item', 'itemid', 'iid', 'items', 'movie', 'movieid', 'movies', 'film', 'filmid', 'isbn', 'book', 'bookid', 'product', 'productid', 'asin', 'track', 'trackid', 'song', 'songid', 'artist', 'artistid', 'anime', 'animeid', 'game', 'gameid', 'recipe', 'recipeid', 'business', 'businessid'];
const RATING_NAMES = ['rating', 'ratings', 'score', 'stars', 'star', 'value', 'rate', 'grade', 'bookrating', 'userrating'];
const TIME_NAMES = ['timestamp', 'time', 'date', 'datetime', 'ts', 'unixtime', 'unixreviewtime', 'ratedat', 'created', 'createdat'];
const TITLE_NAMES = ['title', 'name', 'movietitle', 'booktitle', 'itemname', 'moviename', 'productname'];
const GENRE_NAMES = ['genre', 'genres', 'category', 'categories', 'tags'];
const ID_NAMES = ['id', ...ITEM_NAMES];

function findByName(header: readonly string[], names: readonly string[], taken: ReadonlySet<number>): number | null {
  const normed = header.map(norm);
  for (let i = 0; i < normed.length; i++) if (!taken.has(i) && names.includes(normed[i] ?? '')) return i;
  // Looser: a name that ends with a known word ('Book-Rating' → 'bookrating' ends with 'rating').
  for (let i = 0; i < normed.length; i++) {
    const n = normed[i] ?? '';
    if (!taken.has(i) && n.length > 0 && names.some((w) => w.length >= 4 && (n.endsWith(w) || n.startsWith(w)))) return i;
  }
  return null;
}

function looksLikeHeaderName(s: string): boolean {
  const n = norm(s);
  return [...USER_NAMES, ...ITEM_NAMES, ...RATING_NAMES, ...TIME_NAMES, ...TITLE_NAMES, ...GENRE_NAMES, 'id'].includes(n);
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

/** Reads only the first 64 KB of the Blob (blob.slice), strips a UTF-8 BOM, handles CRLF and quotes. */
export async function sniffFile(file: Blob, encoding?: TextEncodingName): Promise<FileSniff> {
  const truncated = file.size > SNIFF_BYTES;
  const bytes = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const decoded = decodeSample(bytes, truncated, encoding);
  let text = decoded.text.replace(/\r\n/g, '\n');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  else if (text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3); // UTF-8 BOM read as windows-1252

  const scores = DELIMITERS.map((d) => {
    // Drop the record cut off by the 64 KB limit, respecting quotes.
    const t = truncated ? text.slice(0, splitCompleteRecords(text, d, false).end) : text;
    return scoreDelimiter(t, d);
  });
  const usable = scores.filter((s) => s.mode >= 2);
  usable.sort((a, b) => b.consistency - a.consistency || DELIMITERS.indexOf(a.delimiter) - DELIMITERS.indexOf(b.delimiter));
  const best = usable[0] ?? scores.find((s) => s.delimiter === ',') ?? (scores[0] as DelimiterScore);
  const rivals = usable.filter((s) => s !== best && s.consistency >= 0.9);
  // A consistent '::' is strong evidence on its own ('|' inside genres may also look consistent).
  const delimiterCertain = best.mode >= 2 && best.consistency === 1 && (rivals.length === 0 || best.delimiter === '::');

  const fieldCount = best.mode;
  const head = detectHeader(best.rows, fieldCount);
  const header = head.hasHeader && best.rows[0] ? best.rows[0].map((h) => h.trim()) : Array.from({ length: fieldCount }, (_, i) => `Column ${i + 1}`);
  while (header.length < fieldCount) header.push(`Column ${header.length + 1}`);
  const previewRows = best.rows.slice(head.hasHeader ? 1 : 0, (head.hasHeader ? 1 : 0) + PREVIEW_ROWS);
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

function columnValues(sniff: FileSniff, c: number): string[] {
  return sniff.previewRows.map((r) => (r[c] ?? '').trim()).filter((v) => v !== '');
}

function allNumeric(values: readonly string[]): boolean {
  return values.length > 0 && values.every(isNumeric);
}

/** Values like 1..5, 0.5..10, 1..100: small numbers that can be ratings. */
function looksLikeRatings(values: readonly string[]): boolean {
  if (!allNumeric(values)) return false;
  const nums = values.map(Number);
  return Math.min(...nums) >= -10 && Math.max(...nums) <= 100;
}

/** Unix seconds/milliseconds or a date string. */
function looksLikeTimes(values: readonly string[]): boolean {
  if (values.length === 0) return false;
  if (allNumeric(values)) return values.map(Number).every((v) => v >= 1e8);
  return values.every((v) => /^\d{4}-\d{2}-\d{2}/.test(v) || /^\d{1,2}[-/ ][A-Za-z]{3}[-/ ]\d{4}/.test(v));
}

/** Guess from header names (user/userId/user_id, item/movie/movieId/isbn/book..., rating/score/stars, timestamp/time/date) else by position/numeric content: MovieLens u.data → {user:0,item:1,rating:2,timestamp:3}; 2 columns → implicit (rating null). */
export function guessRatingsMapping(sniff: FileSniff): ColumnMapping {
  const n = Math.max(sniff.fieldCount, sniff.header.length);
  const taken = new Set<number>();
  const take = (i: number | null): number | null => {
    if (i !== null) taken.add(i);
    return i;
  };
  let user: number | null = null;
  let item: number | null = null;
  let rating: number | null = null;
  let timestamp: number | null = null;
  if (sniff.hasHeader) {
    user = take(findByName(sniff.header, USER_NAMES, taken));
    item = take(findByName(sniff.header, ITEM_NAMES, taken));
    rating = take(findByName(sniff.header, RATING_NAMES, taken));
    timestamp = take(findByName(sniff.header, TIME_NAMES, taken));
  }
  const free = (): number[] => Array.from({ length: n }, (_, i) => i).filter((i) => !taken.has(i));
  if (user === null) user = take(free()[0] ?? 0);
  if (item === null) item = take(free()[0] ?? Math.min(1, n - 1));
  if (n <= 2) return { user: user ?? 0, item: item ?? 1, rating: null, timestamp: null };
  if (rating === null) {
    rating = take(free().find((c) => looksLikeRatings(columnValues(sniff, c))) ?? null);
  }
  if (timestamp === null) {
    timestamp = take(free().find((c) => looksLikeTimes(columnValues(sniff, c))) ?? null);
  }
  return { user: user ?? 0, item: item ?? 1, rating, timestamp };
}

/** A value like 'Animation|Children's|Comedy' or 'Drama': a short list of words separated by '|'. */
function looksLikeGenreList(v: string): boolean {
  if (v === '(no genres listed)') return true;
  const parts = v.split('|');
  return parts.length <= 12 && parts.every((p) => /^[A-Za-z][A-Za-z0-9' &/-]{0,29}$/.test(p.trim()));
}

/**
 * Titles: id column, title column (header 'title'/'name' or the first mostly-non-numeric column),
 * genres column if a header says genre(s) or a field looks like 'A|B' lists (movies.dat /
 * movies.csv), and flag columns: the last run of at least 3 columns whose values are all 0 or 1.
 * u.item → {item:0, title:1, genres:null, flags:{from:5, to:23}}.
 */
export function guessTitlesMapping(sniff: FileSniff): TitleMapping {
  const n = Math.max(sniff.fieldCount, sniff.header.length);
  const taken = new Set<number>();
  let item: number | null = null;
  let title: number | null = null;
  let genres: number | null = null;
  if (sniff.hasHeader) {
    item = findByName(sniff.header, ID_NAMES, taken);
    if (item !== null) taken.add(item);
    title = findByName(sniff.header, TITLE_NAMES, taken);
    if (title !== null) taken.add(title);
    genres = findByName(sniff.header, GENRE_NAMES, taken);
    if (genres !== null) taken.add(genres);
  }
  if (item === null) {
    item = 0;
    while (taken.has(item) && item < n - 1) item++;
    taken.add(item);
  }
  if (title === null) {
    for (let c = 0; c < n; c++) {
      if (taken.has(c)) continue;
      const values = columnValues(sniff, c);
      const text = values.filter((v) => !isNumeric(v)).length;
      if (values.length > 0 && text / values.length > 0.5) {
        title = c;
        break;
      }
    }
    title ??= item === 0 ? Math.min(1, n - 1) : 0;
    taken.add(title);
  }
  if (genres === null) {
    for (let c = 0; c < n; c++) {
      if (taken.has(c)) continue;
      const values = columnValues(sniff, c);
      if (values.length > 0 && values.some((v) => v.includes('|')) && values.every(looksLikeGenreList)) {
        genres = c;
        break;
      }
    }
  }
  if (genres !== null) taken.add(genres);
  let from = n;
  while (from > 0 && !taken.has(from - 1)) {
    const values = columnValues(sniff, from - 1);
    if (values.length === 0 || !values.every((v) => v === '0' || v === '1')) break;
    from--;
  }
  const flags = n - from >= 3 ? { from, to: n - 1 } : null;
  return { item, title, genres, flags };
}
