import { describe, expect, it } from 'vitest';
import { solveLinearSystem } from './linalg';

describe('solveLinearSystem', () => {
  it('solves a 2×2 system worked by hand', () => {
    // [[14,20],[20,29]]·x = (26,38): det = 14·29 − 20·20 = 6;
    // x1 = (26·29 − 20·38)/6 = (754 − 760)/6 = −1, x2 = (14·38 − 20·26)/6 = (532 − 520)/6 = 2.
    const x = solveLinearSystem([[14, 20], [20, 29]], [26, 38]);
    expect(x).not.toBeNull();
    expect(x![0]).toBeCloseTo(-1, 10);
    expect(x![1]).toBeCloseTo(2, 10);
  });

  it('needs a row swap: [[0,1],[1,0]]·x = (3,4) gives x = (4,3)', () => {
    expect(solveLinearSystem([[0, 1], [1, 0]], [3, 4])).toEqual([4, 3]);
  });

  it('reports a singular matrix as null', () => {
    // Rows (1,2,3), (2,4,6): the second is twice the first.
    expect(solveLinearSystem([[1, 2, 3], [2, 4, 6], [0, 1, 1]], [1, 2, 3])).toBeNull();
    expect(solveLinearSystem([[0, 0], [0, 0]], [0, 0])).toBeNull();
  });

  it('rejects mismatched shapes', () => {
    expect(() => solveLinearSystem([[1, 2]], [1, 2])).toThrow(/2×2/);
  });
});
