import { describe, expect, it } from 'vitest';
import { csrFromColumns, entryAt, rowLength, rowMean } from './sparse';

describe('csrFromColumns', () => {
  // R (3 users × 4 items), entries given out of order:
  //   u0: i3=5, i1=3      u1: (none)      u2: i0=1, i2=4, i3=2
  const users = new Int32Array([0, 2, 2, 0, 2]);
  const items = new Int32Array([3, 2, 0, 1, 3]);
  const ratings = new Float32Array([5, 4, 1, 3, 2]);

  it('sorts rows and, within a row, columns ascending', () => {
    const m = csrFromColumns(users, items, ratings, 3, 4);
    expect(Array.from(m.indptr)).toEqual([0, 2, 2, 5]);
    expect(Array.from(m.indices)).toEqual([1, 3, 0, 2, 3]);
    expect(Array.from(m.values)).toEqual([3, 5, 1, 4, 2]);
    expect(rowLength(m, 1)).toBe(0);
    // u2 mean = (1 + 4 + 2) / 3 = 7/3
    expect(rowMean(m, 2)).toBeCloseTo(7 / 3, 12);
    expect(rowMean(m, 1)).toBeNaN();
    expect(entryAt(m, 2, 2)).toBe(4);
    expect(entryAt(m, 0, 2)).toBeNaN();
  });

  it('builds the transpose (items as rows) and honours a subset of rows', () => {
    const t = csrFromColumns(items, users, ratings, 4, 3, new Int32Array([0, 1, 4]));
    // kept entries: (u0,i3)=5, (u2,i2)=4, (u2,i3)=2 → item rows: i2: u2=4; i3: u0=5, u2=2
    expect(Array.from(t.indptr)).toEqual([0, 0, 0, 1, 3]);
    expect(Array.from(t.indices)).toEqual([2, 0, 2]);
    expect(Array.from(t.values)).toEqual([4, 5, 2]);
  });
});
