/** The GRU next-item model: what the UI and the evaluation lab know before fitting. */
import type { SequenceTrainParams } from '../../model/sequenceTrainer';
import type { ParamValues, RecommenderMeta } from '../types';

/**
 * Defaults on the CPU (the plain-JS network): small vectors and 64 sampled negatives, because every
 * multiply-add is a JS loop here (about 1 GMAC/s), and small batches (more Adam steps per epoch for
 * the same arithmetic: batch 8 reaches in 6 epochs what batch 32 reaches in 10). Measured in Node on
 * a busy 2-core machine, leave-last-out (temporalSplit lastN 1), HR@10 / nDCG@10 over all unrated
 * items: MovieLens 100K 0.157 / 0.078 in 21 s (popularity 0.086 / 0.045; seed 1: 0.133 / 0.069);
 * the demo data 0.217 / 0.185 in 14 s (popularity 0.113 / 0.056). More in sequence.ml100k.test.ts.
 */
export const SEQUENCE_CPU_DEFAULTS = {
  cell: 'gru',
  embeddingDim: 32,
  hiddenSize: 32,
  maxLength: 50,
  epochs: 8,
  learningRate: 0.01,
  batchSize: 8,
  negatives: 64,
  seed: 42,
} as const satisfies SequenceTrainParams;

/**
 * Defaults on a GPU backend (webgpu, webgl): larger vectors and 256 shared negatives (a [positions ×
 * 256] logit block per step; the full softmax, negatives 0, would hold positions × items logits,
 * ~10 MB per step on MovieLens 100K but gigabytes on a 100 000-item catalogue); larger batches,
 * since each step is a long chain of small kernels (a few per gate per time step) whose count does
 * not grow with the batch. Not tuned on a real GPU: the same model and loss as the CPU path, checked
 * for parity in sequenceTfjs.test.ts.
 */
export const SEQUENCE_GPU_DEFAULTS = {
  ...SEQUENCE_CPU_DEFAULTS,
  embeddingDim: 64,
  hiddenSize: 64,
  epochs: 10,
  batchSize: 32,
  negatives: 256,
} as const satisfies SequenceTrainParams;

const asValues = (p: SequenceTrainParams): ParamValues => ({ ...p });

export const sequenceMeta: RecommenderMeta = {
  id: 'gru-next-item',
  name: 'GRU next-item (sequence)',
  family: 'sequence',
  formula: '\\mathbf{h}_t = \\mathrm{GRU}(\\mathbf{h}_{t-1}, \\mathbf{e}_{x_t}),\\qquad s_i = \\mathbf{h}_T^{\\top}\\mathbf{o}_i + c_i',
  summary:
    'Reads each user’s items in the order they were rated with a recurrent network (GRU or LSTM) and learns to predict the next one; recommends what tends to come next after the user’s latest items. Needs timestamps. Good when order matters: series, sessions, trends.',
  feedback: 'both',
  predictsRatings: false,
  usesGpu: true,
  iterative: true,
  needs: { timestamps: true },
  similarity: { symbol: 'cos', description: 'cosine of the learned output vectors o_i (items that are predicted after the same histories)' },
  params: [
    {
      key: 'cell',
      label: 'Cell',
      help: 'GRU: update and reset gates. LSTM: input, forget and output gates and a separate cell state (a third more weights).',
      type: 'choice',
      default: SEQUENCE_CPU_DEFAULTS.cell,
      options: [
        { value: 'gru', label: 'GRU' },
        { value: 'lstm', label: 'LSTM' },
      ],
    },
    { key: 'embeddingDim', label: 'Embedding size d', help: 'Length of each input item vector e_i.', type: 'integer', default: SEQUENCE_CPU_DEFAULTS.embeddingDim, min: 1, max: 512 },
    { key: 'hiddenSize', label: 'Hidden size H', help: 'Length of the hidden state h_t and of each output vector o_i.', type: 'integer', default: SEQUENCE_CPU_DEFAULTS.hiddenSize, min: 1, max: 512 },
    {
      key: 'maxLength',
      label: 'Max sequence length',
      help: 'Only each user’s most recent items this many are read, in training and when scoring.',
      type: 'integer',
      default: SEQUENCE_CPU_DEFAULTS.maxLength,
      min: 2,
      max: 1000,
    },
    { key: 'epochs', label: 'Epochs', help: 'Passes over all users’ sequences.', type: 'integer', default: SEQUENCE_CPU_DEFAULTS.epochs, min: 1, max: 500 },
    { key: 'learningRate', label: 'Learning rate η', help: 'Adam’s step size.', type: 'number', default: SEQUENCE_CPU_DEFAULTS.learningRate, min: 1e-6, max: 1 },
    { key: 'batchSize', label: 'Batch size', help: 'Users’ sequences per Adam step.', type: 'integer', default: SEQUENCE_CPU_DEFAULTS.batchSize, min: 1, max: 100_000 },
    {
      key: 'negatives',
      label: 'Sampled negatives',
      help: 'Items drawn uniformly per step, shared by the batch: each position’s true next item competes with these (sampled softmax). 0 = against every item (full softmax: exact, but costs a pass over the catalogue per position).',
      type: 'integer',
      default: SEQUENCE_CPU_DEFAULTS.negatives,
      min: 0,
      max: 100_000,
    },
    { key: 'seed', label: 'Seed', help: 'Seeds the initial weights, every epoch’s shuffle and the negatives.', type: 'integer', default: SEQUENCE_CPU_DEFAULTS.seed, min: 0, max: 2 ** 31 - 1 },
  ],
  backendDefaults: { cpu: asValues(SEQUENCE_CPU_DEFAULTS), webgpu: asValues(SEQUENCE_GPU_DEFAULTS), webgl: asValues(SEQUENCE_GPU_DEFAULTS) },
  backendDefaultsWhy: {
    cpu: 'small vectors, small batches and 64 shared negatives, which the typed-array trainer runs fastest.',
    webgpu: 'larger vectors and batches and 256 shared negatives: a tfjs step is a long chain of small kernels whose count does not grow with the batch.',
    webgl: 'larger vectors and batches and 256 shared negatives: a tfjs step is a long chain of small kernels whose count does not grow with the batch.',
  },
};

/** The trainer's settings from checked parameter values. */
export function sequenceParamsOf(values: ParamValues): SequenceTrainParams {
  return {
    cell: values.cell as SequenceTrainParams['cell'],
    embeddingDim: values.embeddingDim as number,
    hiddenSize: values.hiddenSize as number,
    maxLength: values.maxLength as number,
    epochs: values.epochs as number,
    learningRate: values.learningRate as number,
    batchSize: values.batchSize as number,
    negatives: values.negatives as number,
    seed: values.seed as number,
  };
}
