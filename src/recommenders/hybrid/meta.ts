/** The MF + content hybrid: what the UI and the evaluation lab know before fitting. */
import { CPU_DEFAULT_TRAIN_PARAMS } from '../../model/params';
import type { TrainParams } from '../../model/params';
import { num } from '../params';
import type { ParamValues, RecommenderMeta } from '../types';
import { contentParams } from '../content/shared';

export const hybridMeta: RecommenderMeta = {
  id: 'hybrid-mf-content',
  name: 'Hybrid: MF + content',
  family: 'content',
  formula: '\\hat r_{ui} = \\mu + b_u + b_i + \\mathbf{q}_u^{\\top}\\mathbf{p}_i + \\mathbf{w}_u\\cdot\\mathbf{f}_i',
  summary:
    'Biased MF (the CPU trainer, SGD), then for each user a content profile w_u fitted by ridge regression on what MF gets wrong for them (their training residuals) from the item features (genres, title words). Items nobody rated have b_i = 0 and p_i = 0, so the content part alone tells them apart. The per-epoch curves are the MF stage’s.',
  params: [
    { key: 'factors', label: 'Factors k', help: 'Length of each vector q_u, p_i.', type: 'integer', default: CPU_DEFAULT_TRAIN_PARAMS.factors, min: 1, max: 512 },
    { key: 'epochs', label: 'Epochs', help: 'Passes of SGD over the training ratings.', type: 'integer', default: CPU_DEFAULT_TRAIN_PARAMS.epochs, min: 1, max: 500 },
    { key: 'learningRate', label: 'Learning rate η', help: 'Step size of SGD.', type: 'number', default: CPU_DEFAULT_TRAIN_PARAMS.learningRate, min: 1e-6, max: 10 },
    { key: 'regularization', label: 'Regularization', help: 'Weight of ‖q_u‖² + ‖p_i‖² + b_u² + b_i² per rating in MF.', type: 'number', default: CPU_DEFAULT_TRAIN_PARAMS.regularization, min: 0, max: 100 },
    { key: 'seed', label: 'Seed', help: 'Seeds the initial factors and every epoch’s shuffle.', type: 'integer', default: CPU_DEFAULT_TRAIN_PARAMS.seed, min: 0, max: 2 ** 31 - 1 },
    ...contentParams(),
  ],
  feedback: 'explicit',
  predictsRatings: true,
  usesGpu: false,
  iterative: true,
  similarity: { symbol: 'cos', description: 'cosine of the item feature vectors (genres and title words)' },
  needs: { itemFeatures: true },
};

/** The MF trainer's settings from checked values: SGD with the CPU trainer's batch size. */
export function hybridTrainParams(values: ParamValues): TrainParams {
  return {
    factors: num(values, 'factors'),
    epochs: num(values, 'epochs'),
    learningRate: num(values, 'learningRate'),
    regularization: num(values, 'regularization'),
    batchSize: CPU_DEFAULT_TRAIN_PARAMS.batchSize,
    optimizer: 'sgd',
    seed: num(values, 'seed'),
    validationFraction: 0,
  };
}
