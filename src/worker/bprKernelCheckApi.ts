/**
 * Worker API, the BPR WGSL kernel's checks (for its end-to-end test and `npm run bench -- --speed`):
 * agreement with the CPU runner's SGD step on a batch with no user twice and no item twice (as i or
 * j), the validation AUC of each trainer after the same epochs on the same split of the positives,
 * and each one's triples/s measured side by side on one page.
 */
import type { Dataset } from '../data/types';
import type { BprModel } from '../math/bpr';
import { bprScore } from '../math/bpr';
import { median } from '../math/metrics';
import { createRng, randomInt, shuffleInPlace } from '../math/random';
import type { Rng } from '../math/random';
import { csrFromColumns } from '../math/sparse';
import type { Csr } from '../math/sparse';
import { createBprCpuRunner, trainBprCpu } from '../model/bprCpuTrainer';
import { createBprBatch } from '../model/bprSampling';
import type { BprBatch } from '../model/bprSampling';
import { copyBprModel, initBprModel } from '../model/bprTrainingSetup';
import type { BprTrainParams, BprTrainState } from '../model/bprTrainingSetup';
import { trainBprTfjs } from '../model/bprTfjsTrainer';
import type { EpochReport } from '../model/params';
import type { TrainHooks, TrainingCheckpoint } from '../model/trainHooks';
import { createWgslBprRunner, trainBprWgsl } from '../model/wgslBpr';
import { webgpuDeviceOf } from '../model/wgslSgd';
import { BPR_CPU_DEFAULTS, BPR_GPU_DEFAULTS, BPR_WGSL_DEFAULTS } from '../recommenders/bpr/meta';
import { ensureBackend, requireDataset, tf, tfQueue } from './session';

/** The trainers compared: the CPU's per-triple SGD, the WGSL kernel (SGD), tfjs at its WebGPU defaults (Adam), tfjs with the kernel's SGD settings. */
export type BprTrainerName = 'cpu' | 'wgsl' | 'tfjsAdam' | 'tfjsSgd';

export interface BprKernelCheckRequest {
  factors: number;
  epochs: number;
  /** Share of the positives held out for the validation AUC. */
  validationFraction: number;
  seed: number;
  /** Ratings at or above this are positives (BPR's default 4). */
  positiveAt?: number;
  /** Triples per dispatch of the WGSL kernel (and of tfjsSgd); BPR_WGSL_DEFAULTS.batchSize by default. */
  batchSize?: number;
  /** Which trainers to run (all by default). */
  trainers?: BprTrainerName[];
  /** When set (and 'wgsl' runs), the WGSL run is resumed from its checkpoint after this epoch and compared with the uninterrupted run. */
  resumeAt?: number;
}

/** One trainer's figures after the run. */
export interface BprTrainerFigures {
  /** Share of held-out (u, i, j) with x̂_ui > x̂_uj (ties count half). */
  auc: number;
  /** Mean −ln σ(x̂_uij) of the last epoch. */
  lastLoss: number;
  /** Median triples/s over epochs 2… (the first includes compiling). */
  triplesPerSec: number;
  batchSize: number;
  optimizer: 'sgd' | 'adam';
}

export interface BprKernelCheck {
  /** Triples in the batch with no user or item twice. */
  uniqueTriples: number;
  /** Largest |GPU − CPU| entry of the tables after one step on that batch. */
  uniqueMaxAbsDiff: number;
  /** L_B of that step (sum form, before the update), CPU runner and kernel. */
  uniqueLossCpu: number;
  uniqueLossGpu: number;
  /** Triples per epoch, held-out positives. */
  trainTriples: number;
  validationPairs: number;
  trainers: Partial<Record<BprTrainerName, BprTrainerFigures>>;
  /** With resumeAt: the resumed WGSL run against the uninterrupted one: largest |Δ| of the final tables, its validation AUC, its last epoch's mean loss, the epochs it ran. */
  resumed?: { maxAbsDiff: number; auc: number; lastLoss: number; epochsRun: number };
}

/** The rows of the dataset's ratings that are positives (rating ≥ positiveAt). */
function positiveRows(dataset: Dataset, positiveAt: number): Int32Array {
  const r = dataset.ratings.ratings;
  const rows: number[] = [];
  for (let t = 0; t < r.length; t++) if ((r[t] as number) >= positiveAt) rows.push(t);
  return Int32Array.from(rows);
}

/** users × items CSR of the positives among `rows`. */
function csrOf(dataset: Dataset, rows: Int32Array): Csr {
  const { users, items, ratings } = dataset.ratings;
  return csrFromColumns(users, items, new Float32Array(ratings.length).fill(1), dataset.meta.users, dataset.meta.items, rows);
}

/** Marks u's positives in `mark` (1) or clears them (0). */
function markRow(csr: Csr, u: number, mark: Uint8Array, value: 0 | 1): void {
  for (let p = csr.indptr[u] as number; p < (csr.indptr[u + 1] as number); p++) mark[csr.indices[p] as number] = value;
}

/** An item u has no positive with and `used` does not hold, drawn from a random start; -1 when none. */
function freeNegative(rng: Rng, nItems: number, positive: Uint8Array, used: Uint8Array): number {
  const start = randomInt(rng, nItems);
  for (let d = 0; d < nItems; d++) {
    const j = (start + d) % nItems;
    if (!positive[j] && !used[j]) return j;
  }
  return -1;
}

/** A batch of triples (u, i, j) of `csr`'s positives with no user twice and no item twice (as i or as j). */
export function tripleBatchWithoutRepeats(csr: Csr, rng: Rng): BprBatch {
  const { nRows: nUsers, nCols: nItems } = csr;
  const used = new Uint8Array(nItems);
  const positive = new Uint8Array(nItems);
  const batch = createBprBatch(Math.min(nUsers, Math.floor(nItems / 2)));
  for (let u = 0; u < nUsers && batch.size < batch.users.length; u++) {
    let i = -1;
    for (let p = csr.indptr[u] as number; p < (csr.indptr[u + 1] as number) && i < 0; p++) if (!used[csr.indices[p] as number]) i = csr.indices[p] as number;
    if (i < 0) continue;
    markRow(csr, u, positive, 1);
    const j = freeNegative(rng, nItems, positive, used);
    markRow(csr, u, positive, 0);
    if (j < 0) continue;
    used[i] = 1;
    used[j] = 1;
    batch.users[batch.size] = u;
    batch.pos[batch.size] = i;
    batch.neg[batch.size] = j;
    batch.size++;
  }
  return batch;
}

/** Largest |a − b| over the three tables. */
function maxAbsDiff(a: BprModel, b: BprModel): number {
  let d = 0;
  for (const key of ['userFactors', 'itemFactors', 'itemBias'] as const) {
    const x = a[key];
    const y = b[key];
    for (let j = 0; j < x.length; j++) d = Math.max(d, Math.abs((x[j] as number) - (y[j] as number)));
  }
  return d;
}

/** Held-out (u, i) each with one j drawn uniformly from the items u has no positive with in `all`. */
function validationTriples(all: Csr, dataset: Dataset, rows: Int32Array, rng: Rng): BprBatch {
  const batch = createBprBatch(rows.length);
  const positive = new Uint8Array(all.nCols);
  for (const t of rows) {
    const u = dataset.ratings.users[t] as number;
    markRow(all, u, positive, 1);
    const j = freeNegative(rng, all.nCols, positive, new Uint8Array(all.nCols));
    markRow(all, u, positive, 0);
    if (j < 0) continue;
    batch.users[batch.size] = u;
    batch.pos[batch.size] = dataset.ratings.items[t] as number;
    batch.neg[batch.size] = j;
    batch.size++;
  }
  return batch;
}

/** Share of `triples` with x̂_ui > x̂_uj (ties half). */
function aucOf(model: BprModel, triples: BprBatch): number {
  let s = 0;
  for (let b = 0; b < triples.size; b++) {
    const u = triples.users[b] as number;
    const xi = bprScore(model, u, triples.pos[b] as number);
    const xj = bprScore(model, u, triples.neg[b] as number);
    s += xi > xj ? 1 : xi === xj ? 0.5 : 0;
  }
  return s / Math.max(1, triples.size);
}

/** The settings each trainer runs with. */
function settingsOf(name: BprTrainerName, request: BprKernelCheckRequest): BprTrainParams {
  const common = { factors: request.factors, epochs: request.epochs, seed: request.seed };
  if (name === 'cpu') return { ...BPR_CPU_DEFAULTS, ...common };
  if (name === 'tfjsAdam') return { ...BPR_GPU_DEFAULTS, ...common };
  return { ...BPR_WGSL_DEFAULTS, ...common, batchSize: request.batchSize ?? BPR_WGSL_DEFAULTS.batchSize };
}

/** Trains one trainer on `byUser`; its model, its epoch reports and (with `keepAt`) its checkpoint after that epoch. */
async function trainOne(
  name: BprTrainerName,
  byUser: Csr,
  params: BprTrainParams,
  keepAt?: number,
): Promise<{ model: BprModel; epochs: EpochReport[]; checkpoint?: TrainingCheckpoint<BprTrainState> }> {
  const epochs: EpochReport[] = [];
  let checkpoint: TrainingCheckpoint<BprTrainState> | undefined;
  const hooks: TrainHooks<BprTrainState> = { onEpoch: (e) => epochs.push(e) };
  if (keepAt !== undefined) hooks.onCheckpoint = (c) => c.epoch === keepAt && (checkpoint = c);
  if (name === 'cpu') return { model: await trainBprCpu(byUser, params, hooks), epochs };
  if (name === 'wgsl') return { model: await trainBprWgsl(webgpuDeviceOf(tf), byUser, params, hooks), epochs, checkpoint };
  return { model: await trainBprTfjs(tf, byUser, params, hooks, 'webgpu'), epochs };
}

/** One step on the batch without repeats, on the CPU runner and the kernel, from the same tables. */
async function uniqueStepCheck(all: Csr, request: BprKernelCheckRequest) {
  const batch = tripleBatchWithoutRepeats(all, createRng(request.seed + 3));
  const start = initBprModel(all.nRows, all.nCols, request.factors, createRng(request.seed));
  const params: BprTrainParams = { ...BPR_CPU_DEFAULTS, factors: request.factors, batchSize: batch.size };
  const gpu = createWgslBprRunner(webgpuDeviceOf(tf), start, params);
  let gpuLoss: number;
  let gpuModel: BprModel;
  try {
    gpuLoss = (await gpu.runner.step(batch, 1, true)) ?? NaN;
    gpuModel = await gpu.runner.snapshot();
  } finally {
    gpu.destroy();
  }
  const cpuRunner = createBprCpuRunner(copyBprModel(start), params);
  const cpuLoss = ((await cpuRunner.step(batch, 1, true)) as number | undefined) ?? NaN;
  return { uniqueTriples: batch.size, uniqueMaxAbsDiff: maxAbsDiff(gpuModel, await cpuRunner.snapshot()), uniqueLossCpu: cpuLoss, uniqueLossGpu: gpuLoss };
}

/** The WGSL run resumed from `checkpoint`, against the uninterrupted run's `whole`. */
async function resumeCheck(byUser: Csr, params: BprTrainParams, checkpoint: TrainingCheckpoint<BprTrainState>, whole: BprModel, validation: BprBatch) {
  const epochs: EpochReport[] = [];
  const model = await trainBprWgsl(webgpuDeviceOf(tf), byUser, params, { resume: checkpoint, onEpoch: (e) => epochs.push(e) });
  return { maxAbsDiff: maxAbsDiff(model, whole), auc: aucOf(model, validation), lastLoss: epochs.at(-1)?.trainLoss ?? NaN, epochsRun: epochs.length };
}

export const bprKernelCheckApi = {
  /** Runs the checks on the selected dataset; throws when the page is not on WebGPU. */
  async checkWgslBprKernel(request: BprKernelCheckRequest): Promise<BprKernelCheck> {
    const { dataset } = requireDataset();
    return tfQueue.run(async () => {
      const info = await ensureBackend();
      if (info.name !== 'webgpu') throw new Error(`The WGSL kernel needs WebGPU; this page runs on ${info.name}.`);
      const positives = positiveRows(dataset, request.positiveAt ?? 4);
      const all = csrOf(dataset, positives);
      const unique = await uniqueStepCheck(all, request);

      const order = shuffleInPlace(createRng(request.seed + 1), positives.slice());
      const nVal = Math.round(order.length * request.validationFraction);
      const train = csrOf(dataset, order.slice(nVal).sort());
      const validation = validationTriples(all, dataset, order.slice(0, nVal).sort(), createRng(request.seed + 2));
      const trainers: BprKernelCheck['trainers'] = {};
      let resumed: BprKernelCheck['resumed'];
      for (const name of request.trainers ?? (['cpu', 'wgsl', 'tfjsAdam', 'tfjsSgd'] as const)) {
        const params = settingsOf(name, request);
        const { model, epochs, checkpoint } = await trainOne(name, train, params, name === 'wgsl' ? request.resumeAt : undefined);
        if (checkpoint) resumed = await resumeCheck(train, params, checkpoint, model, validation);
        trainers[name] = {
          auc: aucOf(model, validation),
          lastLoss: epochs.at(-1)?.trainLoss ?? NaN,
          triplesPerSec: median(epochs.slice(1).map((e) => e.ratingsPerSec)),
          batchSize: params.batchSize,
          optimizer: params.optimizer,
        };
      }
      return { ...unique, trainTriples: order.length - nVal, validationPairs: validation.size, trainers, ...(resumed ? { resumed } : {}) };
    });
  },
};
