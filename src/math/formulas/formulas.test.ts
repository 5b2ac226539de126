import { describe, expect, it } from 'vitest';
import {
  BCE_EPSILON,
  binaryCrossEntropy,
  cosineSimilarity,
  dotProductPrediction,
  fmt,
  fmtOp,
  FormulaError,
  itemBasedPrediction,
  jaccardSimilarity,
  meanAbsoluteError,
  meanCentredPrediction,
  meanSquaredError,
  halfSumSquaredError,
  ndcgAtK,
  neighboursFromRatings,
  neuralScore,
  neuronOutput,
  ordinaryLeastSquares,
  pearsonCorrelation,
  precisionAtK,
  recallAtK,
  rootMeanSquaredError,
  sigmoid,
  userBasedPrediction,
} from './index';

const lastTex = (t: { steps: { tex: string }[] }) => t.steps.at(-1)?.tex ?? '';

describe('fmt / fmtOp', () => {
  it('trims trailing zeros, rounds to 4 places, never prints −0', () => {
    expect(fmt(70)).toBe('70');
    expect(fmt(0.8320183851)).toBe('0.832');
    expect(fmt(0.57688526)).toBe('0.5769');
    expect(fmt(0.1 + 0.2)).toBe('0.3');
    expect(fmt(-0.00001, 4)).toBe('-1 \\times 10^{-5}');
    expect(fmt(-0.00000001, 2)).toBe('-1 \\times 10^{-8}');
    expect(fmt(-1e-20 * 0)).toBe('0');
    expect(fmt(2.5, 0)).toBe('3');
    expect(fmt(1 / 3, 2)).toBe('0.33');
    expect(fmt(Infinity)).toBe('\\infty');
  });
  it('parenthesises negative (and scientific) numbers after an operator', () => {
    expect(fmtOp(-2)).toBe('(-2)');
    expect(fmtOp(2)).toBe('2');
    expect(fmtOp(1e-9)).toBe('(1 \\times 10^{-9})');
  });
  it('negative factors are parenthesised in a substituted dot product', () => {
    // 4·(−2) + (−3)·1 = −8 + (−3) = −11; ‖a‖ = 5, ‖b‖ = √5 → cos = −11/(5·2.2361) = −0.98387
    const t = cosineSimilarity([4, -3], [-2, 1]);
    expect(t.steps[0]!.tex).toBe('\\mathbf{a}\\cdot\\mathbf{b} = 4\\cdot (-2) + (-3)\\cdot 1 = -8 + (-3) = -11');
    expect(t.value).toBeCloseTo(-0.983870, 6);
  });
});

describe('final step shows the formatted result', () => {
  it('for every scalar formula', () => {
    const cases = [
      cosineSimilarity([4, 3, 5], [2, 4, 5]),
      pearsonCorrelation([1, 2, 3], [1, 3, 2]),
      jaccardSimilarity([1, 1, 0], [1, 0, 1]),
      sigmoid(-2),
      neuronOutput({ u: [1, 2], W: [[0.5, -0.5]], b: 0 }),
      meanSquaredError([1, 2], [2, 4]),
      halfSumSquaredError([1, 2], [2, 4]),
      binaryCrossEntropy(0.8, 1),
      rootMeanSquaredError([3, 5, 2], [4, 5, 4]),
      meanAbsoluteError([3, 5, 2], [4, 5, 4]),
      precisionAtK(['a', 'b'], ['a'], 2),
      recallAtK(['a', 'b'], ['a', 'c'], 2),
      ndcgAtK(['a', 'b'], ['b'], 2),
      userBasedPrediction([{ similarity: 0.5, rating: 4 }, { similarity: 0.25, rating: 2 }], 2),
    ];
    for (const t of cases) expect(lastTex(t).endsWith(`= ${fmt(t.value)}`)).toBe(true);
  });
});

describe('cosine and Pearson edge cases', () => {
  it('a zero vector is a FormulaError naming it', () => {
    expect(() => cosineSimilarity([0, 0, 0], [1, 2, 3])).toThrow(FormulaError);
    expect(() => cosineSimilarity([0, 0, 0], [1, 2, 3])).toThrow(/‖a‖ = 0 \(every entry of a is 0\)/);
    expect(() => cosineSimilarity([1, 2], [1, 2, 3])).toThrow('a has 2 entries but b has 3: they must have the same length');
  });
  it('a constant vector has no Pearson correlation', () => {
    expect(() => pearsonCorrelation([2, 2, 2], [1, 2, 3])).toThrow(/a is constant, so σ = 0/);
    expect(() => pearsonCorrelation([1], [2], 'sample')).toThrow(/at least 2 pairs/);
  });
  it('Pearson of a non-trivial pair', () => {
    // a = (1,2,3), b = (1,3,2): means 2, 2; centred (−1,0,1), (−1,1,0); Σ cross = 1; Σ squares 2, 2 → r = 1/2 = 0.5
    expect(pearsonCorrelation([1, 2, 3], [1, 3, 2], 'sample').value).toBeCloseTo(0.5, 12);
  });
});

describe('Jaccard', () => {
  it('on sets', () => {
    // A ∩ B = {b}, A ∪ B = {a, b, c} → 1/3
    const t = jaccardSimilarity(new Set(['a', 'b']), new Set(['b', 'c']));
    expect(t.value).toBeCloseTo(1 / 3, 12);
    expect(lastTex(t)).toBe('J(A,B) = \\frac{1}{3} = 0.3333');
  });
  it('rejects non-binary vectors and two empty sets', () => {
    expect(() => jaccardSimilarity([1, 3], [0, 1])).toThrow('Jaccard similarity needs binary vectors: a[1] = 3 is not 0 or 1');
    expect(() => jaccardSimilarity([0, 0], [0, 0])).toThrow(/two empty sets/);
  });
});

describe('neighbourhood predictions', () => {
  const neighbours = [
    { id: 'A', similarity: 0.9, rating: 5, mean: 4 },
    { id: 'B', similarity: 0.2, rating: 1, mean: 2 },
    { id: 'C', similarity: 0.6, rating: 3, mean: 3.5 },
  ];
  it('user-based keeps the k most similar and divides by Σ|s|', () => {
    // k = 2 → A (0.9), C (0.6): (0.9·5 + 0.6·3)/(0.9 + 0.6) = (4.5 + 1.8)/1.5 = 6.3/1.5 = 4.2
    const t = userBasedPrediction(neighbours, 2);
    expect(t.value).toBeCloseTo(4.2, 12);
    expect(t.steps[0]!.tex).toContain('\\text{A}');
    expect(t.steps[0]!.tex).not.toContain('\\text{B}');
    expect(t.note).toContain('left out B (s = 0.2)');
    expect(lastTex(t)).toBe('\\hat r_{ui} = \\frac{6.3}{1.5} = 4.2');
  });
  it('item-based is the same formula with item symbols', () => {
    // k = 3: (4.5 + 0.2 + 1.8)/(0.9 + 0.2 + 0.6) = 6.5/1.7 = 3.823529
    const t = itemBasedPrediction(neighbours, 3);
    expect(t.value).toBeCloseTo(3.823529, 6);
    expect(t.formula).toContain('j\\in N_k(i)');
  });
  it('negative similarities count by absolute value in the denominator', () => {
    // (0.8·4 + (−0.4)·2)/(0.8 + 0.4) = (3.2 − 0.8)/1.2 = 2.4/1.2 = 2
    const t = userBasedPrediction([{ similarity: 0.8, rating: 4 }, { similarity: -0.4, rating: 2 }], 2);
    expect(t.value).toBeCloseTo(2, 12);
    expect(t.steps[1]!.tex).toContain('(-0.4)\\cdot 2');
  });
  it('mean-centred variant', () => {
    // r̄_u = 3.5; k = 2 → A, C: deviations 5−4 = 1, 3−3.5 = −0.5
    // (0.9·1 + 0.6·(−0.5))/(0.9 + 0.6) = (0.9 − 0.3)/1.5 = 0.4 → 3.5 + 0.4 = 3.9
    const t = meanCentredPrediction({ mean: 3.5, neighbours, k: 2 });
    expect(t.value).toBeCloseTo(3.9, 12);
    expect(lastTex(t)).toBe('\\hat r_{ui} = 3.5 + \\frac{0.6}{1.5} = 3.5 + 0.4 = 3.9');
  });
  it('zero denominator and bad k are FormulaErrors', () => {
    expect(() => userBasedPrediction([{ similarity: 0, rating: 4 }], 1)).toThrow(/Σ\|s_j\| = 0/);
    expect(() => meanCentredPrediction({ mean: 3, neighbours: [{ similarity: 0, rating: 4, mean: 3 }], k: 1 })).toThrow(FormulaError);
    expect(() => userBasedPrediction([{ similarity: 1, rating: 4 }], 0)).toThrow(/k must be a whole number/);
    expect(() => userBasedPrediction([], 1)).toThrow(/no neighbours/);
  });
  it('neighboursFromRatings computes similarities on co-rated items only', () => {
    // Alice (4,3,5,–), Bob (2,4,5,4), Carol (–,1,1,2): target (Alice, item 4)
    // Bob: cos((4,3,5),(2,4,5)) = 45/47.434 = 0.948683
    // Carol: co-rated items 2,3: cos((3,5),(1,1)) = 8/(√34·√2) = 8/8.246 = 0.970143
    const t = neighboursFromRatings({
      ratings: [
        [4, 3, 5, null],
        [2, 4, 5, 4],
        [null, 1, 1, 2],
      ],
      user: 0,
      item: 3,
      names: ['Alice', 'Bob', 'Carol'],
    });
    expect(t.value.map((n) => n.id)).toEqual(['Bob', 'Carol']);
    expect(t.value[0]!.similarity).toBeCloseTo(0.948683, 6);
    expect(t.value[1]!.similarity).toBeCloseTo(0.970143, 6);
    expect(t.value.map((n) => n.rating)).toEqual([4, 2]);
    // (0.9486833·4 + 0.9701425·2)/(0.9486833 + 0.9701425) = (3.7947332 + 1.9402850)/1.9188258 = 5.7350182/1.9188258 = 2.988816
    expect(userBasedPrediction(t.value, 2).value).toBeCloseTo(2.988816, 6);
  });
});

describe('neural scorer shape errors', () => {
  const hu = [0.1, 0.2, 0.3];
  const hi = [0.4, 0.5, 0.6];
  it('names the shapes and what would work', () => {
    expect(() => neuralScore({ hu, hi, W: [0.1, 0.1, 0.1], b: 0 })).toThrow(
      'W has 3 entries but [h_u; h_i] has 6: W·x is undefined; use a weight vector of length 6 (or a 1×6 matrix)',
    );
    expect(() => neuralScore({ hu, hi, W: [Array(6).fill(0.1), Array(6).fill(0.1)], b: 0 })).toThrow(
      'W is 2×6 and [h_u; h_i] has 6 entries: W·x is a 2-vector, not a single score; use a 1×6 weight (one output)',
    );
    expect(() => neuralScore({ hu, hi, W: Array.from({ length: 6 }, () => [0.1]), b: 0 })).toThrow(
      'W is 6×1 (a column) but [h_u; h_i] has 6 entries: W·x is undefined (6×1 times 6×1); use its transpose, a 1×6 weight',
    );
    expect(() => neuralScore({ hu, hi, W: [[0.1, 0.1], [0.1]], b: 0 })).toThrow(/W is ragged/);
    expect(() => neuronOutput({ u: [1, 2], W: [1, 2, 3], b: 0 })).toThrow('W has 3 entries but u has 2');
  });
});

describe('losses', () => {
  it('MSE and ½Σ over several ratings differ by more than the ½', () => {
    // errors (1−2, 2−4) = (−1, −2); squares 1, 4; Σ = 5 → MSE 5/2 = 2.5, ½Σ = 2.5 (n = 2 coincidence)
    // n = 3: preds (1,2,3) vs (2,4,3): squares 1, 4, 0 → Σ 5 → MSE 5/3 = 1.6667, ½Σ = 2.5
    expect(meanSquaredError([1, 2, 3], [2, 4, 3]).value).toBeCloseTo(5 / 3, 12);
    expect(halfSumSquaredError([1, 2, 3], [2, 4, 3]).value).toBeCloseTo(2.5, 12);
    expect(() => meanSquaredError([1, 2], [1])).toThrow('predictions has 2 entries but actual values has 1');
  });
  it('binary cross-entropy, natural log', () => {
    // y = 1, p = 0.8: −ln 0.8 = 0.223144; y = 0, p = 0.3: −ln 0.7 = 0.356675; mean = 0.289909
    const t = binaryCrossEntropy([0.8, 0.3], [1, 0]);
    expect(t.value).toBeCloseTo(0.289909, 6);
    expect(t.note).toContain('clipped to [1e-7, 1 − 1e-7]');
    expect(t.note).toContain('No entry needed clipping');
  });
  it('clips p = 0 and p = 1 and says so', () => {
    // y = 1, p = 0 → clipped to 1e-7: −ln 1e-7 = 16.118096
    const t = binaryCrossEntropy(0, 1);
    expect(t.value).toBeCloseTo(-Math.log(BCE_EPSILON), 9);
    expect(t.value).toBeCloseTo(16.118096, 6);
    expect(t.note).toContain('p[0] = 0 → 1e-7');
    expect(() => binaryCrossEntropy(1.2, 1)).toThrow(/not a probability/);
  });
  it('RMSE and MAE traces wrap metrics.ts', () => {
    // errors (−1, 0, −2): squares 1, 0, 4 → √(5/3) = 1.290994; |e| mean = 3/3 = 1
    expect(rootMeanSquaredError([3, 5, 2], [4, 5, 4]).value).toBeCloseTo(1.290994, 6);
    expect(meanAbsoluteError([3, 5, 2], [4, 5, 4]).value).toBe(1);
    expect(() => rootMeanSquaredError([], [])).toThrow(FormulaError);
  });
});

describe('OLS', () => {
  it('fits an intercept model', () => {
    // y = 1 + 2x on x = (0,1,2): X = [1 0; 1 1; 1 2], XᵀX = [[3,3],[3,5]], Xᵀy = (1+3+5, 0+3+10) = (9, 13)
    // det = 15 − 9 = 6; β = (1/6)[[5,−3],[−3,3]]·(9,13) = (1/6)(45−39, −27+39) = (1, 2)
    const t = ordinaryLeastSquares({ columns: [[0, 1, 2]] }, [1, 3, 5], { intercept: true });
    expect(t.value![0]).toBeCloseTo(1, 10);
    expect(t.value![1]).toBeCloseTo(2, 10);
    expect(t.steps.map((s) => s.tex).join()).toContain('\\begin{bmatrix}3 & 3 \\\\ 3 & 5\\end{bmatrix}');
  });
  it('explains other dependencies', () => {
    // x2 = 2·x1 (no intercept needed)
    const a = ordinaryLeastSquares({ columns: [[1, 2, 3], [2, 4, 6]] }, [1, 2, 3], { intercept: false });
    expect(a.value).toBeNull();
    expect(a.note).toContain('x2 = 2·x1, so the columns of X are linearly dependent');
    // a constant column with an intercept: x1 = 3·1
    const b = ordinaryLeastSquares({ columns: [[3, 3, 3]] }, [1, 2, 3], { intercept: true });
    expect(b.value).toBeNull();
    expect(b.note).toContain('x1 = 3, so with an intercept column');
    // an all-zero column
    const c = ordinaryLeastSquares({ columns: [[1, 2, 3], [0, 0, 0]] }, [1, 2, 3], { intercept: false });
    expect(c.note).toContain('x2 is all zeros');
    // x3 = x1 − x2
    const d = ordinaryLeastSquares({ columns: [[1, 0, 2, 1], [0, 1, 1, 3], [1, -1, 1, -2]] }, [1, 2, 3, 4], { intercept: false });
    expect(d.note).toContain('x3 = x1 − x2');
  });
  it('rejects mismatched shapes', () => {
    expect(() => ordinaryLeastSquares({ columns: [[1, 2, 3]] }, [1, 2], { intercept: false })).toThrow(
      'each column of X has 3 entries but y has 2: they need one entry per observation',
    );
    expect(() => ordinaryLeastSquares({ rows: [[1, 2], [3]] }, [1, 2], { intercept: false })).toThrow(/ragged/);
  });
});

describe('ranking metrics', () => {
  const ranked = ['a', 'b', 'c', 'd', 'e'];
  const relevant = ['b', 'd', 'z'];
  it('precision and recall at k', () => {
    // top 3 = a, b✓, c → 1 hit: P@3 = 1/3, R@3 = 1/3; top 5: 2 hits → P@5 = 2/5, R@5 = 2/3
    expect(precisionAtK(ranked, relevant, 3).value).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, relevant, 3).value).toBeCloseTo(1 / 3, 12);
    expect(precisionAtK(ranked, relevant, 5).value).toBeCloseTo(0.4, 12);
    expect(recallAtK(ranked, relevant, 5).value).toBeCloseTo(2 / 3, 12);
  });
  it('NDCG with log2 discount and ideal DCG from the relevant set', () => {
    // k = 5: hits at positions 2 and 4 → DCG = 1/log2 3 + 1/log2 5 = 0.6309298 + 0.4306766 = 1.0616064
    // ideal: 3 relevant, all fit in 5 → 1 + 0.6309298 + 0.5 = 2.1309298 → NDCG = 1.0616064/2.1309298 = 0.498189
    const t = ndcgAtK(ranked, relevant, 5);
    expect(t.value).toBeCloseTo(0.498189, 6);
    expect(t.steps[1]!.tex).toBe('\\mathrm{DCG@}5 = \\frac{1}{\\log_2 3} + \\frac{1}{\\log_2 5} = 1.0616');
    // k = 1: nothing relevant at the top → 0
    expect(ndcgAtK(ranked, relevant, 1).value).toBe(0);
    // perfect ranking → 1
    expect(ndcgAtK(['b', 'd', 'a'], ['b', 'd'], 3).value).toBeCloseTo(1, 12);
  });
  it('errors', () => {
    expect(() => recallAtK(ranked, [], 3)).toThrow(/no relevant items/);
    expect(() => ndcgAtK(ranked, [], 3)).toThrow(/no relevant items/);
    expect(() => precisionAtK(['a', 'a'], ['a'], 2)).toThrow(/twice/);
  });
});

describe('dotProductPrediction', () => {
  it('checks the shapes of R, U and V', () => {
    const R = [
      [1, 0],
      [0, 1],
    ];
    expect(() => dotProductPrediction({ R, U: [[1, 0]], V: [[1, 0]], user: 0, item: 0 })).toThrow('U has 1 rows but R has 2 users');
    expect(() => dotProductPrediction({ R, U: [[1], [0]], V: [[1, 0], [0, 1]], user: 0, item: 0 })).toThrow(
      "U is 2×1 but V is 2×2: U·V needs U's columns (1) to equal V's rows (2)",
    );
    expect(() => dotProductPrediction({ R, U: [[1], [0]], V: [[1, 0]], user: 2, item: 0 })).toThrow(/out of range/);
  });
});
