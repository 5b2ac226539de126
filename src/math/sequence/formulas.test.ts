import { describe, expect, it } from 'vitest';
import { largestTerms, nextItemScore } from './formulas';

describe('nextItemScore', () => {
  it('adds the bias to h·o and lists the largest terms', () => {
    // h·o = 0.5·2 + (−1)·0.25 + 0.2·(−3) = 1 − 0.25 − 0.6 = 0.15; s = 0.15 + 0.1 = 0.25
    const t = nextItemScore({ h: [0.5, -1, 0.2], o: [2, 0.25, -3], c: 0.1 });
    expect(t.value).toBeCloseTo(0.25, 12);
    expect(t.formula).toBe('s_i = \\mathbf{h}_T^{\\top}\\mathbf{o}_i + c_i = \\sum_k h_{T,k}\\,o_{i,k} + c_i');
    expect(t.steps.map((s) => s.label)).toEqual(['Final hidden state · output vector', 'Largest 3 terms of h·o', 'Score']);
    expect(t.steps[0]!.tex).toBe('\\mathbf{h}_T\\cdot\\mathbf{o}_i = 0.5\\cdot 2 + (-1)\\cdot 0.25 + 0.2\\cdot (-3) = 1 + (-0.25) + (-0.6) = 0.15');
    // shares of Σ|terms| = 1.85: 1 → 54.1%, −0.6 → 32.4%, −0.25 → 13.5%
    expect(t.steps[1]!.tex).toBe('h_{1}o_{1} = 0.5\\cdot 2 = 1\\ (54.1\\%),\\quad h_{3}o_{3} = 0.2\\cdot (-3) = -0.6\\ (32.4\\%),\\quad h_{2}o_{2} = (-1)\\cdot 0.25 = -0.25\\ (13.5\\%)');
    expect(t.steps[2]!.tex).toBe('s_i = 0.15 + 0.1 = 0.25');
  });

  it('is the bias alone for a zero state, and rejects mismatched lengths', () => {
    const t = nextItemScore({ h: [0, 0], o: [1, 2], c: -0.5 });
    expect(t.value).toBe(-0.5);
    expect(t.note).toMatch(/zero vector/);
    expect(() => nextItemScore({ h: [1], o: [1, 2], c: 0 })).toThrow('h_T has 1 entries but o_i has 2');
  });

  it('orders terms by magnitude, ties by position', () => {
    expect(largestTerms([1, -1, 2], [1, 1, 0.5], 2).map((t) => t.k)).toEqual([0, 1]);
  });
});
