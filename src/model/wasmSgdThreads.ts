/**
 * Per-rating SGD of biased MF on several threads: the sgd-wasm kernel (wasm/mfSgd.ts, built a second
 * time to import a shared WebAssembly.Memory) instantiated once per thread over one shared memory
 * holding the tables U, P, b_u, b_i, the rating columns, the order buffer and the control words.
 * This module lays out that memory, drives the steps and diagonals, and trains; the block schedule is
 * in dsgdSchedule.ts, the worker plumbing in sgdThreadPool.ts.
 *
 * Schedule: DSGD (stratified SGD, Gemulla et al. 2011), not Hogwild. Users and items are split into
 * B groups each (balanced by training-rating count; B = DSGD_BLOCKS); a step's rows (DSGD_STEP of the
 * epoch's shuffled order) are bucketed stably into B×B blocks (user group, item group), and the step
 * runs B diagonals one after the other: diagonal d is the blocks (g, (g + d) mod B), g = 0…B−1, which
 * share no user and no item. The threads claim a diagonal's blocks one at a time (an atomic ticket)
 * and run each through sgdRun; a barrier ends the diagonal. No two threads ever touch the same user or
 * item row at once, so there are no races at all, and which thread runs a block changes nothing: each
 * block's rows go through in a fixed order against tables that only that block touches during the
 * diagonal. The per-block sums (Σe², objective) are added in block order. Hence the guarantee:
 *   2…MAX_THREADS threads: same data and seed → the same model, bit for bit, whatever the thread
 *   count (the schedule depends on B, not on the threads) and however the threads are scheduled;
 *   1 thread: the single-thread sgd-wasm model (trainMfWasm), bit for bit — another update order
 *   than B×B blocks, so another (statistically equivalent) model than 2+ threads give.
 *
 * Threads: thread 0 is the caller's own realm (the lab worker), the other N − 1 are workers
 * (sgdThreadPool.ts). They need SharedArrayBuffer, which a browser gives only to cross-origin-isolated
 * pages; otherwise training falls back to one thread and says so (threadPlan).
 */
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import { prepareTraining } from './batches';
import type { TrainingRows } from './batches';
import { CTL_DIAG, CTL_FAILED, CTL_FINISHED, CTL_INTS, CTL_JOB, CTL_WANT, DSGD_BLOCKS, DSGD_STEP, DSGD_WORKER_SOURCE, bucketStep, claimBlocks, rowBlocks } from './dsgdSchedule';
import type { DsgdLayout } from './dsgdSchedule';
import { chunkRunner, copyModel, runTraining } from './loop';
import type { EpochReport, TrainParams } from './params';
import { ThreadStartError, startSgdThreads, threadsUnavailableReason, waitUntil } from './sgdThreadPool';
import type { TrainHooks } from './trainHooks';
import { loadSgdModule, trainMfWasm } from './wasmSgd';
import type { SgdExports } from './wasmSgd';

/** B of the schedule, re-exported for the thread benchmark (scripts/benchThreads.ts). */
export { DSGD_BLOCKS } from './dsgdSchedule';

/** Most threads the lab runs (at most B: a diagonal has B blocks). */
export const MAX_THREADS = DSGD_BLOCKS;

/** The 'auto' thread count: the logical cores this realm reports, at most 4. */
export function autoThreads(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(4, Math.floor(cores)));
}

/** The thread count to use for a request ('auto' or a count) and the line the status shows about it. */
export function threadPlan(requested: number | 'auto'): { threads: number; note: string } {
  const want = requested === 'auto' ? autoThreads() : Math.max(1, Math.min(MAX_THREADS, Math.floor(requested)));
  const one = 'same seed → the same model, bit for bit';
  if (want === 1) return { threads: 1, note: `1 thread: ${one}` };
  const reason = threadsUnavailableReason();
  if (reason !== null) return { threads: 1, note: `1 thread: ${reason}; ${one}` };
  return {
    threads: want,
    note: `${want} threads (DSGD, ${DSGD_BLOCKS}×${DSGD_BLOCKS} blocks): same seed → the same model on any number of threads from 2 up, bit for bit`,
  };
}

/** The threaded kernel over one shared memory: `run` steps a batch of rows; views/copies of the tables. */
export interface ThreadedSgd {
  threads: number;
  /** Buckets `rows` (DSGD_STEP at a time) into the B×B blocks, stably, and runs the B diagonals; Σe², objective. */
  run(rows: Int32Array, wantObjective: boolean): Promise<{ sqErr: number; objective: number }>;
  view(): MfModel;
  copyOut(): MfModel;
  bytes: number;
  /** Stops the workers. */
  close(): void;
}

/**
 * Lays out `data`'s columns, `weights`, `model`'s tables (copied in), an order buffer of `maxRows`
 * and the control words in a new shared memory, instantiates the kernel here (thread 0) and starts
 * `threads` − 1 workers on it. `blocks`: B of the schedule (user and item groups, balanced on the
 * rating counts of `trainRows`); B = 1 is plain sequential per-rating SGD.
 */
export async function createThreadedSgd(
  data: RatingsColumns,
  model: MfModel,
  eta: number,
  lambda: number,
  weights: Float32Array | null,
  threads: number,
  trainRows: Int32Array,
  blocks = DSGD_BLOCKS,
  maxRows = DSGD_STEP,
): Promise<ThreadedSgd> {
  if (!(blocks >= 1 && blocks <= 255)) throw new Error(`DSGD needs 1…255 user and item groups, not ${blocks}`);
  const mod = await loadSgdModule(true);
  const { nUsers, nItems, factors: k, mu } = model;
  const n = data.ratings.length;
  const B = blocks;
  const base = 65_536; // page 0 is the kernel's own (asc --initialMemory 1); every thread checks heapBase
  let top = base;
  const alloc = (bytes: number, align = 16): number => {
    const at = Math.ceil(top / align) * align;
    top = at + bytes;
    return at;
  };
  const layout: DsgdLayout = {
    base,
    B,
    k,
    mu,
    eta,
    lambda,
    U: alloc(nUsers * k * 4),
    P: alloc(nItems * k * 4),
    bu: alloc(nUsers * 4),
    bi: alloc(nItems * 4),
    users: alloc(n * 4),
    items: alloc(n * 4),
    ratings: alloc(n * 4),
    weights: weights === null ? 0 : alloc(n * 4),
    order: alloc(maxRows * 4),
    ctrl: alloc(CTL_INTS * 4, 64),
    starts: alloc(B * B * 4, 64),
    counts: alloc(B * B * 4, 64),
    res: alloc(2 * B * 8, 64),
  };
  const pages = Math.ceil(top / 65_536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const buf = memory.buffer;
  const U = new Float32Array(buf, layout.U, nUsers * k);
  const P = new Float32Array(buf, layout.P, nItems * k);
  const bu = new Float32Array(buf, layout.bu, nUsers);
  const bi = new Float32Array(buf, layout.bi, nItems);
  U.set(model.userFactors);
  P.set(model.itemFactors);
  bu.set(model.userBias);
  bi.set(model.itemBias);
  new Int32Array(buf, layout.users, n).set(data.users);
  new Int32Array(buf, layout.items, n).set(data.items);
  new Float32Array(buf, layout.ratings, n).set(data.ratings);
  if (weights !== null) new Float32Array(buf, layout.weights, n).set(weights);
  const order = new Int32Array(buf, layout.order, maxRows);
  const ctl = new Int32Array(buf, layout.ctrl, CTL_INTS);
  const starts = new Int32Array(buf, layout.starts, B * B);
  const counts = new Int32Array(buf, layout.counts, B * B);
  const res = new Float64Array(buf, layout.res, 2 * B);

  const rowBlock = rowBlocks(data.users, data.items, trainRows, nUsers, nItems, B);
  const own = (await WebAssembly.instantiate(mod, { env: { memory } })).exports as unknown as SgdExports;
  if (own.heapBase() > base) throw new Error(`the kernel's static data ends above ${base}`);
  const workers = await startSgdThreads(threads - 1, DSGD_WORKER_SOURCE, { type: 'init', module: mod, memory, layout });
  const blockOf = new Uint16Array(maxRows);
  const fill = new Int32Array(B * B);
  let job = 0;
  const view = (): MfModel => ({ nUsers, nItems, factors: k, mu, userBias: bu, itemBias: bi, userFactors: U, itemFactors: P });
  return {
    threads,
    async run(rows, wantObjective) {
      let sqErr = 0;
      let objective = 0;
      for (let s0 = 0; s0 < rows.length; s0 += maxRows) {
        const part = rows.subarray(s0, Math.min(rows.length, s0 + maxRows));
        bucketStep(part, rowBlock, B * B, order, starts, counts, blockOf, fill);
        // B diagonals, each a job: blocks (g, (g + d) mod B) claimed by whichever thread is free
        for (let d = 0; d < B; d++) {
          job++;
          ctl[CTL_DIAG] = d;
          ctl[CTL_WANT] = wantObjective ? 1 : 0;
          Atomics.store(ctl, CTL_JOB, job);
          Atomics.notify(ctl, CTL_JOB);
          claimBlocks(own, layout, ctl, starts, counts, res, job);
          await waitUntil(ctl, CTL_FINISHED, job * B, workers.failed);
          if (ctl[CTL_FAILED] !== 0) throw new Error('SGD thread: the kernel failed (sgdRun threw)');
          for (let g = 0; g < B; g++) {
            sqErr += res[2 * g] as number;
            objective += res[2 * g + 1] as number;
          }
        }
      }
      return { sqErr, objective };
    },
    view,
    copyOut: () => copyModel(view()),
    bytes: buf.byteLength,
    close() {
      Atomics.store(ctl, CTL_JOB, -1);
      Atomics.notify(ctl, CTL_JOB);
      workers.terminate();
    },
  };
}

/**
 * trainMfWasm on `threads` threads by DSGD with `blocks` user and item groups (always the shared
 * build and the block schedule, even on one thread; B = 1 gives trainMfWasm's model bit for bit).
 * Same split, initial tables and per-epoch shuffles as trainMfWasm; each driver step is DSGD_STEP rows
 * of the shuffled epoch. The model depends on `blocks`, not on `threads`. SGD only.
 */
export async function trainMfDsgd(
  data: RatingsColumns,
  nUsers: number,
  nItems: number,
  params: TrainParams,
  threads: number,
  hooks: TrainHooks = {},
  rows?: TrainingRows,
  weights: Float32Array | null = null,
  blocks = DSGD_BLOCKS,
): Promise<MfModel> {
  if (params.optimizer !== 'sgd') throw new Error(`the sgd-wasm kernel trains with SGD only, not ${params.optimizer}`);
  const setup = prepareTraining(data, nUsers, nItems, params, { rows, resume: hooks.resume, weights });
  const kernel = await createThreadedSgd(data, setup.model, params.learningRate, params.regularization, weights, threads, setup.train, blocks);
  try {
    await runTraining(data, setup, { ...params, batchSize: DSGD_STEP }, hooks, 'cpu', chunkRunner(kernel));
    return kernel.copyOut();
  } finally {
    kernel.close();
  }
}

/**
 * The sgd-wasm kernel on `requested` threads ('auto': the cores, at most 4) when this realm can
 * (SharedArrayBuffer, workers; cross-origin isolation in a browser), else on one thread. Every epoch
 * report carries a `note` saying how many threads ran, why only one when fewer than asked, and which
 * reproducibility guarantee holds.
 */
export async function trainMfWasmThreaded(
  data: RatingsColumns,
  nUsers: number,
  nItems: number,
  params: TrainParams,
  requested: number | 'auto',
  hooks: TrainHooks = {},
  rows?: TrainingRows,
  weights: Float32Array | null = null,
): Promise<MfModel> {
  const { threads, note } = threadPlan(requested);
  const noted = (text: string): TrainHooks => {
    const onEpoch = hooks.onEpoch;
    return { ...hooks, onEpoch: onEpoch ? (r: EpochReport) => onEpoch({ ...r, note: text }) : undefined };
  };
  if (threads === 1) return trainMfWasm(data, nUsers, nItems, params, noted(note), rows, weights);
  try {
    return await trainMfDsgd(data, nUsers, nItems, params, threads, noted(note), rows, weights);
  } catch (e) {
    // threads that cannot start (a policy, a browser limit): one thread, saying why
    if (!(e instanceof ThreadStartError)) throw e;
    return trainMfWasm(data, nUsers, nItems, params, noted(`1 thread: the ${threads - 1} extra SGD threads could not start (${e.message})`), rows, weights);
  }
}
