import { describe, expect, it } from 'vitest';
import { clickNoise, deriveSeed } from './seeds';
import { clickProbability, createWorld, defaultClickLink, itemFeatures, normalCdf, oracleOrder, oracleValue, warmReward, warmStartRatings } from './world';

describe('normalCdf', () => {
  it('matches Φ to 1e-7', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 7);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 7);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 7);
    expect(normalCdf(-8)).toBeLessThan(1e-14);
  });
});

describe('clickProbability', () => {
  it('probit: Φ((r̂ − τ)/σ)', () => {
    // (4.5 − 4)/0.5 = 1 → Φ(1) = 0.84134
    expect(clickProbability(4.5, { kind: 'probit', threshold: 4, sigma: 0.5 })).toBeCloseTo(0.8413447, 6);
    expect(clickProbability(4, { kind: 'probit', threshold: 4, sigma: 0.5 })).toBeCloseTo(0.5, 7);
  });
  it('logistic: 1/(1 + e^{−(s − c)/s₀})', () => {
    const link = { kind: 'logistic', center: 2, scale: 0.5 } as const;
    expect(clickProbability(2, link)).toBeCloseTo(0.5, 14);
    // s − c = s₀·ln 3 → 1/(1 + 1/3) = 0.75
    expect(clickProbability(2 + 0.5 * Math.log(3), link)).toBeCloseTo(0.75, 14);
  });
});

describe('defaultClickLink', () => {
  const none = new Float32Array(0);
  it('is τ = 4, σ = 0.5 on a 1–5 scale, scaled to other scales', () => {
    expect(defaultClickLink({ ratingMin: 1, ratingMax: 5, implicit: false }, none)).toEqual({ kind: 'probit', threshold: 4, sigma: 0.5 });
    // 1–10: τ = 1 + ¾·9 = 7.75, σ = 9/8 = 1.125
    expect(defaultClickLink({ ratingMin: 1, ratingMax: 10, implicit: false }, none)).toEqual({ kind: 'probit', threshold: 7.75, sigma: 1.125 });
  });
  it('is a logistic centred on the 95th percentile of the scores on implicit data', () => {
    const scores = Float32Array.from({ length: 100 }, (_, j) => j); // 0 … 99
    // centre: sample[⌊0.95·100⌋] = 95; median 50; scale (95 − 50)/3 = 15
    expect(defaultClickLink({ ratingMin: 1, ratingMax: 1, implicit: true }, scores)).toEqual({ kind: 'logistic', center: 95, scale: 15 });
  });
});

describe('createWorld and the oracle', () => {
  const world = createWorld(Float32Array.from([3, 5, 4.5, 4, 1, 1, 1, 1]), 2, 4, { kind: 'probit', threshold: 4, sigma: 0.5 }, null);
  it('turns scores into p_ui', () => {
    // user 0: Φ(−2), Φ(2), Φ(1), Φ(0)
    [0.0227501, 0.9772499, 0.8413447, 0.5].forEach((e, i) => expect(world.probs[i]).toBeCloseTo(e, 6));
    expect(() => createWorld(new Float32Array(3), 2, 2, world.link, null)).toThrow(/2×2/);
  });
  it('orders a user’s items by p and sums the best n not consumed', () => {
    const order = oracleOrder(world);
    expect([...order.of(0)]).toEqual([1, 2, 3, 0]);
    expect([...order.of(1)]).toEqual([0, 1, 2, 3]); // ties by index
    const consumed = new Uint8Array(8);
    consumed[1] = 1; // user 0 clicked item 1: the best two left are items 2 and 3
    expect(oracleValue(world, order.of(0), 0, consumed, 2)).toBeCloseTo(0.8413447 + 0.5, 6);
  });
});

describe('itemFeatures', () => {
  it('lays out x_i = [p_i; b_i; 1]', () => {
    const f = itemFeatures(Float32Array.from([1, 2, 3, 4]), Float32Array.from([0.5, -0.5]), 2, 2);
    expect(f.d).toBe(4);
    expect([...f.x]).toEqual([1, 2, 0.5, 1, 3, 4, -0.5, 1]);
    expect([...f.vectors]).toEqual([1, 2, 3, 4]);
  });
});

describe('warmStartRatings', () => {
  // user 0 rated items 0–9, user 1 rated items 0–3
  const users = Int32Array.from([...Array(10).fill(0), 1, 1, 1, 1]);
  const items = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3]);
  const ratings = { users, items, ratings: Float32Array.from(items, (i) => 1 + (i % 5)) };
  it('gives round(fraction·n_u) of each user’s own ratings, distinct, the same for the same seed', () => {
    const warm = warmStartRatings(ratings, 2, 0.3, 5);
    // round(0.3·10) = 3 for user 0, round(0.3·4) = 1 for user 1
    expect(warm.filter((w) => w.user === 0)).toHaveLength(3);
    expect(warm.filter((w) => w.user === 1)).toHaveLength(1);
    expect(new Set(warm.filter((w) => w.user === 0).map((w) => w.item)).size).toBe(3);
    for (const w of warm) expect(w.rating).toBe(1 + (w.item % 5));
    expect(warmStartRatings(ratings, 2, 0.3, 5)).toEqual(warm);
    expect(warmStartRatings(ratings, 2, 0.3, 6)).not.toEqual(warm);
    expect(warmStartRatings(ratings, 2, 0, 5)).toEqual([]);
  });
  it('rewards a warm rating with its click probability (explicit) or 1 (implicit)', () => {
    expect(warmReward(5, { kind: 'probit', threshold: 4, sigma: 0.5 })).toBeCloseTo(0.9772499, 6);
    expect(warmReward(1, { kind: 'logistic', center: 9, scale: 1 })).toBe(1);
  });
});

describe('seeds', () => {
  it('decides each showing by a coin fixed by (seed, user, item, occurrence)', () => {
    const a = clickNoise(42, 3, 7, 0);
    expect(clickNoise(42, 3, 7, 0)).toBe(a);
    expect(clickNoise(42, 3, 7, 1)).not.toBe(a);
    expect(clickNoise(42, 7, 3, 0)).not.toBe(a);
    expect(clickNoise(43, 3, 7, 0)).not.toBe(a);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let j = 0; j < 20_000; j++) {
      const u = clickNoise(1, j % 97, j % 113, j % 5);
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });
  it('derives distinct seeds per stream name', () => {
    expect(deriveSeed(42, 'arrivals')).toBe(deriveSeed(42, 'arrivals'));
    expect(deriveSeed(42, 'arrivals')).not.toBe(deriveSeed(42, 'clicks'));
    expect(deriveSeed(42, 'arrivals')).not.toBe(deriveSeed(43, 'arrivals'));
  });
});
