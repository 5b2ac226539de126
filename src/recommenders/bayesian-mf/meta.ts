/** Bayesian MF (BPMF with biases, Gibbs sampling): what the UI and the evaluation lab know before fitting. */
import type { RecommenderMeta } from '../types';

/**
 * Defaults, tuned on MovieLens 100K's predefined folds (fit on uN.base, RMSE of the posterior-mean
 * plug-in on uN.test, clipped to [1, 5]; fit time per fold in Node on a 2-core machine):
 * u1 0.9048, u2 0.8966, u3 0.8911, u4 0.8918, u5 0.8935, mean 0.8956, ~5 s per fit.
 * Trade-off (mean over u1–u5, α learned unless said): k 5 → 0.8979 (2 s); k 10 with 50 / 100 / 200 /
 * 400 sweeps → 0.9056 (1.3 s) / 0.8985 (2.5 s) / 0.8956 (5 s) / 0.8960 (10 s); k 20 → 0.8952 (15 s);
 * k 30 → 0.8957 (33 s); k 50 → 0.8955 (95 s). Fixed α: 1.25 / 1.5 / 1.75 → 0.8977 / 0.8958 / 0.8988
 * (learned α settles near 1.55 on ML-100K; learning it also adapts to other rating scales).
 * w₀ 0.1 / 10 → 0.8975 / 0.8994; β₀ 20 → no change. Seed-to-seed spread about ±0.0005.
 * Averaging the predictions themselves instead of plugging in the averaged parameters gains only
 * 0.0000–0.0015 (mean 0.8952 vs 0.8956 with the defaults), so the model scores with the plug-in,
 * which the traced biased-MF formula explains exactly.
 */
export const BAYESIAN_MF_DEFAULTS = {
  factors: 10,
  epochs: 200,
  burnIn: 20,
  alpha: 1.5,
  learnAlpha: true,
  beta0: 2,
  w0: 1,
  seed: 42,
} as const;

export const bayesianMfMeta: RecommenderMeta = {
  id: 'bayesian-mf',
  name: 'Bayesian matrix factorization (Gibbs)',
  family: 'factorization',
  formula: '\\hat r_{ui} = \\mu + \\bar b_u + \\bar b_i + \\bar{\\mathbf{q}}_u^{\\top}\\bar{\\mathbf{p}}_i',
  summary:
    'Bayesian probabilistic MF (Salakhutdinov & Mnih) with biases: Gibbs sampling draws every user’s and item’s bias and k-factor vector from their posterior under learned Gaussian priors, and the model scores with the averages of the samples kept after burn-in. No learning rate and little to tune; among the most accurate simple rating predictors.',
  feedback: 'explicit',
  predictsRatings: true,
  usesGpu: false,
  iterative: true,
  similarity: { symbol: 'cos', description: 'cosine of the posterior-mean item vectors' },
  params: [
    { key: 'factors', label: 'Factors k', help: 'Length of each vector q_u, p_i (each row also has a bias). A sweep costs about (k + 1)²/2 per rating.', type: 'integer', default: BAYESIAN_MF_DEFAULTS.factors, min: 1, max: 200 },
    {
      key: 'epochs',
      label: 'Gibbs sweeps',
      help: 'Each sweep redraws the priors’ means and precisions, then every user given the items, then every item given the users.',
      type: 'integer',
      default: BAYESIAN_MF_DEFAULTS.epochs,
      min: 1,
      max: 10_000,
    },
    {
      key: 'burnIn',
      label: 'Burn-in sweeps',
      help: 'Sweeps discarded before averaging (at least the last sweep is always kept). The validation curve shows the current sample during burn-in, then the running average of the predictions.',
      type: 'integer',
      default: BAYESIAN_MF_DEFAULTS.burnIn,
      min: 0,
      max: 10_000,
    },
    { key: 'alpha', label: 'Noise precision α', help: 'α = 1/σ² of r ~ N(r̂, σ²): larger trusts the ratings more (BPMF used 2 on Netflix). The starting value when α is learned.', type: 'number', default: BAYESIAN_MF_DEFAULTS.alpha, min: 0.01, max: 100 },
    { key: 'learnAlpha', label: 'Learn α', help: 'Sample α every sweep from its posterior under a weak Gamma(1, 1) prior instead of fixing it.', type: 'boolean', default: BAYESIAN_MF_DEFAULTS.learnAlpha },
    { key: 'beta0', label: 'Prior strength β₀', help: 'How many pseudo-rows pull the priors’ means toward 0 (Normal–Wishart hyperprior; BPMF used 2).', type: 'number', default: BAYESIAN_MF_DEFAULTS.beta0, min: 0.001, max: 100_000 },
    { key: 'w0', label: 'Wishart scale w₀', help: 'W₀ = w₀·I, ν₀ = k + 1: a priori the rows’ precision is about (k + 1)·w₀·I (BPMF used 1).', type: 'number', default: BAYESIAN_MF_DEFAULTS.w0, min: 0.001, max: 1000 },
    { key: 'seed', label: 'Seed', help: 'Seeds the initial factors and every draw of the sampler.', type: 'integer', default: BAYESIAN_MF_DEFAULTS.seed, min: 0, max: 2 ** 31 - 1 },
  ],
};
