/** Training settings and the reports a training run emits. */
import type { BackendName } from './backend';

export type { TrainHooks } from './trainHooks';

/** Settings of one training run; every backend trains the same model from them. */
export interface TrainParams {
  /** k: length of each factor vector q_u, p_i. */
  factors: number;
  epochs: number;
  /** η in θ ← θ − η∇ (SGD) or Adam's step size. */
  learningRate: number;
  /** λ in the objective's λ(‖q_u‖² + ‖p_i‖² + b_u² + b_i²). */
  regularization: number;
  /** Ratings per minibatch (the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Fraction of rows held out for validation, in [0, 1). */
  validationFraction: number;
  /** Seeds the one rng that draws the split, the initial factors and every epoch's shuffle. */
  seed: number;
  optimizer: 'sgd' | 'adam';
}

/**
 * Defaults on a GPU backend (webgpu, webgl): few, large Adam steps. A tfjs step's cost is dominated
 * by the dense gather gradient (unsortedSegmentSum; ~130 ms for 2048×32 on SwiftShader, the software
 * GPU of CI), and every step touches whole tables, so fewer, larger steps win; Adam copes with the
 * large batch. Measured with the CPU trainer (same model): demo data validation RMSE 0.729 after 8
 * epochs (before the demo gained its film series); MovieLens 100K u1.base → u1.test RMSE 0.944.
 */
export const DEFAULT_TRAIN_PARAMS: TrainParams = {
  factors: 16,
  epochs: 8,
  learningRate: 0.05,
  regularization: 0.1,
  batchSize: 4096,
  validationFraction: 0.1,
  seed: 42,
  optimizer: 'adam',
};

/**
 * Defaults on the CPU trainer: SGD, which updates only the rows in each batch (exactly equal to dense
 * SGD), so a step costs O(|B|·k) however large the catalogue, where dense Adam would cost
 * O((users + items)·k). MovieLens 100K u1.base → u1.test RMSE 0.932 after 20 epochs (0.9257 when
 * re-measured with seed 42).
 * With the sum-form objective SGD's η per rating is the classic Funk-SVD step (γ = 2η, since the
 * squared error is not halved).
 */
export const CPU_DEFAULT_TRAIN_PARAMS: TrainParams = {
  factors: 32,
  epochs: 20,
  learningRate: 0.01,
  regularization: 0.1,
  batchSize: 2048,
  validationFraction: 0.1,
  seed: 42,
  optimizer: 'sgd',
};

/** The settings a backend starts with (see DEFAULT_TRAIN_PARAMS and CPU_DEFAULT_TRAIN_PARAMS). */
export function defaultTrainParamsFor(backend: BackendName): TrainParams {
  return { ...(backend === 'cpu' ? CPU_DEFAULT_TRAIN_PARAMS : DEFAULT_TRAIN_PARAMS) };
}

/** Standard deviation of the N(0, σ²) initial factor entries. */
export const INIT_STD = 0.1;

/** Adam's constants (ε passed explicitly to tfjs, whose default depends on the backend). */
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

/** What one finished epoch reports. */
export interface EpochReport {
  /** 1-based. */
  epoch: number;
  /**
   * Data term only: mean of (r̂ − r)² over the epoch's training rows, each row's r̂ taken in its
   * batch's forward pass (before that batch's update). No regularisation term.
   */
  trainLoss: number;
  /**
   * What trainLoss is when it is not the mean squared error of ratings, as the loss chart labels
   * it, e.g. 'BPR loss −ln σ(x̂_uij)' or 'binary cross-entropy'. Absent: squared error.
   */
  lossLabel?: string;
  /** RMSE on the validation rows after the epoch (NaN when there are none); r̂ unclipped. */
  valRmse: number;
  /** MAE on the validation rows after the epoch (NaN when there are none); r̂ unclipped. */
  valMae: number;
  /** Wall time of the epoch's training steps, ms (validation scoring excluded). */
  epochMs: number;
  /** Training rows / (epochMs / 1000). */
  ratingsPerSec: number;
  backend: BackendName;
  /** tf.memory().numTensors at the end of the epoch (0 for the CPU trainer). */
  tensors: number;
  /** tf.memory().numBytes at the end of the epoch (CPU trainer: bytes of its typed arrays). */
  bytes: number;
  /**
   * A trainer's remark for the status line, e.g. the sgd-wasm kernel's thread count, why it runs on
   * fewer threads than asked and which reproducibility guarantee holds.
   */
  note?: string;
}

/** What one optimisation step reports. */
export interface StepReport {
  /** 1-based, counted across epochs. */
  step: number;
  /** L_B / |B|: the full minibatch objective (data + regularisation) divided by the batch size. */
  loss: number;
}
