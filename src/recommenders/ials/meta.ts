/** Implicit ALS: what the UI and the evaluation lab know before fitting. */
import { positiveAtParam } from '../implicit';
import type { RecommenderMeta } from '../types';

/**
 * Defaults, tuned on MovieLens 100K with microsoft/recommenders' protocol (msr split seed 42, every
 * rating a positive, nDCG@10 over every test item; grid in ials.ml100k.test.ts). λ follows the
 * `implicit` library's convention (not scaled by counts), whose default 0.01 is far too small here
 * (nDCG@10 0.387): with c = 1 + α the best λ is 20–40, and α = 4, λ = 40 was best and the least
 * sensitive (0.4964; seed 1: 0.4956), also at positiveAt 4 (0.456, vs 0.450 for α = 1, λ = 20).
 */
export const IMPLICIT_ALS_DEFAULTS = {
  positiveAt: 4,
  factors: 64,
  epochs: 15,
  alpha: 4,
  lambda: 40,
  solver: 'cg',
  cgSteps: 3,
  seed: 42,
} as const;

export const implicitAlsMeta: RecommenderMeta = {
  id: 'implicit-als',
  name: 'Implicit ALS',
  family: 'implicit',
  formula: '\\begin{gathered}s_{ui} = \\mathbf{x}_u^{\\top}\\mathbf{y}_i,\\quad c_{ui} = 1 + \\alpha r_{ui},\\\\ \\min \\sum_{u,i} c_{ui}(p_{ui} - \\mathbf{x}_u^{\\top}\\mathbf{y}_i)^2 + \\lambda\\Big(\\sum_u \\lVert\\mathbf{x}_u\\rVert^2 + \\sum_i \\lVert\\mathbf{y}_i\\rVert^2\\Big)\\end{gathered}',
  summary:
    'Weighted matrix factorization for implicit feedback (Hu, Koren & Volinsky 2008): every user–item pair is a 0/1 preference, positives weighted by confidence 1 + α, and user and item vectors are solved in turn in closed form (or by a few conjugate-gradient steps, as the `implicit` library). Fast on large catalogues; its cost grows with the number of interactions.',
  feedback: 'implicit',
  predictsRatings: false,
  usesGpu: false,
  iterative: true,
  similarity: { symbol: 'cos', description: 'cosine of the item factor vectors' },
  params: [
    positiveAtParam(IMPLICIT_ALS_DEFAULTS.positiveAt),
    { key: 'factors', label: 'Factors k', help: 'Length of each vector x_u, y_i.', type: 'integer', default: IMPLICIT_ALS_DEFAULTS.factors, min: 1, max: 512 },
    { key: 'epochs', label: 'Iterations', help: 'Alternations: all user vectors, then all item vectors.', type: 'integer', default: IMPLICIT_ALS_DEFAULTS.epochs, min: 1, max: 200 },
    {
      key: 'alpha',
      label: 'Confidence α',
      help: 'A positive pair weighs c = 1 + α in the squared error; every other pair weighs 1 (preference 0).',
      type: 'number',
      default: IMPLICIT_ALS_DEFAULTS.alpha,
      min: 0,
    },
    {
      key: 'lambda',
      label: 'Regularization λ',
      help: 'Weight of λ(Σ‖x_u‖² + Σ‖y_i‖²), not scaled by counts (as the implicit library; Spark multiplies it by each row’s count).',
      type: 'number',
      default: IMPLICIT_ALS_DEFAULTS.lambda,
      min: 0,
    },
    {
      key: 'solver',
      label: 'Solver',
      help: 'Each vector’s k × k system: a few conjugate-gradient steps from its previous value (fast), or an exact Cholesky solve.',
      type: 'choice',
      default: IMPLICIT_ALS_DEFAULTS.solver,
      options: [
        { value: 'cg', label: 'Conjugate gradient' },
        { value: 'cholesky', label: 'Exact (Cholesky)' },
      ],
    },
    { key: 'cgSteps', label: 'CG steps', help: 'Conjugate-gradient steps per vector per iteration (solver CG).', type: 'integer', default: IMPLICIT_ALS_DEFAULTS.cgSteps, min: 1, max: 512 },
    { key: 'seed', label: 'Seed', help: 'Seeds the initial factors.', type: 'integer', default: IMPLICIT_ALS_DEFAULTS.seed, min: 0, max: 2 ** 31 - 1 },
  ],
};
