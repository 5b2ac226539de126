/** Content-based (ridge on item features): what the UI and the evaluation lab know before fitting. */
import type { RecommenderMeta } from '../types';
import { contentParams } from './shared';

export const contentMeta: RecommenderMeta = {
  id: 'content',
  name: 'Content-based (ridge on features)',
  family: 'content',
  formula: '\\hat r_{ui} = \\bar r_u + \\mathbf{w}_u\\cdot\\mathbf{f}_i',
  summary:
    'The lessons’ content formula w_u·f_i on top of the user’s mean r̄_u: f_i is the item’s genres (1s) and title words (TF-IDF), and w_u a ridge regression of the user’s ratings minus their mean on the features of what they rated. Scores items nobody has rated from their features alone. On implicit data (every rating 1) r̄_u = 0 and w_u fits the 1s, so w_u·f_i ranks items by likeness to those the user chose.',
  params: contentParams(),
  feedback: 'explicit',
  predictsRatings: true,
  usesGpu: false,
  iterative: false,
  similarity: { symbol: 'cos', description: 'cosine of the item feature vectors (genres and title words)' },
  needs: { itemFeatures: true },
};
