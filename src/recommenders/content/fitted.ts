/** A fitted content-based model: r̂_ui = r̄_u + w_u·f_i, its explanations, similar items and fold-in. */
import { contentPrediction, itemsWithFeatures, profileDot, profileOf, profileScores, ridgeProfile } from '../../math/content';
import type { ItemFeatures, RidgeSolver, SparseRows, SparseVector } from '../../math/content';
import { checkIndex } from '../scoring';
import type { Explanation, FitContext, Fitted, FoldedUser, Namer, Rated } from '../types';
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

/** What folding a visitor in needs of a content model: the features and the ridge settings, no fitted users. */
export type ContentVisitorModel = Pick<ContentState, 'features' | 'lambda' | 'centred' | 'globalMean'>;

/** r̄ + w·f_i of every item. */
function scoresFor(features: ItemFeatures, mean: number, w: SparseVector): Float32Array {
  const s = profileScores(features, w);
  const out = new Float32Array(features.nRows);
  for (let i = 0; i < features.nRows; i++) out[i] = mean + (s[i] as number);
  return out;
}

/** The traced r̄ + w·f_i of one item, with its feature table. */
function explainWith(features: ItemFeatures, names: Namer, intro: string, mean: number, w: SparseVector, item: number): Explanation {
  checkIndex('item', item, features.nRows);
  const terms = namedTerms(features, item, w);
  return {
    method: contentMeta.id,
    intro,
    trace: contentPrediction({ mean, terms }),
    resultLabel: 'r̂',
    tables: [featureTable(terms, names.item(item))],
  };
}

/** Ratings a visitor needs before their own mean is their baseline (below it, μ is). */
export const CONTENT_OWN_MEAN_FROM = 3;

/**
 * A visitor folded into content features, fitted as a training user is: r̄ = the mean of their
 * ratings (0 on implicit data), w = the ridge regression (λ) of their ratings minus r̄ on the
 * features of the items they rated, and every item scored r̄ + w·f_i — items nobody has rated
 * included, from their features alone. With fewer than CONTENT_OWN_MEAN_FROM ratings r̄ is the
 * training mean μ instead: one rating minus its own mean is 0, which would give every item the
 * same score.
 */
export function foldInContent(model: ContentVisitorModel, rated: readonly Rated[], names: Namer): FoldedUser {
  const { features, lambda, centred } = model;
  let sum = 0;
  for (const r of rated) sum += r.rating;
  const ownMean = rated.length >= CONTENT_OWN_MEAN_FROM;
  const mean = !centred ? 0 : ownMean ? sum / rated.length : model.globalMean;
  const w = ridgeProfile(
    features,
    rated.map((r) => r.item),
    rated.map((r) => r.rating - mean),
    lambda,
  );
  const how = `Your profile w was fitted like everyone’s: a ridge regression (λ = ${lambda}) of your ${rated.length} rating${rated.length === 1 ? '' : 's'}${!centred ? '' : ownMean ? ` minus your mean ${mean.toFixed(4)}` : ` minus the mean of all ratings μ = ${mean.toFixed(4)} (with fewer than ${CONTENT_OWN_MEAN_FROM} ratings your own mean would say nothing)`} on the features of the items you rated.`;
  return {
    scores: scoresFor(features, mean, w),
    how,
    explain: (item: number) => explainWith(features, names, `${how} Then ${names.item(item)} scores r̄ + w·f:`, mean, w, item),
  };
}

export function contentFitted(state: ContentState, ctx: FitContext): Fitted {
  const { features, means, profiles, lambda, centred } = state;
  const method = contentMeta.id;
  const nUsers = profiles.nRows;
  const nItems = features.nRows;
  let norms: Float64Array | null = null;
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
      return scoresFor(features, means[user] as number, profileOf(profiles, user));
    },
    explain(user, item) {
      checkIndex('user', user, nUsers);
      return explainWith(
        features,
        ctx.names,
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
    foldIn: (rated: readonly Rated[]): FoldedUser => foldInContent(state, rated, ctx.names),
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
