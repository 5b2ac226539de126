import { describe, expect, it } from 'vitest';
import { mae, median, rmse } from './metrics';

describe('rmse and mae', () => {
  it('match a case worked by hand', () => {
    // errors: (3−4, 5−5, 2−4) = (−1, 0, −2); squares 1, 0, 4 → mean 5/3 → RMSE √(5/3) = 1.290994…
    // |errors| 1, 0, 2 → MAE 1.
    expect(rmse([3, 5, 2], [4, 5, 4])).toBeCloseTo(1.290994, 6);
    expect(mae([3, 5, 2], [4, 5, 4])).toBe(1);
  });
  it('reject empty and mismatched inputs', () => {
    expect(() => rmse([], [])).toThrow(/no ratings/);
    expect(() => mae([1], [1, 2])).toThrow(/1 predictions for 2/);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    // sorted 1, 3, 7 → 3; sorted 1, 3, 7, 10 → (3 + 7)/2 = 5
    expect(median([7, 1, 3])).toBe(3);
    expect(median(Float64Array.of(10, 1, 7, 3))).toBe(5);
    expect(median([4])).toBe(4);
    expect(median([])).toBeNaN();
  });
});
