import { describe, expect, it } from 'vitest';
import { bprLoss, bprScore, bprScoresForUser, bprScoresForVector, bprScoreTrace, bprTripleLossTrace, bprWeight, foldInBprUser } from './bpr';
import type { BprModel } from './bpr';
import { FormulaError } from './formulas/trace';

/** 2 users × 3 items, k = 2 (the CPU trainer's hand-worked case uses the same tables). */
function tinyModel(): BprModel {
  return {
    nUsers: 2,
    nItems: 3,
    factors: 2,
    userFactors: Float32Array.from([0.1, 0.2, -0.1, 0.3]),
    itemFactors: Float32Array.from([0.3, -0.2, 0.1, 0.4, -0.2, 0.1]),
    itemBias: Float32Array.from([0.1, 0, -0.1]),
  };
}

describe('bprLoss and bprWeight', () => {
  it('are −ln σ(x) and σ(−x), by hand', () => {
    // ln 2 = 0.693147…; ln(1 + e^{−2}) = ln 1.135335 = 0.126928; ln(1 + e^{2}) = 2 + ln(1 + e^{−2}) = 2.126928
    expect(bprLoss(0)).toBeCloseTo(Math.LN2, 12);
    expect(bprLoss(2)).toBeCloseTo(0.126928011, 8);
    expect(bprLoss(-2)).toBeCloseTo(2.126928011, 8);
    // σ(−2) = 1 / (1 + e^2) = 1 / 8.389056 = 0.119203; σ(2) = 0.880797
    expect(bprWeight(0)).toBe(0.5);
    expect(bprWeight(2)).toBeCloseTo(0.119202922, 8);
    expect(bprWeight(-2)).toBeCloseTo(0.880797078, 8);
  });

  it('never overflow: ℓ(−1000) = 1000, ℓ(1000) = 0, σ(∓1000) = 1, 0', () => {
    expect(bprLoss(-1000)).toBe(1000);
    expect(bprLoss(1000)).toBe(0);
    expect(bprWeight(-1000)).toBe(1);
    expect(bprWeight(1000)).toBe(0);
  });
});

describe('BPR scores', () => {
  it('x̂_ui = b_i + q_u·p_i, by hand', () => {
    const m = tinyModel();
    // user 0, item 0: 0.1 + (0.1·0.3 + 0.2·(−0.2)) = 0.1 + 0.03 − 0.04 = 0.09
    expect(bprScore(m, 0, 0)).toBeCloseTo(0.09, 6);
    // user 1, item 1: 0 + (−0.1·0.1 + 0.3·0.4) = −0.01 + 0.12 = 0.11
    expect(bprScore(m, 1, 1)).toBeCloseTo(0.11, 6);
    const all = bprScoresForUser(m, 1);
    for (let i = 0; i < 3; i++) expect(all[i]).toBeCloseTo(bprScore(m, 1, i), 6);
    // q = 0: every item scores its bias
    expect(Array.from(bprScoresForVector(m, [0, 0]))).toEqual(Array.from(m.itemBias));
  });

  it('traces the score: b_i = 0.5, q = (1, 2), p = (0.5, −1) → 0.5 + (0.5 − 2) = −1', () => {
    const t = bprScoreTrace({ bi: 0.5, q: [1, 2], p: [0.5, -1] });
    expect(t.value).toBe(-1);
    expect(t.formula).toBe('\\hat x_{ui} = b_i + \\mathbf{q}_u^{\\top}\\mathbf{p}_i');
    expect(t.steps.map((s) => s.label)).toEqual(['Interaction', 'Score']);
    expect(t.steps[0]!.tex).toBe('\\mathbf{q}_u\\cdot\\mathbf{p}_i = 1\\cdot 0.5 + 2\\cdot (-1) = 0.5 + (-2) = -1.5');
    expect(t.steps[1]!.tex).toBe('\\hat x_{ui} = 0.5 + (-1.5) = -1');
    expect(() => bprScoreTrace({ bi: 0, q: [1], p: [1, 2] })).toThrow(FormulaError);
  });

  it('traces one triple’s loss, by hand', () => {
    // x̂_ui = 0.5 + (0.5 − 2) = −1; x̂_uj = 0.2 + (0.1 + 0.6) = 0.9; x̂_uij = −1.9;
    // σ(−1.9) = 1/(1 + e^{1.9}) = 1/7.685894 = 0.130108; ℓ = −ln 0.130108 = 2.039387
    const t = bprTripleLossTrace({ bi: 0.5, bj: 0.2, q: [1, 2], pi: [0.5, -1], pj: [0.1, 0.3] });
    expect(t.value).toBeCloseTo(2.0393867583, 9);
    expect(t.steps.map((s) => s.label)).toEqual(['Score of the positive', 'Score of the negative', 'Difference', 'Probability the pair is ordered right', 'Loss']);
    expect(t.steps[2]!.tex).toBe('\\hat x_{uij} = -1 - 0.9 = -1.9');
    expect(t.steps[3]!.tex).toBe('\\sigma(-1.9) = \\frac{1}{1 + e^{1.9}} = 0.1301');
    expect(t.steps[4]!.tex).toBe('\\ell_{uij} = -\\ln 0.1301 = 2.0394');
  });
});

describe('foldInBprUser', () => {
  // Two items p_0 = (1, 0), p_1 = (0, 1), biases 0; the visitor's one positive is item 0, so every
  // negative is item 1 whatever the rng draws.
  const twoItems: BprModel = {
    nUsers: 0,
    nItems: 2,
    factors: 2,
    userFactors: new Float32Array(0),
    itemFactors: Float32Array.from([1, 0, 0, 1]),
    itemBias: new Float32Array(2),
  };

  it('takes the training SGD step on q alone, by hand', () => {
    // pass 1: q = 0 → x = 0, σ(0) = 0.5 → q = 0 + 0.1·(0.5·(1, −1) − λ·0) = (0.05, −0.05)
    const one = foldInBprUser(twoItems, [0], { epochs: 1, learningRate: 0.1, regularization: 0.5, seed: 1 });
    expect(one[0]).toBeCloseTo(0.05, 7);
    expect(one[1]).toBeCloseTo(-0.05, 7);
    // pass 2: x = q·(p_0 − p_1) = 0.05 + 0.05 = 0.1, σ(−0.1) = 0.4750208
    // λ = 0.5: q_1 = 0.05 + 0.1·(0.4750208 − 0.5·0.05) = 0.0950021; λ = 0: 0.05 + 0.04750208 = 0.0975021
    const reg = foldInBprUser(twoItems, [0], { epochs: 2, learningRate: 0.1, regularization: 0.5, seed: 1 });
    expect(reg[0]).toBeCloseTo(0.0950021, 6);
    expect(reg[1]).toBeCloseTo(-0.0950021, 6);
    const free = foldInBprUser(twoItems, [0, 0], { epochs: 2, learningRate: 0.1, regularization: 0, seed: 9 });
    expect(free[0]).toBeCloseTo(0.0975021, 6);
  });

  it('gives q = 0 without positives or with every item positive, and checks indices', () => {
    const s = { epochs: 5, learningRate: 0.1, regularization: 0, seed: 1 };
    expect(Array.from(foldInBprUser(twoItems, [], s))).toEqual([0, 0]);
    expect(Array.from(foldInBprUser(twoItems, [0, 1], s))).toEqual([0, 0]);
    expect(() => foldInBprUser(twoItems, [2], s)).toThrow(/item index 2 is outside 0…1/);
  });

  it('is seeded: the same seed gives the same q, and the positive ends up above the rest', () => {
    const m = tinyModel();
    const s = { epochs: 50, learningRate: 0.1, regularization: 0.01, seed: 3 };
    const a = foldInBprUser(m, [1], s);
    expect(Array.from(foldInBprUser(m, [1], s))).toEqual(Array.from(a));
    const scores = bprScoresForVector(m, a);
    expect(scores[1]!).toBeGreaterThan(scores[0]!);
    expect(scores[1]!).toBeGreaterThan(scores[2]!);
  });
});
