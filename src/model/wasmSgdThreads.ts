/**
 * Per-rating SGD of biased MF on several threads: the sgd-wasm kernel (wasm/mfSgd.ts, built a second
 * time to import a shared WebAssembly.Memory) instantiated once per thread over one shared memory
 * holding the tables U, P, b_u, b_i, the rating columns, the order buffer and the control words.
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
 * Threads: thread 0 is the caller's own realm (the lab worker), the other N − 1 are workers: in a
 * browser, dedicated workers from a Blob URL (nested in the lab worker); in Node (tests,
 * benchmarks) worker_threads. Both need SharedArrayBuffer, which a browser gives only to
 * cross-origin-isolated pages (COOP same-origin + COEP require-corp); otherwise training falls back to
 * one thread and says so (threadPlan).
 */
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import { prepareTraining } from './batches';
import type { TrainingRows } from './batches';
import { chunkRunner, copyModel, runTraining } from './loop';
import type { EpochReport, TrainParams } from './params';
import type { TrainHooks } from './trainHooks';
import { loadSgdModule, trainMfWasm } from './wasmSgd';
import type { SgdExports } from './wasmSgd';

/** User groups = item groups of the DSGD schedule on 2+ threads (B: B×B blocks, B diagonals per step). */
export const DSGD_BLOCKS = 8;

/** Training rows per driver step (bucketed into blocks together; Stop is heard between steps). */
export const DSGD_STEP = 131_072;

/** Most threads the lab runs (at most B: a diagonal has B blocks). */
export const MAX_THREADS = DSGD_BLOCKS;

/**
 * Int32 indices of the control words (each on its own 64-byte line): JOB the job number (−1: exit);
 * DIAG, WANT the job's diagonal and wantObjective; TICKET the next block ticket (job j owns tickets
 * (j−1)·B … j·B−1); FINISHED blocks done (job j is done at j·B); FAILED 1 when sgdRun threw.
 */
const JOB = 0;
const DIAG = 1;
const WANT = 2;
const FINISHED = 32;
const FAILED = 48;
const CTRL_INTS = 64;
/**
 * Atomics.load polls before a waiting thread sleeps in Atomics.wait (a few µs): short, since on a busy
 * machine a spinning thread takes the core from the one it waits for (paired runs here: 2 threads
 * over 1 had a median ratio of ~1.5 with 1 000 polls, ~0.7 with 100 000).
 */
const SPIN = 1_000;

/**
 * The worker's program (plain JavaScript, the same text for a browser worker and a Node
 * worker_thread). One message, {type:'init', module, memory, layout} → {ok} or {error}; then the
 * worker never returns to its event loop: it waits for a new job number (spinning on Atomics.load,
 * then sleeping in Atomics.wait), claims the job's block tickets with compareExchange (never past the
 * job's last, so a late thread claims nothing of a later job), runs each block, stores its sums in
 * the block's slot and counts it finished. The Atomics give the happens-before edges: a job's
 * parameters are written before its number is published; everything a block's sgdRun wrote is
 * visible to whoever sees it counted, and so to the next diagonal's threads.
 */
const WORKER_SOURCE = `
const wt = typeof process !== 'undefined' && process.versions && process.versions.node ? require('node:worker_threads') : null;
const post = wt ? (m) => wt.parentPort.postMessage(m) : (m) => self.postMessage(m);
const claimBlocks = (${claimBlocks.toString()});
function serve(ex, L, ctl, starts, counts, res) {
  let seen = 0;
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, ${JOB}) === seen) {
      if (++spins > ${SPIN}) {
        Atomics.wait(ctl, ${JOB}, seen);
        spins = 0;
      }
    }
    seen = Atomics.load(ctl, ${JOB});
    if (seen < 0) return;
    claimBlocks(ex, L, ctl, starts, counts, res, seen);
  }
}
function handle(m) {
  WebAssembly.instantiate(m.module, { env: { memory: m.memory } }).then((inst) => {
    const ex = inst.exports;
    const L = m.layout;
    if (ex.heapBase() > L.base) {
      post({ error: 'kernel static data above ' + L.base });
      return;
    }
    post({ ok: true });
    const buf = m.memory.buffer;
    serve(ex, L, new Int32Array(buf, L.ctrl, ${CTRL_INTS}), new Int32Array(buf, L.starts, L.B * L.B), new Int32Array(buf, L.counts, L.B * L.B), new Float64Array(buf, L.res, 2 * L.B));
  }, (e) => post({ error: String((e && e.message) || e) }));
}
if (wt) wt.parentPort.once('message', handle);
else self.onmessage = (e) => handle(e.data);
`;

/** Byte offsets and constants the threads share (structured-cloned to the workers). */
interface Layout {
  base: number;
  B: number;
  k: number;
  mu: number;
  eta: number;
  lambda: number;
  U: number;
  P: number;
  bu: number;
  bi: number;
  users: number;
  items: number;
  ratings: number;
  weights: number;
  order: number;
  ctrl: number;
  starts: number;
  counts: number;
  res: number;
}

/**
 * Claims and runs blocks of job `job` until its tickets are gone (run by every thread; its source is
 * also the workers'). Self-contained: no closures, no imports, plain JavaScript once types are gone,
 * so the control-word indices are literals: 1 DIAG, 2 WANT, 16 the ticket, 32 FINISHED, 48 FAILED.
 */
function claimBlocks(ex: SgdExports, L: Layout, ctl: Int32Array, starts: Int32Array, counts: Int32Array, res: Float64Array, job: number): void {
  const B = L.B;
  const end = job * B;
  for (;;) {
    const t = Atomics.load(ctl, 16);
    if (t >= end) return;
    if (Atomics.compareExchange(ctl, 16, t, t + 1) !== t) continue;
    const g = t - (end - B);
    const want = ctl[2] as number;
    const b = g * B + ((g + (ctl[1] as number)) % B);
    const n = counts[b] as number;
    let sq = 0;
    let obj = 0;
    try {
      if (n > 0) {
        sq = ex.sgdRun(L.order + 4 * (starts[b] as number), n, L.users, L.items, L.ratings, L.weights, L.U, L.P, L.bu, L.bi, L.k, L.mu, L.eta, L.lambda, want);
        if (want !== 0) obj = ex.lastObjective();
      }
    } catch {
      Atomics.store(ctl, 48, 1);
    }
    res[2 * g] = sq;
    res[2 * g + 1] = obj;
    if (Atomics.add(ctl, 32, 1) + 1 === end) Atomics.notify(ctl, 32);
  }
}

/** Whether this thread may block in Atomics.wait (browsers' main threads may not). */
let blockingWaitAllowed: boolean | null = null;

/**
 * Waits until Int32 `at` of `ctl` reaches `target`: spins, then blocks (or waits asynchronously),
 * checking `failed` (a dead worker never finishes its block) every second.
 */
async function waitUntil(ctl: Int32Array, at: number, target: number, failed: () => string | null): Promise<void> {
  for (let spins = 0, value = Atomics.load(ctl, at); value < target; spins++, value = Atomics.load(ctl, at)) {
    if (spins < SPIN) continue;
    const why = failed();
    if (why !== null) throw new Error(`SGD thread: ${why}`);
    if (blockingWaitAllowed !== false) {
      try {
        Atomics.wait(ctl, at, value, 1000);
        blockingWaitAllowed = true;
        continue;
      } catch {
        blockingWaitAllowed = false;
      }
    }
    const w = (Atomics as { waitAsync?: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: unknown } }).waitAsync;
    if (w) {
      const r = w(ctl, at, value, 1000);
      if (r.async) await r.value;
    } else await new Promise((ok) => setTimeout(ok, 0));
  }
}

interface WorkerReply {
  ok?: boolean;
  error?: string;
}

/** One worker with one request in flight at a time. */
interface Thread {
  request(message: unknown): Promise<WorkerReply>;
  /** Why the worker died (an error event), or null. */
  failed(): string | null;
  terminate(): void;
}

interface NodeWorker {
  on(event: 'message' | 'error', f: (x: unknown) => void): void;
  postMessage(m: unknown): void;
  terminate(): Promise<number>;
}
type NodeWorkerThreads = { Worker: new (src: string, opts: { eval: true }) => NodeWorker };

/** Node's worker_threads, when running in Node (no bundler import, so the browser build never sees it). */
function nodeWorkerThreads(): NodeWorkerThreads | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined) ?? null;
}

function startThread(): Thread {
  let pending: { resolve(r: WorkerReply): void; reject(e: Error): void } | null = null;
  let failure: string | null = null;
  const settle = (r: WorkerReply) => {
    const p = pending;
    pending = null;
    if (!p) return;
    if (r.error !== undefined) p.reject(new Error(`SGD thread: ${r.error}`));
    else p.resolve(r);
  };
  const fail = (e: unknown) => {
    failure = e instanceof Error ? e.message : String((e as { message?: unknown } | null)?.message ?? e);
    settle({ error: failure });
  };
  let post: (m: unknown) => void;
  let terminate: () => void;
  const wt = nodeWorkerThreads();
  if (wt) {
    const w = new wt.Worker(WORKER_SOURCE, { eval: true });
    w.on('message', (m) => settle(m as WorkerReply));
    w.on('error', fail);
    post = (m) => w.postMessage(m);
    terminate = () => void w.terminate();
  } else {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const w = new Worker(url);
    URL.revokeObjectURL(url);
    w.onmessage = (e: MessageEvent<WorkerReply>) => settle(e.data);
    w.onerror = (e) => fail(e.message);
    post = (m) => w.postMessage(m);
    terminate = () => w.terminate();
  }
  return {
    request(message) {
      if (pending) return Promise.reject(new Error('SGD thread busy'));
      return new Promise<WorkerReply>((resolve, reject) => {
        pending = { resolve, reject };
        post(message);
      });
    },
    failed: () => failure,
    terminate,
  };
}

/** Why this realm cannot run the threaded kernel, or null when it can. */
export function threadsUnavailableReason(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is missing (the page is not cross-origin isolated)';
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return 'the page is not cross-origin isolated';
  if (nodeWorkerThreads() === null && typeof Worker === 'undefined') return 'workers cannot be started here';
  return null;
}

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

/**
 * Splits ids 0…n−1 into `groups` groups of about equal rating count: ids by count, most first (ties by
 * id), each to the lightest group so far (ties: the lowest group). Deterministic.
 */
export function balancedGroups(ids: Int32Array, rows: Int32Array, n: number, groups: number): Uint8Array {
  const count = new Int32Array(n);
  for (let j = 0; j < rows.length; j++) count[ids[rows[j] as number] as number]!++;
  const byCount = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => (count[b] as number) - (count[a] as number) || a - b);
  const load = new Float64Array(groups);
  const out = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const id = byCount[j] as number;
    let g = 0;
    for (let h = 1; h < groups; h++) if ((load[h] as number) < (load[g] as number)) g = h;
    out[id] = g;
    load[g] = (load[g] as number) + (count[id] as number);
  }
  return out;
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
  const layout: Layout = {
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
    ctrl: alloc(CTRL_INTS * 4, 64),
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
  const ctl = new Int32Array(buf, layout.ctrl, CTRL_INTS);
  const starts = new Int32Array(buf, layout.starts, B * B);
  const counts = new Int32Array(buf, layout.counts, B * B);
  const res = new Float64Array(buf, layout.res, 2 * B);

  const userGroup = balancedGroups(data.users, trainRows, nUsers, B);
  const itemGroup = balancedGroups(data.items, trainRows, nItems, B);
  // every row's block, once: bucketing a step then reads one number per row
  const rowBlock = new Uint16Array(n);
  for (let r = 0; r < n; r++) rowBlock[r] = (userGroup[data.users[r] as number] as number) * B + (itemGroup[data.items[r] as number] as number);
  const own = (await WebAssembly.instantiate(mod, { env: { memory } })).exports as unknown as SgdExports;
  if (own.heapBase() > base) throw new Error(`the kernel's static data ends above ${base}`);
  const workers: Thread[] = [];
  try {
    for (let t = 1; t < threads; t++) workers.push(startThread());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`they did not answer within ${THREAD_START_MS / 1000} s`)), THREAD_START_MS);
    });
    try {
      await Promise.race([Promise.all(workers.map((w) => w.request({ type: 'init', module: mod, memory, layout }))), late]);
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    for (const w of workers) w.terminate();
    throw new ThreadStartError(e instanceof Error ? e.message : String(e));
  }
  const failed = (): string | null => {
    for (const w of workers) {
      const why = w.failed();
      if (why !== null) return why;
    }
    return null;
  };
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
        // stable bucketing of the step's rows into blocks (user group, item group); no job is running
        counts.fill(0);
        for (let j = 0; j < part.length; j++) {
          const b = rowBlock[part[j] as number] as number;
          blockOf[j] = b;
          counts[b]!++;
        }
        for (let b = 0, at = 0; b < B * B; b++) {
          starts[b] = at;
          fill[b] = at;
          at += counts[b] as number;
        }
        for (let j = 0; j < part.length; j++) order[fill[blockOf[j] as number]!++] = part[j] as number;
        // B diagonals, each a job: blocks (g, (g + d) mod B) claimed by whichever thread is free
        for (let d = 0; d < B; d++) {
          job++;
          ctl[DIAG] = d;
          ctl[WANT] = wantObjective ? 1 : 0;
          Atomics.store(ctl, JOB, job);
          Atomics.notify(ctl, JOB);
          claimBlocks(own, layout, ctl, starts, counts, res, job);
          await waitUntil(ctl, FINISHED, job * B, failed);
          if (ctl[FAILED] !== 0) throw new Error('SGD thread: the kernel failed (sgdRun threw)');
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
      Atomics.store(ctl, JOB, -1);
      Atomics.notify(ctl, JOB);
      for (const w of workers) w.terminate();
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

/** How long the SGD threads have to start and instantiate the kernel, ms. */
export const THREAD_START_MS = 10_000;

/** The extra threads could not be started (the caller falls back to one thread). */
export class ThreadStartError extends Error {
  override name = 'ThreadStartError';
}
