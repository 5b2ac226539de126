/** Guesses which column of a sniffed file is which: users, items, ratings, timestamps; ids, titles, genres, flags. */
import type { ColumnMapping, FileSniff, TitleMapping } from './detect';
import { GENRE_NAMES, ID_NAMES, ITEM_NAMES, RATING_NAMES, TIME_NAMES, TITLE_NAMES, USER_NAMES, findByName, isNumeric } from './columnNames';

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
