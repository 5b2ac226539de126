/** User- and item-based k-NN: shared parameter schema and metadata. */
import type { KnnKind } from '../../math/knn';
import type { ParamSpec, RecommenderMeta } from '../types';

const SIMILARITIES = (kind: KnnKind) => [
  { value: 'cosine', label: 'Cosine' },
  { value: 'pearson', label: 'Pearson (mean-centred)' },
  ...(kind === 'item' ? [{ value: 'adjustedCosine', label: 'Adjusted cosine (user-mean-centred)' }] : []),
  { value: 'msd', label: 'Mean squared difference' },
  { value: 'jaccard', label: 'Jaccard (who rated, not how)' },
  { value: 'pearsonBaseline', label: 'Pearson-baseline (residuals of μ + b_u + b_i)' },
];

function knnParams(kind: KnnKind): ParamSpec[] {
  const other = kind === 'user' ? 'items' : 'users';
  return [
    {
      key: 'similarity',
      label: 'Similarity',
      help: `How alike two ${kind}s are, over the ${other} both have ratings for.`,
      type: 'choice',
      default: 'pearsonBaseline',
      options: SIMILARITIES(kind),
    },
    {
      key: 'variant',
      label: 'Prediction',
      help: 'Weighted average Σs·r/Σ|s|; mean-centred adds the target’s mean to weighted deviations; baseline-centred adds b_ui to weighted residuals.',
      type: 'choice',
      default: 'baseline',
      options: [
        { value: 'basic', label: 'Weighted average' },
        { value: 'means', label: 'Mean-centred' },
        { value: 'baseline', label: 'Baseline-centred' },
      ],
    },
    { key: 'k', label: 'Neighbours k', help: `At most this many most similar ${kind}s enter each prediction.`, type: 'integer', default: 40, min: 1, max: 1000 },
    { key: 'minK', label: 'Minimum neighbours', help: 'With fewer usable neighbours the prediction falls back to μ, the mean or the baseline.', type: 'integer', default: 1, min: 1, max: 1000 },
    { key: 'minSupport', label: 'Minimum co-rated', help: `Pairs with fewer co-rated ${other} get no similarity.`, type: 'integer', default: 1, min: 1, max: 10_000 },
    { key: 'shrinkage', label: 'Shrinkage β', help: 'Similarity s·n/(n + β) on n co-rated: pulls similarities on little evidence toward 0 (0 = none).', type: 'number', default: 100, min: 0, max: 100_000 },
    {
      key: 'listLength',
      label: 'Neighbour list length',
      help: `Neighbours kept per ${kind} (0 = automatic: every neighbour for a small catalogue, a bounded list for a large one).`,
      type: 'integer',
      default: 0,
      min: 0,
      max: 100_000,
    },
  ];
}

export function knnMeta(kind: KnnKind): RecommenderMeta {
  const user = kind === 'user';
  return {
    id: user ? 'user-knn' : 'item-knn',
    name: user ? 'User-based k-NN' : 'Item-based k-NN',
    family: 'neighbourhood',
    formula: user
      ? '\\hat r_{ui} = b_{ui} + \\frac{\\sum_{v\\in N_k(u;i)} s_{uv}\\,(r_{vi} - b_{vi})}{\\sum_{v\\in N_k(u;i)} |s_{uv}|}'
      : '\\hat r_{ui} = b_{ui} + \\frac{\\sum_{j\\in N_k(i;u)} s_{ij}\\,(r_{uj} - b_{uj})}{\\sum_{j\\in N_k(i;u)} |s_{ij}|}',
    summary: user
      ? 'Predicts from the k users most similar to you who rated the item. Neighbour lists are computed once per fit on the sparse rating matrix (never a dense users × items matrix).'
      : 'Predicts from the k items most similar to the target that you rated. Neighbour lists are computed once per fit on the sparse rating matrix; also lists similar items.',
    params: knnParams(kind),
    feedback: 'both',
    predictsRatings: true,
    usesGpu: false,
    iterative: false,
    ...(user ? {} : { similarity: { symbol: 's', description: 'item–item similarity over co-rating users' } }),
  };
}
