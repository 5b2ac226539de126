/**
 * Training the next-item sequence model (src/math/sequence): the epoch/step driver shared by the
 * plain-JS runner (the 'cpu' backend) and the tfjs runner (sequenceTfjs.ts, webgpu / webgl), so both
 * see the same initial weights, batches and negatives in the same order. No tfjs here.
 */
import { createRng, randomInt } from '../math/random';
import type { Rng } from '../math/random';
import { SeqWorkspace, adamMoments, adamStep, batchLoss, batchPositions, clearGradients, initSeqWeights, weightSizes, zeroGradients } from '../math/sequence';
import type { SeqBatch, SeqCell, SeqWeights } from '../math/sequence';
import type { BackendName } from './backend';
import { createYielder, epochBatches } from './batches';
import { YIELD_EVERY_MS } from './loop';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './params';
import type { TrainHooks } from './trainHooks';

/** Settings of one sequence-model training run. */
export interface SequenceTrainParams {
  cell: SeqCell;
  /** d: input item embedding length. */
  embeddingDim: number;
  /** H: hidden state length. */
  hiddenSize: number;
  /** Each sequence is its last maxLength items (longer ones are cut from the front by the caller). */
  maxLength: number;
  epochs: number;
  /** Adam's step size η. */
  learningRate: number;
  /** Sequences per step. */
  batchSize: number;
  /** Uniform negatives per step, shared by the batch (sampled softmax); 0 = full softmax over all items. */
  negatives: number;
  seed: number;
}

/** One backend's implementation of a training step. */
export interface SequenceStepRunner {
  /** One Adam step t (1-based) on the batch; returns Σℓ over its positions, taken before the update. */
  step(batch: SeqBatch, t: number): number | Promise<number>;
  /** The current weights (may be the live arrays: copy before the next step to keep them). */
  weights(): SeqWeights | Promise<SeqWeights>;
  memory(): { tensors: number; bytes: number };
  dispose(): void;
}

/** What the loss chart calls the epoch's training loss. */
export function sequenceLossLabel(negatives: number): string {
  return negatives === 0 ? 'softmax cross-entropy over all items' : `sampled softmax cross-entropy (${negatives} shared negatives)`;
}

/** Throws a clear error for settings out of range. */
export function checkSequenceParams(p: SequenceTrainParams): void {
  const whole = (key: keyof SequenceTrainParams, min: number): void => {
    const v = p[key];
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= min)) throw new Error(`${key} must be a whole number ≥ ${min}, got ${String(v)}`);
  };
  whole('embeddingDim', 1);
  whole('hiddenSize', 1);
  whole('maxLength', 2);
  whole('epochs', 0);
  whole('batchSize', 1);
  whole('negatives', 0);
  if (!(p.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${p.learningRate}`);
}

/** The plain-JS runner: exact BPTT gradients (network.ts) and dense Adam (adam.ts), in place on `w`. */
export function createSequenceCpuRunner(w: SeqWeights, params: SequenceTrainParams): SequenceStepRunner {
  const ws = new SeqWorkspace(w, Math.max(1, params.maxLength - 1));
  const g = zeroGradients(w);
  const moments = adamMoments(w);
  const settings = { learningRate: params.learningRate, beta1: ADAM_BETA1, beta2: ADAM_BETA2, epsilon: ADAM_EPSILON };
  const sizes = weightSizes(w);
  const nParams = Object.values(sizes).reduce((a, b) => a + b, 0);
  // weights, their two float32 moments and the float64 gradients
  const bytes = nParams * (4 + 8 + 8);
  return {
    step(batch, t) {
      clearGradients(g);
      const { lossSum } = batchLoss(w, batch, ws, g);
      adamStep(w, g, moments, t, settings);
      return lossSum;
    },
    weights: () => w,
    memory: () => ({ tensors: 0, bytes }),
    dispose: () => {},
  };
}

/** `count` uniform draws from 0…nItems−1 (with replacement). */
export function drawNegatives(rng: Rng, nItems: number, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let j = 0; j < count; j++) out[j] = randomInt(rng, nItems);
  return out;
}

/** What a training run returns. */
export interface SequenceTrainResult {
  weights: SeqWeights;
  /** Completed epochs (fewer than asked when stopped). */
  epochs: number;
  /** Training sequences (users with at least two items). */
  sequences: number;
  /** Training positions per epoch. */
  positions: number;
}

/**
 * Trains on `sequences` (each already cut to its last maxLength items; those shorter than 2 are
 * skipped) minimising the mean next-item cross-entropy L_B of src/math/sequence/network.ts per
 * batch, with Adam (β1 0.9, β2 0.999, ε 1e-8). One rng seeded by params.seed draws, in order: the
 * initial weights (initSeqWeights), then per epoch the shuffle of the sequences, then per step the
 * batch's `negatives` uniform items. EpochReport.trainLoss is the mean ℓ over the epoch's
 * positions (forward values); validation is NaN (there is no rating to predict). Stops between
 * steps when hooks.shouldStop() is true or hooks.maxSteps is reached; yields to the event loop about
 * every 25 ms. `makeRunner` receives the initial weights (a fresh copy it may update in place).
 */
export async function trainSequenceModel(
  sequences: readonly Int32Array[],
  nItems: number,
  params: SequenceTrainParams,
  hooks: TrainHooks<SeqWeights>,
  backend: BackendName,
  makeRunner: (init: SeqWeights) => SequenceStepRunner | Promise<SequenceStepRunner>,
): Promise<SequenceTrainResult> {
  checkSequenceParams(params);
  const rng = createRng(params.seed);
  const init = initSeqWeights({ cell: params.cell, nItems, embeddingDim: params.embeddingDim, hiddenSize: params.hiddenSize }, rng);
  const trainable = sequences.filter((s) => s.length >= 2);
  for (const s of trainable) {
    if (s.length > params.maxLength) throw new Error(`a training sequence has ${s.length} items, more than maxLength ${params.maxLength}`);
    for (const i of s) if (!(i >= 0 && i < nItems)) throw new Error(`item index ${i} is outside 0…${nItems - 1}`);
  }
  if (trainable.length === 0) throw new Error('no user has two or more training items: there is no next item to learn');
  const order = Int32Array.from(trainable.keys());
  const positions = batchPositions({ sequences: trainable, negatives: new Int32Array(0) });
  const stepsPerEpoch = Math.ceil(trainable.length / params.batchSize);
  const totalSteps = Math.max(1, Math.min(params.epochs * stepsPerEpoch, hooks.maxSteps ?? Infinity));
  const label = sequenceLossLabel(params.negatives);
  const runner = await makeRunner(init);
  const yielder = createYielder();
  let lastYield = performance.now();
  let step = 0;
  let done = 0;
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      const batches = epochBatches(order, params.batchSize, rng);
      const started = performance.now();
      let lossSum = 0;
      let stopped = false;
      for (const rows of batches) {
        if ((hooks.maxSteps !== undefined && step >= hooks.maxSteps) || hooks.shouldStop?.() === true) {
          stopped = true;
          break;
        }
        const batch: SeqBatch = { sequences: Array.from(rows, (j) => trainable[j]!), negatives: drawNegatives(rng, nItems, params.negatives) };
        const out = runner.step(batch, step + 1);
        const sum = out instanceof Promise ? await out : out;
        step++;
        lossSum += sum;
        hooks.onStep?.({ step, loss: sum / Math.max(1, batchPositions(batch)) });
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          hooks.onProgress?.(step / totalSteps);
          await yielder.yield();
          lastYield = performance.now();
        }
      }
      if (stopped) break;
      const epochMs = performance.now() - started;
      const mem = runner.memory();
      done = epoch;
      hooks.onEpoch?.({
        epoch,
        trainLoss: lossSum / positions,
        lossLabel: label,
        valRmse: NaN,
        valMae: NaN,
        epochMs,
        ratingsPerSec: positions / (Math.max(epochMs, 1e-3) / 1000),
        backend,
        tensors: mem.tensors,
        bytes: mem.bytes,
      });
      hooks.onProgress?.(Math.min(1, step / totalSteps));
    }
    const w = await runner.weights();
    return { weights: w, epochs: done, sequences: trainable.length, positions };
  } finally {
    yielder.close();
    runner.dispose();
  }
}
