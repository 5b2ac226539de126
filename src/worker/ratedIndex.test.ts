import { describe, expect, it } from 'vitest';
import { buildRatedIndex, ratedMask } from './ratedIndex';

describe('buildRatedIndex', () => {
  it('groups items by user', () => {
    // rows (u,i): (1,2) (0,0) (1,0) (2,1) → user 0: [0]; user 1: [2, 0]; user 2: [1]
    const index = buildRatedIndex(
      { users: Int32Array.from([1, 0, 1, 2]), items: Int32Array.from([2, 0, 0, 1]), ratings: new Float32Array(4) },
      3,
    );
    expect(Array.from(index.offsets)).toEqual([0, 1, 3, 4]);
    expect(Array.from(index.items)).toEqual([0, 2, 0, 1]);
    expect(Array.from(ratedMask(index, 1, 3))).toEqual([1, 0, 1]);
  });
});
