/** Biased matrix factorization: what the UI and the evaluation lab know before fitting. */
import { CPU_DEFAULT_TRAIN_PARAMS, DEFAULT_TRAIN_PARAMS } from '../../model/params';
import type { TrainParams } from '../../model/params';
import type { ParamValues, RecommenderMeta } from '../types';

/** The trainer's settings as parameter values (validationFraction belongs to the split, not the method). */
function asValues(p: TrainParams): ParamValues {
  return { factors: p.factors, epochs: p.epochs, learningRate: p.learningRate, regularization: p.regularization, batchSize: p.batchSize, optimizer: p.optimizer, seed: p.seed };
}

export const biasedMfMeta: RecommenderMeta = {
  id: 'biased-mf',
  name: 'Biased matrix factorization',
  family: 'factorization',
  formula: '\\hat r_{ui} = \\mu + b_u + b_i + \\mathbf{q}_u^{\\top}\\mathbf{p}_i',
  summary:
    'Learns a bias and a k-factor vector for every user and item by minibatch SGD or Adam on squared error + L2. Trains on WebGPU, WebGL or the CPU trainer.',
  feedback: 'explicit',
  predictsRatings: true,
  usesGpu: true,
  iterative: true,
  similarity: { symbol: 'cos', description: 'cosine of the learned item vectors' },
  params: [
    { key: 'factors', label: 'Factors k', help: 'Length of each vector q_u, p_i.', type: 'integer', default: CPU_DEFAULT_TRAIN_PARAMS.factors, min: 1, max: 512 },
    { key: 'epochs', label: 'Epochs', help: 'Passes over the training ratings.', type: 'integer', default: CPU_DEFAULT_TRAIN_PARAMS.epochs, min: 1, max: 500 },
    { key: 'learningRate', label: 'Learning rate η', help: 'Step size of SGD, or Adam’s step size.', type: 'number', default: CPU_DEFAULT_TRAIN_PARAMS.learningRate, min: 1e-6, max: 10 },
    { key: 'regularization', label: 'Regularization λ', help: 'Weight of λ(‖q_u‖² + ‖p_i‖² + b_u² + b_i²) per rating.', type: 'number', default: CPU_DEFAULT_TRAIN_PARAMS.regularization, min: 0, max: 100 },
    { key: 'batchSize', label: 'Batch size', help: 'Ratings per minibatch step.', type: 'integer', default: CPU_DEFAULT_TRAIN_PARAMS.batchSize, min: 1, max: 1_000_000 },
    {
      key: 'optimizer',
      label: 'Optimizer',
      help: 'SGD updates only the rows in a batch; Adam (as tfjs) moves every row every step.',
      type: 'choice',
      default: CPU_DEFAULT_TRAIN_PARAMS.optimizer,
      options: [
        { value: 'sgd', label: 'SGD' },
        { value: 'adam', label: 'Adam' },
      ],
    },
    {
      key: 'kernel',
      label: 'CPU kernel',
      help: 'On the CPU path with SGD: per-rating SGD in WebAssembly with SIMD (the default: every rating its own step, batch size unused; ~10× faster), or the batched typed-array trainer. GPU backends and Adam ignore it.',
      type: 'choice',
      default: 'sgd-wasm',
      options: [
        { value: 'batched-js', label: 'Batched JS' },
        { value: 'sgd-wasm', label: 'WebAssembly' },
      ],
    },
    {
      key: 'gpuKernel',
      label: 'WebGPU kernel',
      help: 'On WebGPU: tfjs (dense: every step rewrites whole tables; SGD or Adam), or per-rating SGD in our own WGSL kernel, which touches only the rows each rating needs (SGD only; batch size unused). Other backends ignore it.',
      type: 'choice',
      default: 'tfjs',
      options: [
        { value: 'tfjs', label: 'tfjs, dense' },
        { value: 'sgd-wgsl', label: 'WGSL, sparse' },
      ],
    },
    {
      key: 'threads',
      label: 'Threads',
      help:
        'Threads of the WebAssembly kernel (auto: the cores, at most 4), by DSGD: 8×8 blocks of users × items, 8 at a time, none sharing a row, so no races. From 2 threads up the same seed gives the same model bit for bit; 1 thread is the sequential loop. Needs a cross-origin-isolated page, else 1 thread (the status says so).',
      type: 'choice',
      default: 'auto',
      options: [
        { value: 'auto', label: 'Auto (≤ 4)' },
        ...[1, 2, 3, 4, 6, 8].map((n) => ({ value: String(n), label: String(n) })),
      ],
    },
    { key: 'seed', label: 'Seed', help: 'Seeds the initial factors and every epoch’s shuffle.', type: 'integer', default: CPU_DEFAULT_TRAIN_PARAMS.seed, min: 0, max: 2 ** 31 - 1 },
  ],
  // WebGPU: sparse per-rating SGD in our WGSL kernel, with the CPU's settings (measured on SwiftShader:
  // 1.2 M ratings/s against tfjs's 17 700); WebGL: few, large Adam steps (a tfjs step touches whole
  // tables); the CPU: sparse minibatch SGD.
  backendDefaults: {
    webgpu: { ...asValues(CPU_DEFAULT_TRAIN_PARAMS), gpuKernel: 'sgd-wgsl' },
    webgl: asValues(DEFAULT_TRAIN_PARAMS),
    cpu: asValues(CPU_DEFAULT_TRAIN_PARAMS),
  },
  backendDefaultsWhy: {
    cpu: 'per-rating SGD in WebAssembly with SIMD, on as many threads as this page allows, touching only the two rows each rating needs.',
    webgpu: 'per-rating SGD in the lab’s own WGSL kernel, which reads and writes only the rows each rating touches.',
    webgl: 'few, large Adam steps, since each tfjs step on the GPU touches the whole embedding tables.',
  },
};

/** The sgd-wasm kernel's thread request from checked parameter values ('auto' or a count). */
export function threadsOf(values: ParamValues): number | 'auto' {
  const t = values.threads;
  return t === undefined || t === 'auto' ? 'auto' : Number(t);
}

/** The trainer's settings from checked parameter values. */
export function trainParamsOf(values: ParamValues): TrainParams {
  return {
    factors: values.factors as number,
    epochs: values.epochs as number,
    learningRate: values.learningRate as number,
    regularization: values.regularization as number,
    batchSize: values.batchSize as number,
    optimizer: values.optimizer as TrainParams['optimizer'],
    seed: values.seed as number,
    validationFraction: 0,
  };
}
