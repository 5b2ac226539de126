import { describe, expect, it } from 'vitest';
import { dedupeKeepLast } from './dedupe';

const cols = (u: number[], i: number[], r: number[]) => ({
  users: Int32Array.from(u),
  items: Int32Array.from(i),
  ratings: Float32Array.from(r),
});

describe('dedupeKeepLast', () => {
  it('keeps the last of each repeated pair, in file order of the kept rows', () => {
    // rows: 0:(0,1)=1  1:(1,0)=2  2:(0,1)=3  3:(2,2)=4  4:(0,1)=5  5:(1,0)=1
    const { columns, duplicates } = dedupeKeepLast(cols([0, 1, 0, 2, 0, 1], [1, 0, 1, 2, 1, 0], [1, 2, 3, 4, 5, 1]), 3, 3);
    expect(duplicates).toBe(3);
    // kept rows 3, 4, 5
    expect(Array.from(columns.users)).toEqual([2, 0, 1]);
    expect(Array.from(columns.items)).toEqual([2, 1, 0]);
    expect(Array.from(columns.ratings)).toEqual([4, 5, 1]);
  });

  it('carries timestamps along with the kept rows', () => {
    // rows: 0:(0,1)@10  1:(1,0)@20  2:(0,1)@30  3:(1,1)@40 → row 0 is an earlier duplicate of row 2.
    const r = dedupeKeepLast(cols([0, 1, 0, 1], [1, 0, 1, 1], [1, 2, 3, 4]), 2, 2, Float64Array.from([10, 20, 30, 40]));
    expect(r.duplicates).toBe(1);
    expect(Array.from(r.columns.ratings)).toEqual([2, 3, 4]);
    expect(Array.from(r.timestamps ?? [])).toEqual([20, 30, 40]);
    expect(dedupeKeepLast(cols([0, 0], [0, 0], [1, 2]), 1, 1).timestamps).toBeNull();
    expect(() => dedupeKeepLast(cols([0, 0], [0, 1], [1, 2]), 1, 2, new Float64Array(1))).toThrow('1 timestamps for 2 rows');
  });

  it('does not confuse (user 1, item 0) with (user 0, item 1)', () => {
    const { duplicates } = dedupeKeepLast(cols([0, 1], [1, 0], [1, 2]), 2, 2);
    expect(duplicates).toBe(0);
  });

  it('returns the same arrays when nothing repeats', () => {
    const c = cols([0, 0, 1], [0, 1, 0], [3, 4, 5]);
    const r = dedupeKeepLast(c, 2, 2);
    expect(r.columns).toBe(c);
    expect(r.duplicates).toBe(0);
  });
});

describe('dedupeKeepLast by bitmap and by sort', () => {
  it('keep the same rows', () => {
    let x = 99;
    const next = (m: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % m);
    for (const [rows, nUsers, nItems] of [[2000, 30, 40], [5000, 7, 3], [3000, 1, 1], [4000, 900, 1700]] as const) {
      const u = Array.from({ length: rows }, () => next(nUsers));
      const i = Array.from({ length: rows }, () => next(nItems));
      const r = Array.from({ length: rows }, () => next(5) + 1);
      const t = Float64Array.from({ length: rows }, (_, k) => k);
      const bitmap = dedupeKeepLast(cols(u, i, r), nUsers, nItems, t, 'bitmap');
      expect(bitmap).toEqual(dedupeKeepLast(cols(u, i, r), nUsers, nItems, t, 'sort'));
      expect(bitmap).toEqual(dedupeKeepLast(cols(u, i, r), nUsers, nItems, t));
    }
  });
});
