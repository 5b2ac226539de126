/**
 * Training the neural recommenders (neural scorer, NCF / NeuMF): one driver for every backend, so
 * all see the same initial weights, the same sampled negatives and the same batches. On 'cpu' the
 * steps run in plain JS (src/math/neural/loss.ts, adam.ts); on webgpu / webgl through tfjs
 * (neuralTfjs.ts). tfjs's own cpu backend is never used for training: measured in Node on
 * MovieLens 100K (NCF, d 32, layers 64-32-16, batch 1024), one step took ~13.6 s, its gather
 * gradient alone 8–12 s (a dense unsortedSegmentSum over the whole table) — over an hour per
 * epoch, where the plain-JS step takes milliseconds.
 */
import type * as tfType from '@tensorflow/tfjs';
import { copyNeuralWeights, initNeuralWeights, sameSpec } from '../math/neural/weights';
import type { NeuralSpec, NeuralWeights } from '../math/neural/weights';
import { epochExampleCount, sampleEpoch } from '../math/neural/sampling';
import type { EpochExamples, PositiveRows } from '../math/neural/sampling';
import { adamMomentTables, adamStep, createAdamState, trainingBytes } from '../math/neural/adam';
import { createGradients } from '../math/neural/gradients';
import { forwardBackward } from '../math/neural/loss';
import type { NeuralBatch, NeuralLoss } from '../math/neural/loss';
import { createRng } from '../math/random';
import type { SeededRng } from '../math/random';
import type { Csr } from '../math/sparse';
import type { BackendName } from './backend';
import { createYielder, epochBatches } from './batches';
import { YIELD_EVERY_MS } from './loop';
import { createNeuralTfjsStepper } from './neuralTfjs';
import type { EpochReport } from './params';
import type { OptimizerState, TrainHooks, TrainingCheckpoint } from './trainHooks';

type Tf = typeof tfType;

/** Settings of one neural training run. */
export interface NeuralTrainParams {
  epochs: number;
  /** Adam's step size η. */
  learningRate: number;
  /** Examples (positives and negatives) per minibatch; the last batch of an epoch may be smaller. */
  batchSize: number;
  /** Sampled negatives per positive, fresh every epoch. */
  negatives: number;
  /** Seeds the one rng: initial weights, then per epoch its negatives and its shuffle. */
  seed: number;
  loss: NeuralLoss;
}

/** What a run trains on. */
export interface NeuralTrainInput {
  spec: NeuralSpec;
  /** The positives in a fixed order, each with its label. */
  positives: PositiveRows;
  /** Users × items, an entry at each positive: negatives are drawn outside it. */
  exclude: Csr;
}

/** One backend's optimisation step. */
export interface NeuralStepper {
  /** One Adam step on the batch; returns Σ of the batch's per-example losses when `wantLoss`. */
  step(batch: NeuralBatch, wantLoss: boolean): number | undefined | Promise<number | undefined>;
  /** Σ of per-example losses (each in its batch's forward pass) since the last call; resets it. */
  takeEpochLoss(): number | Promise<number>;
  /** The current weights (copies on tfjs; the live arrays on the CPU). */
  snapshot(): NeuralWeights | Promise<NeuralWeights>;
  memory(): { tensors: number; bytes: number };
  /** Adam's moments now (copies, in parameterList order), for a checkpoint. */
  optimizerState(): OptimizerState | Promise<OptimizerState>;
  /** Sets Adam's moments (a checkpoint's) and its step count to `stepsDone`, before the first step. */
  setOptimizerState(state: OptimizerState, stepsDone: number): void | Promise<void>;
  dispose(): void | Promise<void>;
}

/** How the loss chart labels trainLoss. */
export const NEURAL_LOSS_LABELS: Record<NeuralLoss, string> = {
  bce: 'binary cross-entropy',
  mse: 'squared error (σ(z) − y)², y = rating / max rating',
};

/** The plain-JS stepper: backpropagation into sparse gradients, then Adam (lazy on embedding rows). */
export function createNeuralCpuStepper(weights: NeuralWeights, learningRate: number, loss: NeuralLoss): NeuralStepper {
  const grads = createGradients(weights.spec, weights);
  const adam = createAdamState(weights);
  let epochLoss = 0;
  const bytes = trainingBytes(weights);
  return {
    step(batch) {
      const sum = forwardBackward(weights, grads, batch, loss);
      adamStep(weights, grads, adam, learningRate);
      epochLoss += sum;
      return sum;
    },
    takeEpochLoss() {
      const v = epochLoss;
      epochLoss = 0;
      return v;
    },
    snapshot: () => weights,
    memory: () => ({ tensors: 0, bytes }),
    optimizerState() {
      const { m, v } = adamMomentTables(adam, weights.spec.gmfDim > 0);
      return { m: m.map((a) => a.slice()), v: v.map((a) => a.slice()) };
    },
    setOptimizerState(state, stepsDone) {
      const live = adamMomentTables(adam, weights.spec.gmfDim > 0);
      setTables(live.m, state.m);
      setTables(live.v, state.v);
      adam.t = stepsDone;
    },
    dispose() {},
  };
}

/** Copies each of `from` into the table of `into` at its index; throws when the tables do not match. */
function setTables(into: Float32Array[], from: readonly Float32Array[]): void {
  if (from.length !== into.length) throw new Error(`the checkpoint has Adam moments of ${from.length} tables, this network ${into.length}`);
  into.forEach((t, j) => {
    const src = from[j] as Float32Array;
    if (src.length !== t.length) throw new Error(`the checkpoint's Adam moments of table ${j + 1} have ${src.length} entries, this network's ${t.length}`);
    t.set(src);
  });
}

/** Throws a clear Error for settings the trainer cannot run with. */
export function checkNeuralParams(p: NeuralTrainParams): void {
  const whole = (name: string, x: number, min: number) => {
    if (!(Number.isInteger(x) && x >= min)) throw new Error(`${name} must be a whole number ≥ ${min}, got ${x}`);
  };
  whole('epochs', p.epochs, 0);
  whole('batchSize', p.batchSize, 1);
  whole('negatives', p.negatives, 0);
  if (!(p.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${p.learningRate}`);
  if (p.loss !== 'bce' && p.loss !== 'mse') throw new Error(`loss must be 'bce' or 'mse', got ${String(p.loss)}`);
}

/** Where a run starts: its generator, first weights and the epochs already done. */
interface NeuralStart {
  rng: SeededRng;
  initial: NeuralWeights;
  startEpoch: number;
}

/**
 * A fresh run's start (createRng(seed), then initNeuralWeights from it), or a checkpoint's: a copy
 * of its weights and its generator where the checkpoint's epoch left it. Throws a clear Error for a
 * checkpoint of another network or past the run's epochs.
 */
function neuralStart(spec: NeuralSpec, params: NeuralTrainParams, resume?: TrainingCheckpoint<NeuralWeights>): NeuralStart {
  if (!resume) {
    const rng = createRng(params.seed);
    return { rng, initial: initNeuralWeights(spec, rng), startEpoch: 0 };
  }
  const s = resume.model.spec;
  if (!sameSpec(s, spec)) {
    throw new Error(`the checkpoint's network is ${s.nUsers} users × ${s.nItems} items, d ${s.dim}, layers [${s.hidden.join(', ')}], GMF ${s.gmfDim}; this run's ${spec.nUsers} × ${spec.nItems}, d ${spec.dim}, layers [${spec.hidden.join(', ')}], GMF ${spec.gmfDim}`);
  }
  if (!(Number.isInteger(resume.epoch) && resume.epoch >= 0 && resume.epoch <= params.epochs)) throw new Error(`cannot resume after epoch ${resume.epoch} of ${params.epochs}`);
  if (resume.rng === undefined) throw new Error('the checkpoint has no generator state: its negatives cannot be continued');
  return { rng: createRng(resume.rng), initial: copyNeuralWeights(resume.model), startEpoch: resume.epoch };
}

/** The state after `epoch`: copies of the weights and Adam's moments, and the generator's state. */
async function neuralCheckpoint(epoch: number, stepper: NeuralStepper, rng: SeededRng): Promise<TrainingCheckpoint<NeuralWeights>> {
  const model = copyNeuralWeights(await stepper.snapshot());
  const optimizer = await stepper.optimizerState();
  return { epoch, model, optimizer, rng: rng.state() };
}

/** The trained weights and the reports of the epochs run. */
export interface NeuralTrainResult {
  weights: NeuralWeights;
  reports: EpochReport[];
}

/**
 * Trains from fresh weights (initNeuralWeights from createRng(seed)), or from hooks.resume (a
 * checkpoint of the same network, data and settings: its weights, Adam's moments and step count,
 * its generator), running epochs resume.epoch + 1 … epochs. Each epoch: sampleEpoch draws
 * the negatives (same rng), epochBatches shuffles the examples (same rng), and each batch is one
 * Adam step on the mean loss. Steps run in plain JS when `backend` is 'cpu' or `tf` is null, else
 * through tfjs on its current backend. After each full epoch onEpoch gets trainLoss = mean
 * per-example loss (binary cross-entropy, or the squared error for 'mse') with lossLabel set;
 * valRmse/valMae are NaN (a ranking model predicts no ratings). Stops early on shouldStop or
 * maxSteps and returns the weights so far; yields to the event loop about every 25 ms. After
 * each full epoch, before onEpoch, onCheckpoint (when set) gets copies of the weights and Adam's
 * moments and the generator's state, so a resumed run ends exactly as an uninterrupted one (on tfjs:
 * up to float32 rounding of Adam's restored bias correction).
 */
export async function trainNeural(input: NeuralTrainInput, params: NeuralTrainParams, hooks: TrainHooks<NeuralWeights>, backend: BackendName, tf: Tf | null): Promise<NeuralTrainResult> {
  checkNeuralParams(params);
  const { spec, positives, exclude } = input;
  if (positives.users.length === 0) throw new Error('No positive interactions to train on: lower “Positive at rating ≥” or use data with more ratings.');
  const { rng, initial, startEpoch } = neuralStart(spec, params, hooks.resume);
  const onTfjs = backend !== 'cpu' && tf !== null;
  if (onTfjs) await tf.ready();
  const stepper = onTfjs ? createNeuralTfjsStepper(tf, initial, params.learningRate, params.loss) : createNeuralCpuStepper(initial, params.learningRate, params.loss);
  const reports: EpochReport[] = [];
  const stepsPerEpoch = Math.ceil(epochExampleCount(positives, exclude, spec.nItems, params.negatives) / params.batchSize);
  // a resumed run's progress and Adam's bias correction count the checkpoint's steps as done
  const stepsBefore = startEpoch * stepsPerEpoch;
  const totalSteps = Math.max(1, Math.min(params.epochs * stepsPerEpoch, stepsBefore + (hooks.maxSteps ?? Infinity)));
  const bu = new Int32Array(params.batchSize);
  const bi = new Int32Array(params.batchSize);
  const by = new Float32Array(params.batchSize);
  let examples: EpochExamples | undefined;
  const yielder = createYielder();
  let lastYield = performance.now();
  let step = 0;
  try {
    const resumeState = startEpoch > 0 ? hooks.resume?.optimizer : null;
    if (resumeState) await stepper.setOptimizerState(resumeState, stepsBefore);
    for (let epoch = startEpoch + 1; epoch <= params.epochs; epoch++) {
      examples = sampleEpoch(positives, exclude, spec.nItems, params.negatives, rng, examples);
      const ex = examples;
      const order = new Int32Array(ex.length);
      for (let j = 0; j < order.length; j++) order[j] = j;
      const batches = epochBatches(order, params.batchSize, rng);
      const started = performance.now();
      let stopped = false;
      for (const rows of batches) {
        if ((hooks.maxSteps !== undefined && step >= hooks.maxSteps) || hooks.shouldStop?.() === true) {
          stopped = true;
          break;
        }
        const n = rows.length;
        for (let j = 0; j < n; j++) {
          const r = rows[j] as number;
          bu[j] = ex.users[r] as number;
          bi[j] = ex.items[r] as number;
          by[j] = ex.labels[r] as number;
        }
        const wantLoss = hooks.onStep !== undefined;
        const out = stepper.step({ users: bu.subarray(0, n), items: bi.subarray(0, n), labels: by.subarray(0, n) }, wantLoss);
        const sum = out instanceof Promise ? await out : out;
        step++;
        if (wantLoss) hooks.onStep?.({ step, loss: (sum ?? NaN) / n });
        const now = performance.now();
        if (now - lastYield >= YIELD_EVERY_MS) {
          hooks.onProgress?.((stepsBefore + step) / totalSteps);
          await yielder.yield();
          lastYield = performance.now();
        }
      }
      if (stopped) break;
      const lossSum = await stepper.takeEpochLoss();
      const epochMs = performance.now() - started;
      if (hooks.onCheckpoint) hooks.onCheckpoint(await neuralCheckpoint(epoch, stepper, rng));
      const mem = stepper.memory();
      const report: EpochReport = {
        epoch,
        trainLoss: lossSum / ex.length,
        lossLabel: NEURAL_LOSS_LABELS[params.loss],
        valRmse: NaN,
        valMae: NaN,
        epochMs,
        ratingsPerSec: ex.length / (Math.max(epochMs, 1e-3) / 1000),
        backend,
        tensors: mem.tensors,
        bytes: mem.bytes,
      };
      reports.push(report);
      hooks.onEpoch?.(report);
      hooks.onProgress?.(Math.min(1, (stepsBefore + step) / totalSteps));
    }
    return { weights: await stepper.snapshot(), reports };
  } finally {
    yielder.close();
    await stepper.dispose();
  }
}
