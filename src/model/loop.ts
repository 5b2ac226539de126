/**
 * The epoch/step driver shared by the CPU and tfjs trainers, so both run the same batches in the
 * same order and stop, report and yield the same way. A backend supplies a StepRunner.
 */
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import type { BackendName } from './backend';
import { createYielder, epochBatches, scoreRows } from './batches';
import type { TrainingSetup } from './batches';
import type { TrainParams } from './params';
import type { OptimizerState, TrainHooks } from './trainHooks';

/** How long the driver may run before it yields to the event loop, ms. */
export const YIELD_EVERY_MS = 25;

/** One backend's implementation of a training step and read-backs. */
export interface StepRunner {
  /**
   * One optimisation step on the batch `rows` (indices into the ratings columns); `t` is the 1-based
   * step number (Adam's bias correction). Returns L_B (sum-form minibatch objective) when `wantLoss`.
   */
  step(rows: Int32Array, t: number, wantLoss: boolean): number | undefined | Promise<number | undefined>;
  /** Σ(r̂ − r)² over the rows stepped since the last call (forward-pass values), then resets it. */
  takeEpochSqErr(): number | Promise<number>;
  /** The current tables as a model (may be the live arrays; callers must not keep it across steps). */
  snapshot(): MfModel | Promise<MfModel>;
  memory(): { tensors: number; bytes: number };
  /** Adam's moments now (a copy), for checkpoints; absent when the runner keeps none. */
  optimizerState?(): OptimizerState | Promise<OptimizerState>;
  /** Sets Adam's moments (from a checkpoint) before the first step. */
  setOptimizerState?(state: OptimizerState): void | Promise<void>;
}

/** What a per-rating kernel offers the driver: one pass over a chunk, its live tables and its size. */
export interface ChunkKernel {
  run(rows: Int32Array, wantObjective: boolean): { sqErr: number; objective: number } | Promise<{ sqErr: number; objective: number }>;
  view(): MfModel;
  bytes: number;
}

/** The StepRunner of a per-rating kernel: each chunk is a step, Σ e² summed over the epoch. */
export function chunkRunner(kernel: ChunkKernel): StepRunner {
  let epochSqErr = 0;
  return {
    async step(chunk, _t, wantLoss) {
      const { sqErr, objective } = await kernel.run(chunk, wantLoss);
      epochSqErr += sqErr;
      return wantLoss ? objective : undefined;
    },
    takeEpochSqErr() {
      const s = epochSqErr;
      epochSqErr = 0;
      return s;
    },
    snapshot: () => kernel.view(),
    memory: () => ({ tensors: 0, bytes: kernel.bytes }),
  };
}

/** A copy of `m` with fresh arrays. */
export function copyModel(m: MfModel): MfModel {
  return { ...m, userBias: m.userBias.slice(), itemBias: m.itemBias.slice(), userFactors: m.userFactors.slice(), itemFactors: m.itemFactors.slice() };
}

/**
 * Runs epochs setup.startEpoch + 1 … params.epochs (or until shouldStop / maxSteps, counted in this
 * run's steps) and returns the final snapshot.
 */
export async function runTraining(
  data: RatingsColumns,
  setup: TrainingSetup,
  params: TrainParams,
  hooks: TrainHooks,
  backend: BackendName,
  runner: StepRunner,
): Promise<MfModel> {
  const { rng, train, validation, startEpoch } = setup;
  const stepsPerEpoch = Math.ceil(train.length / params.batchSize);
  // a resumed run's progress counts the checkpoint's epochs as done
  const stepsBefore = startEpoch * stepsPerEpoch;
  const totalSteps = Math.max(1, Math.min(params.epochs * stepsPerEpoch, stepsBefore + (hooks.maxSteps ?? Infinity)));
  const yielder = createYielder();
  let lastYield = performance.now();
  let step = 0;
  const adam = params.optimizer === 'adam';
  const resumeState = startEpoch > 0 && adam ? hooks.resume?.optimizer : null;
  if (resumeState && runner.setOptimizerState) await runner.setOptimizerState(resumeState);
  try {
    for (let epoch = startEpoch + 1; epoch <= params.epochs; epoch++) {
      const batches = epochBatches(train, params.batchSize, rng);
      const started = performance.now();
      let stopped = false;
      for (const rows of batches) {
        if ((hooks.maxSteps !== undefined && step >= hooks.maxSteps) || hooks.shouldStop?.() === true) {
          stopped = true;
          break;
        }
        const wantLoss = hooks.onStep !== undefined;
        // Adam's bias correction counts the steps of the whole run, a resumed one's included
        const out = runner.step(rows, stepsBefore + step + 1, wantLoss);
        const loss = out instanceof Promise ? await out : out;
        step++;
        if (wantLoss) hooks.onStep?.({ step, loss: (loss ?? NaN) / rows.length });
        const now = performance.now();
        if (now - lastYield >= YIELD_EVERY_MS) {
          hooks.onProgress?.((stepsBefore + step) / totalSteps);
          await yielder.yield();
          lastYield = performance.now();
        }
      }
      if (stopped) break;
      const sqErr = await runner.takeEpochSqErr();
      const epochMs = performance.now() - started;
      const model = await runner.snapshot();
      const val = scoreRows(model, data, validation);
      if (hooks.onCheckpoint) {
        const optimizer = adam && runner.optimizerState ? await runner.optimizerState() : null;
        hooks.onCheckpoint({ epoch, model: copyModel(model), optimizer });
      }
      const mem = runner.memory();
      hooks.onEpoch?.({
        epoch,
        trainLoss: sqErr / train.length,
        valRmse: val.rmse,
        valMae: val.mae,
        epochMs,
        ratingsPerSec: train.length / (Math.max(epochMs, 1e-3) / 1000),
        backend,
        tensors: mem.tensors,
        bytes: mem.bytes,
      });
      hooks.onProgress?.(Math.min(1, (stepsBefore + step) / totalSteps));
    }
    return await runner.snapshot();
  } finally {
    yielder.close();
  }
}
