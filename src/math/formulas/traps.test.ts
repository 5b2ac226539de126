/**
 * The lesson's known traps: each asserts the correct value worked by hand, and that the trace or
 * note names the commonly printed wrong value.
 */
import { describe, expect, it } from 'vitest';
import {
  biasedMfPrediction,
  contentBasedScore,
  cosineSimilarity,
  FormulaError,
  halfSumSquaredError,
  jaccardSimilarity,
  meanSquaredError,
  neuralScore,
  neuronOutput,
  ordinaryLeastSquares,
  pearsonCorrelation,
  sigmoid,
} from './index';

const lastTex = (t: { steps: { tex: string }[] }) => t.steps.at(-1)?.tex ?? '';

describe('trap: σ(1.6)', () => {
  it('is 0.8320, not 0.9185', () => {
    // e^−1.6 = 0.201897; 1/(1 + 0.201897) = 1/1.201897 = 0.832018
    const t = sigmoid(1.6);
    expect(t.value).toBeCloseTo(0.832018, 6);
    expect(lastTex(t)).toContain('= 0.832');
    expect(t.note).toContain('0.9185');
    expect(t.note).toContain('0.8320');
  });
});

describe('trap: (1,2,3,4,5)·(2,3,4,5,6)', () => {
  it('dot product is 70 and cosine 0.9949, not 40 and 0.857', () => {
    // 1·2 + 2·3 + 3·4 + 4·5 + 5·6 = 2 + 6 + 12 + 20 + 30 = 70
    // ‖a‖ = √55 = 7.4162, ‖b‖ = √90 = 9.4868, product 70.356 → 70/70.356 = 0.99494
    const t = cosineSimilarity([1, 2, 3, 4, 5], [2, 3, 4, 5, 6]);
    expect(t.value).toBeCloseTo(0.994937, 6);
    expect(t.steps[0]!.tex).toContain('= 2 + 6 + 12 + 20 + 30 = 70');
    expect(t.steps[1]!.tex).toContain('\\sqrt{55}');
    expect(t.steps[2]!.tex).toContain('\\sqrt{90}');
    expect(lastTex(t)).toContain('\\frac{70}{70.3562} = 0.9949');
    expect(t.note).toContain('40');
    expect(t.note).toContain('0.857');
  });
  it('Pearson of the same vectors is 1 in both forms; only the covariance/σ denominators differ', () => {
    // means 3 and 4; centred vectors both (−2,−1,0,1,2); Σ cross = 4+1+0+1+4 = 10, Σ squares = 10 each
    // population: cov = 10/5 = 2, σ = √2 = 1.4142 → r = 2/2 = 1
    // sample:     cov = 10/4 = 2.5, σ = √2.5 = 1.5811 → r = 2.5/2.5 = 1
    const pop = pearsonCorrelation([1, 2, 3, 4, 5], [2, 3, 4, 5, 6], 'population');
    const smp = pearsonCorrelation([1, 2, 3, 4, 5], [2, 3, 4, 5, 6], 'sample');
    expect(pop.value).toBeCloseTo(1, 12);
    expect(smp.value).toBeCloseTo(1, 12);
    expect(pop.steps.find((s) => s.label.startsWith('Covariance'))!.label).toContain('population');
    expect(pop.steps.find((s) => s.label.startsWith('Covariance'))!.tex).toContain('\\frac{10}{5} = 2');
    expect(smp.steps.find((s) => s.label.startsWith('Covariance'))!.label).toContain('sample');
    expect(smp.steps.find((s) => s.label.startsWith('Covariance'))!.tex).toContain('\\frac{10}{4} = 2.5');
    expect(pop.steps.find((s) => s.label.startsWith('Standard'))!.tex).toContain('= 1.4142');
    expect(smp.steps.find((s) => s.label.startsWith('Standard'))!.tex).toContain('= 1.5811');
    expect(pop.note).toMatch(/Population form.*divide by n = 5/);
    expect(smp.note).toMatch(/Sample form.*divide by n-1 = 4/);
    expect(lastTex(pop)).toContain('= 1');
  });
});

describe('trap: biased MF with q = (0.1,0.2,0.3), p = (0.4,0.5,0.6)', () => {
  it('predicts 0.82, not 1.1', () => {
    // q·p = 0.04 + 0.10 + 0.18 = 0.32; r̂ = 0.5 + 0 + 0 + 0.32 = 0.82
    const t = biasedMfPrediction({ mu: 0.5, bu: 0, bi: 0, q: [0.1, 0.2, 0.3], p: [0.4, 0.5, 0.6] });
    expect(t.value).toBeCloseTo(0.82, 12);
    expect(t.steps[0]!.tex).toContain('= 0.04 + 0.1 + 0.18 = 0.32');
    // top contributing term is q3·p3 = 0.18 (0.18/0.32 = 56.3 %)
    expect(t.steps[1]!.tex.startsWith('q_{3}p_{3} = 0.3\\cdot 0.6 = 0.18\\ (56.3\\%)')).toBe(true);
    expect(lastTex(t)).toBe('\\hat r_{ui} = 0.5 + 0 + 0 + 0.32 = 0.82');
    expect(t.note).toContain('1.1');
  });
  it('squared error against rating 1 is 0.0324; the ½Σ form gives 0.0162; neither is 0.05', () => {
    // (1 − 0.82)² = 0.18² = 0.0324; ½·0.0324 = 0.0162
    const mse = meanSquaredError(0.82, 1);
    const half = halfSumSquaredError(0.82, 1);
    expect(mse.value).toBeCloseTo(0.0324, 12);
    expect(half.value).toBeCloseTo(0.0162, 12);
    expect(lastTex(mse)).toContain('= 0.0324');
    expect(lastTex(half)).toContain('= 0.0162');
    expect(half.formula).toContain('\\tfrac{1}{2}');
    expect(half.note).toContain('½Σ form is the one that gives 0.0162');
    expect(mse.note).toContain('½Σ form gives ½·0.0324 = 0.0162');
    expect(mse.note).toContain('0.05');
    expect(half.note).toContain('0.05');
  });
});

describe('trap: OLS with x1 = (1,2,3), x2 = (2,3,4), y = (3,4,5)', () => {
  it('without intercept: XᵀX = [[14,20],[20,29]], Xᵀy = (26,38), β = (−1, 2), not (2, 1)', () => {
    // XᵀX: 1+4+9 = 14, 2+6+12 = 20, 4+9+16 = 29; Xᵀy: 3+8+15 = 26, 6+12+20 = 38
    // det = 14·29 − 20² = 6; β = (1/6)[[29,−20],[−20,14]]·(26,38) = (1/6)(754−760, −520+532) = (−1, 2)
    // check: −1·1 + 2·2 = 3, −2 + 6 = 4, −3 + 8 = 5 (exact fit); (2,1) gives 2·1 + 1·2 = 4 ≠ 3
    const t = ordinaryLeastSquares({ columns: [[1, 2, 3], [2, 3, 4]] }, [3, 4, 5], { intercept: false });
    expect(t.value).not.toBeNull();
    expect(t.value![0]).toBeCloseTo(-1, 10);
    expect(t.value![1]).toBeCloseTo(2, 10);
    const all = t.steps.map((s) => s.tex).join('\n');
    expect(all).toContain('X^{\\top}X = \\begin{bmatrix}14 & 20 \\\\ 20 & 29\\end{bmatrix}');
    expect(all).toContain('X^{\\top}\\mathbf{y} = \\begin{pmatrix}26 \\\\ 38\\end{pmatrix}');
    expect(lastTex(t)).toContain('\\begin{pmatrix}-1 \\\\ 2\\end{pmatrix}');
    expect(t.note).toContain('(2, 1)');
    expect(t.note).toContain('4 ≠ 3');
  });
  it('the same data given as rows gives the same β', () => {
    const t = ordinaryLeastSquares({ rows: [[1, 2], [2, 3], [3, 4]] }, [3, 4, 5], { intercept: false });
    expect(t.value![0]).toBeCloseTo(-1, 10);
    expect(t.value![1]).toBeCloseTo(2, 10);
  });
  it('with an intercept XᵀX is singular: value null and the note says x2 = x1 + 1', () => {
    // columns 1, x1, x2 with x2 = x1 + 1·(ones) → dependent; XᵀX = [[3,6,9],[6,14,20],[9,20,29]] has det 0
    const t = ordinaryLeastSquares({ columns: [[1, 2, 3], [2, 3, 4]] }, [3, 4, 5], { intercept: true });
    expect(t.value).toBeNull();
    expect(t.steps.map((s) => s.tex).join('\n')).toContain('\\begin{bmatrix}3 & 6 & 9 \\\\ 6 & 14 & 20 \\\\ 9 & 20 & 29\\end{bmatrix}');
    expect(t.note).toContain('x2 = x1 + 1, so with an intercept column the columns of X are linearly dependent');
    expect(lastTex(t)).toContain('singular');
  });
});

describe('trap: neural scorer on [h_u; h_i] ∈ ℝ⁶', () => {
  const hu = [0.1, 0.2, 0.3];
  const hi = [0.4, 0.5, 0.6];
  it('a 3×3 W is rejected: W·x is undefined, use a 1×6 weight', () => {
    const W = [
      [0.1, 0.1, 0.1],
      [0.1, 0.1, 0.1],
      [0.1, 0.1, 0.1],
    ];
    expect(() => neuralScore({ hu, hi, W, b: 0.1 })).toThrow(FormulaError);
    expect(() => neuralScore({ hu, hi, W, b: 0.1 })).toThrow('W is 3×3 but [h_u; h_i] has 6 entries: W·x is undefined; use a 1×6 weight');
  });
  it('with W = 0.1 (1×6) and b = 0.1 gives σ(0.31) = 0.57689', () => {
    // W·x = 0.1·(0.1+0.2+0.3+0.4+0.5+0.6) = 0.1·2.1 = 0.21; z = 0.21 + 0.1 = 0.31
    // e^−0.31 = 0.733447; 1/(1 + 0.733447) = 1/1.733447 = 0.576885
    const t = neuralScore({ hu, hi, W: [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1]], b: 0.1 });
    expect(t.value).toBeCloseTo(0.576885, 6);
    expect(t.steps.find((s) => s.label === 'Shapes')!.tex).toContain('W\\in\\mathbb{R}^{1\\times 6}');
    expect(t.steps.find((s) => s.label === 'Shapes')!.tex).toContain('\\in\\mathbb{R}^{6}');
    expect(t.steps.find((s) => s.label === 'Add the bias')!.tex).toBe('z = 0.21 + 0.1 = 0.31');
    expect(lastTex(t)).toContain('= 0.5769');
    expect(t.note).toContain('3×3');
  });
  it('a plain weight vector of length 6 works the same', () => {
    const t = neuralScore({ hu, hi, W: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1], b: 0.1 });
    expect(t.value).toBeCloseTo(0.576885, 6);
  });
});

describe('trap: σ(Σ_k W_k u_k + b) with u = (0.1,…,0.5), W = 1, b = 0.1', () => {
  it('is σ(1.6) = 0.8320', () => {
    // Σ = 0.1+0.2+0.3+0.4+0.5 = 1.5; z = 1.5 + 0.1 = 1.6; σ(1.6) = 0.832018
    const t = neuronOutput({ u: [0.1, 0.2, 0.3, 0.4, 0.5], W: [1, 1, 1, 1, 1], b: 0.1 });
    expect(t.value).toBeCloseTo(0.832018, 6);
    expect(t.steps.find((s) => s.label === 'Add the bias')!.tex).toBe('z = 1.5 + 0.1 = 1.6');
    expect(t.note).toContain('0.9185');
  });
});

describe('trap: content-based score', () => {
  it('(0.2,0.3,0.5)·(0.1,0.4,0.5) = 0.39', () => {
    // 0.2·0.1 + 0.3·0.4 + 0.5·0.5 = 0.02 + 0.12 + 0.25 = 0.39
    const t = contentBasedScore([0.2, 0.3, 0.5], [0.1, 0.4, 0.5]);
    expect(t.value).toBeCloseTo(0.39, 12);
    expect(lastTex(t)).toBe('\\mathbf{w}_u\\cdot\\mathbf{f}_i = 0.2\\cdot 0.1 + 0.3\\cdot 0.4 + 0.5\\cdot 0.5 = 0.02 + 0.12 + 0.25 = 0.39');
  });
});

describe('trap: two users rating three items (4,3,5) and (2,4,5)', () => {
  it('cosine = 45/(√50·√45) = 0.94868', () => {
    // 4·2 + 3·4 + 5·5 = 8 + 12 + 25 = 45; √50 = 7.0711, √45 = 6.7082; 7.0711·6.7082 = 47.434 → 0.948683
    const t = cosineSimilarity([4, 3, 5], [2, 4, 5]);
    expect(t.value).toBeCloseTo(0.948683, 6);
    expect(t.steps[0]!.tex).toContain('= 8 + 12 + 25 = 45');
    expect(lastTex(t)).toContain('\\frac{45}{47.4342} = 0.9487');
  });
});

describe('trap: binary (1,0,1) vs (0,1,0)', () => {
  it('cosine 0 and Jaccard 0', () => {
    // dot = 1·0 + 0·1 + 1·0 = 0 → cosine 0/(√2·1) = 0; |A∩B| = 0, |A∪B| = 3 → J = 0/3 = 0
    const c = cosineSimilarity([1, 0, 1], [0, 1, 0]);
    const j = jaccardSimilarity([1, 0, 1], [0, 1, 0]);
    expect(c.value).toBe(0);
    expect(j.value).toBe(0);
    expect(lastTex(j)).toBe('J(A,B) = \\frac{0}{3} = 0');
  });
});
