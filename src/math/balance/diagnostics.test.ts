import { describe, expect, it } from 'vitest';
import { balanceDiagnostics, countsOf, gini, headMask, headSize, rankByCount, sideBalance } from './diagnostics';

describe('gini', () => {
  it('G = Σ (2i − n − 1)·x_(i) / (n·Σx), worked by hand', () => {
    // x ascending = (1, 1, 3, 5), n = 4, Σx = 10; coefficients 2i − 5 = (−3, −1, 1, 3):
    // −3·1 − 1·1 + 1·3 + 3·5 = 14; G = 14 / (4·10) = 0.35
    // (check: Σ_{i,j} |x_i − x_j| = 2·(0 + 2 + 4 + 2 + 4 + 2) = 28; 28 / (2·n²·x̄) = 28 / (2·16·2.5) = 0.35)
    expect(gini([5, 1, 3, 1])).toBeCloseTo(0.35, 12);
  });
  it('is 0 for equal values and (n − 1)/n when one holds everything; NaN with nothing', () => {
    expect(gini([2, 2, 2])).toBe(0);
    // ascending (0, 0, 0, 4): 3·4 / (4·4) = 0.75
    expect(gini([0, 4, 0, 0])).toBeCloseTo(0.75, 12);
    expect(gini([])).toBeNaN();
    expect(gini([0, 0])).toBeNaN();
  });
});

describe('head', () => {
  it('h = ⌈f·n⌉ of the rated entities', () => {
    expect(headSize(30, 0.1)).toBe(3); // 0.1·30 is 3.0000000000000004 in floating point
    expect(headSize(31, 0.1)).toBe(4);
    expect(headSize(4, 0.1)).toBe(1);
    expect(headSize(0, 0.1)).toBe(0);
    expect(() => headSize(10, 0)).toThrow(/head fraction/);
  });
  it('ranks by count, ties to the lower index, and masks the head', () => {
    // counts 5, 0, 1, 3, 1: rated items 0, 2, 3, 4; order 0 (5), 3 (3), 2 (1), 4 (1)
    expect(Array.from(rankByCount([5, 0, 1, 3, 1]))).toEqual([0, 3, 2, 4]);
    expect(Array.from(headMask([5, 0, 1, 3, 1], 0.5))).toEqual([1, 0, 0, 1, 0]);
    expect(Array.from(headMask([5, 0, 1, 3, 1]))).toEqual([1, 0, 0, 0, 0]);
  });
});

describe('sideBalance', () => {
  it('long-tail curve, cumulative share, head share, Gini, median', () => {
    // sorted counts (5, 3, 1, 1), Σ = 10; cumulative (5, 8, 9, 10)/10
    const b = sideBalance([5, 0, 1, 3, 1]);
    expect(b.rated).toBe(4);
    expect(b.unrated).toBe(1);
    expect(b.ratings).toBe(10);
    expect(Array.from(b.sortedCounts)).toEqual([5, 3, 1, 1]);
    expect(Array.from(b.cumulativeShare)).toEqual([0.5, 0.8, 0.9, 1]);
    // head = ⌈0.1·4⌉ = 1 item holding 5 of 10 ratings
    expect(b.headSize).toBe(1);
    expect(b.headShare).toBe(0.5);
    expect(b.gini).toBeCloseTo(0.35, 12);
    expect(b.median).toBe(2); // (3 + 1)/2
    expect(b.max).toBe(5);
    // the top half (2 items) hold 8 of 10
    expect(sideBalance([5, 0, 1, 3, 1], 0.5).headShare).toBe(0.8);
  });
  it('items and users of a ratings table', () => {
    // users 0,0,1,2,2,2 → counts (2, 1, 3); items 1,0,1,1,2,0 → counts (2, 3, 1)
    const d = balanceDiagnostics([0, 0, 1, 2, 2, 2], [1, 0, 1, 1, 2, 0], 3, 4);
    expect(Array.from(countsOf([1, 0, 1, 1, 2, 0], 4))).toEqual([2, 3, 1, 0]);
    expect(Array.from(d.items.sortedCounts)).toEqual([3, 2, 1]);
    expect(d.items.unrated).toBe(1);
    expect(Array.from(d.users.sortedCounts)).toEqual([3, 2, 1]);
    // (1, 2, 3): (−2·1 + 0·2 + 2·3) / (3·6) = 4/18
    expect(d.users.gini).toBeCloseTo(4 / 18, 12);
    expect(d.users.headShare).toBe(0.5); // ⌈0.3⌉ = 1 user with 3 of 6
  });
});
