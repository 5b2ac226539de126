import { describe, expect, it } from 'vitest';
import { sniffFile } from './detect';
import { ImportError, estimateRows, parseRatingsFile, type ImportProgress } from './parseRatings';
import { HAVE_ML100K, ML100K_SKIP_REASON, ml100kBlob } from './ml100k.testutil';

const csv = { encoding: 'utf-8', delimiter: ',', hasHeader: false } as const;
const uirt = { user: 0, item: 1, rating: 2, timestamp: null };

describe('parseRatingsFile', () => {
  it('reads a UTF-8 file with BOM and CRLF line ends', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('user,item,rating\r\n1,10,4\r\n2,10,3.5\r\n1,20,5\r\n')]);
    const p = await parseRatingsFile(new Blob([bytes]), { ...csv, hasHeader: true, mapping: uirt });
    expect(p.userIds).toEqual(['1', '2']);
    expect(p.itemIds).toEqual(['10', '20']);
    expect(Array.from(p.columns.users)).toEqual([0, 1, 0]);
    expect(Array.from(p.columns.items)).toEqual([0, 0, 1]);
    expect(Array.from(p.columns.ratings)).toEqual([4, 3.5, 5]);
    expect(p.rowsRead).toBe(3);
    expect(p.badRowCount).toBe(0);
    expect([p.ratingMin, p.ratingMax, p.implicit]).toEqual([3.5, 5, false]);
  });

  it("reads MovieLens 1M '::' files", async () => {
    const text = '1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n';
    const p = await parseRatingsFile(new Blob([text]), { ...csv, delimiter: '::', mapping: { user: 0, item: 1, rating: 2, timestamp: 3 } });
    expect(p.userIds).toEqual(['1', '2']);
    expect(p.itemIds).toEqual(['1193', '661']);
    expect(Array.from(p.columns.items)).toEqual([0, 1, 0]);
    expect(Array.from(p.columns.ratings)).toEqual([5, 3, 4]);
    expect(p.timestamps).toBeInstanceOf(Float64Array);
    expect(Array.from(p.timestamps ?? [])).toEqual([978300760, 978302109, 978298413]);
  });

  it('has no timestamps when no timestamp column is mapped', async () => {
    const p = await parseRatingsFile(new Blob(['1,1,5,978300760\n']), { ...csv, mapping: uirt });
    expect(p.timestamps).toBeNull();
  });

  it('reads ISO-8601 timestamps as seconds, a date-time without a zone as UTC', async () => {
    const text = ['u,i,r,when', 'a,x,1,2024-03-07', 'a,y,2,2024-03-07T10:15:30Z', 'b,x,3,2024-03-07 10:15:30', 'b,y,4,2024-03-07T10:15:30+01:00', 'c,x,5, 86400.5 '].join('\n');
    const p = await parseRatingsFile(new Blob([text]), { ...csv, hasHeader: true, mapping: { ...uirt, timestamp: 3 } });
    // 2024-03-07T00:00Z = 19 789 days · 86 400 s = 1 709 769 600; +10:15:30 = +36 930 s; +01:00 = −3 600 s.
    expect(Array.from(p.timestamps ?? [])).toEqual([1_709_769_600, 1_709_806_530, 1_709_806_530, 1_709_802_930, 86_400.5]);
    expect(p.badRowCount).toBe(0);
  });

  it('reports bad timestamps with line and column, and keeps the timestamps of the rows kept', async () => {
    const text = ['1,10,4,100', '1,11,3,', '2,10,5,yesterday', '2,11,2,2023-02-29', '3,10,1,Infinity', '1,10,2,200'].join('\n');
    const p = await parseRatingsFile(new Blob([text]), { ...csv, mapping: { ...uirt, timestamp: 3 } });
    const iso = 'is neither a number (unix seconds) nor an ISO-8601 date (e.g. 2024-03-07 or 2024-03-07T10:15:00Z)';
    expect(p.badRows).toEqual([
      { line: 2, column: 4, message: 'empty timestamp', text: '1,11,3,' },
      { line: 3, column: 4, message: `timestamp "yesterday" ${iso}`, text: '2,10,5,yesterday' },
      { line: 4, column: 4, message: `timestamp "2023-02-29" ${iso}`, text: '2,11,2,2023-02-29' },
      { line: 5, column: 4, message: `timestamp "Infinity" ${iso}`, text: '3,10,1,Infinity' },
    ]);
    // Rows 1 and 6 are the same pair: the last one (rating 2 at 200) is kept, with its timestamp.
    expect(p.duplicates).toBe(1);
    expect(Array.from(p.columns.ratings)).toEqual([2]);
    expect(Array.from(p.timestamps ?? [])).toEqual([200]);
  });

  it('keeps each kept row with its own timestamp when duplicates are dropped', async () => {
    const p = await parseRatingsFile(new Blob(['1,1,1,10\n2,1,2,20\n1,1,3,30\n1,2,4,40\n1,1,5,50\n']), { ...csv, mapping: { ...uirt, timestamp: 3 } });
    expect(Array.from(p.columns.ratings)).toEqual([2, 4, 5]);
    expect(Array.from(p.timestamps ?? [])).toEqual([20, 40, 50]);
  });

  it('keeps commas inside quoted fields', async () => {
    const text = 'user,item,rating\n"Smith, J","American President, The (1995)",4\n"Doe, ""Jo""",Heat (1995),2\n';
    const p = await parseRatingsFile(new Blob([text]), { ...csv, hasHeader: true, mapping: uirt });
    expect(p.userIds).toEqual(['Smith, J', 'Doe, "Jo"']);
    expect(p.itemIds).toEqual(['American President, The (1995)', 'Heat (1995)']);
    expect(Array.from(p.columns.ratings)).toEqual([4, 2]);
  });

  it('treats a file without a rating column as implicit: every rating is 1', async () => {
    const p = await parseRatingsFile(new Blob(['a,x\nb,x\na,y\n']), { ...csv, mapping: { user: 0, item: 1, rating: null, timestamp: null } });
    expect(Array.from(p.columns.ratings)).toEqual([1, 1, 1]);
    expect(Array.from(p.columns.users)).toEqual([0, 1, 0]);
    expect(Array.from(p.columns.items)).toEqual([0, 0, 1]);
    expect([p.implicit, p.ratingMin, p.ratingMax]).toEqual([true, 1, 1]);
  });

  it('keeps the last of repeated (user, item) pairs and counts the rest', async () => {
    const p = await parseRatingsFile(new Blob(['1,1,1\n2,1,2\n1,1,3\n1,2,4\n1,1,5\n']), { ...csv, mapping: uirt });
    expect(p.rowsRead).toBe(5);
    expect(p.duplicates).toBe(2);
    expect(Array.from(p.columns.users)).toEqual([1, 0, 0]);
    expect(Array.from(p.columns.items)).toEqual([0, 1, 0]);
    expect(Array.from(p.columns.ratings)).toEqual([2, 4, 5]);
    expect([p.ratingMin, p.ratingMax]).toEqual([2, 5]);
  });

  it('reports bad rows with 1-based line and column', async () => {
    const text = ['user,item,rating', '1,10,4', '1,10', '', ',10,3', '2, ,3', '2,10,abc', '3,10,Infinity', '4,11,2'].join('\n');
    const p = await parseRatingsFile(new Blob([text]), { ...csv, hasHeader: true, mapping: uirt });
    expect(p.rowsRead).toBe(7);
    expect(p.badRowCount).toBe(5);
    expect(p.badRows).toEqual([
      { line: 3, column: null, message: 'expected 3 fields, found 2', text: '1,10' },
      { line: 5, column: 1, message: 'empty user id', text: ',10,3' },
      { line: 6, column: 2, message: 'empty item id', text: '2, ,3' },
      { line: 7, column: 3, message: 'rating "abc" is not a number', text: '2,10,abc' },
      { line: 8, column: 3, message: 'rating "Infinity" is not a finite number', text: '3,10,Infinity' },
    ]);
    expect(p.userIds).toEqual(['1', '4']);
    expect(Array.from(p.columns.ratings)).toEqual([4, 2]);
  });

  it('counts every bad row but keeps only the first 20, with raw text cut to 200 chars and an ellipsis', async () => {
    const long = 'x'.repeat(300);
    const lines = ['1,1,1'];
    for (let k = 0; k < 25; k++) lines.push(`${long},${k}`);
    const p = await parseRatingsFile(new Blob([lines.join('\n')]), { ...csv, mapping: uirt });
    expect(p.badRowCount).toBe(25);
    expect(p.badRows.length).toBe(20);
    expect(p.badRows[0]?.line).toBe(2);
    expect(p.badRows[19]?.line).toBe(21);
    expect(p.badRows[0]?.text).toBe(`${'x'.repeat(200)}…`);
  });

  it('gives line numbers of records that span lines inside quotes', async () => {
    const text = 'a,"multi\nline",1\nb,c,oops\n';
    const p = await parseRatingsFile(new Blob([text]), { ...csv, mapping: uirt });
    expect(p.itemIds).toEqual(['multi\nline']);
    expect(p.badRows).toEqual([{ line: 3, column: 3, message: 'rating "oops" is not a number', text: 'b,c,oops' }]);
  });

  it('reads latin-1 bytes that are not UTF-8 when told windows-1252', async () => {
    // "1,Caf\xe9,4\n2,Na\xefve,3\n" in latin-1
    const bytes = new Uint8Array([0x31, 0x2c, 0x43, 0x61, 0x66, 0xe9, 0x2c, 0x34, 0x0a, 0x32, 0x2c, 0x4e, 0x61, 0xef, 0x76, 0x65, 0x2c, 0x33, 0x0a]);
    const sniff = await sniffFile(new Blob([bytes]));
    expect(sniff.encoding).toBeNull();
    expect(sniff.previewRows[0]).toEqual(['1', 'Café', '4']);
    const p = await parseRatingsFile(new Blob([bytes]), { ...csv, encoding: 'windows-1252', mapping: uirt });
    expect(p.itemIds).toEqual(['Café', 'Naïve']);
  });

  it('fails with ImportError when a mapped column does not exist', async () => {
    const run = parseRatingsFile(new Blob(['user,item,rating\n1,2,3\n']), { ...csv, hasHeader: true, mapping: { ...uirt, rating: 5 } });
    await expect(run).rejects.toBeInstanceOf(ImportError);
    await expect(run).rejects.toThrow('The rating column is set to column 6, but the header row has only 3 fields.');
  });

  it('fails with ImportError when no row is usable, naming the first problem', async () => {
    const run = parseRatingsFile(new Blob(['1,2,x\n3,4,y\n']), { ...csv, mapping: uirt });
    await expect(run).rejects.toThrow('No usable rows: all 2 data rows were rejected. The first problem: line 1, column 3: rating "x" is not a number.');
    await expect(parseRatingsFile(new Blob(['user,item\n\n']), { ...csv, hasHeader: true, mapping: uirt })).rejects.toThrow('The file has only a header row (line 1) and no data rows.');
  });

  it('stops with an AbortError when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(parseRatingsFile(new Blob(['1,2,3\n']), { ...csv, mapping: uirt }, undefined, ac.signal)).rejects.toMatchObject({
      name: 'AbortError',
      message: 'Import cancelled',
    });
  });

  it('stops mid-file when cancelled from a progress callback', async () => {
    const lines: string[] = [];
    for (let k = 0; k < 200_000; k++) lines.push(`${k % 1000},${k % 997},${(k % 5) + 1}`);
    const ac = new AbortController();
    const seen: number[] = [];
    const run = parseRatingsFile(new Blob([lines.join('\n')]), { ...csv, mapping: uirt }, (p) => {
      seen.push(p.rows);
      ac.abort();
    }, ac.signal);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.length).toBe(1);
    expect(seen[0]).toBeLessThan(200_000);
  });
});

describe('parseRatingsFile on a >10 MB UTF-8 file with multi-byte ids', () => {
  // 400 000 rows; users cycle over 5003 ids, items over 7919 (both prime, so no pair repeats).
  const N = 400_000;
  const lines: string[] = ['user,item,rating\n'];
  for (let k = 0; k < N; k++) lines.push(`usér-😀-${k % 5003},电影-${k % 7919},${(k % 5) + 1}\n`);
  const bytes = new TextEncoder().encode(lines.join(''));
  // The Blob streams its parts one by one: cut the bytes every 65 521 bytes, blind to characters.
  const PART = 65_521;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let o = 0; o < bytes.length; o += PART) parts.push(bytes.slice(o, o + PART));
  const blob = new Blob(parts);

  it('is larger than 10 MB and has parts that cut multi-byte characters', () => {
    expect(blob.size).toBeGreaterThan(10 * 1024 * 1024);
    let cut = 0;
    for (let o = PART; o < bytes.length; o += PART) if (((bytes[o] as number) & 0xc0) === 0x80) cut++;
    expect(cut).toBeGreaterThan(10);
  });

  it('keeps every multi-byte character across chunk boundaries', async () => {
    const progress: ImportProgress[] = [];
    const t0 = performance.now();
    const p = await parseRatingsFile(blob, { ...csv, hasHeader: true, mapping: uirt }, (x) => progress.push(x));
    const ms = performance.now() - t0;
    console.info(`parsed ${(blob.size / 1e6).toFixed(1)} MB, ${N} rows in ${ms.toFixed(0)} ms`);
    expect(p.rowsRead).toBe(400_000);
    expect(p.columns.users.length).toBe(400_000);
    expect(p.userIds.length).toBe(5003);
    expect(p.itemIds.length).toBe(7919);
    expect(p.duplicates).toBe(0);
    expect(p.badRowCount).toBe(0);
    expect(p.userIds[0]).toBe('usér-😀-0');
    expect(p.userIds[4321]).toBe('usér-😀-4321');
    expect(p.itemIds[7918]).toBe('电影-7918');
    // Row 399 999: user 399999 − 79·5003 = 4762, item 399999 − 50·7919 = 4049, rating 399999 mod 5 + 1 = 5.
    expect([p.columns.users[399_999], p.columns.items[399_999], p.columns.ratings[399_999]]).toEqual([4762, 4049, 5]);
    expect(p.userIds.some((id) => id.includes('\uFFFD'))).toBe(false);
    expect(p.itemIds.some((id) => id.includes('\uFFFD'))).toBe(false);
    expect([p.ratingMin, p.ratingMax]).toEqual([1, 5]);
    // Progress: at most one report per 65 536 rows plus the final one, which covers the whole file.
    expect(progress.length).toBeLessThanOrEqual(Math.floor(N / 65536) + 1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toEqual({ rows: N, bytes: blob.size, totalBytes: blob.size });
  });
});

describe.skipIf(!HAVE_ML100K)(HAVE_ML100K ? 'parseRatingsFile on MovieLens 100K u.data' : ML100K_SKIP_REASON, () => {
  it('reads 943 users, 1682 items, 100 000 ratings in 1..5', async () => {
    const file = ml100kBlob('u.data');
    const sniff = await sniffFile(file);
    expect(sniff.delimiter).toBe('\t');
    const t0 = performance.now();
    const p = await parseRatingsFile(file, { encoding: 'utf-8', delimiter: '\t', hasHeader: false, mapping: { user: 0, item: 1, rating: 2, timestamp: 3 } });
    console.info(`u.data parsed in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(p.userIds.length).toBe(943);
    expect(p.itemIds.length).toBe(1682);
    expect(p.columns.ratings.length).toBe(100_000);
    expect([p.ratingMin, p.ratingMax]).toEqual([1, 5]);
    expect([p.userIds[0], p.itemIds[0], p.columns.ratings[0]]).toEqual(['196', '242', 3]);
    // u.data line 1: "196\t242\t3\t881250949".
    expect(p.timestamps?.[0]).toBe(881250949);
  });
});

describe('multi-byte ids across read chunks', () => {
  // 3000 rows, 600 users whose ids are Chinese (3 bytes a character), emoji (4) or accented Latin (2),
  // 40 items with Chinese ids; row k is user u = k mod 600 (so the users first appear in order) and
  // item 7u + 3⌊k/600⌋ mod 40: five distinct items a user, no duplicate pairs.
  const userId = (u: number) => (u % 3 === 0 ? `张伟${u}` : u % 3 === 1 ? `🎬${u}🍿` : `Zoë-Ørsted-${u}`);
  const rows = Array.from({ length: 3000 }, (_, k) => `${userId(k % 600)},电影${(7 * (k % 600) + 3 * Math.floor(k / 600)) % 40},${1 + (k % 5)}`);
  const bytes = new TextEncoder().encode(`user,item,rating\n${rows.join('\n')}\n`);

  it('reads the exact ids however the bytes are cut (parts of 1, 2, 3, 4093 and 65 536 bytes)', async () => {
    for (const size of [1, 2, 3, 4093, 65_536]) {
      const parts: Uint8Array<ArrayBuffer>[] = [];
      for (let o = 0; o < bytes.length; o += size) parts.push(bytes.slice(o, o + size));
      const p = await parseRatingsFile(new Blob(parts), { ...csv, hasHeader: true, mapping: uirt });
      expect(p.userIds, `size ${size}`).toEqual(Array.from({ length: 600 }, (_, u) => userId(u)));
      expect(p.itemIds.length, `size ${size}`).toBe(40);
      expect(p.itemIds.every((id) => /^电影\d+$/.test(id)), `size ${size}`).toBe(true);
      expect(p.columns.ratings.length, `size ${size}`).toBe(3000);
      expect(p.duplicates, `size ${size}`).toBe(0);
    }
  });
});

describe('estimateRows', () => {
  it('allocates for a little more than the rows of a file of even lines, and at least 1024', async () => {
    const lines = Array.from({ length: 100_000 }, (_, k) => `u${k % 9000},i${k % 700},${1 + (k % 5)}`);
    const rows = await estimateRows(new Blob([lines.join('\n')]));
    expect(rows).toBeGreaterThanOrEqual(100_000);
    expect(rows).toBeLessThanOrEqual(110_000);
    expect(await estimateRows(new Blob(['1,2,3\n']))).toBe(1024);
  });
});
