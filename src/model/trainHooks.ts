/** Callbacks a training run calls; shared by the CPU and tfjs trainers. */
import type { EpochReport, StepReport } from './params';

export interface TrainHooks {
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
}
