/** A fitted biased-MF model: the shared factor-model scoring, plus its fold-in and state. */
import { foldInUser } from '../../math/foldIn';
import type { MfModel } from '../../math/mf';
import { factorModelParts } from '../factorModel';
import type { FitContext, Fitted, Rated } from '../types';
import { biasedMfMeta } from './meta';

/** Ridge strength λ for folding a visitor in: (XᵀX + λI)θ = Xᵀy. */
export const FOLD_IN_LAMBDA = 1;

/** Wraps trained tables as a Fitted. Similar items run on the GPU (tiles) when ctx.backend is one. */
export function mfFitted(model: MfModel, ctx: FitContext): Fitted {
  const k = model.factors;
  const { parts, foldedUser } = factorModelParts(biasedMfMeta.id, model, ctx, {
    vectors: 'learned',
    explainIntro: (user, item) =>
      `Why ${ctx.names.user(user)} gets ${ctx.names.item(item)}: μ is the training mean, b_u and b_i the learned biases, q_u and p_i the learned ${k}-factor vectors.`,
  });
  return {
    ...parts,
    foldIn(rated: readonly Rated[]) {
      const { bias, vector } = foldInUser(model, rated, FOLD_IN_LAMBDA);
      const how = `Your b_u and q_u were solved from your ${rated.length} rating${rated.length === 1 ? '' : 's'} with the item vectors fixed: (XᵀX + λI)θ = Xᵀy, λ = ${FOLD_IN_LAMBDA}. Your b_u = ${bias.toFixed(4)}.`;
      return foldedUser(how, bias, vector);
    },
    facts: () => [
      { label: 'μ (training mean)', value: model.mu },
      { label: 'factors k', value: k },
    ],
    state: () => ({ model }),
  };
}
