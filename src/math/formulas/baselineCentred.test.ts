import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { baselineCentredPrediction, FormulaError, type BaselineNeighbour } from './index';

// b_ui = 3; neighbours (s, r, b): A (0.8, 4, 3.5), B (0.4, 2, 2.5), C (0.2, 5, 4)
const neighbours: BaselineNeighbour[] = [
  { id: 'C', similarity: 0.2, rating: 5, baseline: 4 },
  { id: 'A', similarity: 0.8, rating: 4, baseline: 3.5 },
  { id: 'B', similarity: 0.4, rating: 2, baseline: 2.5 },
];

describe('baselineCentredPrediction', () => {
  it('is b_ui + Σ s (r − b) / Σ|s| over the k nearest', () => {
    // k = 2 keeps A, B. Residuals 4 − 3.5 = 0.5, 2 − 2.5 = −0.5.
    // Σ s(r − b) = 0.8·0.5 + 0.4·(−0.5) = 0.4 − 0.2 = 0.2; Σ|s| = 1.2; r̂ = 3 + 0.2/1.2 = 3 + 1/6
    const t = baselineCentredPrediction({ baseline: 3, neighbours, k: 2 });
    expect(t.value).toBeCloseTo(3 + 1 / 6, 12);
    expect(t.steps[0]?.tex).toContain('A');
    expect(t.steps[0]?.tex).not.toContain('C');
    expect(t.note).toContain('left out C');
    // k = 3 adds C: residual 5 − 4 = 1, Σ s(r − b) = 0.2 + 0.2·1 = 0.4, Σ|s| = 1.4; r̂ = 3 + 0.4/1.4 = 3 + 2/7
    expect(baselineCentredPrediction({ baseline: 3, neighbours, k: 3, kind: 'item' }).value).toBeCloseTo(3 + 2 / 7, 12);
  });

  it('with one neighbour it is b_ui plus that residual', () => {
    // 3.2 + 0.5·(4 − 3.6)/0.5 = 3.2 + 0.4 = 3.6
    expect(baselineCentredPrediction({ baseline: 3.2, neighbours: [{ similarity: 0.5, rating: 4, baseline: 3.6 }], k: 5 }).value).toBeCloseTo(3.6, 12);
  });

  it('rejects zero total similarity and non-finite baselines', () => {
    expect(() => baselineCentredPrediction({ baseline: 3, neighbours: [{ similarity: 0, rating: 4, baseline: 3 }], k: 1 })).toThrow(FormulaError);
    expect(() => baselineCentredPrediction({ baseline: NaN, neighbours, k: 1 })).toThrow(FormulaError);
    expect(() => baselineCentredPrediction({ baseline: 3, neighbours: [{ similarity: 1, rating: 4, baseline: Infinity }], k: 1 })).toThrow(FormulaError);
    expect(() => baselineCentredPrediction({ baseline: 3, neighbours: [], k: 1 })).toThrow(FormulaError);
  });

  it('renders with KaTeX', () => {
    const t = baselineCentredPrediction({ baseline: 3, neighbours, k: 2 });
    for (const tex of [t.formula, ...t.steps.map((s) => s.tex)]) {
      expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'error' })).not.toThrow();
    }
  });
});
