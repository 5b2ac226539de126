import { describe, expect, it, vi } from 'vitest';
import type { ColumnMapping, Delimiter } from './detect';
import { createRng } from '../math/random';
import { createIdMap } from './idMap';
import { readRatingRowsInto } from './parseRatings';
import { digitsAt, simpleDecimalAt, splitFieldsAt } from './plainFields';
import { RatingRowReader, type RatingRowSink } from './ratingRows';
import { MAX_RECORD_CHARS } from './longRecords';
import { streamRows, type ImportProgress } from './streamRows';

type Options = { encoding: 'utf-8'; delimiter: Delimiter; hasHeader: boolean; mapping: ColumnMapping };

/** A Blob whose parts (and so its stream chunks) are `size` bytes. */
function chunkedBlob(text: string, size: number): Blob {
  const bytes = new TextEncoder().encode(text);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let o = 0; o < bytes.length; o += size) parts.push(bytes.slice(o, o + size));
  return new Blob(parts);
}

/** Everything a read gives: the columns, ids, counts, bad rows, scale and progress, or the error thrown. */
async function read(file: Blob, options: Options, path: 'fast' | 'papa') {
  const users = createIdMap();
  const items = createIdMap();
  const rows: number[][] = [];
  const sink: RatingRowSink = {
    user: (id) => users.indexOf(id),
    userInt: (id) => users.indexOfInt(id),
    item: (id) => items.indexOf(id),
    itemInt: (id) => items.indexOfInt(id),
    row: (u, i, r, t) => rows.push([u, i, r, t]),
  };
  const progress: ImportProgress[] = [];
  try {
    if (path === 'fast') {
      const got = await readRatingRowsInto(file, options, sink, (p) => progress.push(p));
      return { rows, users: users.ids, items: items.ids, progress, rowsRead: got.rowsRead, rowsKept: got.rowsKept, bad: got.bad, scale: got.scale };
    }
    const reader = new RatingRowReader(options.mapping, options.delimiter, sink);
    for await (const batch of streamRows(file, options, (p) => progress.push(p))) reader.batch(batch);
    const got = reader.finish();
    return { rows, users: users.ids, items: items.ids, progress, rowsRead: got.rowsRead, rowsKept: got.rowsKept, bad: got.bad, scale: got.scale };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), rows, users: users.ids, items: items.ids };
  }
}

const tsv: ColumnMapping = { user: 0, item: 1, rating: 2, timestamp: 3 };

/** Tricky files: [name, text, options]. None has a quote, so the fast path reads all of them. */
const cases: [string, string, Partial<Options>][] = [
  ['plain MovieLens', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n196\t242\t4\t881250950\n', {}],
  ['CRLF, CR, BOM, no final line end', '\ufeff1\t2\t3\t4\r\n5\t6\t7\t8\r9\t10\t1.5\t12', {}],
  ['blank and whitespace lines', '\n1\t2\t3\t4\n   \n\t\n\u00a0\n5\t6\t2\t8\n\n', {}],
  ['wrong field counts', '1\t2\t3\t4\n1\t2\t3\n1\t2\t3\t4\t5\n\n7', {}],
  ['ids: spaces, leading zeros, strings, unicode, empty', ' 12 \t7\t1\t1\n12\t07\t1\t1\n007\t7\t1\t1\nu-12\tфильм\t1\t1\n\t7\t1\t1\n12\t \t1\t1\n1000000000\t2097152\t1\t1\n999999999\t0\t1\t1\n', {}],
  [
    'ratings',
    ['3.5', '5.', '.5', '+4', '-1', '1e3', '1E-2', 'NaN', '-Infinity', 'inf', '', ' 4 ', '0004', '1234567890123456', '123456789012345', '0.1234567890123', '4,5', '1e400', 'five', '3..5', '٣']
      .map((r, k) => `${k}\t${k % 3}\t${r}\t1`)
      .join('\n'),
    {},
  ],
  [
    'timestamps',
    ['881250949', '0', '0881250949', '2024-03-07', '2024-03-07T10:15:00Z', '2023-02-29', '', ' 5 ', '-5', '1.5', '1e9', '1234567890123456', 'abc']
      .map((t, k) => `${k}\t${k}\t4\t${t}`)
      .join('\n'),
    {},
  ],
  ['a header', 'user,item,rating,time\n1,2,3,4\n,2,3,4\n5,6,x,8\n', { delimiter: ',', hasHeader: true }],
  ['blank lines, then a header', '\n  \r\n\nuser,item,rating,time\r\n1,2,3,4\r\n1,2,3\r\n', { delimiter: ',', hasHeader: true }],
  ['a header without a line end', 'user,item,rating,time', { delimiter: ',', hasHeader: true }],
  ['a header and no data', 'user,item,rating\n\n', { delimiter: ',', hasHeader: true, mapping: { user: 0, item: 1, rating: 2, timestamp: null } }],
  ['no data', '\n \n', {}],
  ['a mapped column the rows lack', '1\t2\n3\t4\n', {}],
  ['a mapped column the header lacks', 'u;i\n1;2;3;4\n', { delimiter: ';', hasHeader: true }],
  ['"::" delimiter', '1::2::5::9\n1:::2::5::9\n3::4::::9\n5::6::2::9::\n:::\n', { delimiter: '::' }],
  ['implicit, no timestamps', '1|2\n3|\n|4\n5|6|7\n', { delimiter: '|', mapping: { user: 0, item: 1, rating: null, timestamp: null } }],
  ['ratings above the scale and negative', '1,1,4\n1,2,50\n2,2,-3\n3,3,5\n4,4,150.5\n', { delimiter: ',', mapping: { user: 0, item: 1, rating: 2, timestamp: null } }],
  ['more than 256 fields', `${Array.from({ length: 300 }, (_, k) => k).join(',')}\n${Array.from({ length: 300 }, (_, k) => k + 1).join(',')}\n`, { delimiter: ',' }],
  ['a long line', `1\t2\t3\t4\n${'9'.repeat((1 << 20) + 5)}\t1\t1\t1\n`, {}],
  ...([
    [0, '\n'],
    [1, '\n'],
    [1, ''],
    [2, ''],
  ] as const).map(([over, after]): [string, string, Partial<Options>] => [
    `a line ${over} over the longest allowed, ${after ? 'with' : 'without'} a line end`,
    `1\t2\t3\t4\n5\t6\t7\t8\n${'9'.repeat(MAX_RECORD_CHARS - 6 + over)}\t1\t1\t1${after}`,
    {},
  ]),
];

describe('the fast path of quote-free ratings', () => {
  for (const [name, text, options] of cases) {
    it(`gives what the Papa Parse path gives: ${name}`, async () => {
      const opts: Options = { encoding: 'utf-8', delimiter: '\t', hasHeader: false, mapping: tsv, ...options };
      for (const size of [1 << 20, 7]) {
        if (size === 7 && text.length > 100_000) continue;
        const plain = vi.spyOn(RatingRowReader.prototype, 'plain');
        const fast = await read(chunkedBlob(text, size), opts, 'fast');
        const records = text.split(/\r\n?|\n/).filter((l) => l.trim() !== '').length;
        if (records > (opts.hasHeader ? 1 : 0)) expect(plain, 'the fast path read the file').toHaveBeenCalled();
        plain.mockRestore();
        const papa = await read(chunkedBlob(text, size), opts, 'papa');
        expect(fast, `${name}, parts of ${size} bytes`).toEqual(papa);
      }
    });
  }

  it('gives what the Papa Parse path gives on a large file with a few quoted rows among plain chunks', async () => {
    const lines: string[] = [];
    let x = 7;
    for (let k = 0; k < 60_000; k++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const bad = k % 9973 === 5 ? '' : String(1 + (x % 5));
      lines.push(k % 20011 === 3 ? `"${x % 600}"\t"multi\nline"\t4\t${k}` : `${x % 600}\t${(x >> 8) % 400}\t${bad}\t${880000000 + k}`);
    }
    const text = lines.join('\r\n');
    const opts: Options = { encoding: 'utf-8', delimiter: '\t', hasHeader: false, mapping: tsv };
    const plain = vi.spyOn(RatingRowReader.prototype, 'plain');
    const fast = await read(chunkedBlob(text, 50_000), opts, 'fast');
    expect(plain).toHaveBeenCalled();
    plain.mockRestore();
    const papa = await read(chunkedBlob(text, 50_000), opts, 'papa');
    expect(fast.rows.length).toBeGreaterThan(59_000);
    expect(fast).toEqual(papa);
  });
});

describe('plain fields', () => {
  it('split as String.prototype.split does', () => {
    const starts = new Int32Array(8);
    const ends = new Int32Array(8);
    for (const [text, d] of [['a,b,,c,', ','], ['', ','], ['a::::b:::c', '::'], [':::', '::'], ['x', '\t']] as const) {
      const s = `<${text}>`;
      const n = splitFieldsAt(s, 1, s.length - 1, d, starts, ends);
      const fields = Array.from({ length: n }, (_, k) => s.slice(starts[k], ends[k]));
      expect(fields).toEqual(text.split(d));
    }
  });

  it('read plain decimals exactly as Number() does, and nothing else', () => {
    const plain = ['0', '4', '3.5', '5.', '0.1', '2.675', '0.30000000000000004'.slice(0, 16), '999999999999999', '12345.6789', '007.50'];
    for (const t of plain) expect(simpleDecimalAt(t, 0, t.length), t).toBe(Number(t));
    // 2000 decimals of 0–11 integer digits and 0–5 decimals, from a seeded generator
    const rng = createRng(2026);
    for (let k = 0; k < 2000; k++) {
      const t = (rng.next() * 10 ** (k % 12)).toFixed(k % 6);
      if (t.replace('.', '').length > 15) continue;
      expect(simpleDecimalAt(t, 0, t.length), t).toBe(Number(t));
    }
    for (const t of ['', '.5', '+4', '-1', '1e3', ' 4', '3..5', '1234567890123456', '4,5', '٣']) expect(simpleDecimalAt(t, 0, t.length), t).toBeNaN();
    expect(digitsAt('x0881250949x', 1, 11)).toBe(881250949);
    for (const t of ['', '1.5', '-5', '1234567890123456']) expect(digitsAt(t, 0, t.length), t).toBeNaN();
  });
});
