import { describe, expect, it } from 'vitest';
import { cpuContext, smallTrainSet } from '../testutil';
import { itemKnn, userKnn } from '.';

const SIMILARITIES = ['cosine', 'pearson', 'msd', 'jaccard', 'pearsonBaseline', 'adjustedCosine'] as const;
const VARIANTS = ['basic', 'means', 'baseline'] as const;

describe.each([
  ['user', userKnn],
  ['item', itemKnn],
] as const)('%s-based k-NN: every similarity and variant explains its own numbers', (kind, recommender) => {
  const sims = SIMILARITIES.filter((s) => kind === 'item' || s !== 'adjustedCosine');
  it.each(sims.flatMap((s) => VARIANTS.map((v) => [s, v] as const)))('%s, %s', async (similarity, variant) => {
    const train = smallTrainSet(11);
    const fitted = await recommender.fit(train, { similarity, variant, k: 5, shrinkage: similarity === 'jaccard' ? 0 : 3 }, cpuContext());
    for (const [u, i] of [
      [0, 1],
      [7, 20],
      [31, 4],
    ] as const) {
      const listed = fitted.scoreItems(u)[i]!;
      const e = fitted.explain(u, i);
      expect(Math.abs(e.trace.value - listed)).toBeLessThanOrEqual(1e-5);
      if (e.tables[0]) expect(e.tables[0].rows.length).toBeLessThanOrEqual(5);
    }
    if (fitted.similarItems && fitted.explainSimilarity) {
      for (const n of await fitted.similarItems(3, 4)) {
        expect(Math.abs(fitted.explainSimilarity(3, n.item).trace.value - n.similarity)).toBeLessThanOrEqual(2e-5);
      }
    }
  });
});

it('item-based fold-in scores a visitor from the items they rated', async () => {
  const train = smallTrainSet(11);
  const fitted = await itemKnn.fit(train, { variant: 'basic', similarity: 'cosine', k: 3, shrinkage: 0 }, cpuContext());
  const folded = fitted.foldIn!([
    { item: 2, rating: 5 },
    { item: 5, rating: 5 },
  ]);
  // weighted average of ratings that are all 5 is 5 wherever a neighbour is found; μ where none is
  for (let i = 0; i < train.nItems; i++) {
    const s = folded.scores[i]!;
    expect(Math.abs(s - 5) < 1e-5 || Math.abs(s - train.globalMean) < 1e-5).toBe(true);
    expect(Math.abs(folded.explain(i).trace.value - s)).toBeLessThanOrEqual(1e-5);
  }
});
