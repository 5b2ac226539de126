/**
 * What the BPR-MF trainers share, so that the CPU trainer and the tfjs trainer see exactly the same
 * triples for the same seed: the settings, the initial tables, the triple sampler and the epoch/step
 * driver. One rng (createRng(params.seed)) is drawn in this order: initial user factors → initial
 * item factors → epoch 1 (shuffle of the positives, then one or more draws per negative) → epoch 2 → …
 */
import type { BprModel } from '../math/bpr';
import { createRng, randomInt, randomNormal, shuffleInPlace } from '../math/random';
import type { Rng, SeededRng } from '../math/random';
import type { Csr } from '../math/sparse';
import type { BackendName } from './backend';
import { createYielder } from './batches';
import { YIELD_EVERY_MS } from './loop';
import type { OptimizerState, TrainHooks, TrainingCheckpoint } from './trainHooks';

/** Settings of one BPR-MF training run; both trainers train the same model from them. */
export interface BprTrainParams {
  /** k: length of each vector q_u, p_i. */
  factors: number;
  /** Passes over the positives: each epoch draws one triple per positive. */
  epochs: number;
  /** η of SGD, or Adam's step size. */
  learningRate: number;
  /** λ in the per-triple objective's (λ/2)(‖q_u‖² + ‖p_i‖² + ‖p_j‖² + b_i² + b_j²). */
  regularization: number;
  /** Triples per minibatch step (the last batch of an epoch may be smaller). */
  batchSize: number;
  optimizer: 'sgd' | 'adam';
  /** Seeds the one rng that draws the initial factors, every epoch's shuffle and every negative. */
  seed: number;
}

/** Standard deviation of the N(0, σ²) initial entries of q_u and p_i (the item biases start at 0). */
export const BPR_INIT_STD = 0.1;

/** What EpochReport.lossLabel says of the BPR trainers' trainLoss. */
export const BPR_LOSS_LABEL = 'BPR loss −ln σ(x̂_uij)';

/** A minibatch of triples (u, i, j): i a positive of u, j an item u has no positive with. Entries past `size` are stale. */
export interface BprBatch {
  users: Int32Array;
  pos: Int32Array;
  neg: Int32Array;
  size: number;
}

/** Preallocated buffers for batches of up to `capacity` triples. */
export function createBprBatch(capacity: number): BprBatch {
  return { users: new Int32Array(capacity), pos: new Int32Array(capacity), neg: new Int32Array(capacity), size: 0 };
}

/** Draws the triples of each epoch from one rng. */
export interface BprSampler {
  /** Triples per epoch: the positives of users who have at least one item without a positive. */
  readonly perEpoch: number;
  /** Users who were skipped because they have a positive with every item (no negative to draw). */
  readonly usersWithoutNegatives: number;
  /** Starts an epoch: shuffles the positives in place with the rng (each epoch's order is a shuffle of the last). */
  startEpoch(): void;
  /**
   * Fills `batch` with the epoch's next min(count, left) triples and sets batch.size to that number
   * (0 when the epoch is over): the next positive (u, i) in the shuffled order, then j drawn
   * uniformly from all items, redrawn while u has a positive with j (so j is uniform over u's
   * non-positives).
   */
  next(batch: BprBatch, count: number): number;
  /** The order of the positives now (a copy): at an epoch's end, what the next startEpoch shuffles. */
  order(): Int32Array;
}

/** Throws unless `order` (a checkpoint's sampler order) is a permutation of 0 … n−1. */
function checkOrder(order: Int32Array, n: number): void {
  if (order.length !== n) throw new Error(`the checkpoint's sampler orders ${order.length} positives, this run has ${n}`);
  const seen = new Uint8Array(n);
  for (const a of order) {
    if (!(a >= 0 && a < n) || seen[a] === 1) throw new Error(`the checkpoint's sampler order is not a permutation of the ${n} positives`);
    seen[a] = 1;
  }
}

/** True when the ascending row `indices[from … to)` contains `col`. */
function rowHas(indices: Int32Array, from: number, to: number, col: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = indices[mid] as number;
    if (c === col) return true;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The sampler over the positives `byUser` (a users × items CSR, columns ascending, e.g.
 * positivesOf(train, t).byUser). Every positive of a user with at least one non-positive item
 * takes part, once per epoch ("iterate shuffled positives"), in CSR order before the first shuffle.
 * `order` (a checkpoint's, BprSampler.order()) replaces that first order, to go on after an epoch.
 */
export function createBprSampler(byUser: Csr, rng: Rng, order?: Int32Array): BprSampler {
  const { indptr, indices, nRows: nUsers, nCols: nItems } = byUser;
  let n = 0;
  let skipped = 0;
  for (let u = 0; u < nUsers; u++) {
    const from = indptr[u] as number;
    const to = indptr[u + 1] as number;
    if (to === from) continue;
    let distinct = 1;
    for (let p = from + 1; p < to; p++) if (indices[p] !== indices[p - 1]) distinct++;
    if (distinct >= nItems) skipped++;
    else n += to - from;
  }
  const posUser = new Int32Array(n);
  const posItem = new Int32Array(n);
  const rowFrom = new Int32Array(n);
  const rowTo = new Int32Array(n);
  for (let u = 0, a = 0; u < nUsers; u++) {
    const from = indptr[u] as number;
    const to = indptr[u + 1] as number;
    if (to === from) continue;
    let distinct = 1;
    for (let p = from + 1; p < to; p++) if (indices[p] !== indices[p - 1]) distinct++;
    if (distinct >= nItems) continue;
    for (let p = from; p < to; p++, a++) {
      posUser[a] = u;
      posItem[a] = indices[p] as number;
      rowFrom[a] = from;
      rowTo[a] = to;
    }
  }
  if (order) checkOrder(order, n);
  const current = order ? Int32Array.from(order) : Int32Array.from({ length: n }, (_, a) => a);
  let cursor = n;
  return {
    perEpoch: n,
    usersWithoutNegatives: skipped,
    order: () => current.slice(),
    startEpoch() {
      shuffleInPlace(rng, current);
      cursor = 0;
    },
    next(batch, count) {
      const m = Math.max(0, Math.min(count, n - cursor, batch.users.length));
      for (let b = 0; b < m; b++) {
        const a = current[cursor++] as number;
        const from = rowFrom[a] as number;
        const to = rowTo[a] as number;
        let j = randomInt(rng, nItems);
        while (rowHas(indices, from, to, j)) j = randomInt(rng, nItems);
        batch.users[b] = posUser[a] as number;
        batch.pos[b] = posItem[a] as number;
        batch.neg[b] = j;
      }
      batch.size = m;
      return m;
    },
  };
}

/** A fresh model: biases 0; entries of q_u, p_i drawn N(0, initStd²), the whole user table first, then the item table, row-major. */
export function initBprModel(nUsers: number, nItems: number, factors: number, rng: Rng, initStd = BPR_INIT_STD): BprModel {
  const userFactors = new Float32Array(nUsers * factors);
  const itemFactors = new Float32Array(nItems * factors);
  for (let j = 0; j < userFactors.length; j++) userFactors[j] = randomNormal(rng, 0, initStd);
  for (let j = 0; j < itemFactors.length; j++) itemFactors[j] = randomNormal(rng, 0, initStd);
  return { nUsers, nItems, factors, userFactors, itemFactors, itemBias: new Float32Array(nItems) };
}

/** Throws a clear error for settings out of range. */
export function checkBprParams(params: BprTrainParams): void {
  if (!(Number.isInteger(params.factors) && params.factors >= 1)) throw new Error(`factors must be a positive integer, got ${params.factors}`);
  if (!(Number.isInteger(params.batchSize) && params.batchSize >= 1)) throw new Error(`batchSize must be a positive integer, got ${params.batchSize}`);
  if (!(Number.isInteger(params.epochs) && params.epochs >= 0)) throw new Error(`epochs must be a non-negative integer, got ${params.epochs}`);
  if (!(params.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${params.learningRate}`);
  if (!(params.regularization >= 0)) throw new Error(`regularization must be ≥ 0, got ${params.regularization}`);
}

/**
 * What a BPR checkpoint keeps (TrainingCheckpoint<BprTrainState>, with the rng state and Adam's
 * moments beside it): the tables, and the sampler's order of the positives, which each epoch
 * shuffles further (so it is not determined by the rng state alone).
 */
export interface BprTrainState {
  tables: BprModel;
  order: Int32Array;
}

/** A copy of `m` with fresh arrays. */
export function copyBprModel(m: BprModel): BprModel {
  return { ...m, userFactors: m.userFactors.slice(), itemFactors: m.itemFactors.slice(), itemBias: m.itemBias.slice() };
}

/** Everything a BPR trainer needs before its first step. */
export interface BprTrainingSetup {
  rng: SeededRng;
  model: BprModel;
  sampler: BprSampler;
  /** Epochs already run (a resumed run's checkpoint), 0 for a fresh one. */
  startEpoch: number;
}

/**
 * Checks the settings, then draws the initial tables and builds the sampler from one rng seeded by
 * params.seed. With `resume`, the tables (a copy), the sampler's order and the rng state are the
 * checkpoint's instead, so the next epoch draws what an uninterrupted run's would. Throws when no user
 * has both a positive and an item without one, or when the checkpoint does not fit this run.
 */
export function prepareBprTraining(byUser: Csr, params: BprTrainParams, resume?: TrainingCheckpoint<BprTrainState>): BprTrainingSetup {
  checkBprParams(params);
  if (resume) checkBprResume(byUser, params, resume);
  const rng = createRng(resume?.rng ?? params.seed);
  const model = resume ? copyBprModel(resume.model.tables) : initBprModel(byUser.nRows, byUser.nCols, params.factors, rng);
  const sampler = createBprSampler(byUser, rng, resume?.model.order);
  if (sampler.perEpoch === 0) {
    throw new Error('BPR has nothing to learn from: no user has both a positive and an item without one (lower "positive at" or add ratings).');
  }
  return { rng, model, sampler, startEpoch: resume?.epoch ?? 0 };
}

/** Throws, saying why, unless `c` is a checkpoint of a run on these positives and settings. */
function checkBprResume(byUser: Csr, params: BprTrainParams, c: TrainingCheckpoint<BprTrainState>): void {
  const t = c.model.tables;
  if (t.nUsers !== byUser.nRows || t.nItems !== byUser.nCols || t.factors !== params.factors) {
    throw new Error(`the checkpoint is ${t.nUsers} users × ${t.nItems} items × k ${t.factors}, this run ${byUser.nRows} × ${byUser.nCols} × k ${params.factors}`);
  }
  if (!(Number.isInteger(c.epoch) && c.epoch >= 0 && c.epoch <= params.epochs)) throw new Error(`cannot resume after epoch ${c.epoch} of ${params.epochs}`);
  if (c.rng === undefined) throw new Error('the checkpoint has no rng state');
}

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
