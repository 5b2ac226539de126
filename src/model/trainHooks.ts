/** Callbacks a training run calls, and where it starts; shared by the CPU and GPU trainers. */
import type { MfModel } from '../math/mf';
import type { EpochReport, StepReport } from './params';

/**
 * Adam's moments, the same on every trainer of a method: first moments of its tables (biased MF's
 * [q, p, b_u, b_i], BPR's [q, p, b_i]) then second moments, each the shape of its table (fresh
 * arrays). Adam's step count is the epochs' steps, so it is not kept.
 */
export interface OptimizerState {
  m: Float32Array[];
  v: Float32Array[];
}

/**
 * A trainer's state after a completed epoch: enough to go on from there (with the same data, split
 * and settings). `M` is the method's own state (biased MF's MfModel by default; BPR's tables and
 * sampler order, implicit ALS's factors, Bayesian MF's chain, …): plain objects of numbers and
 * typed arrays, so they can be stored in IndexedDB as they are.
 */
export interface TrainingCheckpoint<M = MfModel> {
  /** Epochs completed. */
  epoch: number;
  /** The method's state then (fresh arrays, the caller's to keep). */
  model: M;
  /** The optimizer's moments then (Adam's m and v, one array per table), or null (SGD keeps no state). */
  optimizer?: OptimizerState | null;
  /**
   * The run's generator state then (SeededRng.state()), for trainers that draw as they go (samplers):
   * createRng(rng) continues the draws. Trainers that replay their shuffles from the seed leave it out.
   */
  rng?: number;
}

export interface TrainHooks<M = MfModel> {
  /** After every full epoch (not after a partial epoch cut short by shouldStop / maxSteps). */
  onEpoch?(r: EpochReport): void;
  /** After every step, with that step's loss (tfjs: costs one read-back per step when set). */
  onStep?(r: StepReport): void;
  /** Fraction of all steps done, in [0, 1]. */
  onProgress?(fraction: number): void;
  /** Polled between steps; true stops training and returns the model so far. */
  shouldStop?(): boolean;
  /** Stop after this many steps in total. */
  maxSteps?: number;
  /**
   * After every full epoch, that epoch's state (copies; costs one read-back on a GPU), called BEFORE
   * onEpoch of the same epoch (the worker stores it when the report comes). Trainers with
   * checkpoints only: biased MF (CPU, WebAssembly, tfjs; MfModel), BPR-MF (CPU, tfjs; BprTrainState),
   * implicit ALS (ImplicitAlsTrainState) and Bayesian MF (BayesianMfTrainState, rng state).
   */
  onCheckpoint?(c: TrainingCheckpoint<M>): void;
  /**
   * Go on from a checkpoint of a run with the same data, split, settings and seed: the run starts at
   * epoch c.epoch + 1 from the checkpoint's state (biased MF replays the skipped epochs' shuffles from
   * the seed; BPR and Bayesian MF continue from the saved rng state), with Adam's moments and step
   * count when it has them, so it ends exactly as an uninterrupted run would on the CPU (on tfjs,
   * within float32 rounding; on another backend, as close as that backend's arithmetic, and Adam's
   * moments start at zero when the checkpoint has none). Trainers with checkpoints only (see
   * onCheckpoint); they throw, saying why, when the checkpoint does not fit the run.
   */
  resume?: TrainingCheckpoint<M>;
}
