/** Streams an item-titles file (u.item, movies.dat, movies.csv…) and attaches titles to dense item indices. */
import { flagNames } from './detect';
import type { TitleMapping } from './detect';
import { BadRowLog, checkMappingColumns, fieldCountMessage, ImportError } from './rowErrors';
import { streamRows, type BadRow, type ImportProgress, type ParseOptions } from './streamRows';

/** What parseTitlesFile returns. A repeated id keeps the last row. */
export interface ParsedTitles {
  byId: Map<string, { title: string; genres: string[] }>;
  rowsRead: number;
  badRowCount: number;
  badRows: BadRow[];
}

/** Split a genres field like 'Animation|Children's|Comedy'; '(no genres listed)' and '' give []. */
export function splitGenres(field: string): string[] {
  const t = field.trim();
  if (t === '' || t === '(no genres listed)') return [];
  return t
    .split('|')
    .map((g) => g.trim())
    .filter((g) => g !== '');
}

/**
 * Parse a titles file by streaming it (same reader as ratings). Ids and titles are trimmed.
 * Genres are the genres column's 'A|B' list followed by the name of each flag column that is 1
 * (names from the header, else MovieLens's 19 genres, else "flag n": see flagNames).
 * Rows with the wrong field count, an empty id or a flag that is not 0 or 1 are reported as bad
 * rows (line and column); an empty title is kept as ''.
 * Throws ImportError when the mapping names a column the file lacks or no row is usable.
 */
export async function parseTitlesFile(
  file: Blob,
  options: ParseOptions & { mapping: TitleMapping },
  onProgress?: (p: ImportProgress) => void,
  signal?: AbortSignal,
): Promise<ParsedTitles> {
  const { mapping } = options;
  const byId = new Map<string, { title: string; genres: string[] }>();
  const bad = new BadRowLog();
  let expected = -1;
  let rowsRead = 0;
  const flags = mapping.flags ?? null;
  if (flags && !(Number.isInteger(flags.from) && Number.isInteger(flags.to) && flags.from >= 0 && flags.to >= flags.from)) {
    throw new ImportError(`The genre flag columns ${flags.from + 1}–${flags.to + 1} are not a valid range of columns.`);
  }
  let names: string[] = [];
  let sawHeader = false;
  for await (const batch of streamRows(file, options, onProgress, signal)) {
    const { rows, lines } = batch;
    if (batch.header) sawHeader = true;
    if (expected < 0 && rows.length > 0) {
      expected = batch.header ? batch.header.length : (rows[0]?.length ?? 0);
      const source = batch.header ? 'the header row' : `the first data row (line ${lines[0] ?? 1})`;
      checkMappingColumns({ item: mapping.item, title: mapping.title, genres: mapping.genres, 'last genre flag': flags?.to ?? null }, expected, source);
      if (flags) names = flagNames(flags, batch.header ?? null);
    }
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k] as string[];
      const line = lines[k] as number;
      rowsRead++;
      if (row.length !== expected) {
        bad.add(line, null, fieldCountMessage(expected, row.length), () => batch.rawText(k));
        continue;
      }
      const id = (row[mapping.item] as string).trim();
      if (id === '') {
        bad.add(line, mapping.item + 1, 'empty item id', () => batch.rawText(k));
        continue;
      }
      const title = (row[mapping.title] as string).trim();
      const genres = mapping.genres === null ? [] : splitGenres(row[mapping.genres] as string);
      if (flags) {
        let badFlag = -1;
        for (let c = flags.from; c <= flags.to; c++) {
          const v = (row[c] as string).trim();
          if (v === '1') genres.push(names[c - flags.from] as string);
          else if (v !== '0') {
            badFlag = c;
            break;
          }
        }
        if (badFlag >= 0) {
          bad.add(line, badFlag + 1, `genre flag must be 0 or 1, found "${(row[badFlag] as string).trim()}"`, () => batch.rawText(k));
          continue;
        }
      }
      byId.set(id, { title, genres });
    }
  }
  if (rowsRead === 0) throw new ImportError(sawHeader ? 'The titles file has only a header row (line 1) and no data rows.' : 'The titles file has no data rows.');
  if (byId.size === 0) throw new ImportError(`No usable rows: all ${rowsRead} rows of the titles file were rejected.`);
  return { byId, rowsRead, badRowCount: bad.count, badRows: bad.rows };
}

/**
 * Throw ImportError when none of the titles file's ids is an item id of the ratings file (a wrong
 * id column, or titles of another dataset), naming an example of each.
 */
export function assertTitlesMatch(itemIds: readonly string[], titles: ParsedTitles): void {
  if (itemIds.some((id) => titles.byId.has(id))) return;
  const titleId = titles.byId.keys().next().value ?? '';
  const show = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
  throw new ImportError(
    `None of the ${titles.byId.size} item ids in the titles file (e.g. "${show(titleId)}") is an item id of the ratings file (e.g. "${show(itemIds[0] ?? '')}"): check the titles file's item id column, or import without titles.`,
  );
}

/** Titles and genres per dense item index; items with no title get null / []. */
export function attachTitles(itemIds: readonly string[], titles: ParsedTitles): { titles: (string | null)[]; genres: string[][]; matched: number } {
  const out: (string | null)[] = new Array<string | null>(itemIds.length);
  const genres: string[][] = new Array<string[]>(itemIds.length);
  let matched = 0;
  for (let i = 0; i < itemIds.length; i++) {
    const t = titles.byId.get(itemIds[i] as string);
    if (t) {
      matched++;
      out[i] = t.title;
      genres[i] = t.genres;
    } else {
      out[i] = null;
      genres[i] = [];
    }
  }
  return { titles: out, genres, matched };
}
