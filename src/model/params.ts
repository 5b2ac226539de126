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
 * Defaults, tuned on MovieLens 100K u1.base → u1.test with the CPU trainer (test RMSE 0.932 after
 * 20 epochs, predictions unclipped; see cpuTrainer.ml100k.test.ts). Batch size barely changes the
 * result (1024 / 2048 / 4096 all ≈ 0.932) and 2048 keeps GPU steps large.
 * With the sum-form objective SGD's η per rating is the classic Funk-SVD step (γ = 2η, since the
 * squared error is not halved).
 */
export const DEFAULT_TRAIN_PARAMS: TrainParams = {
  factors: 32,
  epochs: 20,
  learningRate: 0.01,
  regularization: 0.1,
  batchSize: 2048,
  validationFraction: 0.1,
  seed: 42,
  optimizer: 'sgd',
};

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
}

/** What one optimisation step reports. */
export interface StepReport {
  /** 1-based, counted across epochs. */
  step: number;
  /** L_B / |B|: the full minibatch objective (data + regularisation) divided by the batch size. */
  loss: number;
}
