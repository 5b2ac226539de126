/**
 * Training the next-item sequence model (src/math/sequence): the epoch/step driver shared by the
 * plain-JS runner (the 'cpu' backend) and the tfjs runner (sequenceTfjs.ts, webgpu / webgl), so both
 * see the same initial weights, batches and negatives in the same order. No tfjs here.
 */
import { createRng, randomInt } from '../math/random';
import type { Rng, SeededRng } from '../math/random';
import { SEQ_WEIGHT_KEYS, SeqWorkspace, adamMoments, adamStep, batchLoss, batchPositions, checkWeights, clearGradients, copyWeights, initSeqWeights, shapeOf, weightSizes, zeroGradients } from '../math/sequence';
import type { SeqBatch, SeqCell, SeqShape, SeqWeights } from '../math/sequence';
import type { BackendName } from './backend';
import { createYielder, epochBatches } from './batches';
import { YIELD_EVERY_MS } from './loop';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './params';
import type { OptimizerState, TrainHooks, TrainingCheckpoint } from './trainHooks';

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
  /** Adam's moments now (copies, one per table in SEQ_WEIGHT_KEYS order), for a checkpoint. */
  optimizerState?(): OptimizerState | Promise<OptimizerState>;
  /** Sets Adam's moments (a checkpoint's) and its step count to `stepsDone`, before the first step. */
  setOptimizerState?(state: OptimizerState, stepsDone: number): void | Promise<void>;
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
    optimizerState: () => ({ m: SEQ_WEIGHT_KEYS.map((k) => moments[k].m.slice()), v: SEQ_WEIGHT_KEYS.map((k) => moments[k].v.slice()) }),
    // the step count needs no setting here: the driver passes each step's t
    setOptimizerState(state) {
      checkMoments(state, w);
      SEQ_WEIGHT_KEYS.forEach((k, j) => {
        moments[k].m.set(state.m[j]!);
        moments[k].v.set(state.v[j]!);
      });
    },
    dispose: () => {},
  };
}

/** Throws a clear Error unless `state` has a first and second moment of each table's size, in SEQ_WEIGHT_KEYS order. */
function checkMoments(state: OptimizerState, w: SeqShape): void {
  const sizes = weightSizes(w);
  for (const kind of ['m', 'v'] as const) {
    const tables = state[kind];
    if (tables.length !== SEQ_WEIGHT_KEYS.length) throw new Error(`the checkpoint has Adam moments of ${tables.length} tables, the sequence model ${SEQ_WEIGHT_KEYS.length}`);
    SEQ_WEIGHT_KEYS.forEach((k, j) => {
      if (tables[j]!.length !== sizes[k]) throw new Error(`the checkpoint's Adam moments of ${k} have ${tables[j]!.length} entries, this model's ${sizes[k]}`);
    });
  }
}

/** `count` uniform draws from 0…nItems−1 (with replacement). */
export function drawNegatives(rng: Rng, nItems: number, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let j = 0; j < count; j++) out[j] = randomInt(rng, nItems);
  return out;
}

/** One step of an epoch: the batch's rows (indices into the training sequences) and its shared negatives. */
interface PlannedStep {
  rows: Int32Array;
  negatives: Int32Array;
}

/**
 * One epoch's draws, in the order the trainer makes them: the shuffle of `order` (in place, so each
 * epoch's order is a shuffle of the previous one's), then each step's `negatives` uniform items.
 */
function planEpoch(order: Int32Array, params: SequenceTrainParams, nItems: number, rng: Rng): PlannedStep[] {
  return epochBatches(order, params.batchSize, rng).map((rows) => ({ rows, negatives: drawNegatives(rng, nItems, params.negatives) }));
}

/** Where a run starts: its generator, first weights, the order of the sequences and the epochs already done. */
interface SequenceStart {
  rng: SeededRng;
  init: SeqWeights;
  order: Int32Array;
  startEpoch: number;
}

/**
 * A fresh run's start (createRng(seed), initSeqWeights from it, the sequences in their given order),
 * or a checkpoint's: a copy of its weights, with the draws of its epochs replayed from the seed (no
 * training, only the generator), which gives the epoch order the checkpoint's run had reached and
 * its generator state, checked against the checkpoint's. Throws a clear Error for a checkpoint of
 * another model, past the run's epochs, or of another run.
 */
function sequenceStart(shape: SeqShape, params: SequenceTrainParams, nSequences: number, resume?: TrainingCheckpoint<SeqWeights>): SequenceStart {
  const rng = createRng(params.seed);
  const init = initSeqWeights(shape, rng);
  const order = Int32Array.from({ length: nSequences }, (_, j) => j);
  if (!resume) return { rng, init, order, startEpoch: 0 };
  const c = resume.model;
  if (c.cell !== shape.cell || c.nItems !== shape.nItems || c.embeddingDim !== shape.embeddingDim || c.hiddenSize !== shape.hiddenSize) {
    throw new Error(`the checkpoint is a ${c.cell} of ${c.nItems} items, d ${c.embeddingDim}, H ${c.hiddenSize}; this run a ${shape.cell} of ${shape.nItems} items, d ${shape.embeddingDim}, H ${shape.hiddenSize}`);
  }
  checkWeights(c);
  if (!(Number.isInteger(resume.epoch) && resume.epoch >= 0 && resume.epoch <= params.epochs)) throw new Error(`cannot resume after epoch ${resume.epoch} of ${params.epochs}`);
  for (let e = 0; e < resume.epoch; e++) planEpoch(order, params, shape.nItems, rng);
  if (resume.rng !== undefined && resume.rng !== rng.state()) throw new Error('the checkpoint was written by a run with other sequences or settings (its generator state differs)');
  return { rng, init: copyWeights(c), order, startEpoch: resume.epoch };
}

/** The state after `epoch`: copies of the weights and Adam's moments (null when the runner keeps none to give), and the generator's state. */
async function sequenceCheckpoint(epoch: number, runner: SequenceStepRunner, rng: SeededRng): Promise<TrainingCheckpoint<SeqWeights>> {
  const model = copyWeights(await runner.weights());
  const optimizer = runner.optimizerState ? await runner.optimizerState() : null;
  return { epoch, model, optimizer, rng: rng.state() };
}

/** Sets a resumed run's Adam moments on the runner; throws when it cannot take them. */
async function resumeOptimizer(runner: SequenceStepRunner, state: OptimizerState | null | undefined, stepsDone: number): Promise<void> {
  if (!state) return;
  if (!runner.setOptimizerState) throw new Error('this runner cannot take the checkpoint’s Adam moments');
  await runner.setOptimizerState(state, stepsDone);
}

/** What a training run returns. */
export interface SequenceTrainResult {
  weights: SeqWeights;
  /** Completed epochs, a resumed checkpoint's included (fewer than asked when stopped). */
  epochs: number;
  /** Training sequences (users with at least two items). */
  sequences: number;
  /** Training positions per epoch. */
  positions: number;
}

/**
 * Trains on `sequences` (each already cut to its last maxLength items; those shorter than 2 are
 * skipped) minimising the mean next-item cross-entropy L_B of src/math/sequence/loss.ts per
 * batch, with Adam (β1 0.9, β2 0.999, ε 1e-8). One rng seeded by params.seed draws, in order: the
 * initial weights (initSeqWeights), then per epoch the shuffle of the sequences, then per step the
 * batch's `negatives` uniform items. EpochReport.trainLoss is the mean ℓ over the epoch's
 * positions (forward values); validation is NaN (there is no rating to predict). Stops between
 * steps when hooks.shouldStop() is true or hooks.maxSteps is reached; yields to the event loop about
 * every 25 ms. `makeRunner` receives the initial weights (a fresh copy it may update in place).
 * After each full epoch, before onEpoch, onCheckpoint (when set) gets copies of the weights and
 * Adam's moments and the generator's state; with hooks.resume (such a checkpoint of the same
 * sequences and settings) the run goes on with epochs resume.epoch + 1 … epochs, Adam's moments and
 * step count included, and ends as an uninterrupted run would (exactly in plain JS; on tfjs up to
 * float32 rounding of Adam's restored bias correction).
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
  const trainable = sequences.filter((s) => s.length >= 2);
  for (const s of trainable) {
    if (s.length > params.maxLength) throw new Error(`a training sequence has ${s.length} items, more than maxLength ${params.maxLength}`);
    for (const i of s) if (!(i >= 0 && i < nItems)) throw new Error(`item index ${i} is outside 0…${nItems - 1}`);
  }
  if (trainable.length === 0) throw new Error('no user has two or more training items: there is no next item to learn');
  const shape = shapeOf({ cell: params.cell, nItems, embeddingDim: params.embeddingDim, hiddenSize: params.hiddenSize });
  const { rng, init, order, startEpoch } = sequenceStart(shape, params, trainable.length, hooks.resume);
  const positions = batchPositions({ sequences: trainable, negatives: new Int32Array(0) });
  const stepsPerEpoch = Math.ceil(trainable.length / params.batchSize);
  // a resumed run's progress and Adam's step count count the checkpoint's steps as done
  const stepsBefore = startEpoch * stepsPerEpoch;
  const totalSteps = Math.max(1, Math.min(params.epochs * stepsPerEpoch, stepsBefore + (hooks.maxSteps ?? Infinity)));
  const label = sequenceLossLabel(params.negatives);
  const runner = await makeRunner(init);
  const yielder = createYielder();
  let lastYield = performance.now();
  let step = 0;
  let done = startEpoch;
  try {
    await resumeOptimizer(runner, startEpoch > 0 ? hooks.resume?.optimizer : null, stepsBefore);
    for (let epoch = startEpoch + 1; epoch <= params.epochs; epoch++) {
      const plan = planEpoch(order, params, nItems, rng);
      const started = performance.now();
      let lossSum = 0;
      let stopped = false;
      for (const { rows, negatives } of plan) {
        if ((hooks.maxSteps !== undefined && step >= hooks.maxSteps) || hooks.shouldStop?.() === true) {
          stopped = true;
          break;
        }
        const batch: SeqBatch = { sequences: Array.from(rows, (j) => trainable[j]!), negatives };
        const out = runner.step(batch, stepsBefore + step + 1);
        const sum = out instanceof Promise ? await out : out;
        step++;
        lossSum += sum;
        hooks.onStep?.({ step, loss: sum / Math.max(1, batchPositions(batch)) });
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          hooks.onProgress?.((stepsBefore + step) / totalSteps);
          await yielder.yield();
          lastYield = performance.now();
        }
      }
      if (stopped) break;
      const epochMs = performance.now() - started;
      if (hooks.onCheckpoint) hooks.onCheckpoint(await sequenceCheckpoint(epoch, runner, rng));
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
      hooks.onProgress?.(Math.min(1, (stepsBefore + step) / totalSteps));
    }
    const w = await runner.weights();
    return { weights: w, epochs: done, sequences: trainable.length, positions };
  } finally {
    yielder.close();
    runner.dispose();
  }
}
