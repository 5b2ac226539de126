/**
 * The parts of a training run every backend shares, so they all see the same data in the same
 * order: the validation split, μ, the initial tables and each epoch's batches. One rng (seeded by
 * TrainParams.seed) is drawn in this order: split → initial user factors → initial item factors →
 * epoch 1 shuffle → epoch 2 shuffle → …
 */
import type { RatingsColumns } from '../data/types';
import { mae, rmse } from '../math/metrics';
import { predictRating } from '../math/mf';
import type { MfModel } from '../math/mf';
import { createRng, randomNormal, shuffleInPlace } from '../math/random';
import type { Rng } from '../math/random';
import { INIT_STD } from './params';
import type { TrainingCheckpoint } from './trainHooks';
import type { TrainParams } from './params';

/**
 * Shuffles the row indices 0…n−1 with the rng and puts the last ⌊fraction·n⌋ in validation,
 * the rest in train (both in shuffled order).
 */
export function splitTrainValidation(n: number, fraction: number, rng: Rng): { train: Int32Array; validation: Int32Array } {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`validationFraction must be in [0, 1), got ${fraction}`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(rng, order);
  const nVal = Math.floor(fraction * n);
  return { train: order.slice(0, n - nVal), validation: order.slice(n - nVal) };
}

/**
 * One epoch's batches: shuffles `order` IN PLACE with the rng (so epoch e's order is a shuffle of
 * epoch e−1's), then returns consecutive views of batchSize rows (the last one smaller).
 */
export function epochBatches(order: Int32Array, batchSize: number, rng: Rng): Int32Array[] {
  shuffleInPlace(rng, order);
  const out: Int32Array[] = [];
  for (let s = 0; s < order.length; s += batchSize) out.push(order.subarray(s, Math.min(order.length, s + batchSize)));
  return out;
}

/**
 * A fresh model: biases 0; factor entries drawn N(0, initStd²) from the rng, the whole user table
 * first then the item table, each row-major.
 */
export function initModel(nUsers: number, nItems: number, factors: number, mu: number, rng: Rng, initStd = INIT_STD): MfModel {
  const userFactors = new Float32Array(nUsers * factors);
  const itemFactors = new Float32Array(nItems * factors);
  for (let j = 0; j < userFactors.length; j++) userFactors[j] = randomNormal(rng, 0, initStd);
  for (let j = 0; j < itemFactors.length; j++) itemFactors[j] = randomNormal(rng, 0, initStd);
  return {
    nUsers,
    nItems,
    factors,
    mu,
    userBias: new Float32Array(nUsers),
    itemBias: new Float32Array(nItems),
    userFactors,
    itemFactors,
  };
}

/** μ = (1/|T|) Σ_{t∈T} r_t over the given rows (0 when there are none). */
export function meanRating(ratings: Float32Array, rows: Int32Array): number {
  if (rows.length === 0) return 0;
  let s = 0;
  for (let j = 0; j < rows.length; j++) s += ratings[rows[j] as number] as number;
  return s / rows.length;
}

/** Throws a clear error for bad settings or indices out of range (GPU gathers would return zeros). */
export function checkTrainingInput(data: RatingsColumns, nUsers: number, nItems: number, params: TrainParams): void {
  const n = data.ratings.length;
  if (data.users.length !== n || data.items.length !== n) throw new Error('ratings columns have different lengths');
  if (!(Number.isInteger(params.factors) && params.factors >= 1)) throw new Error(`factors must be a positive integer, got ${params.factors}`);
  if (!(Number.isInteger(params.batchSize) && params.batchSize >= 1)) throw new Error(`batchSize must be a positive integer, got ${params.batchSize}`);
  if (!(Number.isInteger(params.epochs) && params.epochs >= 0)) throw new Error(`epochs must be a non-negative integer, got ${params.epochs}`);
  if (!(params.learningRate > 0)) throw new Error(`learningRate must be > 0, got ${params.learningRate}`);
  if (!(params.regularization >= 0)) throw new Error(`regularization must be ≥ 0, got ${params.regularization}`);
  for (let j = 0; j < n; j++) {
    const u = data.users[j] as number;
    const i = data.items[j] as number;
    if (u < 0 || u >= nUsers) throw new Error(`row ${j}: user index ${u} outside 0…${nUsers - 1}`);
    if (i < 0 || i >= nItems) throw new Error(`row ${j}: item index ${i} outside 0…${nItems - 1}`);
  }
}

/** Everything a trainer needs before its first step. */
export interface TrainingSetup {
  rng: Rng;
  train: Int32Array;
  validation: Int32Array;
  /** Initial model (μ = mean of the training rows), or a checkpoint's tables. */
  model: MfModel;
  /** Epochs already run (a resumed run's checkpoint), 0 for a fresh one. */
  startEpoch: number;
}

/** Train and validation rows chosen outside training (by a stored split), as indices into the columns. */
export interface TrainingRows {
  train: Int32Array;
  validation: Int32Array;
}

/** Throws unless `weights` (when given) has one finite weight ≥ 0 per row of `data`. */
function checkWeights(weights: Float32Array | null, data: RatingsColumns): void {
  if (weights === null) return;
  if (weights.length !== data.ratings.length) throw new Error(`${weights.length} rating weights for ${data.ratings.length} rows`);
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j] as number;
    if (!(w >= 0 && Number.isFinite(w))) throw new Error(`rating weight ${j} is ${w}: weights must be finite and ≥ 0`);
  }
}

/** What a run may bring beyond the data and settings. */
export interface TrainingOptions {
  /** Train and validation rows chosen outside training (by a stored split). */
  rows?: TrainingRows | undefined;
  /** A checkpoint to go on from (TrainHooks.resume). */
  resume?: TrainingCheckpoint | undefined;
  /** A weight per row of the data (checked here), or null. */
  weights?: Float32Array | null | undefined;
}

/**
 * Checks the input (and the rating weights), then split → μ → initModel, drawing from one rng seeded
 * by params.seed. With `rows` given, the split is theirs and the rng draws no split (initial factors
 * come first). With `resume`, the tables are the checkpoint's and its epochs' shuffles are replayed.
 */
export function prepareTraining(data: RatingsColumns, nUsers: number, nItems: number, params: TrainParams, options: TrainingOptions = {}): TrainingSetup {
  const { rows, resume, weights = null } = options;
  checkTrainingInput(data, nUsers, nItems, params);
  checkWeights(weights, data);
  const rng = createRng(params.seed);
  const { train, validation } = rows
    ? { train: Int32Array.from(rows.train), validation: rows.validation }
    : splitTrainValidation(data.ratings.length, params.validationFraction, rng);
  if (train.length === 0) throw new Error('no training rows');
  const mu = meanRating(data.ratings, train);
  const model = initModel(nUsers, nItems, params.factors, mu, rng);
  if (!resume) return { rng, train, validation, model, startEpoch: 0 };
  const c = resume.model;
  if (c.nUsers !== nUsers || c.nItems !== nItems || c.factors !== params.factors) {
    throw new Error(`the checkpoint is ${c.nUsers} users × ${c.nItems} items × k ${c.factors}, this run ${nUsers} × ${nItems} × k ${params.factors}`);
  }
  if (!(Number.isInteger(resume.epoch) && resume.epoch >= 0 && resume.epoch <= params.epochs)) throw new Error(`cannot resume after epoch ${resume.epoch} of ${params.epochs}`);
  model.userFactors.set(c.userFactors);
  model.itemFactors.set(c.itemFactors);
  model.userBias.set(c.userBias);
  model.itemBias.set(c.itemBias);
  // the shuffles of the epochs already run, so the next epoch's order is the uninterrupted run's
  for (let e = 0; e < resume.epoch; e++) shuffleInPlace(rng, train);
  return { rng, train, validation, model, startEpoch: resume.epoch };
}

/** RMSE and MAE of predictRating (unclipped) over the given rows; NaN for both when rows is empty. */
export function scoreRows(model: MfModel, data: RatingsColumns, rows: Int32Array): { rmse: number; mae: number } {
  if (rows.length === 0) return { rmse: NaN, mae: NaN };
  const predicted = new Float64Array(rows.length);
  const actual = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j] as number;
    predicted[j] = predictRating(model, data.users[r] as number, data.items[r] as number);
    actual[j] = data.ratings[r] as number;
  }
  return { rmse: rmse(predicted, actual), mae: mae(predicted, actual) };
}

/** Resolves after the event loop has had a turn, so a worker can receive messages. */
export interface Yielder {
  yield(): Promise<void>;
  close(): void;
}

/** A MessageChannel-based yield (no 4 ms setTimeout clamp); setTimeout(0) where there is none. */
export function createYielder(): Yielder {
  if (typeof MessageChannel === 'undefined') {
    return { yield: () => new Promise((r) => setTimeout(r, 0)), close: () => {} };
  }
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    yield: () =>
      new Promise<void>((r) => {
        waiting.push(r);
        channel.port2.postMessage(0);
      }),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}
