/**
 * What the BPR-MF trainers share before their first step, so that the CPU, tfjs and WebGPU trainers
 * train the same model from the same settings: the settings and their checks, the initial tables,
 * what a checkpoint keeps, and prepareBprTraining. One rng (createRng(params.seed)) is drawn in this
 * order: initial user factors → initial item factors → epoch 1 (shuffle of the positives, then one or
 * more draws per negative) → epoch 2 → …
 */
import type { BprModel } from '../math/bpr';
import { createRng, randomNormal } from '../math/random';
import type { Rng, SeededRng } from '../math/random';
import type { Csr } from '../math/sparse';
import { createBprSampler } from './bprSampling';
import type { BprSampler } from './bprSampling';
import type { TrainingCheckpoint } from './trainHooks';

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
