import { describe, expect, it } from 'vitest';
import { cosineSimilarity } from './similarity';
import { fallbackEstimate, msdSimilarity, shrunkSimilarity } from './knnSteps';

describe('k-NN steps', () => {
  it('msd of (5, 3, 4) and (4, 3, 2): Σd² = 1 + 0 + 4 = 5, 1/(5/3 + 1) = 0.375', () => {
    expect(msdSimilarity([5, 3, 4], [4, 3, 2]).value).toBeCloseTo(0.375, 12);
  });

  it('shrinkage s·n/(n + β): cos = 1 on n = 2, β = 2 → 0.5; offset 1 → 1·1/(1 + 2) = 1/3', () => {
    const cos = cosineSimilarity([1, 2], [2, 4]);
    expect(cos.value).toBeCloseTo(1, 12);
    expect(shrunkSimilarity(cos, 2, 2).value).toBeCloseTo(0.5, 12);
    expect(shrunkSimilarity(cos, 2, 2, 1).value).toBeCloseTo(1 / 3, 12);
    expect(shrunkSimilarity(cos, 2, 0)).toBe(cos);
    expect(shrunkSimilarity(cos, 2, 2).steps.at(-1)!.label).toContain('2 co-rated');
  });

  it('fallback names the estimate and why', () => {
    const t = fallbackEstimate({ symbol: '\\mu', value: 3.53, used: 0, minK: 1 });
    expect(t.value).toBe(3.53);
    expect(t.note).toContain('Only 0 neighbours');
  });
});
