/** BPR matrix factorization: what the UI and the evaluation lab know before fitting. */
import type { BprTrainParams } from '../../model/bprTrainingSetup';
import { positiveAtParam } from '../implicit';
import { choice, num } from '../params';
import type { ParamValues, RecommenderMeta } from '../types';

/**
 * Defaults on the CPU trainer: one triple per SGD step (Rendle's LearnBPR, as Cornac runs it),
 * which touches three rows per step and is robust however popular an item is. Chosen by measurement
 * on the microsoft/recommenders protocol (MovieLens 100K u.data, msr split seed 42, every rating a
 * positive, top 10): nDCG@10 0.4537, P@10 0.4079 (seeds 7, 1: 0.4475, 0.4495), where k 32 gave
 * 0.430, λ 0.01 0.443, λ 0.03 0.446, η 0.01 0.444, η 0.03 0.452, k 128 0.452, 50 epochs (η 0.03) 0.442.
 */
export const BPR_CPU_DEFAULTS: BprTrainParams = {
  factors: 64,
  epochs: 100,
  learningRate: 0.02,
  regularization: 0.02,
  batchSize: 1,
  optimizer: 'sgd',
  seed: 42,
};

/**
 * Defaults on WebGL (and tfjs's kernel on WebGPU): few, large Adam steps (a tfjs step touches whole tables, so one triple
 * per step would be far too slow: 16 384 triples per step is 5 steps per epoch on MovieLens 100K).
 * Adam rather than SGD because its steps do not grow with how often an item occurs in a batch
 * (summed SGD gradients of a very popular item would). Measured with the CPU trainer running the
 * same Adam steps, same protocol as above: nDCG@10 0.4583, P@10 0.4116; η 0.01 gave 0.452; batches
 * of 4096 with η 0.003 0.4615 (seed 7: 0.4548) for four times the steps; SGD with 16 384-triple
 * batches (η 0.02) 0.4543.
 */
export const BPR_GPU_DEFAULTS: BprTrainParams = {
  factors: 64,
  epochs: 100,
  learningRate: 0.005,
  regularization: 0.02,
  batchSize: 16384,
  optimizer: 'adam',
  seed: 42,
};

/** Triples per dispatch of the WGSL kernel on WebGPU (its batch size). */
export const BPR_WGSL_BATCH = 65_536;

/**
 * Defaults on WebGPU: per-triple Hogwild SGD in the WGSL kernel (gpuKernel 'sgd-wgsl') with the CPU's
 * settings, 65 536 triples per dispatch. Measured side by side on SwiftShader (k 64, seed 7, 20% of the
 * positives held out): on the demo data after 100 epochs validation AUC 0.7542 at 652 000 triples/s,
 * against 0.7457 at 6 300 triples/s for tfjs at BPR_GPU_DEFAULTS (Adam) and 0.7554 for the CPU's
 * per-triple SGD; on MovieLens 100K u1.base after 100 epochs 0.9122 at 656 000 triples/s against
 * tfjs Adam's 0.9112 at 3 850, and 0.9116 against the CPU's 0.9121 in another run.
 */
export const BPR_WGSL_DEFAULTS: BprTrainParams = { ...BPR_CPU_DEFAULTS, batchSize: BPR_WGSL_BATCH };

/** The trainer's settings as parameter values. */
function asValues(p: BprTrainParams): ParamValues {
  return { factors: p.factors, epochs: p.epochs, learningRate: p.learningRate, regularization: p.regularization, batchSize: p.batchSize, optimizer: p.optimizer, seed: p.seed };
}

export const bprMeta: RecommenderMeta = {
  id: 'bpr-mf',
  name: 'BPR matrix factorization',
  family: 'implicit',
  formula: '\\begin{gathered}\\hat x_{ui} = b_i + \\mathbf{q}_u^{\\top}\\mathbf{p}_i,\\\\ \\min \\sum_{(u,i,j)} -\\ln\\sigma(\\hat x_{ui} - \\hat x_{uj}) + \\tfrac{\\lambda}{2}\\lVert\\Theta\\rVert^2\\end{gathered}',
  summary:
    'Bayesian Personalized Ranking (Rendle et al. 2009): learns an item bias and k-factor vectors so that each user’s positives score above items they have no positive with, from sampled (user, positive, negative) triples. Ranks; predicts no ratings. Trains on WebGPU (by default in a sparse WGSL kernel), WebGL or the CPU trainer.',
  feedback: 'implicit',
  predictsRatings: false,
  usesGpu: true,
  iterative: true,
  similarity: { symbol: 'cos', description: 'cosine of the learned item vectors' },
  params: [
    positiveAtParam(4),
    { key: 'factors', label: 'Factors k', help: 'Length of each vector q_u, p_i.', type: 'integer', default: BPR_CPU_DEFAULTS.factors, min: 1, max: 512 },
    { key: 'epochs', label: 'Epochs', help: 'Passes over the positives; each pass draws one triple (u, i, j) per positive (u, i).', type: 'integer', default: BPR_CPU_DEFAULTS.epochs, min: 1, max: 1000 },
    { key: 'learningRate', label: 'Learning rate η', help: 'Step size of SGD, or Adam’s step size.', type: 'number', default: BPR_CPU_DEFAULTS.learningRate, min: 1e-6, max: 10 },
    {
      key: 'regularization',
      label: 'Regularization λ',
      help: 'Weight of (λ/2)(‖q_u‖² + ‖p_i‖² + ‖p_j‖² + b_i² + b_j²) per triple.',
      type: 'number',
      default: BPR_CPU_DEFAULTS.regularization,
      min: 0,
      max: 100,
    },
    { key: 'batchSize', label: 'Batch size', help: 'Triples per step. 1 is classic per-triple SGD (the CPU default).', type: 'integer', default: BPR_CPU_DEFAULTS.batchSize, min: 1, max: 1_000_000 },
    {
      key: 'optimizer',
      label: 'Optimizer',
      help: 'SGD updates only the rows in a batch; Adam (as tfjs) moves every row every step.',
      type: 'choice',
      default: BPR_CPU_DEFAULTS.optimizer,
      options: [
        { value: 'sgd', label: 'SGD' },
        { value: 'adam', label: 'Adam' },
      ],
    },
    // the WebAssembly kernel measured side by side with the JS trainer (scripts/benchBpr.ts: u1.base's 44 140
    // positives, k 64, the CPU defaults, one thread in Node): 7.42–7.44 M triples/s against 2.20–2.29 M
    // (3.26–3.37×; the bare kernel 12.8 M, the JS sampler the rest), the same loss 0.3199 after 8 epochs
    {
      key: 'kernel',
      label: 'CPU kernel',
      help: 'On the CPU path with SGD and batch size 1: per-triple SGD in WebAssembly with SIMD (the default; the same triples and steps, ~3× faster), or the typed-array JS trainer (which also runs Adam and larger batches). Other backends ignore it.',
      type: 'choice',
      default: 'sgd-wasm',
      options: [
        { value: 'js', label: 'JS' },
        { value: 'sgd-wasm', label: 'WebAssembly' },
      ],
    },
    {
      key: 'gpuKernel',
      label: 'WebGPU kernel',
      help: 'On WebGPU: tfjs (dense: every step rewrites whole tables; SGD or Adam), or per-triple SGD in our own WGSL kernel, which touches only rows u, i, j of each triple, Hogwild (SGD only; the batch size is the triples per dispatch). Other backends ignore it.',
      type: 'choice',
      default: 'tfjs',
      options: [
        { value: 'tfjs', label: 'tfjs, dense' },
        { value: 'sgd-wgsl', label: 'WGSL, sparse' },
      ],
    },
    { key: 'seed', label: 'Seed', help: 'Seeds the initial factors, every epoch’s shuffle and every negative drawn.', type: 'integer', default: BPR_CPU_DEFAULTS.seed, min: 0, max: 2 ** 31 - 1 },
  ],
  backendDefaults: {
    webgpu: { ...asValues(BPR_WGSL_DEFAULTS), gpuKernel: 'sgd-wgsl' },
    webgl: asValues(BPR_GPU_DEFAULTS),
    cpu: asValues(BPR_CPU_DEFAULTS),
  },
  backendDefaultsWhy: {
    cpu: 'per-triple SGD in WebAssembly with SIMD, which updates only rows u, i and j of each (u, i, j) triple.',
    webgpu: `per-triple SGD in the lab’s own WGSL kernel, ${BPR_WGSL_BATCH.toLocaleString('en-US')} triples a dispatch, touching only rows u, i and j.`,
    webgl: 'few, large Adam steps, since each tfjs step on the GPU touches the whole embedding tables.',
  },
};

/** The trainer's settings from checked parameter values. */
export function bprParamsOf(values: ParamValues): BprTrainParams {
  return {
    factors: num(values, 'factors'),
    epochs: num(values, 'epochs'),
    learningRate: num(values, 'learningRate'),
    regularization: num(values, 'regularization'),
    batchSize: num(values, 'batchSize'),
    optimizer: choice<BprTrainParams['optimizer']>(values, 'optimizer'),
    seed: num(values, 'seed'),
  };
}
