/** Damped item mean: each item's mean rating pulled toward the global mean; the same for every user. */
import { dampedItemMean } from '../../math/formulas/baselines';
import { num, resolveParams } from '../params';
import { checkIndex } from '../scoring';
import type { FitContext, Fitted, Recommender, RecommenderMeta } from '../types';

export const itemMeanMeta: RecommenderMeta = {
  id: 'item-mean',
  name: 'Damped item mean',
  family: 'baseline',
  formula: '\\hat r_{i} = \\frac{\\sum_{u\\in U_i} r_{ui} + \\beta\\,\\mu}{|U_i| + \\beta}',
  summary: 'Predicts every item’s mean rating, damped toward the global mean μ by β pseudo-ratings so that items with few ratings are not over-trusted.',
  params: [{ key: 'beta', label: 'Damping β', help: 'Pseudo-ratings at the global mean added to every item.', type: 'number', default: 10, min: 0, max: 10_000 }],
  feedback: 'explicit',
  predictsRatings: true,
  usesGpu: false,
  iterative: false,
};

interface ItemMeanState {
  sums: Float64Array;
  counts: Int32Array;
  mu: number;
  beta: number;
  nUsers: number;
}

function itemMeanFitted(state: ItemMeanState, ctx: FitContext): Fitted {
  const { sums, counts, mu, beta, nUsers } = state;
  const nItems = counts.length;
  const means = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) means[i] = counts[i]! + beta > 0 ? (sums[i]! + beta * mu) / (counts[i]! + beta) : mu;
  const explainItem = (item: number, intro: string) => {
    checkIndex('item', item, nItems);
    return {
      method: itemMeanMeta.id,
      intro,
      trace: dampedItemMean({ sum: sums[item] as number, count: counts[item] as number, mu, beta }),
      resultLabel: 'r̂',
      tables: [],
    };
  };
  return {
    method: itemMeanMeta.id,
    predict: (_u, i) => means[i] as number,
    scoreItems(user) {
      checkIndex('user', user, nUsers);
      return means.slice();
    },
    explain: (user, item) => explainItem(item, `The same prediction for ${ctx.names.user(user)} as for everyone: ${ctx.names.item(item)}’s damped mean rating.`),
    foldIn: () => ({
      scores: means.slice(),
      how: 'The damped item mean does not use your ratings: everyone gets the best-rated items.',
      explain: (item: number) => explainItem(item, `${ctx.names.item(item)}’s damped mean rating, the same for everyone.`),
    }),
    facts: () => [
      { label: 'μ (training mean)', value: mu },
      { label: 'β', value: beta },
    ],
    state: (): ItemMeanState => state,
  };
}

export const itemMean: Recommender = {
  meta: itemMeanMeta,
  async fit(train, values, ctx) {
    const beta = num(resolveParams(itemMeanMeta, values, ctx.backend), 'beta');
    const sums = new Float64Array(train.nItems);
    const counts = new Int32Array(train.nItems);
    const { items, ratings } = train.ratings;
    for (let j = 0; j < items.length; j++) {
      sums[items[j]!]! += ratings[j]!;
      counts[items[j]!]!++;
    }
    return itemMeanFitted({ sums, counts, mu: train.globalMean, beta, nUsers: train.nUsers }, ctx);
  },
  restore: (state, _train, ctx) => itemMeanFitted(state as ItemMeanState, ctx),
};
