import { describe, expect, it } from 'vitest';
import { contentPrediction, hybridPrediction, sortTerms } from './formulas';

describe('contentPrediction', () => {
  it('adds w·f to the user’s mean: 4 + (0.5·1 + (−0.5)·1) = 4, and 4 + 0.5·1 = 4.5', () => {
    const both = contentPrediction({
      mean: 4,
      terms: [
        { name: 'genre: A', f: 1, w: 0.5 },
        { name: 'genre: B', f: 1, w: -0.5 },
      ],
    });
    expect(both.value).toBe(4);
    expect(both.formula).toContain('\\bar r_u + \\mathbf{w}_u\\cdot\\mathbf{f}_i');
    const one = contentPrediction({ mean: 4, terms: [{ name: 'genre: A', f: 1, w: 0.5 }] });
    expect(one.value).toBe(4.5);
    expect(one.steps.at(-1)!.tex).toBe('\\hat r_{ui} = \\bar r_u + \\mathbf{w}_u\\cdot\\mathbf{f}_i = 4 + 0.5 = 4.5');
  });

  it('says so when the item has no features, and rejects non-finite numbers', () => {
    const t = contentPrediction({ mean: 3.25, terms: [] });
    expect(t.value).toBe(3.25);
    expect(t.steps.some((s) => s.tex.includes('no features'))).toBe(true);
    expect(() => contentPrediction({ mean: NaN, terms: [] })).toThrow(/r̄_u/);
    expect(() => contentPrediction({ mean: 1, terms: [{ name: 'x', f: 1, w: Infinity }] })).toThrow(/w\[0\]/);
  });

  it('lists terms largest |w·f| first', () => {
    const sorted = sortTerms([
      { name: 'a', f: 1, w: 0.1 },
      { name: 'b', f: 2, w: -0.3 },
      { name: 'c', f: 0.5, w: 0.2 },
    ]);
    expect(sorted.map((t) => t.name)).toEqual(['b', 'a', 'c']);
  });
});

describe('hybridPrediction', () => {
  it('is MF’s μ + b_u + b_i + q·p plus w·f: 3.5 + 0.2 − 0.1 + (1·0.5 + 2·(−0.25)) + 0.3·1 = 3.9', () => {
    const t = hybridPrediction({ mu: 3.5, bu: 0.2, bi: -0.1, q: [1, 2], p: [0.5, -0.25], terms: [{ name: 'genre: A', f: 1, w: 0.3 }] });
    expect(t.value).toBeCloseTo(3.9, 12);
    expect(t.steps.find((s) => s.label === 'MF part')!.tex).toContain('= 3.6');
    expect(t.steps.at(-1)!.tex).toBe('\\hat r_{ui} = 3.6 + 0.3 = 3.9');
  });
});
