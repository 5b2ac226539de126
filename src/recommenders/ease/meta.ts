/** EASE: what the UI and the evaluation lab know before fitting. */
import { positiveAtParam } from '../implicit';
import type { RecommenderMeta } from '../types';

/**
 * λ = 500 is Steck's setting for MovieLens-sized data; on MovieLens 100K (msr split, seed 42,
 * every rating a positive) it gives nDCG@10 0.4847, P@10 0.4220, better than λ 250 (0.4830) and
 * λ 1000 (0.4755); see ease.ml100k.test.ts.
 */
export const EASE_DEFAULTS = { positiveAt: 4, lambda: 500 } as const;

export const easeMeta: RecommenderMeta = {
  id: 'ease',
  name: 'EASE',
  family: 'implicit',
  formula: '\\begin{gathered}s_{ui} = \\sum_j X_{uj} B_{ji},\\quad B = I - P\\,\\mathrm{diagMat}(1\\oslash\\mathrm{diag}\\,P),\\\\ P = (X^{\\top}X + \\lambda I)^{-1}\\end{gathered}',
  summary:
    'Embarrassingly Shallow Autoencoder (Steck 2019): one item × item weight matrix in closed form, from the inverse of the regularised item co-occurrence matrix, with no item allowed to predict itself. No training loop and a single parameter; among the strongest top-k recommenders on small and medium catalogues (it needs items² memory).',
  feedback: 'implicit',
  predictsRatings: false,
  usesGpu: false,
  iterative: false,
  similarity: { symbol: 'B', description: 'EASE weight B_ji: how much having item j adds to item i’s score' },
  params: [
    positiveAtParam(EASE_DEFAULTS.positiveAt),
    {
      key: 'lambda',
      label: 'L2 regularization λ',
      help: 'Added to the diagonal of XᵀX before inverting; larger λ shrinks the weights (Steck uses a few hundred on MovieLens).',
      type: 'number',
      default: EASE_DEFAULTS.lambda,
      min: 0,
    },
  ],
};
