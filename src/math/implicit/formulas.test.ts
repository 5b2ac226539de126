import { describe, expect, it } from 'vitest';
import { easeItemWeight, easeScore, implicitAlsConfidence, implicitAlsScore } from './formulas';

describe('implicit-feedback traced formulas', () => {
  it('EASE score: the positives’ weights added in order', () => {
    const t = easeScore({ terms: [{ item: 'A', weight: 0.5 }, { item: 'B', weight: -0.125 }, { item: 'C', weight: 0.25 }], lambda: 500, item: 'Z' });
    // 0.5 − 0.125 + 0.25 = 0.625
    expect(t.value).toBe(0.625);
    expect(t.steps[0]!.tex).toBe('|I_u| = 3');
    expect(t.steps[1]!.tex).toBe('s_{u,\\text{Z}} = \\sum_{j\\in I_u} B_{j,\\text{Z}} = 0.5 + (-0.125) + 0.25 = 0.625');
    expect(t.steps[2]!.tex).toBe('B_{\\text{A},\\text{Z}} = 0.5,\\quad B_{\\text{C},\\text{Z}} = 0.25,\\quad B_{\\text{B},\\text{Z}} = -0.125');
    expect(t.note).toContain('λ = 500');
    expect(easeScore({ terms: [], lambda: 1 }).value).toBe(0);
  });

  it('EASE weight: B_ji = −P_ji / P_ii', () => {
    // the hand-worked 3 × 3 case of ease.test.ts: P_10 = −0.25, P_00 = 0.5 → B_10 = 0.5
    const t = easeItemWeight({ pji: -0.25, pii: 0.5, coCount: 2, lambda: 1 });
    expect(t.value).toBe(0.5);
    expect(t.steps.map((s) => s.tex)).toEqual(['G_{j,i} = (X^{\\top}X)_{j,i} = 2', 'P_{j,i} = -0.25,\\quad P_{i,i} = 0.5', 'B_{j,i} = -\\frac{-0.25}{0.5} = 0.5']);
    expect(() => easeItemWeight({ pji: 0, pii: 0, coCount: 0, lambda: 1 })).toThrow('P_ii must be positive');
  });

  it('implicit ALS score: x_u · y_i with the largest terms named', () => {
    // 1·2 + (−2)·0.5 + 3·1 = 2 − 1 + 3 = 4
    const t = implicitAlsScore([1, -2, 3], [2, 0.5, 1]);
    expect(t.value).toBe(4);
    expect(t.steps[0]!.tex).toBe('\\mathbf{x}_u\\cdot\\mathbf{y}_i = 1\\cdot 2 + (-2)\\cdot 0.5 + 3\\cdot 1 = 2 + (-1) + 3 = 4');
    // |terms| 2, 1, 3 of Σ 6: 50 %, 33.3 %, 16.7 %
    expect(t.steps[1]!.tex).toBe('x_{3}y_{3} = 3\\cdot 1 = 3\\ (50\\%),\\quad x_{1}y_{1} = 1\\cdot 2 = 2\\ (33.3\\%),\\quad x_{2}y_{2} = (-2)\\cdot 0.5 = -1\\ (16.7\\%)');
    expect(() => implicitAlsScore([1], [1, 2])).toThrow(/same length/);
  });

  it('implicit ALS confidence: c = 1 + α r', () => {
    expect(implicitAlsConfidence({ r: 1, alpha: 40 }).value).toBe(41);
  });
});
