import { describe, expect, it } from 'vitest';
import { baselinePrediction, dampedItemMean, popularityScore } from './baselines';

describe('baseline formulas', () => {
  it('popularity is the count; the share is count / users', () => {
    // 42 of 943 users: 42 / 943 = 0.044539
    const t = popularityScore({ count: 42, users: 943, item: 'Star Wars' });
    expect(t.value).toBe(42);
    expect(t.steps[1]!.tex).toContain('0.0445');
  });

  it('damped mean: (Σr + βμ) / (n + β)', () => {
    // ratings 5, 4, 5 → Σ = 14, n = 3; β = 2, μ = 3.5: (14 + 7) / 5 = 4.2
    expect(dampedItemMean({ sum: 14, count: 3, mu: 3.5, beta: 2 }).value).toBeCloseTo(4.2, 12);
    // no ratings: (0 + 2·3.5) / 2 = μ
    expect(dampedItemMean({ sum: 0, count: 0, mu: 3.5, beta: 2 }).value).toBeCloseTo(3.5, 12);
    expect(() => dampedItemMean({ sum: 0, count: 0, mu: 3.5, beta: 0 })).toThrow(/undefined/);
  });

  it('baseline: μ + b_u + b_i', () => {
    // 3.53 + (−0.2) + 0.41 = 3.74
    const t = baselinePrediction({ mu: 3.53, bu: -0.2, bi: 0.41 });
    expect(t.value).toBeCloseTo(3.74, 12);
    expect(t.steps[1]!.tex).toBe('\\hat r_{ui} = 3.53 + (-0.2) + 0.41 = 3.74');
  });
});
