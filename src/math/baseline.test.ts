import { describe, expect, it } from 'vitest';
import { BASELINE_ALS_DEFAULTS, baselineEstimate, fitBaselineAls, globalMean } from './baseline';
import { csrFromColumns } from './sparse';

// 2 users × 2 items: r_00 = 5, r_01 = 3, r_10 = 4 (u1 did not rate i1)
const users = Int32Array.of(0, 0, 1);
const items = Int32Array.of(0, 1, 0);
const ratings = Float32Array.of(5, 3, 4);
const byUser = csrFromColumns(users, items, ratings, 2, 2);
const byItem = csrFromColumns(items, users, ratings, 2, 2);
const opts = { regUser: 2, regItem: 1 };

describe('globalMean', () => {
  it('is the mean rating', () => {
    expect(globalMean(byUser)).toBe(4); // (5 + 3 + 4) / 3
    expect(globalMean(csrFromColumns(new Int32Array(0), new Int32Array(0), new Float32Array(0), 1, 1))).toBeNaN();
  });
});

describe('fitBaselineAls', () => {
  it('one epoch: items first (b_u = 0), then users with the new b_i', () => {
    // μ = 4, λ_i = 1, λ_u = 2
    // b_i0 = ((5 − 4 − 0) + (4 − 4 − 0)) / (1 + 2) = 1/3
    // b_i1 = (3 − 4 − 0) / (1 + 1) = −1/2
    // b_u0 = ((5 − 4 − 1/3) + (3 − 4 + 1/2)) / (2 + 2) = (2/3 − 1/2) / 4 = 1/24
    // b_u1 = (4 − 4 − 1/3) / (2 + 1) = −1/9
    const b = fitBaselineAls(byUser, byItem, 4, { ...opts, epochs: 1 });
    expect(b.itemBias[0]).toBeCloseTo(1 / 3, 14);
    expect(b.itemBias[1]).toBeCloseTo(-1 / 2, 14);
    expect(b.userBias[0]).toBeCloseTo(1 / 24, 14);
    expect(b.userBias[1]).toBeCloseTo(-1 / 9, 14);
  });

  it('two epochs: the second sweep starts from the first one’s user biases', () => {
    // b_i0 = ((5 − 4 − 1/24) + (4 − 4 + 1/9)) / 3 = (23/24 + 1/9) / 3 = (69/72 + 8/72) / 3 = 77/216
    // b_i1 = (3 − 4 − 1/24) / 2 = −25/48
    // b_u0 = ((5 − 4 − 77/216) + (3 − 4 + 25/48)) / 4 = (139/216 − 23/48) / 4 = (278/432 − 207/432) / 4 = 71/1728
    // b_u1 = (4 − 4 − 77/216) / 3 = −77/648
    const b = fitBaselineAls(byUser, byItem, 4, { ...opts, epochs: 2 });
    expect(b.itemBias[0]).toBeCloseTo(77 / 216, 14);
    expect(b.itemBias[1]).toBeCloseTo(-25 / 48, 14);
    expect(b.userBias[0]).toBeCloseTo(71 / 1728, 14);
    expect(b.userBias[1]).toBeCloseTo(-77 / 648, 14);
    // b_01 = μ + b_u0 + b_i1 = 4 + 71/1728 − 25/48 = 4 + 71/1728 − 900/1728 = 4 − 829/1728
    expect(baselineEstimate(4, b, 0, 1)).toBeCloseTo(4 - 829 / 1728, 14);
  });

  it('has Surprise’s defaults and leaves users or items without ratings at 0', () => {
    expect(BASELINE_ALS_DEFAULTS).toEqual({ regUser: 15, regItem: 10, epochs: 10 });
    // a third user and item with no ratings, λ = 0
    const bu = csrFromColumns(users, items, ratings, 3, 3);
    const bi = csrFromColumns(items, users, ratings, 3, 3);
    const b = fitBaselineAls(bu, bi, 4, { regUser: 0, regItem: 0, epochs: 3 });
    expect(b.userBias[2]).toBe(0);
    expect(b.itemBias[2]).toBe(0);
    expect(() => fitBaselineAls(byUser, bi, 4, { ...opts, epochs: 1 })).toThrow(/transposes/);
  });
});
