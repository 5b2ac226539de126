/**
 * A fitted Bayesian MF model. Scores and explanations use the posterior means of the parameters,
 * `r̂_ui = μ + b̄_u + b̄_i + q̄_u·p̄_i` (plug-in), so the traced biased-MF formula reproduces every
 * listed score exactly.
 */
import { foldInBpmfUser } from '../../math/bpmfFoldIn';
import type { BpmfPosterior } from '../../math/bpmf';
import { factorModelParts } from '../factorModel';
import type { FitContext, Fitted, Rated } from '../types';
import { bayesianMfMeta } from './meta';

/** What state() returns and restore() takes (structured-cloneable). */
export interface BayesianMfState {
  posterior: BpmfPosterior;
}

/** Wraps a posterior as a Fitted (similar items: cosine of the posterior-mean item vectors, on the CPU). */
export function bayesianMfFitted(state: BayesianMfState, ctx: FitContext): Fitted {
  const post = state.posterior;
  const model = post; // the posterior means are an MfModel
  const k = model.factors;
  const averaged = post.samples > 0 ? `averages over the ${post.samples} Gibbs sample${post.samples === 1 ? '' : 's'} kept after burn-in` : 'the last Gibbs sample (none was kept yet)';
  const { parts, foldedUser } = factorModelParts(bayesianMfMeta.id, model, ctx, {
    vectors: 'posterior-mean',
    explainIntro: (user, item) =>
      `Why ${ctx.names.user(user)} gets ${ctx.names.item(item)}: μ is the training mean; b_u, b_i and the ${k}-factor vectors q_u, p_i are posterior means, ${averaged}.`,
  });
  return {
    ...parts,
    foldIn(rated: readonly Rated[]) {
      const { bias, vector } = foldInBpmfUser(post, rated);
      const n = rated.length;
      const how =
        `Your b_u and q_u are the posterior mean given your ${n} rating${n === 1 ? '' : 's'} with the items’ posterior means fixed: ` +
        `a ridge regression whose penalty is the learned user prior (mean μ̄_U, precision Λ̄_U, noise ᾱ = ${post.alpha.toFixed(3)}), ` +
        `θ = (Λ̄_U + ᾱXᵀX)⁻¹(Λ̄_U μ̄_U + ᾱXᵀy). Your b_u = ${bias.toFixed(4)}.`;
      return foldedUser(how, bias, vector);
    },
    facts: () => [
      { label: 'μ (training mean)', value: model.mu },
      { label: 'factors k', value: k },
      { label: 'samples averaged', value: post.samples },
      { label: 'noise precision α', value: post.alpha },
    ],
    state: (): BayesianMfState => state,
  };
}
