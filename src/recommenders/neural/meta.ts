/** The neural methods (neural scorer, NCF / NeuMF): what the UI and the evaluation lab know before fitting. */
import type { NeuralLoss } from '../../math/neural/loss';
import type { NeuralTrainParams } from '../../model/neuralTrainer';
import { positiveAtParam } from '../implicit';
import { num } from '../params';
import type { ParamSpec, ParamValues, RecommenderMeta } from '../types';

/** Hidden-layer presets of NCF (widths bottom first, after the 2d-wide input [h_u; h_i]). */
export const NCF_LAYER_PRESETS = ['8,4', '16,8', '32,16,8', '64,32,16', '128,64,32'] as const;

/**
 * Defaults of the neural scorer. On MovieLens 100K (protocol as below) it gets nDCG@10 0.2553,
 * P@10 0.2323 in 5 s — the most-popular list gets 0.2540 / 0.2310: one ranking for everyone.
 */
export const NEURAL_SCORER_DEFAULTS = {
  positiveAt: 4,
  negatives: 4,
  embeddingDim: 16,
  epochs: 10,
  learningRate: 0.001,
  batchSize: 1024,
  seed: 42,
  loss: 'bce' as NeuralLoss,
};

/**
 * Defaults of NCF, chosen on MovieLens 100K with microsoft/recommenders' protocol (u.data, msr split
 * seed 42, positiveAt 0, top-10, CPU path in Node on 2 cores; published NeuMF: nDCG@10 0.396,
 * P@10 0.347). nDCG@10 / P@10 / fit time: these defaults (d 16, 16 → 8, GMF 16, 15 epochs)
 * 0.4387 / 0.3836 / ~32 s; recommenders' own settings (d 8, 8 → 4, GMF 4) 0.3847 / 0.3386 / 14 s;
 * d 8, 16 → 8, GMF 8: 0.4051 / 0.3576; d 8, 8 → 4, GMF 16: 0.4260 / 0.3751 / 19 s; GMF 32:
 * 0.4288 / 0.3775; d 16, 32 → 16 → 8, GMF 16: 0.4260 / 0.3731; 20 epochs: 0.4295 / 0.3764 (over-
 * fits); without GMF (d 16, 32 → 16 → 8, 10 epochs) 0.3511 / 0.3056. A step costs about
 * 3·Σ in·out multiply-adds per example in plain JS (d 32 with 64 → 32 → 16: ~14 s per epoch).
 */
export const NCF_DEFAULTS = {
  positiveAt: 4,
  negatives: 4,
  embeddingDim: 16,
  layers: '16,8',
  gmf: true,
  gmfDim: 16,
  epochs: 15,
  learningRate: 0.001,
  batchSize: 1024,
  seed: 42,
  loss: 'bce' as NeuralLoss,
};

const commonHead = (d: { positiveAt: number; negatives: number; embeddingDim: number }): ParamSpec[] => [
  positiveAtParam(d.positiveAt),
  {
    key: 'negatives',
    label: 'Negatives per positive',
    help: 'For every positive, this many items the user has no positive with are drawn uniformly as 0-labelled examples, fresh every epoch.',
    type: 'integer',
    default: d.negatives,
    min: 1,
    max: 100,
  },
  { key: 'embeddingDim', label: 'Embedding size d', help: 'Length of each learned vector h_u, h_i; the input [h_u; h_i] has 2d entries.', type: 'integer', default: d.embeddingDim, min: 1, max: 256 },
];

const commonTail = (d: { epochs: number; learningRate: number; batchSize: number; seed: number; loss: NeuralLoss }): ParamSpec[] => [
  { key: 'epochs', label: 'Epochs', help: 'Passes over the positives and their freshly sampled negatives.', type: 'integer', default: d.epochs, min: 1, max: 500 },
  { key: 'learningRate', label: 'Learning rate η', help: 'Adam’s step size.', type: 'number', default: d.learningRate, min: 1e-6, max: 1 },
  { key: 'batchSize', label: 'Batch size', help: 'Examples (positives and negatives) per Adam step.', type: 'integer', default: d.batchSize, min: 1, max: 1_000_000 },
  { key: 'seed', label: 'Seed', help: 'Seeds the initial weights, every epoch’s negatives and its shuffle (the same on every backend).', type: 'integer', default: d.seed, min: 0, max: 2 ** 31 - 1 },
  {
    key: 'loss',
    label: 'Loss',
    help: 'Binary cross-entropy on 1 (positive) / 0 (negative) labels, or squared error of σ(z) against the rating scaled to [0, 1] (rating / max rating; negatives 0). The score is σ(z) either way.',
    type: 'choice',
    default: d.loss,
    options: [
      { value: 'bce', label: 'Binary cross-entropy' },
      { value: 'mse', label: 'Squared error on scaled ratings' },
    ],
  },
];

const similarity = { symbol: 'cos', description: 'cosine of the learned item embeddings h_i' };

export const neuralScorerMeta: RecommenderMeta = {
  id: 'neural-scorer',
  name: 'Neural scorer σ(w·[h_u; h_i] + b)',
  family: 'neural',
  formula: '\\hat y_{ui} = \\sigma\\!\\left(\\mathbf{w}\\cdot[\\mathbf{h}_u;\\mathbf{h}_i] + b\\right) = \\sigma\\!\\left(\\mathbf{w}_u\\cdot\\mathbf{h}_u + \\mathbf{w}_i\\cdot\\mathbf{h}_i + b\\right)',
  summary:
    'The lessons’ neural scorer: learned embeddings h_u, h_i, concatenated and fed to one sigmoid neuron, trained with binary cross-entropy on positives and sampled negatives. The lesson it teaches: w·[h_u; h_i] = w_u·h_u + w_i·h_i is a user term plus an item term, so it cannot model how a user and an item interact — every user gets the same ranking (a popularity-like model). That is why NCF adds hidden layers. Scores are probabilities, not rating predictions.',
  feedback: 'both',
  predictsRatings: false,
  usesGpu: true,
  iterative: true,
  similarity,
  params: [...commonHead(NEURAL_SCORER_DEFAULTS), ...commonTail(NEURAL_SCORER_DEFAULTS)],
};

export const ncfMeta: RecommenderMeta = {
  id: 'ncf',
  name: 'NCF / MLP (NeuMF)',
  family: 'neural',
  formula:
    '\\hat y_{ui} = \\sigma\\!\\left(\\mathbf{w}\\cdot[\\mathbf{a}^{(L)};\\ \\mathbf{p}_u\\odot\\mathbf{q}_i] + b\\right),\\quad \\mathbf{a}^{(l)} = \\mathrm{ReLU}\\!\\left(\\mathbf{a}^{(l-1)}W_l + \\mathbf{b}_l\\right),\\ \\mathbf{a}^{(0)} = [\\mathbf{h}_u;\\mathbf{h}_i]',
  summary:
    'Neural collaborative filtering (He et al. 2017): [h_u; h_i] through Dense + ReLU layers, so the score can depend on how this user and this item combine; with the GMF branch on (NeuMF) the elementwise product p_u ⊙ q_i joins the last layer before the sigmoid output. Trained with binary cross-entropy on positives and sampled negatives; scores are probabilities, not rating predictions.',
  feedback: 'both',
  predictsRatings: false,
  usesGpu: true,
  iterative: true,
  similarity,
  params: [
    ...commonHead(NCF_DEFAULTS),
    {
      key: 'layers',
      label: 'Hidden layers',
      help: 'Widths of the Dense + ReLU layers after the 2d-wide input [h_u; h_i], bottom first. 8,4 with d 8 and GMF 4 is microsoft/recommenders’ benchmark NeuMF.',
      type: 'choice',
      default: NCF_DEFAULTS.layers,
      options: NCF_LAYER_PRESETS.map((p) => ({ value: p, label: p.split(',').join(' → ') })),
    },
    { key: 'gmf', label: 'GMF branch (NeuMF)', help: 'Adds the elementwise product p_u ⊙ q_i of separate GMF embeddings next to the last hidden layer, as NeuMF does.', type: 'boolean', default: NCF_DEFAULTS.gmf },
    { key: 'gmfDim', label: 'GMF size', help: 'Length of p_u, q_i (used when the GMF branch is on).', type: 'integer', default: NCF_DEFAULTS.gmfDim, min: 1, max: 256 },
    ...commonTail(NCF_DEFAULTS),
  ],
};

/** The trainer's settings from checked parameter values. */
export function neuralTrainParamsOf(values: ParamValues): NeuralTrainParams {
  return {
    epochs: num(values, 'epochs'),
    learningRate: num(values, 'learningRate'),
    batchSize: num(values, 'batchSize'),
    negatives: num(values, 'negatives'),
    seed: num(values, 'seed'),
    loss: values.loss as NeuralLoss,
  };
}
