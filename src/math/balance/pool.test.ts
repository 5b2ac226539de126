import { describe, expect, it } from 'vitest';
import { bestOfPool, logPopularity, minMaxRelevance, popularityPenalty, topIndices, zScores } from './pool';

describe('topIndices', () => {
  it('the m best, ties to the lower index, skipping excluded and NaN', () => {
    expect(Array.from(topIndices([0.5, NaN, 0.9, 0.5, 0.1], 3, Uint8Array.of(0, 0, 0, 0, 1)))).toEqual([2, 0, 3]);
    expect(Array.from(topIndices([0.5, NaN, 0.9, 0.5, 0.1], 10))).toEqual([2, 0, 3, 4]);
    expect(Array.from(topIndices([3, 1, 2], 0))).toEqual([]);
  });
  it('agrees with a full sort on a larger vector', () => {
    const scores = Array.from({ length: 200 }, (_, i) => ((i * 37) % 101) / 7);
    const sorted = scores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i).slice(0, 25).map((x) => x.i);
    expect(Array.from(topIndices(scores, 25))).toEqual(sorted);
  });
});

describe('normalizations over the pool', () => {
  it('z-scores: (x − x̄)/σ with the population σ', () => {
    // (1, 2, 3, 4): x̄ = 2.5, σ² = (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25, σ = √5/2; z = (−3, −1, 1, 3)/√5
    const z = zScores([9, 1, 2, 3, 4], Int32Array.of(1, 2, 3, 4));
    [-3, -1, 1, 3].forEach((v, c) => expect(z[c]).toBeCloseTo(v / Math.sqrt(5), 12));
    expect(Array.from(zScores([2, 2], Int32Array.of(0, 1)))).toEqual([0, 0]);
  });
  it('min–max relevance in [0, 1]', () => {
    expect(Array.from(minMaxRelevance([4, 3, 2, 1], Int32Array.of(0, 1, 2, 3)))).toEqual([1, 2 / 3, 1 / 3, 0]);
    expect(Array.from(minMaxRelevance([7, 7], Int32Array.of(0, 1)))).toEqual([1, 1]);
  });
  it('log(1 + n)', () => {
    expect(Array.from(logPopularity([0, 1, Math.E - 1]))).toEqual([0, Math.log(2), 1]);
  });
  it('bestOfPool breaks ties by pool position', () => {
    expect(Array.from(bestOfPool(Int32Array.of(7, 5, 9), Float64Array.of(1, 2, 2), 2))).toEqual([5, 9]);
  });
});

describe('popularityPenalty', () => {
  // scores (4, 3, 2, 1) → z(s) = (3, 1, −1, −3)/√5; log-popularity (3, 0, 1, 2) → z = (3, −3, −1, 1)/√5
  // s' = z(s) − λ·z(lp), in units of 1/√5:
  //   λ 0.5: (3 − 1.5, 1 + 1.5, −1 + 0.5, −3 − 0.5) = (1.5, 2.5, −0.5, −3.5) → order 1, 0, 2, 3
  //   λ 2:   (3 − 6, 1 + 6, −1 + 2, −3 − 2) = (−3, 7, 1, −5)            → order 1, 2, 0, 3
  const scores = [4, 3, 2, 1];
  const lp = [3, 0, 1, 2];
  const pool = Int32Array.of(0, 1, 2, 3);
  it('re-orders the pool by z(s) − λ·z(log(1 + n))', () => {
    expect(Array.from(popularityPenalty(scores, pool, lp, 0.5, 4))).toEqual([1, 0, 2, 3]);
    expect(Array.from(popularityPenalty(scores, pool, lp, 2, 3))).toEqual([1, 2, 0]);
  });
  it('λ = 0 is the original top k', () => {
    expect(Array.from(popularityPenalty(scores, pool, lp, 0, 2))).toEqual([0, 1]);
  });
});
