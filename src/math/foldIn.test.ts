import { describe, expect, it } from 'vitest';
import { foldInUser } from './foldIn';
import type { MfModel } from './mf';
import { createRng, randomNormal } from './random';

function model(itemBias: number[], itemFactors: number[], factors: number, mu: number): MfModel {
  return {
    nUsers: 0,
    nItems: itemBias.length,
    factors,
    mu,
    userBias: new Float32Array(0),
    itemBias: Float32Array.from(itemBias),
    userFactors: new Float32Array(0),
    itemFactors: Float32Array.from(itemFactors),
  };
}

describe('foldInUser', () => {
  it('solves the 2×2 normal equations worked by hand', () => {
    // μ = 3, b = (0.5, −0.5), p = (1, 2) (factors = 1); ratings r0 = 4, r1 = 3; λ = 1.
    // y0 = 4 − 3 − 0.5 = 0.5, y1 = 3 − 3 + 0.5 = 0.5; X = [[1,1],[1,2]].
    // XᵀX + λI = [[3,3],[3,6]], Xᵀy = [1, 1.5]; det = 18 − 9 = 9.
    // b = (6·1 − 3·1.5)/9 = 1/6,  q = (3·1.5 − 3·1)/9 = 1/6.
    const m = model([0.5, -0.5], [1, 2], 1, 3);
    const { bias, vector } = foldInUser(m, [{ item: 0, rating: 4 }, { item: 1, rating: 3 }], 1);
    expect(bias).toBeCloseTo(1 / 6, 10);
    expect(vector.length).toBe(1);
    expect(vector[0]).toBeCloseTo(1 / 6, 7);
  });

  it('recovers (b, q) from ratings generated exactly by them when λ is tiny', () => {
    const rng = createRng(5);
    const k = 3;
    const n = 10;
    const bi = Array.from({ length: n }, () => randomNormal(rng, 0, 0.3));
    const p = Array.from({ length: n * k }, () => randomNormal(rng, 0, 1));
    const m = model(bi, p, k, 3.6);
    const trueB = 0.3;
    const trueQ = [0.5, -0.2, 0.1];
    const rated = Array.from({ length: n }, (_, i) => {
      let dot = 0;
      for (let f = 0; f < k; f++) dot += trueQ[f]! * m.itemFactors[i * k + f]!;
      return { item: i, rating: m.mu + m.itemBias[i]! + trueB + dot };
    });
    const { bias, vector } = foldInUser(m, rated, 1e-9);
    expect(bias).toBeCloseTo(trueB, 5);
    expect(Array.from(vector).map((v) => Number(v.toFixed(5)))).toEqual(trueQ);
  });

  it('gives zeros for no ratings and rejects bad items and singular systems', () => {
    const m = model([0, 0], [1, 2], 1, 3);
    expect(foldInUser(m, [], 0.1)).toEqual({ bias: 0, vector: new Float32Array(1) });
    expect(() => foldInUser(m, [{ item: 2, rating: 4 }], 0.1)).toThrow(/outside/);
    // one rating, two unknowns, λ = 0 → singular
    expect(() => foldInUser(m, [{ item: 0, rating: 4 }], 0)).toThrow(/singular/);
  });
});
