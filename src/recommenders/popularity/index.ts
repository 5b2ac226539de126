/** Most popular: every user gets the most-rated items they have not rated yet. */
import { popularityScore } from '../../math/formulas/baselines';
import { checkIndex } from '../scoring';
import type { FitContext, Fitted, Recommender, RecommenderMeta } from '../types';

export const popularityMeta: RecommenderMeta = {
  id: 'popularity',
  name: 'Most popular',
  family: 'baseline',
  formula: '\\text{score}_i = |U_i|',
  summary: 'Ranks items by how many training ratings they have; the same list for everyone. The baseline every personalised method must beat.',
  params: [],
  feedback: 'both',
  predictsRatings: false,
  usesGpu: false,
  iterative: false,
};

interface PopularityState {
  counts: Int32Array;
  nUsers: number;
}

function popularityFitted({ counts, nUsers }: PopularityState, ctx: FitContext): Fitted {
  const scores = Float32Array.from(counts);
  const explainItem = (item: number, intro: string) => {
    checkIndex('item', item, counts.length);
    return {
      method: popularityMeta.id,
      intro,
      trace: popularityScore({ count: counts[item] as number, users: nUsers, item: ctx.names.item(item) }),
      resultLabel: 'score',
      tables: [],
    };
  };
  let best = 0;
  for (const c of counts) best = Math.max(best, c);
  return {
    method: popularityMeta.id,
    scoreItems(user) {
      checkIndex('user', user, nUsers);
      return scores.slice();
    },
    explain: (user, item) => explainItem(item, `${ctx.names.item(item)} is listed for ${ctx.names.user(user)} because of how many people rated it in training.`),
    foldIn: () => ({
      scores: scores.slice(),
      how: 'Popularity does not use your ratings: you get the most-rated items you have not rated.',
      explain: (item: number) => explainItem(item, `${ctx.names.item(item)} is listed because of how many people rated it in training.`),
    }),
    facts: () => [{ label: 'most ratings of one item', value: best }],
    state: (): PopularityState => ({ counts, nUsers }),
  };
}

export const popularity: Recommender = {
  meta: popularityMeta,
  async fit(train, _values, ctx) {
    const counts = new Int32Array(train.nItems);
    for (const i of train.ratings.items) counts[i]!++;
    return popularityFitted({ counts, nUsers: train.nUsers }, ctx);
  },
  restore: (state, _train, ctx) => popularityFitted(state as PopularityState, ctx),
};
