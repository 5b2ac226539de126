/**
 * The bad-input catalogue (issue 10): every hostile or odd file through the worker's real import
 * steps (sniff → parse), each with its exact message, and the store unchanged afterwards: the
 * earlier dataset still listed and intact, no other dataset written.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openLabDb } from '../data/db';
import { listDatasets, loadDataset, saveDataset } from '../data/dbDatasets';
import { buildDatasetMeta } from '../data/meta';
import { dropOutsideScale } from '../data/dropOutside';
import { describeScale, outOfScaleMessage } from '../data/ratingScale';
import { untrainableReason } from '../data/trainable';
import type { Delimiter, TextEncodingName } from '../data/detect';
import type { Dataset } from '../data/types';
import { PDF_HEAD, PNG_HEAD, ZIP_HEAD, longLineBlob, magicPlusNoise, noise, singleByte, utf16 } from '../data/badInputFiles.testutil';
import { parseForImport, sniffForImport, type ScaledImportReport } from './importing';

type Db = Awaited<ReturnType<typeof openLabDb>>;
let db: Db;
let earlier: Dataset;
let earlierId = '';

/** An earlier import that every refused import must leave alone. */
function earlierDataset(): Dataset {
  const ratings = { users: Int32Array.from([0, 0, 1]), items: Int32Array.from([0, 1, 1]), ratings: Float32Array.from([4, 5, 3]) };
  const userIds = ['ann', 'bob'];
  const itemIds = ['Heat', 'Alien'];
  return { meta: buildDatasetMeta({ name: 'earlier', ratings, userIds, itemIds, implicit: false, hasTitles: false }), ratings, timestamps: null, userIds, itemIds, titles: null, genres: null };
}

beforeAll(async () => {
  db = await openLabDb('import-catalogue');
  earlier = earlierDataset();
  earlierId = (await saveDataset(db, earlier)).id;
});

/** The earlier dataset is the only one stored, and reads back intact. */
async function expectStoreUnchanged(): Promise<void> {
  const listed = await listDatasets(db);
  expect(listed.map((d) => d.name)).toEqual(['earlier']);
  const back = await loadDataset(db, earlierId);
  expect(Array.from(back.ratings.ratings)).toEqual([4, 5, 3]);
  expect(back.userIds).toEqual(['ann', 'bob']);
  expect(back.itemIds).toEqual(['Heat', 'Alien']);
}

const blob = (x: string | Uint8Array) => new Blob([x as BlobPart]);
const never = new AbortController().signal;

/** Sniff and parse as the import panel does, with the user's corrections. Nothing is stored. */
async function importFile(
  file: Blob,
  fix: { encoding?: TextEncodingName; delimiter?: Delimiter; hasHeader?: boolean } = {},
  titles: Blob | null = null,
): Promise<ScaledImportReport & { dataset: Dataset }> {
  const s = await sniffForImport(file, fix.encoding, { delimiter: fix.delimiter, hasHeader: fix.hasHeader });
  const t = titles ? await sniffForImport(titles) : null;
  const { dataset, report } = await parseForImport(
    {
      name: 'new',
      ratingsFile: file,
      ratingsOptions: { encoding: s.sniff.encoding ?? 'windows-1252', delimiter: s.sniff.delimiter, hasHeader: s.sniff.hasHeader, mapping: s.ratingsMapping },
      titlesFile: titles,
      titlesOptions: t && { encoding: t.sniff.encoding ?? 'windows-1252', delimiter: t.sniff.delimiter, hasHeader: t.sniff.hasHeader, mapping: t.titlesMapping },
    },
    () => undefined,
    never,
  );
  return { ...report, dataset };
}

/** The import is refused with exactly `message`, and the store is unchanged. */
async function expectRefused(run: Promise<unknown>, message: string): Promise<void> {
  await expect(run).rejects.toThrow(message);
  await run.catch((e: unknown) => expect((e as Error).message).toBe(message));
  await expectStoreUnchanged();
}

const NOT_TEXT_TAIL = ". Choose a ratings file in a delimited text format (CSV, TSV, ';', '|' or '::').";

describe('refused before any preview, store unchanged', () => {
  it('1. an empty file', async () => {
    await expectRefused(importFile(blob('')), 'The file is empty (0 bytes).');
  });

  it('2. a file of blank lines', async () => {
    await expectRefused(importFile(blob('\n \r\n\t\n')), 'The file holds no rows: its 6 bytes are all blank.');
  });

  it('3. only a header row', async () => {
    await expectRefused(importFile(blob('user,item,rating\n')), 'The file has only a header row (line 1) and no data rows.');
  });

  it('4. random bytes named .csv are not a text file', async () => {
    const bytes = noise(4096, 7);
    expect(bytes.indexOf(0)).toBe(137);
    await expectRefused(importFile(blob(bytes)), `This is not a text file: it contains binary data (a zero byte at byte 137)${NOT_TEXT_TAIL}`);
  });

  it('5. a PNG image', async () => {
    await expectRefused(importFile(blob(magicPlusNoise(PNG_HEAD, 2000, 1))), `This is not a text file: it starts like a PNG image${NOT_TEXT_TAIL}`);
  });

  it('6. a ZIP archive', async () => {
    await expectRefused(
      importFile(blob(magicPlusNoise(ZIP_HEAD, 2000, 2))),
      `This is not a text file: it starts like a ZIP archive (also .xlsx, .docx, .ods): unzip it, or save the sheet as CSV${NOT_TEXT_TAIL}`,
    );
  });

  it('7. a PDF document', async () => {
    await expectRefused(importFile(blob(magicPlusNoise(PDF_HEAD, 2000, 3))), `This is not a text file: it starts like a PDF document${NOT_TEXT_TAIL}`);
  });

  it('8. control characters without zero bytes', async () => {
    const text = singleByte('user,item,rating\n' + 'a,\x01\x02\x03b,4\n'.repeat(20));
    await expectRefused(
      importFile(blob(text)),
      `This is not a text file: it contains binary data (60 control characters, 30.5% of the first 197 bytes; the first at byte 19)${NOT_TEXT_TAIL}`,
    );
  });

  it('9. a single 50 MB line: refused by the preview, and by the parser after 1 MB', async () => {
    await expectRefused(
      importFile(longLineBlob('', 50)),
      'Line 1 is longer than 65536 bytes (no line ends in the first 65536 bytes): this is not a ratings or titles file with one row per line.',
    );
    // Past the preview's sample: the parser stops at the limit instead of reading 50 MB into one string.
    await expectRefused(
      importFile(longLineBlob('user,item,rating\nann,Heat,4\n', 50)),
      'Line 3 is longer than 1048576 characters: a ratings or titles file has one short row per line. Is this the right file?',
    );
  });

  it('10. a quote that never closes', async () => {
    await expectRefused(
      importFile(longLineBlob('user,item,rating\nann,"Heat,4\n', 2)),
      'Line 2 is longer than 1048576 characters: a quoted field opened on line 2 is never closed (or holds more than that). Is this the right file?',
    );
  });

  it('11. a titles file whose ids match no ratings', async () => {
    await expectRefused(
      importFile(blob('user,item,rating\nann,Heat,4\nbob,Alien,5\n'), {}, blob('id,title\nm1,Some film\nm2,Another\n')),
      'None of the 2 item ids in the titles file (e.g. "m1") is an item id of the ratings file (e.g. "Heat"): check the titles file\'s item id column, or import without titles.',
    );
  });

  it('12. every row rejected (non-numeric ratings)', async () => {
    await expectRefused(
      importFile(blob('user,item,rating\nann,Heat,good\nbob,Alien,bad\n'), { hasHeader: true }),
      'No usable rows: all 2 data rows were rejected. The first problem: line 2, column 3: rating "good" is not a number.',
    );
  });

  it('13. a UTF-16 file read as UTF-8 says so', async () => {
    await expectRefused(importFile(blob(utf16('user,item,rating\nann,Heat,4\n', 'le', true)), { encoding: 'utf-8' }), 'This file is UTF-16 (UTF-16LE), not utf-8: choose the encoding UTF-16 and import again.');
  });
});

describe('encodings and line ends are detected and read', () => {
  const csv = 'user,item,rating\nann,Café,4\nbob,Alien,5\n';
  for (const [n, endian, bom] of [
    [14, 'le', true],
    [15, 'le', false],
    [16, 'be', true],
    [17, 'be', false],
  ] as const) {
    it(`${n}. UTF-16 ${endian.toUpperCase()} ${bom ? 'with' : 'without'} a BOM`, async () => {
      const file = blob(utf16(csv, endian, bom));
      const s = await sniffForImport(file);
      expect(s.sniff.encoding).toBe(`utf-16${endian}`);
      expect(s.sniff.header).toEqual(['user', 'item', 'rating']);
      const r = await importFile(file);
      expect(r.dataset.itemIds).toEqual(['Café', 'Alien']);
      expect(r.ratings).toBe(2);
    });
  }

  it('18. latin-1: not UTF-8 at line 2, byte 8; read as Windows-1252', async () => {
    const file = blob(singleByte('user,item,rating\nann,Caf\xe9,4\nbob,Na\xefve,5\n'));
    const s = await sniffForImport(file);
    expect(s.sniff.encoding).toBeNull();
    expect(s.invalidUtf8At).toEqual({ line: 2, column: 8 });
    expect((await importFile(file)).dataset.itemIds).toEqual(['Café', 'Naïve']);
  });

  it('19. Windows-1252 curly quotes and the euro sign', async () => {
    const file = blob(singleByte('user,item,rating\nann,\x93Heat\x94,4\nbob,\x80uro,5\n'));
    expect((await sniffForImport(file)).invalidUtf8At).toEqual({ line: 2, column: 5 });
    expect((await importFile(file)).dataset.itemIds).toEqual(['\u201cHeat\u201d', '€uro']);
  });

  it('20. a UTF-8 BOM does not end up in the first column name', async () => {
    const file = blob('\ufeffuser,item,rating\nann,Heat,4\n');
    const s = await sniffForImport(file);
    expect(s.sniff.header).toEqual(['user', 'item', 'rating']);
    expect(s.ratingsMapping).toEqual({ user: 0, item: 1, rating: 2, timestamp: null });
    expect((await importFile(file)).dataset.userIds).toEqual(['ann']);
  });

  it('21. CRLF line ends, with a bad row reported on its line', async () => {
    const r = await importFile(blob('user,item,rating\r\nann,Heat,4\r\nbob,Alien,x\r\ncat,Heat,5\r\n'));
    expect(r.dataset.userIds).toEqual(['ann', 'cat']);
    expect(r.badRows).toEqual([{ line: 3, column: 3, message: 'rating "x" is not a number', text: 'bob,Alien,x' }]);
  });

  it('22. CR-only line ends (old Mac)', async () => {
    const r = await importFile(blob('user,item,rating\rann,Heat,4\rbob,Alien,x\rcat,Heat,5\r'));
    expect(r.dataset.userIds).toEqual(['ann', 'cat']);
    expect(r.badRows).toEqual([{ line: 3, column: 3, message: 'rating "x" is not a number', text: 'bob,Alien,x' }]);
  });

  it('23. a quoted field with embedded newlines keeps them, and later lines keep their numbers', async () => {
    const r = await importFile(blob('user,item,rating\nann,"Heat\npart 2",4\nbob,Alien,oops\n'));
    expect(r.dataset.itemIds).toEqual(['Heat\npart 2']);
    expect(r.badRows).toEqual([{ line: 4, column: 3, message: 'rating "oops" is not a number', text: 'bob,Alien,oops' }]);
  });
});

describe('bad rows are listed with line and column; the rest imports', () => {
  const file = [
    'user,item,rating',
    'ann,Heat,4', // 2
    'bob,Alien', // 3 ragged
    'cat,Heat,5,extra', // 4 ragged
    'dan,Heat,five', // 5
    'eve,Heat,NaN', // 6
    'fay,Heat,Infinity', // 7
    'gus,Heat,1e400', // 8
    ',Heat,3', // 9 missing user
    'hal,,3', // 10 missing item
    'ivy,Alien,', // 11 empty rating
    'bob,Heat,2', // 12
  ].join('\n');
  it('24–30. ragged rows, non-numeric ratings, NaN, Infinity, 1e400, missing user or item', async () => {
    const r = await importFile(blob(file));
    expect(r.rowsRead).toBe(11);
    expect(r.ratings).toBe(2);
    expect(r.badRowCount).toBe(9);
    expect(r.badRows.map(({ line, column, message }) => ({ line, column, message }))).toEqual([
      { line: 3, column: null, message: 'expected 3 fields, found 2' },
      { line: 4, column: null, message: 'expected 3 fields, found 4' },
      { line: 5, column: 3, message: 'rating "five" is not a number' },
      { line: 6, column: 3, message: 'rating "NaN" is not a finite number' },
      { line: 7, column: 3, message: 'rating "Infinity" is not a finite number' },
      { line: 8, column: 3, message: 'rating "1e400" is too large to be a number (beyond ±1.8e308)' },
      { line: 9, column: 1, message: 'empty user id' },
      { line: 10, column: 2, message: 'empty item id' },
      { line: 11, column: 3, message: 'empty rating' },
    ]);
    await expectStoreUnchanged();
  });

  it('31. a 5 000-character cell is cut to 200 characters and "…" in the preview and the bad-row list', async () => {
    const long = 'y'.repeat(5000);
    const file = blob(`user,item,rating\nann,${long},4\nbob,Heat,${long}\n`);
    const s = await sniffForImport(file);
    expect(s.sniff.previewRows[0]?.[1]).toBe(`${'y'.repeat(200)}…`);
    const r = await importFile(file);
    expect(r.dataset.itemIds[0]).toBe(long); // the data itself is never cut
    expect(r.badRows[0]?.text).toBe(`bob,Heat,${'y'.repeat(191)}…`);
    expect(r.badRows[0]?.message).toBe(`rating "${'y'.repeat(40)}…" is not a number`);
  });
});

describe('the scale the rest of the file uses', () => {
  const rows = (ratings: readonly (string | number)[]) => blob(['user,item,rating', ...ratings.map((r, k) => `u${k % 7},i${k},${r}`)].join('\n'));

  it('32. negative and out-of-scale ratings are flagged with count and first line and column; drop or keep', async () => {
    const ratings: (string | number)[] = Array.from({ length: 20 }, (_, k) => (k % 5) + 1);
    ratings[3] = -3; // line 5
    ratings[10] = 50; // line 12
    const r = await importFile(rows(ratings));
    expect(r.scale).toEqual({ min: 1, max: 5, step: 1, lowerBound: 0, upperBound: 5, outside: 2, firstOutside: { line: 5, column: 3, text: '-3' } });
    expect(outOfScaleMessage(r.scale!)).toBe('2 ratings lie outside the scale the rest of the file uses (1–5 in whole steps); the first on line 5, column 3: "-3".');
    expect(r.ratings).toBe(20); // kept until the user decides
    const dropped = dropOutsideScale(r.dataset, r.scale!.lowerBound, r.scale!.upperBound);
    expect(dropped.dropped).toBe(2);
    expect(dropped.dataset.meta.ratings).toBe(18);
    expect([dropped.dataset.meta.ratingMin, dropped.dataset.meta.ratingMax]).toEqual([1, 5]);
    await expectStoreUnchanged();
  });

  it('33. a 10-point scale is detected, and nothing in it is flagged', async () => {
    const r = await importFile(rows(Array.from({ length: 30 }, (_, k) => (k % 10) + 1)));
    expect(r.scale && describeScale(r.scale)).toBe('1–10 in whole steps');
    expect(r.scale?.outside).toBe(0);
  });

  it('34. a 0.5-step scale is detected, 0.5 included', async () => {
    const r = await importFile(rows(Array.from({ length: 30 }, (_, k) => ((k % 10) + 1) / 2)));
    expect(r.scale && describeScale(r.scale)).toBe('0.5–5 in steps of 0.5');
    expect(r.scale?.outside).toBe(0);
  });
});

describe('ids and pairs', () => {
  it('35. ids with spaces, quotes, emoji and 200 characters are kept exactly (outer spaces trimmed)', async () => {
    const long = 'z'.repeat(200);
    const r = await importFile(blob(`user,item,rating\n  ann smith  ,Heat,4\n"say ""hi""",Heat,5\n😀🎬,Alien,3\n${long},Alien,2\n`));
    expect(r.dataset.userIds).toEqual(['ann smith', 'say "hi"', '😀🎬', long]);
    expect(r.badRowCount).toBe(0);
  });

  it('36. duplicate (user, item) pairs keep the last rating and are counted', async () => {
    const r = await importFile(blob('user,item,rating\nann,Heat,1\nbob,Heat,2\nann,Heat,5\n'));
    expect(r.duplicates).toBe(1);
    expect(r.ratings).toBe(2);
    expect(Array.from(r.dataset.ratings.ratings)).toEqual([2, 5]);
  });

  it('37. one user, or one item: training refuses clearly', async () => {
    const oneUser = await importFile(blob('user,item,rating\nann,Heat,4\nann,Alien,5\n'));
    expect(untrainableReason(oneUser.dataset.meta)).toBe('Cannot train on "new": it has only 1 user. A recommender needs at least 2 users and 2 items to learn from; import a file with more.');
    const oneItem = await importFile(blob('user,item,rating\nann,Heat,4\nbob,Heat,5\n'));
    expect(untrainableReason(oneItem.dataset.meta)).toBe('Cannot train on "new": it has only 1 item. A recommender needs at least 2 users and 2 items to learn from; import a file with more.');
    const both = await importFile(blob('user,item,rating\nann,Heat,4\n'));
    expect(untrainableReason(both.dataset.meta)).toBe('Cannot train on "new": it has only 1 user and only 1 item. A recommender needs at least 2 users and 2 items to learn from; import a file with more.');
    expect(untrainableReason(earlier.meta)).toBeNull();
  });

  it('38. a wrong delimiter guess is corrected in the preview', async () => {
    // Every row splits evenly on ',' and on ';': the lab guesses ',' and says it is not sure.
    const file = blob('u1;Heat, The;4\nu2;Alien, The;5\nu1;Alien, The;3\n');
    const guess = await sniffForImport(file);
    expect(guess.sniff.delimiter).toBe(',');
    expect(guess.sniff.certain).toBe(false);
    expect(guess.sniff.previewRows[0]).toEqual(['u1;Heat', ' The;4']);
    const fixed = await sniffForImport(file, undefined, { delimiter: ';' });
    expect(fixed.sniff.previewRows[0]).toEqual(['u1', 'Heat, The', '4']);
    expect(fixed.ratingsMapping).toEqual({ user: 0, item: 1, rating: 2, timestamp: null });
    const r = await importFile(file, { delimiter: ';' });
    expect(r.dataset.itemIds).toEqual(['Heat, The', 'Alien, The']);
    expect(r.ratings).toBe(3);
  });
});
