import { describe, expect, it } from 'vitest';
import { flagNames, guessRatingsMapping, guessTitlesMapping, sniffFile, type FileSniff } from './detect';
import { HAVE_ML100K, ML100K_SKIP_REASON, ml100kBlob } from './ml100k.testutil';

const blob = (s: string) => new Blob([s]);

describe('sniffFile', () => {
  it("chooses '::' over the '|' inside MovieLens 1M genres", async () => {
    const s = await sniffFile(blob("1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure|Children's|Fantasy\n3::Grumpier Old Men (1995)::Comedy|Romance\n4::Heat (1995)::Action|Crime|Thriller\n"));
    expect([s.delimiter, s.hasHeader, s.fieldCount, s.encoding]).toEqual(['::', false, 3, 'utf-8']);
    expect(s.header).toEqual(['Column 1', 'Column 2', 'Column 3']);
    expect(s.previewRows[0]).toEqual(['1', 'Toy Story (1995)', "Animation|Children's|Comedy"]);
    expect(guessTitlesMapping(s)).toEqual({ item: 0, title: 1, genres: 2, flags: null });
  });

  it("reads MovieLens 1M ratings.dat with '::'", async () => {
    const s = await sniffFile(blob('1::1193::5::978300760\n1::661::3::978302109\n1::914::3::978301968\n'));
    expect([s.delimiter, s.hasHeader, s.fieldCount, s.certain]).toEqual(['::', false, 4, true]);
    expect(guessRatingsMapping(s)).toEqual({ user: 0, item: 1, rating: 2, timestamp: 3 });
  });

  it('handles a header, quoted commas, a BOM and CRLF (MovieLens movies.csv)', async () => {
    const text = '\uFEFFmovieId,title,genres\r\n1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\r\n11,"American President, The (1995)",Comedy|Drama|Romance\r\n12,Dracula: Dead and Loving It (1995),Comedy|Horror\r\n';
    const s = await sniffFile(blob(text));
    expect([s.delimiter, s.hasHeader, s.fieldCount, s.certain]).toEqual([',', true, 3, true]);
    expect(s.header).toEqual(['movieId', 'title', 'genres']);
    expect(s.previewRows[1]).toEqual(['11', 'American President, The (1995)', 'Comedy|Drama|Romance']);
    expect(guessTitlesMapping(s)).toEqual({ item: 0, title: 1, genres: 2, flags: null });
  });

  it('finds a header by its non-numeric rating column even when ids are text', async () => {
    const s = await sniffFile(blob('user,item,rating\nusér-😀-1,电影-4,3\nusér-😀-2,电影-5,4\n'));
    expect([s.delimiter, s.hasHeader]).toEqual([',', true]);
    expect(guessRatingsMapping(s)).toEqual({ user: 0, item: 1, rating: 2, timestamp: null });
  });

  it('maps header names like Book-Crossing ("User-ID";"ISBN";"Book-Rating") with ;', async () => {
    const s = await sniffFile(blob('"User-ID";"ISBN";"Book-Rating"\n"276725";"034545104X";"0"\n"276726";"0155061224";"5"\n'));
    expect([s.delimiter, s.hasHeader]).toEqual([';', true]);
    expect(s.header).toEqual(['User-ID', 'ISBN', 'Book-Rating']);
    expect(guessRatingsMapping(s)).toEqual({ user: 0, item: 1, rating: 2, timestamp: null });
  });

  it('maps columns by name in any order', async () => {
    const s = await sniffFile(blob('timestamp\tmovie_id\tscore\tuser_id\n881250949\t242\t3\t196\n891717742\t302\t3\t186\n'));
    expect([s.delimiter, s.hasHeader]).toEqual(['\t', true]);
    expect(guessRatingsMapping(s)).toEqual({ user: 3, item: 1, rating: 2, timestamp: 0 });
  });

  it('falls back to content when header names are unknown', async () => {
    const s = await sniffFile(blob('a,b,c,d\n10,20,4.5,1700000000\n11,20,2,1700000100\n'));
    expect(s.hasHeader).toBe(true);
    expect(guessRatingsMapping(s)).toEqual({ user: 0, item: 1, rating: 2, timestamp: 3 });
  });

  it('treats two columns as implicit feedback', async () => {
    const s = await sniffFile(blob('alice,book-1\nbob,book-2\nalice,book-3\n'));
    expect(guessRatingsMapping(s)).toEqual({ user: 0, item: 1, rating: null, timestamp: null });
  });

  it('reports encoding null for latin-1 bytes and previews them as windows-1252', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('1|Mis'), 0xe9, ...new TextEncoder().encode('rables, Les (1995)|x\n2|Heat (1995)|y\n')]);
    const s = await sniffFile(new Blob([bytes]));
    expect(s.encoding).toBeNull();
    expect(s.delimiter).toBe('|');
    expect(s.previewRows[0]).toEqual(['1', 'Misérables, Les (1995)', 'x']);
    const told = await sniffFile(new Blob([bytes]), 'windows-1252');
    expect(told.encoding).toBe('windows-1252');
  });

  it('reads only the first 64 KB and drops the record cut in half', async () => {
    const lines: string[] = [];
    for (let k = 0; k < 20_000; k++) lines.push(`${k},${k % 100},${(k % 5) + 1}`);
    const s = await sniffFile(blob(lines.join('\n')));
    expect([s.delimiter, s.fieldCount, s.hasHeader, s.certain]).toEqual([',', 3, false, true]);
    expect(s.previewRows.length).toBe(10);
    expect(s.previewRows[9]).toEqual(['9', '9', '5']);
  });

  it('does not count a UTF-8 character cut by the 64 KB limit as invalid', async () => {
    // 'é' is 2 bytes; put one across byte 65 536.
    const head = 'a,b\n' + 'x,'.padEnd(65_535 - 4, 'y');
    const s = await sniffFile(blob(`${head}é\n1,2\n`));
    expect(s.encoding).toBe('utf-8');
  });
});

describe.skipIf(!HAVE_ML100K)(HAVE_ML100K ? 'sniffing MovieLens 100K' : ML100K_SKIP_REASON, () => {
  it('u.data: tab, no header, user/item/rating/timestamp', async () => {
    const s = await sniffFile(ml100kBlob('u.data'));
    expect([s.delimiter, s.hasHeader, s.fieldCount, s.encoding, s.certain]).toEqual(['\t', false, 4, 'utf-8', true]);
    expect(s.previewRows[0]).toEqual(['196', '242', '3', '881250949']);
    expect(guessRatingsMapping(s)).toEqual({ user: 0, item: 1, rating: 2, timestamp: 3 });
  });

  it('u.item: pipe, no header, 24 fields, titles in column 2', async () => {
    const s = await sniffFile(ml100kBlob('u.item'));
    // Its first latin-1 byte (line 543) lies beyond the first 64 KB, so the sample is valid UTF-8;
    // parsing it as UTF-8 then fails with an ImportError that suggests windows-1252 (parseTitles.test.ts).
    expect([s.delimiter, s.hasHeader, s.fieldCount, s.encoding]).toEqual(['|', false, 24, 'utf-8']);
    expect(guessTitlesMapping(s)).toEqual({ item: 0, title: 1, genres: null, flags: { from: 5, to: 23 } });
  });
});

describe('guessTitlesMapping', () => {
  it('uses header names', () => {
    const sniff: FileSniff = { encoding: 'utf-8', delimiter: ',', hasHeader: true, header: ['genres', 'name', 'id'], previewRows: [['Drama', 'Heat', '7']], fieldCount: 3, certain: true };
    expect(guessTitlesMapping(sniff)).toEqual({ item: 2, title: 1, genres: 0, flags: null });
  });
  it('finds a trailing run of 0/1 flag columns, named by the header', () => {
    const sniff: FileSniff = {
      encoding: 'utf-8',
      delimiter: ',',
      hasHeader: true,
      header: ['id', 'title', 'year', 'Action', 'Comedy', 'Drama'],
      previewRows: [
        ['1', 'Heat', '1995', '1', '0', '1'],
        ['2', 'Up', '2009', '0', '1', '0'],
      ],
      fieldCount: 6,
      certain: true,
    };
    // 'year' is numeric but not 0/1, so the run is columns 3–5
    const m = guessTitlesMapping(sniff);
    expect(m).toEqual({ item: 0, title: 1, genres: null, flags: { from: 3, to: 5 } });
    expect(flagNames({ from: 3, to: 5 }, sniff.header)).toEqual(['Action', 'Comedy', 'Drama']);
    expect(flagNames({ from: 5, to: 23 }, null).slice(0, 3)).toEqual(['unknown', 'Action', 'Adventure']);
    expect(flagNames({ from: 2, to: 4 }, null)).toEqual(['flag 3', 'flag 4', 'flag 5']);
  });
});
