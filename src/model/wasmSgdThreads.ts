/**
 * Per-rating SGD of biased MF on several threads: the sgd-wasm kernel (wasm/mfSgd.ts, built a second
 * time to import a shared WebAssembly.Memory) instantiated once per worker over one shared memory
 * holding the tables U, P, b_u, b_i, the rating columns and the order buffer.
 *
 * Schedule: DSGD (stratified SGD, Gemulla et al. 2011), not Hogwild. Users and items are split into N
 * groups each (balanced by training-rating count); a step's rows, in the epoch's shuffled order, are
 * bucketed stably into N×N blocks (user group, item group); in sub-step s worker t runs block
 * (t, (t+s) mod N) through sgdRun. No two workers touch the same user row or item row at the same
 * time, so there are no races at all (no lost updates), and each block is processed sequentially in a
 * fixed order: the result does not depend on thread timing. Hence the guarantee:
 *   same data, seed and thread count → the same model, bit for bit;
 *   1 thread → exactly the single-thread sgd-wasm model (trainMfWasm);
 *   N ≠ M threads → different models (another update order), statistically equivalent.
 * The per-worker partial sums (Σe², objective) are added in worker order, so they are reproducible too.
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
import { checkWeights } from './cpuTrainer';
import { runTraining } from './loop';
import type { StepRunner } from './loop';
import type { EpochReport, TrainParams } from './params';
import type { TrainHooks } from './trainHooks';
import { loadSgdModule, trainMfWasm } from './wasmSgd';
import type { SgdExports } from './wasmSgd';

/** Training rows per driver step per thread (each step is N sub-steps with a barrier after each). */
export const THREAD_STEP_PER_WORKER = 65_536;

/** Most threads the lab runs (blocks are indexed in 16 bits: N² < 65 536). */
export const MAX_THREADS = 16;

/** Int32 slots of one worker's control block (64 bytes: its own cache line): see WORKER_SOURCE. */
const CTRL_INTS = 16;
/** Atomics.load polls before a waiting thread goes to sleep in Atomics.wait (~0.1–0.5 ms). */
const SPIN = 100_000;

/**
 * The worker's program (plain JavaScript, the same text for a browser worker and a Node
 * worker_thread). One message, {type:'init', module, memory, layout, ctrl} → {ok} or {error}; then
 * the worker never returns to its event loop: it waits on its control block in the shared memory
 * (Int32 at byte `ctrl`: [0] job sequence number (−1: exit), [1] start, [2] n, [3] wantObjective,
 * [4] done sequence number, [5] 1 when sgdRun threw; float64 at ctrl + 32: Σe², objective), runs sgdRun over order entries
 * [start, start + n), stores the sums, then publishes done = job with Atomics.store + notify. Waiting
 * spins on Atomics.load first (a sub-step's barrier is usually much shorter than a sleep and wake-up),
 * then sleeps in Atomics.wait. The Atomics give the happens-before edges: everything a worker's
 * sgdRun wrote is visible to whoever reads its done number, and so to the next sub-step's threads.
 */
const WORKER_SOURCE = `
const wt = typeof process !== 'undefined' && process.versions && process.versions.node ? require('node:worker_threads') : null;
const post = wt ? (m) => wt.parentPort.postMessage(m) : (m) => self.postMessage(m);
function serve(ex, L, ctl, res) {
  let seen = 0;
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, 0) === seen) {
      if (++spins > ${SPIN}) {
        Atomics.wait(ctl, 0, seen);
        spins = 0;
      }
    }
    seen = Atomics.load(ctl, 0);
    if (seen < 0) return;
    const start = ctl[1];
    const n = ctl[2];
    const want = ctl[3];
    let sq = 0;
    let obj = 0;
    try {
      if (n > 0) {
        sq = ex.sgdRun(L.order + 4 * start, n, L.users, L.items, L.ratings, L.weights, L.U, L.P, L.bu, L.bi, L.k, L.mu, L.eta, L.lambda, want);
        if (want) obj = ex.lastObjective();
      }
    } catch (e) {
      ctl[5] = 1;
    }
    res[0] = sq;
    res[1] = obj;
    Atomics.store(ctl, 4, seen);
    Atomics.notify(ctl, 4);
  }
}
function handle(m) {
  WebAssembly.instantiate(m.module, { env: { memory: m.memory } }).then((inst) => {
    const ex = inst.exports;
    if (ex.heapBase() > m.layout.base) {
      post({ error: 'kernel static data above ' + m.layout.base });
      return;
    }
    post({ ok: true });
    serve(ex, m.layout, new Int32Array(m.memory.buffer, m.ctrl, ${CTRL_INTS}), new Float64Array(m.memory.buffer, m.ctrl + 32, 2));
  }, (e) => post({ error: String((e && e.message) || e) }));
}
if (wt) wt.parentPort.once('message', handle);
else self.onmessage = (e) => handle(e.data);
`;

/** Whether this thread may block in Atomics.wait (browsers' main threads may not). */
let blockingWaitAllowed: boolean | null = null;

/**
 * Waits until Int32 `at` of `ctl` is no longer `value`: spins, then blocks (or waits asynchronously),
 * checking `failed` (a dead worker never answers) every second.
 */
async function waitWhile(ctl: Int32Array, at: number, value: number, failed: () => string | null): Promise<void> {
  for (let spins = 0; Atomics.load(ctl, at) === value; spins++) {
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
    note: `${want} threads (DSGD, ${want}×${want} blocks): same seed and thread count → the same model, bit for bit`,
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
  /** Buckets `rows` into the N×N blocks (stably) and runs the N sub-steps; Σe² and the objective. */
  run(rows: Int32Array, wantObjective: boolean): Promise<{ sqErr: number; objective: number }>;
  view(): MfModel;
  copyOut(): MfModel;
  bytes: number;
  /** Stops the workers. */
  close(): void;
}

/**
 * Lays out `data`'s columns, `weights`, `model`'s tables (copied in) and an order buffer of `maxRows`
 * in a new shared memory, instantiates the kernel here (thread 0) and starts `threads` − 1 workers on it. `trainRows`: the rows the user and item
 * groups are balanced on.
 */
export async function createThreadedSgd(
  data: RatingsColumns,
  model: MfModel,
  eta: number,
  lambda: number,
  weights: Float32Array | null,
  threads: number,
  trainRows: Int32Array,
  maxRows = THREAD_STEP_PER_WORKER * threads,
): Promise<ThreadedSgd> {
  const mod = await loadSgdModule(true);
  const { nUsers, nItems, factors: k, mu } = model;
  const n = data.ratings.length;
  const base = 65_536; // page 0 is the kernel's own (asc --initialMemory 1); the workers check heapBase
  let top = base;
  const alloc = (bytes: number): number => {
    const at = Math.ceil(top / 16) * 16;
    top = at + bytes;
    return at;
  };
  const layout = {
    base,
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
    ctrl: alloc(Math.max(1, threads - 1) * CTRL_INTS * 4 + 64),
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

  const N = threads;
  const userGroup = balancedGroups(data.users, trainRows, nUsers, N);
  const itemGroup = balancedGroups(data.items, trainRows, nItems, N);
  // every row's block, once: bucketing a step then reads one byte per row
  const rowBlock = new Uint16Array(n);
  for (let r = 0; r < n; r++) rowBlock[r] = (userGroup[data.users[r] as number] as number) * N + (itemGroup[data.items[r] as number] as number);
  // thread 0 is this realm's own instance (it runs its block while the others run theirs)
  const own = (await WebAssembly.instantiate(mod, { env: { memory } })).exports as unknown as SgdExports;
  if (own.heapBase() > base) throw new Error(`the kernel's static data ends above ${base}`);
  const ctrlAt = (w1: number): number => Math.ceil(layout.ctrl / 64) * 64 + w1 * CTRL_INTS * 4;
  const ctls = Array.from({ length: N - 1 }, (_, w1) => new Int32Array(buf, ctrlAt(w1), CTRL_INTS));
  const results = Array.from({ length: N - 1 }, (_, w1) => new Float64Array(buf, ctrlAt(w1) + 32, 2));
  let job = 0;
  const workers: Thread[] = [];
  try {
    for (let t = 1; t < N; t++) workers.push(startThread());
    await Promise.all(workers.map((w, w1) => w.request({ type: 'init', module: mod, memory, layout, ctrl: ctrlAt(w1) })));
  } catch (e) {
    for (const w of workers) w.terminate();
    throw e;
  }
  const blockOf = new Uint16Array(maxRows);
  const counts = new Int32Array(N * N);
  const starts = new Int32Array(N * N);
  const fill = new Int32Array(N * N);
  const L = layout;
  const view = (): MfModel => ({ nUsers, nItems, factors: k, mu, userBias: bu, itemBias: bi, userFactors: U, itemFactors: P });
  return {
    threads: N,
    async run(rows, wantObjective) {
      let sqErr = 0;
      let objective = 0;
      for (let s0 = 0; s0 < rows.length; s0 += maxRows) {
        const part = rows.subarray(s0, Math.min(rows.length, s0 + maxRows));
        // stable bucketing of the step's rows into blocks (user group, item group)
        counts.fill(0);
        for (let j = 0; j < part.length; j++) {
          const b = rowBlock[part[j] as number] as number;
          blockOf[j] = b;
          counts[b]!++;
        }
        for (let b = 0, at = 0; b < N * N; b++) {
          starts[b] = at;
          fill[b] = at;
          at += counts[b] as number;
        }
        for (let j = 0; j < part.length; j++) order[fill[blockOf[j] as number]!++] = part[j] as number;
        // N sub-steps: thread t takes block (t, (t + s) mod N); no two share a user or an item group
        for (let s = 0; s < N; s++) {
          job++;
          for (let w1 = 0; w1 < N - 1; w1++) {
            const t = w1 + 1;
            const b = t * N + ((t + s) % N);
            const ctl = ctls[w1]!;
            ctl[1] = starts[b] as number;
            ctl[2] = counts[b] as number;
            ctl[3] = wantObjective ? 1 : 0;
            Atomics.store(ctl, 0, job);
            Atomics.notify(ctl, 0);
          }
          const b0 = s % N;
          const n0 = counts[b0] as number;
          if (n0 > 0) {
            sqErr += own.sgdRun(L.order + 4 * (starts[b0] as number), n0, L.users, L.items, L.ratings, L.weights, L.U, L.P, L.bu, L.bi, k, mu, eta, lambda, wantObjective ? 1 : 0);
            if (wantObjective) objective += own.lastObjective();
          }
          for (let w1 = 0; w1 < N - 1; w1++) {
            const ctl = ctls[w1]!;
            await waitWhile(ctl, 4, job - 1, () => workers[w1]!.failed());
            if (ctl[5] !== 0) throw new Error('SGD thread: the kernel failed (sgdRun threw)');
            const r = results[w1]!;
            sqErr += r[0] as number;
            objective += r[1] as number;
          }
        }
      }
      return { sqErr, objective };
    },
    view,
    copyOut: () => ({ nUsers, nItems, factors: k, mu, userBias: bu.slice(), itemBias: bi.slice(), userFactors: U.slice(), itemFactors: P.slice() }),
    bytes: buf.byteLength,
    close() {
      for (const ctl of ctls) {
        Atomics.store(ctl, 0, -1);
        Atomics.notify(ctl, 0);
      }
      for (const w of workers) w.terminate();
    },
  };
}

/**
 * trainMfWasm on `threads` workers by DSGD (always the worker pool, even for one thread; with one
 * thread the model equals trainMfWasm's bit for bit). Same split, initial tables and per-epoch
 * shuffles as trainMfWasm; each driver step is THREAD_STEP_PER_WORKER × threads rows of the shuffled
 * epoch. SGD only.
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
): Promise<MfModel> {
  if (params.optimizer !== 'sgd') throw new Error(`the sgd-wasm kernel trains with SGD only, not ${params.optimizer}`);
  const setup = prepareTraining(data, nUsers, nItems, params, rows);
  checkWeights(weights, data);
  const step = THREAD_STEP_PER_WORKER * threads;
  const kernel = await createThreadedSgd(data, setup.model, params.learningRate, params.regularization, weights, threads, setup.train, step);
  try {
    let epochSqErr = 0;
    const runner: StepRunner = {
      async step(chunk, _t, wantLoss) {
        const { sqErr, objective } = await kernel.run(chunk, wantLoss);
        epochSqErr += sqErr;
        return wantLoss ? objective : undefined;
      },
      takeEpochSqErr() {
        const s = epochSqErr;
        epochSqErr = 0;
        return s;
      },
      snapshot: () => kernel.view(),
      memory: () => ({ tensors: 0, bytes: kernel.bytes }),
    };
    await runTraining(data, setup, { ...params, batchSize: step }, hooks, 'cpu', runner);
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
  const onEpoch = hooks.onEpoch;
  const noted: TrainHooks = { ...hooks, onEpoch: onEpoch ? (r: EpochReport) => onEpoch({ ...r, note }) : undefined };
  return threads === 1 ? trainMfWasm(data, nUsers, nItems, params, noted, rows, weights) : trainMfDsgd(data, nUsers, nItems, params, threads, noted, rows, weights);
}
