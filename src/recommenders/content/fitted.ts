/** A fitted content-based model: r̂_ui = r̄_u + w_u·f_i, its explanations, similar items and fold-in. */
import { contentPrediction, itemsWithFeatures, profileDot, profileOf, profileScores, ridgeProfile } from '../../math/content';
import type { ItemFeatures, RidgeSolver, SparseRows, SparseVector } from '../../math/content';
import { checkIndex } from '../scoring';
import type { Explanation, FitContext, Fitted, FoldedUser, Rated } from '../types';
import { contentMeta } from './meta';
import { explainFeatureSimilarity, featureNorms, featureTable, namedTerms, similarByFeatures } from './shared';

/** Everything a fitted content model is (structured-cloneable). */
export interface ContentState {
  features: ItemFeatures;
  /** r̄_u per user (μ for a user without training ratings; 0 on implicit data). */
  means: Float64Array;
  /** w_u per user, users × feature columns. */
  profiles: SparseRows;
  lambda: number;
  /** False on implicit data: ratings are not centred (r̄_u = 0). */
  centred: boolean;
  /** μ: the mean training rating (a visitor without ratings gets it as r̄). */
  globalMean: number;
  solved: Record<RidgeSolver, number>;
}

export function contentFitted(state: ContentState, ctx: FitContext): Fitted {
  const { features, means, profiles, lambda, centred } = state;
  const method = contentMeta.id;
  const nUsers = profiles.nRows;
  const nItems = features.nRows;
  let norms: Float64Array | null = null;

  const scoresFor = (mean: number, w: SparseVector): Float32Array => {
    const s = profileScores(features, w);
    const out = new Float32Array(nItems);
    for (let i = 0; i < nItems; i++) out[i] = mean + (s[i] as number);
    return out;
  };
  const explainWith = (intro: string, mean: number, w: SparseVector, item: number): Explanation => {
    checkIndex('item', item, nItems);
    const terms = namedTerms(features, item, w);
    return {
      method,
      intro,
      trace: contentPrediction({ mean, terms }),
      resultLabel: 'r̂',
      tables: [featureTable(terms, ctx.names.item(item))],
    };
  };
  const meanWord = centred ? 'mean rating' : 'baseline 0 (implicit data: ratings are not centred)';

  return {
    method,
    predict(user, item) {
      checkIndex('user', user, nUsers);
      checkIndex('item', item, nItems);
      return (means[user] as number) + profileDot(features, item, profileOf(profiles, user));
    },
    scoreItems(user) {
      checkIndex('user', user, nUsers);
      return scoresFor(means[user] as number, profileOf(profiles, user));
    },
    explain(user, item) {
      checkIndex('user', user, nUsers);
      return explainWith(
        `Why ${ctx.names.user(user)} gets ${ctx.names.item(item)}: their ${meanWord} plus their profile’s weights on ${ctx.names.item(item)}’s features (genres and title words), fitted by ridge regression (λ = ${lambda}) on the items they rated.`,
        means[user] as number,
        profileOf(profiles, user),
        item,
      );
    },
    async similarItems(item, k) {
      norms ??= featureNorms(features);
      return similarByFeatures(features, norms, item, k);
    },
    explainSimilarity: (a, b) => explainFeatureSimilarity(method, features, a, b, ctx.names),
    foldIn(rated: readonly Rated[]): FoldedUser {
      let sum = 0;
      for (const r of rated) sum += r.rating;
      const mean = !centred ? 0 : rated.length > 0 ? sum / rated.length : state.globalMean;
      const w = ridgeProfile(
        features,
        rated.map((r) => r.item),
        rated.map((r) => r.rating - mean),
        lambda,
      );
      const how = `Your profile w was fitted like everyone’s: a ridge regression (λ = ${lambda}) of your ${rated.length} rating${rated.length === 1 ? '' : 's'}${centred ? ` minus your mean ${mean.toFixed(4)}` : ''} on the features of the items you rated.`;
      return {
        scores: scoresFor(mean, w),
        how,
        explain: (item: number) => explainWith(`${how} Then ${ctx.names.item(item)} scores r̄ + w·f:`, mean, w, item),
      };
    },
    facts: () => [
      { label: 'features d', value: features.nCols },
      { label: 'genres', value: features.nGenres },
      { label: 'title words', value: features.nCols - features.nGenres },
      { label: 'items with features', value: itemsWithFeatures(features) },
      { label: 'ridge λ', value: lambda },
      { label: 'profiles solved in the dual / primal', value: `${state.solved.dual} / ${state.solved.primal}` },
      { label: 'profile weights stored', value: profiles.indices.length },
    ],
    state: () => state,
  };
}
