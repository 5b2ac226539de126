import { describe, expect, it } from 'vitest';
import { canonicalInt, createIdMap } from './idMap';

describe('createIdMap', () => {
  it('assigns dense indices in order of first appearance', () => {
    const m = createIdMap();
    expect(m.indexOf('196')).toBe(0);
    expect(m.indexOf('186')).toBe(1);
    expect(m.indexOf('196')).toBe(0);
    expect(m.indexOf('电影-456')).toBe(2);
    expect(m.ids).toEqual(['196', '186', '电影-456']);
    expect(m.size).toBe(3);
  });

  it('find does not assign', () => {
    const m = createIdMap();
    m.indexOf('a');
    expect(m.find('a')).toBe(0);
    expect(m.find('b')).toBe(-1);
    expect(m.size).toBe(1);
  });

  it('treats ids as exact strings ("01" and "1" differ)', () => {
    const m = createIdMap();
    expect(m.indexOf('1')).toBe(0);
    expect(m.indexOf('01')).toBe(1);
  });
});

describe('createIdMap with integer ids', () => {
  it('gives indexOfInt(n) the index of indexOf(String(n)), in one order of first appearance', () => {
    const m = createIdMap();
    expect(m.indexOf('196')).toBe(0);
    expect(m.indexOfInt(186)).toBe(1);
    expect(m.indexOfInt(196)).toBe(0);
    expect(m.indexOf('186')).toBe(1);
    expect(m.indexOf('0186')).toBe(2);
    expect(m.indexOfInt(5_000_000)).toBe(3);
    expect(m.indexOf('5000000')).toBe(3);
    expect(m.indexOfInt(1_500_000)).toBe(4);
    expect(m.find('1500000')).toBe(4);
    expect(m.find('1500001')).toBe(-1);
    expect(m.find('0')).toBe(-1);
    expect(m.indexOf('0')).toBe(5);
    expect(m.ids).toEqual(['196', '186', '0186', '5000000', '1500000', '0']);
  });

  it('refuses what is not an integer id', () => {
    expect(() => createIdMap().indexOfInt(-1)).toThrow(RangeError);
    expect(() => createIdMap().indexOfInt(1.5)).toThrow(RangeError);
  });
});

describe('canonicalInt', () => {
  it('reads only integers that print back as the same text', () => {
    expect(['0', '7', '196', '999999999'].map(canonicalInt)).toEqual([0, 7, 196, 999999999]);
    expect(['', '07', '+7', ' 7', '7 ', '7.0', '1e3', '1000000000', '٣'].map(canonicalInt)).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1]);
  });
});
