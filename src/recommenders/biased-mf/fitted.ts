/** A fitted biased-MF model: scoring, explanations, similar items, fold-in and its state. */
import { biasedMfPrediction, cosineSimilarity } from '../../math/formulas';
import { foldInUser } from '../../math/foldIn';
import { predictRating, scoreAllItems, scoreAllItemsForVector } from '../../math/mf';
import type { MfModel } from '../../math/mf';
import { similarItemsCpu, similarItemsTfjs } from '../../model/similarity';
import { checkIndex } from '../scoring';
import type { FitContext, Fitted, Rated } from '../types';
import { biasedMfMeta } from './meta';

/** Ridge strength λ for folding a visitor in: (XᵀX + λI)θ = Xᵀy. */
export const FOLD_IN_LAMBDA = 1;

const row = (table: Float32Array, index: number, width: number): number[] => Array.from(table.subarray(index * width, (index + 1) * width));

/** Wraps trained tables as a Fitted. Similar items run on the GPU (tiles) when ctx.backend is one. */
export function mfFitted(model: MfModel, ctx: FitContext): Fitted {
  const k = model.factors;
  const explainTerms = (intro: string, terms: { bu: number; q: readonly number[] }, item: number) => ({
    method: biasedMfMeta.id,
    intro,
    trace: biasedMfPrediction({ mu: model.mu, bu: terms.bu, bi: model.itemBias[item] as number, q: terms.q, p: row(model.itemFactors, item, k) }),
    resultLabel: 'r̂',
    tables: [],
  });
  return {
    method: biasedMfMeta.id,
    predict: (u, i) => predictRating(model, u, i),
    scoreItems(user) {
      checkIndex('user', user, model.nUsers);
      return scoreAllItems(model, user);
    },
    explain(user, item) {
      checkIndex('user', user, model.nUsers);
      checkIndex('item', item, model.nItems);
      return explainTerms(
        `Why ${ctx.names.user(user)} gets ${ctx.names.item(item)}: μ is the training mean, b_u and b_i the learned biases, q_u and p_i the learned ${k}-factor vectors.`,
        { bu: model.userBias[user] as number, q: row(model.userFactors, user, k) },
        item,
      );
    },
    async similarItems(item, n) {
      checkIndex('item', item, model.nItems);
      const lists =
        ctx.backend === 'cpu' || !ctx.tf
          ? similarItemsCpu(model.itemFactors, model.nItems, k, [item], n)
          : await similarItemsTfjs(ctx.tf, model.itemFactors, model.nItems, k, [item], n);
      return lists[0] ?? [];
    },
    explainSimilarity(a, b) {
      return {
        method: biasedMfMeta.id,
        intro: `Cosine of the learned vectors of ${ctx.names.item(a)} and ${ctx.names.item(b)}: their dot product over the product of their norms.`,
        trace: cosineSimilarity(row(model.itemFactors, a, k), row(model.itemFactors, b, k)),
        resultLabel: 'cos',
        tables: [],
      };
    },
    foldIn(rated: readonly Rated[]) {
      const { bias, vector } = foldInUser(model, rated, FOLD_IN_LAMBDA);
      const q = Array.from(vector);
      const how = `Your b_u and q_u were solved from your ${rated.length} rating${rated.length === 1 ? '' : 's'} with the item vectors fixed: (XᵀX + λI)θ = Xᵀy, λ = ${FOLD_IN_LAMBDA}. Your b_u = ${bias.toFixed(4)}.`;
      return {
        scores: scoreAllItemsForVector(model, bias, vector),
        how,
        explain: (item: number) => explainTerms(`${how} Then the model’s formula scores ${ctx.names.item(item)}.`, { bu: bias, q }, item),
      };
    },
    facts: () => [
      { label: 'μ (training mean)', value: model.mu },
      { label: 'factors k', value: k },
    ],
    state: () => ({ model }),
  };
}
