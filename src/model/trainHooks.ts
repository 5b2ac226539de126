/** Callbacks a training run calls, and where it starts; shared by the CPU and GPU trainers. */
import type { MfModel } from '../math/mf';
import type { EpochReport, StepReport } from './params';

/**
 * Adam's moments, the same on every trainer: first moments of [q, p, b_u, b_i] then second moments,
 * each the shape of its table (fresh arrays). Adam's step count is the epochs' steps, so it is not kept.
 */
export interface OptimizerState {
  m: Float32Array[];
  v: Float32Array[];
}

/**
 * A trainer's state after a completed epoch: enough to go on from there (with the same data, split
 * and settings). `M` is the method's own tables (biased MF's MfModel by default; BPR's, NeuMF's, …),
 * plain objects of numbers and typed arrays, so they can be stored in IndexedDB as they are.
 */
export interface TrainingCheckpoint<M = MfModel> {
  /** Epochs completed. */
  epoch: number;
  /** The tables then (fresh arrays, the caller's to keep). */
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
  /** After every full epoch, the tables then (a copy; costs one read-back on a GPU). Trainers with checkpoints only. */
  onCheckpoint?(c: TrainingCheckpoint<M>): void;
  /**
   * Go on from a checkpoint of a run with the same data, split, settings and seed: the tables are
   * the checkpoint's and the rng replays the shuffles of its epochs, so the run continues exactly as
   * an uninterrupted one would (on another backend: as close as that backend's arithmetic; Adam's
   * moments start again at zero). Trainers with checkpoints only.
   */
  resume?: TrainingCheckpoint<M>;
}
