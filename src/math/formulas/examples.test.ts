/** The nine classic examples, run through the formulas with their default inputs. */
import { describe, expect, it } from 'vitest';
import {
  biasedMfPrediction,
  classicExamples,
  contentBasedScore,
  cosineSimilarity,
  dotProductPrediction,
  example1,
  example2,
  example3,
  example4,
  example5,
  example6,
  example7,
  example8,
  example9,
  halfSumSquaredError,
  jaccardSimilarity,
  meanSquaredError,
  neighboursFromRatings,
  neuralScore,
  neuronOutput,
  ordinaryLeastSquares,
  pearsonCorrelation,
  userBasedPrediction,
} from './index';

describe('classic examples', () => {
  it('are nine, numbered 1–9', () => {
    expect(classicExamples.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('1: similarity computed from the ratings, then the weighted average', () => {
    // Alice (4,3,5) vs Bob (2,4,5) on items 1–3: 45/(√50·√45) = 45/47.434 = 0.948683
    // k = 1 → r̂ = 0.948683·4/0.948683 = 4 (Bob's rating of item 4)
    const nb = neighboursFromRatings({ ratings: example1.ratings, user: example1.target.user, item: example1.target.item, names: example1.users });
    expect(nb.value).toHaveLength(1);
    expect(nb.value[0]!.similarity).toBeCloseTo(0.948683, 6);
    expect(nb.steps[0]!.tex).toContain('\\frac{45}{47.4342} = 0.9487');
    const pred = userBasedPrediction(nb.value, example1.k);
    expect(pred.value).toBeCloseTo(4, 12);
    expect(pred.note).toContain('single neighbour');
  });

  it('2: content score 0.39', () => {
    // 0.02 + 0.12 + 0.25 = 0.39
    expect(contentBasedScore(example2.wu, example2.fi).value).toBeCloseTo(0.39, 12);
  });

  it('3: neural scorer σ(0.31) = 0.57689', () => {
    // 0.1·2.1 = 0.21; +0.1 = 0.31; 1/(1 + e^−0.31) = 1/1.733447 = 0.576885
    expect(neuralScore(example3).value).toBeCloseTo(0.576885, 6);
  });

  it('4: single neuron σ(1.6) = 0.8320', () => {
    // 1.5 + 0.1 = 1.6 → 0.832018
    expect(neuronOutput(example4).value).toBeCloseTo(0.832018, 6);
  });

  it('5: cosine 0.9949 and Pearson 1', () => {
    // 70/(√55·√90) = 70/70.356 = 0.994937; b = a + 1 → r = 1
    expect(cosineSimilarity(example5.a, example5.b).value).toBeCloseTo(0.994937, 6);
    expect(pearsonCorrelation(example5.a, example5.b, example5.form).value).toBeCloseTo(1, 12);
  });

  it('6: binary vectors: cosine 0, Jaccard 0', () => {
    // no shared 1s: dot 0, intersection 0 of union 3
    expect(cosineSimilarity(example6.a, example6.b).value).toBe(0);
    expect(jaccardSimilarity(example6.a, example6.b).value).toBe(0);
  });

  it('7: biased MF 0.82; squared error 0.0324; ½ form 0.0162', () => {
    // 0.5 + 0.32 = 0.82; (1 − 0.82)² = 0.0324; ½·0.0324 = 0.0162
    const pred = biasedMfPrediction(example7);
    expect(pred.value).toBeCloseTo(0.82, 12);
    expect(meanSquaredError(pred.value, example7.rating).value).toBeCloseTo(0.0324, 12);
    expect(halfSumSquaredError(pred.value, example7.rating).value).toBeCloseTo(0.0162, 12);
    // the classic-input note also fires when the prediction is fed straight in (0.82 up to rounding)
    expect(halfSumSquaredError(pred.value, example7.rating).note).toContain('0.05');
  });

  it('8: OLS β = (−1, 2) without intercept; singular with', () => {
    // see traps.test.ts for the hand working
    const t = ordinaryLeastSquares({ columns: example8.columns }, example8.y, { intercept: example8.intercept });
    expect(t.value![0]).toBeCloseTo(-1, 10);
    expect(t.value![1]).toBeCloseTo(2, 10);
    expect(ordinaryLeastSquares({ columns: example8.columns }, example8.y, { intercept: true }).value).toBeNull();
  });

  it('9: dot-product prediction 0.73 against R = 1, squared error 0.0729', () => {
    // U row 1 = (0.9, 0.1), V column 3 = (0.8, 0.1): 0.72 + 0.01 = 0.73; (1 − 0.73)² = 0.27² = 0.0729
    const t = dotProductPrediction(example9);
    expect(example9.R).toHaveLength(10);
    expect(example9.R.every((r) => r.length === 10 && r.every((x) => x === 0 || x === 1))).toBe(true);
    expect(t.value.prediction).toBeCloseTo(0.73, 12);
    expect(t.value.target).toBe(1);
    expect(t.value.squaredError).toBeCloseTo(0.0729, 12);
    expect(t.steps.at(-1)!.tex).toBe('L = (R_{1,3} - \\hat r_{1,3})^2 = (1 - 0.73)^2 = 0.27^2 = 0.0729');
    // user 1 has not used item 4 (R = 0) yet it scores 0.73 as well: the recommendation
    const rec = dotProductPrediction({ ...example9, item: 3 });
    expect(rec.value.target).toBe(0);
    expect(rec.value.prediction).toBeCloseTo(0.73, 12);
  });
});
