import { describe, expect, it } from 'vitest';
import { FormulaError } from '../formulas/trace';
import { neuralOutput, neuralScorerTerms, reluUnit } from './formulas';

describe('neuralScorerTerms', () => {
  // w_u·h_u = 0.2·0.5 + 0.4·(−1) = −0.3; w_i·h_i = −0.1·1 + 0.3·2 = 0.5; z = −0.3 + 0.5 + 0.1 = 0.3
  const t = neuralScorerTerms({ hu: [0.5, -1], hi: [1, 2], wu: [0.2, 0.4], wi: [-0.1, 0.3], b: 0.1 });

  it('splits w·[h_u; h_i] into the user term and the item term: σ(−0.3 + 0.5 + 0.1) = σ(0.3) = 0.574442516811659', () => {
    expect(t.value).toBeCloseTo(0.574442516811659, 14);
    expect(t.steps[0]!.tex).toBe('\\mathbf{w}_u\\cdot\\mathbf{h}_u = 0.2\\cdot 0.5 + 0.4\\cdot (-1) = 0.1 + (-0.4) = -0.3');
    expect(t.steps[1]!.tex).toBe('\\mathbf{w}_i\\cdot\\mathbf{h}_i = (-0.1)\\cdot 1 + 0.3\\cdot 2 = -0.1 + 0.6 = 0.5');
    expect(t.steps[2]!.tex).toBe('z = -0.3 + 0.5 + 0.1 = 0.3');
    expect(t.note).toMatch(/every user gets the same ranking/);
  });

  it('rejects mismatched halves', () => {
    expect(() => neuralScorerTerms({ hu: [1, 2], hi: [1, 2], wu: [1], wi: [1, 2], b: 0 })).toThrow(FormulaError);
  });
});

describe('neuralOutput', () => {
  it('σ(Σ_j w_j a_j + b) from the last layer: a = (1, 0, −1), w = (1.5, 3, 0.5), b = −0.25 → σ(0.75) = 0.679178699175393', () => {
    const t = neuralOutput({ a: [1, 0, -1], w: [1.5, 3, 0.5], b: -0.25, hiddenWidth: 2 });
    expect(t.value).toBeCloseTo(0.679178699175393, 14);
    expect(t.steps[0]!.label).toBe('Weighted sum of the last layer (2) and the GMF product (1)');
    expect(t.steps[0]!.tex).toBe('\\sum_j w_j a_j = 1.5\\cdot 1 + 3\\cdot 0 + 0.5\\cdot (-1) = 1.5 + 0 + (-0.5) = 1');
    expect(t.steps[1]!.tex).toBe('z = 1 + (-0.25) = 0.75');
  });
});

describe('reluUnit', () => {
  it('max(0, Σ_k W_kj x_k + b_j): 0.5·1 + 0.25·2 + 0 = 1; −1·1 + 0.5·2 − 0.5 = −0.5 → 0', () => {
    expect(reluUnit({ x: [1, 2], w: [0.5, 0.25], b: 0 }).value).toBe(1);
    const off = reluUnit({ x: [1, 2], w: [-1, 0.5], b: -0.5 });
    expect(off.value).toBe(0);
    expect(off.steps[2]!.tex).toBe('a_j = \\max(0, -0.5) = 0');
  });
});
