import { describe, expect, it } from 'vitest';
import { biasedMfPrediction, cosineSimilarity } from '../math/formulas';
import { scoreAllItems } from '../math/mf';
import type { MfModel } from '../math/mf';
import type { Dataset } from '../data/types';
import { explainFoldInScore, explainItemCosine, explainMfScore } from './explaining';
import { scoreItemsForVector } from './recommending';

// Two users, three items, two factors; numbers small enough to check by hand.
const model: MfModel = {
  nUsers: 2,
  nItems: 3,
  factors: 2,
  mu: 3.5,
  userBias: Float32Array.from([0.25, -0.5]),
  itemBias: Float32Array.from([0.5, 0, -0.25]),
  userFactors: Float32Array.from([1, 0.5, -1, 2]),
  itemFactors: Float32Array.from([0.5, 0.5, 1, 0, 0, 2]),
};
const dataset = {
  userIds: ['ann', 'bob'],
  itemIds: ['10', '20', '30'],
  titles: ['Alpha', null, 'Gamma'],
} as unknown as Dataset;

describe('explanations reproduce the listed values', () => {
  it('MF: bob × item 2 = 3.5 − 0.5 − 0.25 + (−1·0 + 2·2) = 6.75, as scoreAllItems lists it', () => {
    const e = explainMfScore(dataset, model, 1, 2);
    expect(e).toMatchObject({ kind: 'mf', userId: 'bob', item: { itemId: '30', title: 'Gamma' }, mu: 3.5, bu: -0.5, bi: -0.25, q: [-1, 2], p: [0, 2] });
    if (e.kind !== 'mf') throw new Error('kind');
    expect(biasedMfPrediction(e).value).toBe(6.75);
    expect(scoreAllItems(model, 1)[2]).toBe(6.75);
  });

  it('cosine: items 0 and 1: (0.5·1 + 0.5·0)/(√0.5·1) = 0.70711', () => {
    const e = explainItemCosine(dataset, model, 0, 1);
    if (e.kind !== 'cosine') throw new Error('kind');
    expect(e.a.title).toBe('Alpha');
    expect(e.b.title).toBeNull();
    expect(cosineSimilarity(e.pa, e.pb).value).toBeCloseTo(0.70711, 5);
  });

  it('fold-in: the explained score equals the score the picks list uses', () => {
    const rated = [
      { item: 0, rating: 5 },
      { item: 2, rating: 2 },
    ];
    const e = explainFoldInScore(dataset, model, rated, 1, 1);
    if (e.kind !== 'foldIn') throw new Error('kind');
    expect(e.rated).toBe(2);
    const listed = scoreItemsForVector(model, e.bu, e.q)[1]!;
    expect(Math.abs(biasedMfPrediction(e).value - listed)).toBeLessThan(1e-6);
  });
});
