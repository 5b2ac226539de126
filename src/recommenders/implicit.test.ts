import { describe, expect, it } from 'vitest';
import { positivesOf } from './implicit';
import { makeTrainSet } from './trainSet';

const cols = (rows: [number, number, number][]) => ({
  users: Int32Array.from(rows.map((r) => r[0])),
  items: Int32Array.from(rows.map((r) => r[1])),
  ratings: Float32Array.from(rows.map((r) => r[2])),
});

describe('positivesOf', () => {
  // user 0 rated item 0 → 5, item 2 → 3; user 1 rated item 1 → 4, item 2 → 1
  const rows: [number, number, number][] = [
    [0, 0, 5],
    [0, 2, 3],
    [1, 1, 4],
    [1, 2, 1],
  ];
  it('keeps ratings ≥ the threshold as ones, both ways', () => {
    const train = makeTrainSet(cols(rows), { nUsers: 2, nItems: 3, ratingMin: 1, ratingMax: 5, implicit: false });
    const p = positivesOf(train, 4);
    // ≥ 4: (0,0) and (1,1) only
    expect(p.count).toBe(2);
    expect(Array.from(p.byUser.indptr)).toEqual([0, 1, 2]);
    expect(Array.from(p.byUser.indices)).toEqual([0, 1]);
    expect(Array.from(p.byUser.values)).toEqual([1, 1]);
    expect(Array.from(p.byItem.indptr)).toEqual([0, 1, 2, 2]);
    expect(p.description).toBe('ratings ≥ 4 count as positives (2 of 4 training ratings)');
    expect(positivesOf(train, 4)).toBe(p);
    // threshold 0 keeps all four; item 2 has users 0 and 1
    const all = positivesOf(train, 0);
    expect(all.count).toBe(4);
    expect(Array.from(all.byItem.indices.subarray(all.byItem.indptr[2], all.byItem.indptr[3]))).toEqual([0, 1]);
  });
  it('takes every row of implicit data whatever the threshold', () => {
    const train = makeTrainSet(cols(rows.map(([u, i]) => [u, i, 1])), { nUsers: 2, nItems: 3, ratingMin: 1, ratingMax: 1, implicit: true });
    const p = positivesOf(train, 4);
    expect(p.count).toBe(4);
    expect(p.threshold).toBeNull();
  });
});
