import { describe, expect, it } from 'vitest';
import { predictRating, scoreAllItems, topN } from './mf';
import type { MfModel } from './mf';

function oneByOne(): MfModel {
  return {
    nUsers: 1,
    nItems: 2,
    factors: 3,
    mu: 3.5,
    userBias: Float32Array.of(0.2),
    itemBias: Float32Array.of(-0.1, 0.5),
    userFactors: Float32Array.of(0.1, 0.2, 0.3),
    itemFactors: Float32Array.of(0.4, 0.5, 0.6, 1, 0, -1),
  };
}

describe('predictRating', () => {
  it('is μ + b_u + b_i + q_u·p_i', () => {
    // q·p0 = 0.1·0.4 + 0.2·0.5 + 0.3·0.6 = 0.04 + 0.10 + 0.18 = 0.32
    // r̂ = 3.5 + 0.2 − 0.1 + 0.32 = 3.92
    expect(predictRating(oneByOne(), 0, 0)).toBeCloseTo(3.92, 6);
    // q·p1 = 0.1 − 0.3 = −0.2; r̂ = 3.5 + 0.2 + 0.5 − 0.2 = 4.0
    expect(predictRating(oneByOne(), 0, 1)).toBeCloseTo(4.0, 6);
  });
});

describe('scoreAllItems', () => {
  it('scores every item with the same formula', () => {
    const s = scoreAllItems(oneByOne(), 0);
    expect(s).toBeInstanceOf(Float32Array);
    expect(s.length).toBe(2);
    expect(s[0]).toBeCloseTo(3.92, 5);
    expect(s[1]).toBeCloseTo(4.0, 5);
  });
});

describe('topN', () => {
  // exactly representable scores
  const scores = Float32Array.of(0.5, 0.75, 0.75, 0.125, 0.625);

  it('returns the best n, best first, ties by lower index', () => {
    expect(topN(scores, 3)).toEqual([
      { item: 1, score: 0.75 },
      { item: 2, score: 0.75 },
      { item: 4, score: 0.625 },
    ]);
    // the tie is cut at n = 1: the lower index wins
    expect(topN(scores, 1)).toEqual([{ item: 1, score: 0.75 }]);
  });

  it('skips excluded items', () => {
    const exclude = Uint8Array.of(0, 1, 0, 0, 1);
    expect(topN(scores, 3, exclude)).toEqual([
      { item: 2, score: 0.75 },
      { item: 0, score: 0.5 },
      { item: 3, score: 0.125 },
    ]);
  });

  it('returns fewer when n exceeds the candidates, and nothing for n = 0', () => {
    expect(topN(Float32Array.of(1, 2), 5).map((r) => r.item)).toEqual([1, 0]);
    expect(topN(scores, 0)).toEqual([]);
  });

  it('keeps lower indices among many equal scores (heap replacement path)', () => {
    const flat = new Float32Array(10).fill(1);
    flat[7] = 2;
    expect(topN(flat, 3).map((r) => r.item)).toEqual([7, 0, 1]);
  });
});
