import { describe, expect, it } from 'vitest';
import { findInvalidUtf8, firstInvalidUtf8, lineAndColumnOf } from './utf8';

const enc = new TextEncoder();

describe('firstInvalidUtf8', () => {
  it('accepts ASCII and well-formed multi-byte text', () => {
    expect(firstInvalidUtf8(enc.encode('abc, é 电影 😀\n'))).toBe(-1);
  });
  it('finds a latin-1 byte: "Mis\\xE9rables" breaks at offset 3', () => {
    expect(firstInvalidUtf8(Uint8Array.from([0x4d, 0x69, 0x73, 0xe9, 0x72, 0x61]))).toBe(3);
  });
  it('rejects overlongs, surrogates and truncated sequences at the end', () => {
    expect(firstInvalidUtf8(Uint8Array.from([0xc0, 0xaf]))).toBe(0); // overlong '/'
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xed, 0xa0, 0x80]))).toBe(1); // U+D800
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xe7, 0x94]))).toBe(1); // 电 cut short
  });
});

describe('lineAndColumnOf / findInvalidUtf8', () => {
  it('reports line 2, column 5 for a bad byte after "1|Mi"', async () => {
    // bytes: "ok\n" (offsets 0–2), then "1|Mi" (3–6), 0xE9 at offset 7 → line 2, column 7 − 3 + 1 = 5
    const bytes = Uint8Array.from([...enc.encode('ok\n1|Mi'), 0xe9, ...enc.encode('s\n')]);
    expect(lineAndColumnOf(bytes, 7)).toEqual({ line: 2, column: 5 });
    expect(await findInvalidUtf8(new Blob([bytes]))).toEqual({ line: 2, column: 5 });
    expect(await findInvalidUtf8(new Blob(['fine'])).then((r) => r)).toBeNull();
  });
});

describe('the native decoder and firstInvalidUtf8', () => {
  it('agree on what is UTF-8', () => {
    const cases = [[0x41], [0xc0, 0xaf], [0xc2, 0x80], [0xe0, 0x9f, 0x80], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf, 0x41],
      [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe7, 0x94], [0x80], [0xff]];
    for (const c of cases) {
      const bytes = Uint8Array.from(c);
      let native = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        native = false;
      }
      expect(native, c.map((b) => b.toString(16)).join(' ')).toBe(firstInvalidUtf8(bytes) < 0);
    }
  });
});
