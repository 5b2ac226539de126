import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { csrFromColumns } from '../sparse';
import { hasEntry, sampleEpoch, sampleNegative } from './sampling';

// user 0 has positives {1, 3}; user 1 every item but 4 (dense row); user 2 every item (no negative possible)
const exclude = csrFromColumns(
  Int32Array.from([0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2]),
  Int32Array.from([3, 1, 0, 1, 2, 3, 0, 1, 2, 3, 4]),
  new Float32Array(11).fill(1),
  3,
  5,
);

describe('negative sampling', () => {
  it('finds entries by binary search', () => {
    expect([0, 1, 2, 3, 4].map((i) => hasEntry(exclude, 0, i))).toEqual([false, true, false, true, false]);
  });

  it('draws uniformly from the items without a positive (rejection on a sparse row)', () => {
    const rng = createRng(1);
    const counts = [0, 0, 0, 0, 0];
    for (let k = 0; k < 30_000; k++) counts[sampleNegative(exclude, 0, 5, rng)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    for (const i of [0, 2, 4]) expect(Math.abs(counts[i]! / 30_000 - 1 / 3)).toBeLessThan(0.015);
  });

  it('takes the k-th absent item on a dense row, and gives −1 when every item is positive', () => {
    const rng = createRng(2);
    for (let k = 0; k < 50; k++) expect(sampleNegative(exclude, 1, 5, rng)).toBe(4);
    expect(sampleNegative(exclude, 2, 5, rng)).toBe(-1);
  });

  it('builds an epoch as positive, then its negatives (label 0), reproducibly from the seed', () => {
    const positives = { users: Int32Array.from([0, 0, 2]), items: Int32Array.from([1, 3, 0]), targets: Float32Array.from([1, 0.8, 1]) };
    const a = sampleEpoch(positives, exclude, 5, 2, createRng(5));
    const b = sampleEpoch(positives, exclude, 5, 2, createRng(5));
    // user 2 has no possible negative: 3 + 3 + 1 examples
    expect(a.length).toBe(7);
    expect(Array.from(a.users.subarray(0, 7))).toEqual([0, 0, 0, 0, 0, 0, 2]);
    expect(Array.from(a.labels.subarray(0, 7))).toEqual([1, 0, 0, Math.fround(0.8), 0, 0, 1]);
    expect(a.items[0]).toBe(1);
    expect(a.items[3]).toBe(3);
    for (const j of [1, 2, 4, 5]) expect([0, 2, 4]).toContain(a.items[j]);
    expect(b).toEqual(a);
    // reuses a large enough buffer
    const again = sampleEpoch(positives, exclude, 5, 2, createRng(5), a);
    expect(again).toBe(a);
  });
});
