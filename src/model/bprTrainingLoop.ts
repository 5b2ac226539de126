/**
 * The BPR-MF epoch/step driver every BPR trainer runs: a backend supplies the step (BprStepRunner);
 * the driver draws the batches from the shared sampler, yields to the event loop, and reports
 * epochs, progress and checkpoints.
 */
import type { BprModel } from '../math/bpr';
import type { BackendName } from './backend';
import { createYielder } from './batches';
import { createBprBatch } from './bprSampling';
import type { BprBatch } from './bprSampling';
import { copyBprModel } from './bprTrainingSetup';
import type { BprTrainParams, BprTrainState, BprTrainingSetup } from './bprTrainingSetup';
import { YIELD_EVERY_MS } from './loop';
import type { OptimizerState, TrainHooks, TrainingCheckpoint } from './trainHooks';

/** What EpochReport.lossLabel says of the BPR trainers' trainLoss. */
export const BPR_LOSS_LABEL = 'BPR loss −ln σ(x̂_uij)';

/** One backend's BPR step and read-backs. */
export interface BprStepRunner {
  /**
   * One optimisation step on the first batch.size triples of `batch` (read synchronously: the
   * buffers are refilled for the next step); `t` is the 1-based step number (Adam's bias
   * correction). Returns L_B, the minibatch objective in sum form, when `wantLoss`.
   */
  step(batch: BprBatch, t: number, wantLoss: boolean): number | undefined | Promise<number | undefined>;
  /** Σ −ln σ(x̂_uij) over the triples stepped since the last call (forward-pass values), then resets it. */
  takeEpochLoss(): number | Promise<number>;
  /** The current tables (may be the live arrays; callers must not keep them across steps). */
  snapshot(): BprModel | Promise<BprModel>;
  memory(): { tensors: number; bytes: number };
  /** Adam's moments now (a copy: m and v of [q, p, b_i]), for checkpoints; absent when the runner keeps none. */
  optimizerState?(): OptimizerState | Promise<OptimizerState>;
  /** Sets Adam's moments (a checkpoint's) and its count of `steps` already taken, before the first step. */
  setOptimizerState?(state: OptimizerState, steps: number): void | Promise<void>;
}

/** Triples between two looks at the clock (performance.now() costs more than a small step). */
const TRIPLES_PER_CLOCK_CHECK = 512;

/**
 * Runs epochs setup.startEpoch + 1 … params.epochs of ⌈perEpoch / batchSize⌉ steps (or until
 * shouldStop / maxSteps, counted in this run's steps) and returns the final snapshot. Per finished
 * epoch, first a checkpoint (when onCheckpoint is set: a copy of the tables, the sampler's order, the
 * rng state and, with Adam, its moments), then an EpochReport: trainLoss = mean −ln σ(x̂_uij) over
 * the epoch's triples (each from its batch's forward pass), lossLabel BPR_LOSS_LABEL, valRmse and
 * valMae NaN (BPR predicts no ratings), ratingsPerSec = triples per second. A resumed run's Adam
 * starts from the checkpoint's moments and counts its steps on from the checkpoint's. Yields to the
 * event loop about every 25 ms.
 */
export async function runBprTraining(
  setup: BprTrainingSetup,
  params: BprTrainParams,
  hooks: TrainHooks<BprTrainState>,
  backend: BackendName,
  runner: BprStepRunner,
): Promise<BprModel> {
  const { sampler, startEpoch } = setup;
  const perEpoch = sampler.perEpoch;
  const stepsPerEpoch = Math.ceil(perEpoch / params.batchSize);
  // a resumed run's progress and Adam's step count take the checkpoint's epochs as done
  const stepsBefore = startEpoch * stepsPerEpoch;
  const totalSteps = Math.max(1, Math.min(params.epochs * stepsPerEpoch, stepsBefore + (hooks.maxSteps ?? Infinity)));
  const batch = createBprBatch(Math.min(params.batchSize, perEpoch));
  const yielder = createYielder();
  let lastYield = performance.now();
  let sinceClock = 0;
  let step = 0;
  const adam = params.optimizer === 'adam';
  const moments = startEpoch > 0 && adam ? hooks.resume?.optimizer : null;
  if (moments && runner.setOptimizerState) await runner.setOptimizerState(moments, stepsBefore);
  try {
    for (let epoch = startEpoch + 1; epoch <= params.epochs; epoch++) {
      sampler.startEpoch();
      const started = performance.now();
      let stopped = false;
      for (;;) {
        if ((hooks.maxSteps !== undefined && step >= hooks.maxSteps) || hooks.shouldStop?.() === true) {
          stopped = true;
          break;
        }
        const size = sampler.next(batch, params.batchSize);
        if (size === 0) break;
        const wantLoss = hooks.onStep !== undefined;
        const out = runner.step(batch, stepsBefore + step + 1, wantLoss);
        const loss = out instanceof Promise ? await out : out;
        step++;
        if (wantLoss) hooks.onStep?.({ step, loss: (loss ?? NaN) / size });
        sinceClock += size;
        if (sinceClock >= TRIPLES_PER_CLOCK_CHECK || out instanceof Promise) {
          sinceClock = 0;
          const now = performance.now();
          if (now - lastYield >= YIELD_EVERY_MS) {
            hooks.onProgress?.((stepsBefore + step) / totalSteps);
            await yielder.yield();
            lastYield = performance.now();
          }
        }
      }
      if (stopped) break;
      const lossSum = await runner.takeEpochLoss();
      const epochMs = performance.now() - started;
      if (hooks.onCheckpoint) hooks.onCheckpoint(await bprCheckpoint(epoch, setup, runner, adam));
      const mem = runner.memory();
      hooks.onEpoch?.({
        epoch,
        trainLoss: lossSum / perEpoch,
        lossLabel: BPR_LOSS_LABEL,
        valRmse: NaN,
        valMae: NaN,
        epochMs,
        ratingsPerSec: perEpoch / (Math.max(epochMs, 1e-3) / 1000),
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

/** The state after `epoch`: copies of the tables and the sampler's order, the rng state, Adam's moments (or null). */
async function bprCheckpoint(epoch: number, setup: BprTrainingSetup, runner: BprStepRunner, adam: boolean): Promise<TrainingCheckpoint<BprTrainState>> {
  const tables = copyBprModel(await runner.snapshot());
  const optimizer = adam && runner.optimizerState ? await runner.optimizerState() : null;
  return { epoch, model: { tables, order: setup.sampler.order() }, optimizer, rng: setup.rng.state() };
}
