import { describe, expect, it } from 'vitest';
import { RecordScanner } from './recordScanner';
import { streamRows, type ParseOptions } from './streamRows';

/** A Blob whose parts (and so its stream chunks) are `size` bytes, cutting characters and line ends anywhere. */
function chunkedBlob(text: string, size: number): Blob {
  const bytes = new TextEncoder().encode(text);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let o = 0; o < bytes.length; o += size) parts.push(bytes.slice(o, o + size));
  return new Blob(parts);
}

async function collect(file: Blob, options: ParseOptions) {
  const rows: string[][] = [];
  const lines: number[] = [];
  const raw: string[] = [];
  let header: string[] | null = null;
  for await (const b of streamRows(file, options)) {
    header = b.header;
    b.rows.forEach((r, k) => {
      rows.push(r);
      lines.push(b.lines[k] as number);
      raw.push(b.rawText(k));
    });
  }
  return { header, rows, lines, raw };
}

describe('streamRows', () => {
  const text = 'h1::h2::h3\r\n1::"a::b"::é\r\n\r\n2::"multi\r\nline ""q"""::😀\r\n3::plain::z';

  it('gives the same rows and line numbers however the bytes are cut', async () => {
    for (const size of [1, 2, 3, 5, 7, 1000]) {
      const got = await collect(chunkedBlob(text, size), { encoding: 'utf-8', delimiter: '::', hasHeader: true });
      expect(got.header, `size ${size}`).toEqual(['h1', 'h2', 'h3']);
      expect(got.rows, `size ${size}`).toEqual([
        ['1', 'a::b', 'é'],
        ['2', 'multi\nline "q"', '😀'],
        ['3', 'plain', 'z'],
      ]);
      expect(got.lines, `size ${size}`).toEqual([2, 4, 6]);
      expect(got.raw, `size ${size}`).toEqual(['1::"a::b"::é', '2::"multi\nline ""q"""::😀', '3::plain::z']);
    }
  });

  it('keeps a quote inside an unquoted field literal, as Papa Parse does', async () => {
    const got = await collect(chunkedBlob('a,5" disk,1\nb,c,2\n', 2), { encoding: 'utf-8', delimiter: ',', hasHeader: false });
    expect(got.rows).toEqual([
      ['a', '5" disk', '1'],
      ['b', 'c', '2'],
    ]);
    expect(got.lines).toEqual([1, 2]);
  });

  it('returns an unterminated quoted field at the end as one last row', async () => {
    const got = await collect(new Blob(['1,ok\n2,"never closed\n3,x\n']), { encoding: 'utf-8', delimiter: ',', hasHeader: false });
    expect(got.rows.length).toBe(2);
    expect(got.lines).toEqual([1, 2]);
    expect(got.rows[1]?.[0]).toBe('2');
  });

  it('rejects bytes that are not UTF-8 with a message suggesting windows-1252', async () => {
    const bytes = new Uint8Array([0x31, 0x2c, 0x61, 0x0a, 0x32, 0x2c, 0xe9, 0x0a]);
    const run = collect(new Blob([bytes]), { encoding: 'utf-8', delimiter: ',', hasHeader: false });
    await expect(run).rejects.toThrow(/^The file is not valid UTF-8: .* import it again with the encoding windows-1252\.$/);
  });
});

/** Scans `text` in two pieces cut at `cut`, as streamRows feeds it: [absolute start, line] of each record. */
function scanInTwo(text: string, delimiter: string, cut: number): [number, number][] {
  const scanner = new RecordScanner(delimiter);
  const out: [number, number][] = [];
  let buf = '';
  let base = 0;
  for (const [piece, final] of [[text.slice(0, cut), false], [text.slice(cut), true]] as const) {
    buf += piece;
    const r = scanner.scan(buf, final);
    r.starts.forEach((start, j) => out.push([base + start, r.lines[j] as number]));
    buf = buf.slice(r.end);
    base += r.end;
  }
  return out;
}

describe('RecordScanner', () => {
  it('finds the same records wherever the text is cut, quoted or not (the quote-free fast path included)', () => {
    // records: 'u1,i1,4' | 'u2,"i 2,\nlong",5' (a quoted newline) | 'u3,i3,3' | '"u""4",i4,2' | 'u5,i"5,1' (a stray quote) | 'u6,i6,2'
    const text = 'u1,i1,4\nu2,"i 2,\nlong",5\nu3,i3,3\n"u""4",i4,2\nu5,i"5,1\nu6,i6,2';
    const whole = new RecordScanner(',').scan(text, true);
    const expected = whole.starts.map((start, j): [number, number] => [start, whole.lines[j] as number]);
    // offsets: 8 + 17 = 25, + 8 = 33, + 12 = 45, + 9 = 54; record 3 starts on line 4 (record 2 spans two)
    expect(expected).toEqual([[0, 1], [8, 2], [25, 4], [33, 5], [45, 6], [54, 7]]);
    for (let cut = 0; cut <= text.length; cut++) expect(scanInTwo(text, ',', cut)).toEqual(expected);
  });

  it('waits for more text before deciding on a trailing quote or a split delimiter', () => {
    const s = new RecordScanner('::');
    expect(s.scan('1::"a"', false)).toEqual({ starts: [], lines: [], end: 0 });
    expect(s.scan('1::"a"::b\n2:', false)).toEqual({ starts: [0], lines: [1], end: 10 });
    expect(s.scan('2:', true)).toEqual({ starts: [0], lines: [2], end: 2 });
  });
});
