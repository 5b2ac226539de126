import { describe, expect, it } from 'vitest';
import { assertText, binaryReason, byteOrderMark, detectUnicode, looksLikeUtf16 } from './textCheck';
import { truncateCell } from './truncate';
import { RatingScaleTally, describeScale } from './ratingScale';
import { PNG_HEAD, magicPlusNoise, noise, singleByte, utf16 } from './badInputFiles.testutil';
import { streamRows } from './streamRows';

describe('textCheck', () => {
  it('names the encoding of a byte-order mark', () => {
    expect(byteOrderMark(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', length: 3 });
    expect(byteOrderMark(Uint8Array.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', length: 2 });
    expect(byteOrderMark(Uint8Array.from([0xfe, 0xff, 0, 0x61]))).toEqual({ encoding: 'utf-16be', length: 2 });
    expect(byteOrderMark(singleByte('user'))).toBeNull();
  });

  it('finds UTF-16 without a BOM by its zero bytes, and not in random bytes or plain text', () => {
    expect(looksLikeUtf16(utf16('user,item\n1,2\n', 'le', false))).toBe('utf-16le');
    expect(looksLikeUtf16(utf16('user,item\n1,2\n', 'be', false))).toBe('utf-16be');
    expect(looksLikeUtf16(noise(4096, 3))).toBeNull();
    expect(detectUnicode(singleByte('user,item,rating\n'))).toBeNull();
  });

  it('says why bytes are not text, and lets text (latin-1 included) through', () => {
    expect(binaryReason(magicPlusNoise(PNG_HEAD, 100, 1))).toBe('it starts like a PNG image');
    expect(binaryReason(singleByte('a,b\x00,c'))).toBe('it contains binary data (a zero byte at byte 3)');
    expect(binaryReason(singleByte('user,item\tx\r\nCaf\xe9,\x93q\x94\n'))).toBeNull();
    // One stray control character (a DOS end-of-file mark) in a text file is not enough.
    expect(binaryReason(singleByte(`${'u,i,4\n'.repeat(40)}\x1a`))).toBeNull();
    expect(() => assertText(noise(64, 9), 'windows-1252')).toThrow(/^This is not a text file: /);
    expect(() => assertText(utf16('a,b\nc,d\n', 'le', false), 'utf-16le')).not.toThrow();
  });

  it('the parser refuses a binary file too, whatever the preview said', async () => {
    const read = async () => {
      for await (const _ of streamRows(new Blob([magicPlusNoise(PNG_HEAD, 5000, 4)]), { encoding: 'windows-1252', delimiter: ',', hasHeader: false })) void _;
    };
    await expect(read()).rejects.toThrow("This is not a text file: it starts like a PNG image. Choose a ratings file in a delimited text format (CSV, TSV, ';', '|' or '::').");
  });
});

describe('truncateCell', () => {
  it('cuts at 200 characters with an ellipsis and never splits an emoji', () => {
    expect(truncateCell('a'.repeat(200))).toBe('a'.repeat(200));
    expect(truncateCell('a'.repeat(201))).toBe(`${'a'.repeat(200)}…`);
    expect(truncateCell(`${'a'.repeat(199)}😀b`)).toBe(`${'a'.repeat(199)}…`);
  });
});

describe('RatingScaleTally', () => {
  const scaleOf = (values: number[]) => {
    const t = new RatingScaleTally();
    values.forEach((v, k) => t.add(v, k + 2, 3, String(v)));
    return t.result();
  };
  it('takes the usual maximum most ratings stay within, and flags only rare values outside', () => {
    expect(scaleOf([])).toBeNull();
    expect(describeScale(scaleOf([1, 2, 3, 4, 5])!)).toBe('1–5 in whole steps');
    expect(describeScale(scaleOf([0, 25, 50, 75, 100, 60, 30])!)).toBe('0–100 in whole steps');
    // Jester: −10..10, continuous; negatives are common, so they are part of the scale.
    const jester = scaleOf([-9.5, 3.25, -2.1, 7.7, -0.3, 10]);
    expect(jester).toMatchObject({ min: -9.5, max: 10, step: null, outside: 0 });
    // Play counts: no usual maximum fits; nothing is flagged.
    expect(scaleOf([120, 4000, 3, 990])).toMatchObject({ max: 4000, outside: 0, upperBound: Infinity });
  });
});
