/**
 * What every factor model shares once fitted (biased MF by SGD/Adam, Bayesian MF): scoring with
 * `r̂_ui = μ + b_u + b_i + q_u·p_i`, its traced explanation, and similar items by the cosine of the
 * item vectors (in GPU tiles when the context has a GPU backend).
 */
import { biasedMfPrediction } from '../math/formulas';
import { predictRating, scoreAllItems, scoreAllItemsForVector } from '../math/mf';
import type { MfModel } from '../math/mf';
import { itemVectorSimilarity, tableRow } from './itemVectors';
import { checkIndex } from './scoring';
import type { Explanation, FitContext, Fitted, FoldedUser } from './types';

/** The shared part of a fitted factor model; `vectors` names what q_u, p_i are (e.g. 'learned'). */
export function factorModelParts(
  method: string,
  model: MfModel,
  ctx: FitContext,
  words: { vectors: string; explainIntro(user: number, item: number): string },
) {
  const k = model.factors;
  /** The traced prediction with the user's terms given (a trained user's, or a folded-in visitor's). */
  const explainTerms = (intro: string, terms: { bu: number; q: readonly number[] }, item: number): Explanation => {
    checkIndex('item', item, model.nItems);
    return {
      method,
      intro,
      trace: biasedMfPrediction({ mu: model.mu, bu: terms.bu, bi: model.itemBias[item] as number, q: terms.q, p: tableRow(model.itemFactors, item, k) }),
      resultLabel: 'r̂',
      tables: [],
    };
  };
  const parts = {
    method,
    predict: (u: number, i: number) => predictRating(model, u, i),
    scoreItems(user: number) {
      checkIndex('user', user, model.nUsers);
      return scoreAllItems(model, user);
    },
    explain(user: number, item: number) {
      checkIndex('user', user, model.nUsers);
      return explainTerms(words.explainIntro(user, item), { bu: model.userBias[user] as number, q: tableRow(model.userFactors, user, k) }, item);
    },
    ...itemVectorSimilarity(method, model.itemFactors, model.nItems, k, ctx, (a, b) => `Cosine of the ${words.vectors} vectors of ${a} and ${b}: their dot product over the product of their norms.`),
  } satisfies Partial<Fitted>;
  /** A visitor folded in with bias b and vector q (however solved): their scores and explanations. */
  const foldedUser = (how: string, bias: number, vector: Float32Array): FoldedUser => {
    const q = Array.from(vector);
    return {
      scores: scoreAllItemsForVector(model, bias, vector),
      how,
      explain: (item: number) => explainTerms(`${how} Then the model’s formula scores ${ctx.names.item(item)}.`, { bu: bias, q }, item),
    };
  };
  return { parts, foldedUser };
}
