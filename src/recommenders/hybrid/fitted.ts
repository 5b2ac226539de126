/** A fitted MF + content hybrid: r̂_ui = μ + b_u + b_i + q_u·p_i + w_u·f_i, explanations and fold-in. */
import { hybridPrediction, itemsWithFeatures, profileOf, profileScores, profileDot, ridgeProfile } from '../../math/content';
import type { ItemFeatures, RidgeSolver, SparseRows, SparseVector } from '../../math/content';
import { foldInUser } from '../../math/foldIn';
import { predictRating } from '../../math/mf';
import type { MfModel } from '../../math/mf';
import { FOLD_IN_LAMBDA } from '../biased-mf/fitted';
import { explainFeatureSimilarity, featureNorms, featureTable, namedTerms, similarByFeatures } from '../content/shared';
import { checkIndex } from '../scoring';
import type { Explanation, FitContext, Fitted, FoldedUser, Rated } from '../types';
import { hybridMeta } from './meta';

/** Everything a fitted hybrid is (structured-cloneable). */
export interface HybridState {
  /** The MF part, with b_i = 0, p_i = 0 for items without training ratings and q_u = 0 for users without. */
  model: MfModel;
  features: ItemFeatures;
  /** w_u per user, fitted on MF's training residuals. */
  profiles: SparseRows;
  lambda: number;
  solved: Record<RidgeSolver, number>;
  /** Items without training ratings (scored by the content part alone, beyond μ + b_u). */
  coldItems: number;
}

/** The MF user terms: a trained user's or a folded-in visitor's. */
interface UserTerms {
  bu: number;
  q: ArrayLike<number>;
}

export function hybridFitted(state: HybridState, ctx: FitContext): Fitted {
  const { model, features, profiles, lambda } = state;
  const method = hybridMeta.id;
  const k = model.factors;
  const { nUsers, nItems } = model;
  let norms: Float64Array | null = null;
  const userTerms = (u: number): UserTerms => ({ bu: model.userBias[u] as number, q: model.userFactors.subarray(u * k, (u + 1) * k) });

  /** μ + b + b_i + q·p_i for every item, plus w·f_i, in float64, rounded once. */
  const scoresFor = (terms: UserTerms, w: SparseVector): Float32Array => {
    const content = profileScores(features, w);
    const out = new Float32Array(nItems);
    const base = model.mu + terms.bu;
    for (let i = 0; i < nItems; i++) {
      let dot = 0;
      for (let f = 0; f < k; f++) dot += (terms.q[f] as number) * (model.itemFactors[i * k + f] as number);
      out[i] = base + (model.itemBias[i] as number) + dot + (content[i] as number);
    }
    return out;
  };
  const explainWith = (intro: string, terms: UserTerms, w: SparseVector, item: number): Explanation => {
    checkIndex('item', item, nItems);
    const q = Array.from(terms.q);
    const p = Array.from(model.itemFactors.subarray(item * k, (item + 1) * k));
    const bi = model.itemBias[item] as number;
    const named = namedTerms(features, item, w);
    let dot = 0;
    for (let f = 0; f < k; f++) dot += (q[f] as number) * (p[f] as number);
    const mf = model.mu + terms.bu + bi + dot;
    return {
      method,
      intro,
      trace: hybridPrediction({ mu: model.mu, bu: terms.bu, bi, q, p, terms: named }),
      resultLabel: 'r̂',
      tables: [
        {
          caption: 'The MF part',
          columns: ['term', 'value'],
          rows: [
            ['μ (training mean)', model.mu],
            ['b_u (user bias)', terms.bu],
            ['b_i (item bias)', bi],
            [`q_u·p_i (${k} factors)`, dot],
            ['MF part', mf],
          ],
        },
        featureTable(named, ctx.names.item(item)),
      ],
    };
  };

  return {
    method,
    predict(user, item) {
      checkIndex('user', user, nUsers);
      checkIndex('item', item, nItems);
      return predictRating(model, user, item) + profileDot(features, item, profileOf(profiles, user));
    },
    scoreItems(user) {
      checkIndex('user', user, nUsers);
      return scoresFor(userTerms(user), profileOf(profiles, user));
    },
    explain(user, item) {
      checkIndex('user', user, nUsers);
      return explainWith(
        `Why ${ctx.names.user(user)} gets ${ctx.names.item(item)}: biased MF’s prediction (μ, the learned biases and ${k}-factor vectors), plus ${ctx.names.user(user)}’s content weights on ${ctx.names.item(item)}’s features, fitted by ridge regression (λ = ${lambda}) on what MF got wrong for them in training.`,
        userTerms(user),
        profileOf(profiles, user),
        item,
      );
    },
    async similarItems(item, n) {
      norms ??= featureNorms(features);
      return similarByFeatures(features, norms, item, n);
    },
    explainSimilarity: (a, b) => explainFeatureSimilarity(method, features, a, b, ctx.names),
    foldIn(rated: readonly Rated[]): FoldedUser {
      const { bias, vector } = foldInUser(model, rated, FOLD_IN_LAMBDA);
      const terms: UserTerms = { bu: bias, q: vector };
      const residual = rated.map((r) => {
        let dot = 0;
        for (let f = 0; f < k; f++) dot += (vector[f] as number) * (model.itemFactors[r.item * k + f] as number);
        return r.rating - (model.mu + bias + (model.itemBias[r.item] as number) + dot);
      });
      const w = ridgeProfile(
        features,
        rated.map((r) => r.item),
        residual,
        lambda,
      );
      const how = `Your b_u and q_u were solved from your ${rated.length} rating${rated.length === 1 ? '' : 's'} with the item vectors fixed ((XᵀX + λI)θ = Xᵀy, λ = ${FOLD_IN_LAMBDA}; your b_u = ${bias.toFixed(4)}), then your content weights w by ridge regression (λ = ${lambda}) on what that MF part gets wrong for your ratings.`;
      return {
        scores: scoresFor(terms, w),
        how,
        explain: (item: number) => explainWith(`${how} Then ${ctx.names.item(item)} scores MF + w·f:`, terms, w, item),
      };
    },
    facts: () => [
      { label: 'μ (training mean)', value: model.mu },
      { label: 'factors k', value: k },
      { label: 'features d', value: features.nCols },
      { label: 'items with features', value: itemsWithFeatures(features) },
      { label: 'items without training ratings (content only)', value: state.coldItems },
      { label: 'ridge λ', value: lambda },
      { label: 'profile weights stored', value: profiles.indices.length },
    ],
    state: () => state,
  };
}
