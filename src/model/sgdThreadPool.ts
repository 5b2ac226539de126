/**
 * The worker plumbing of the threaded sgd-wasm kernel (wasmSgdThreads.ts): whether this realm can
 * run threads, starting workers from a program's source — in a browser, dedicated workers from a
 * Blob URL (nested in the lab worker); in Node (tests, benchmarks) worker_threads — with a time limit
 * on their start, noticing a dead one, and waiting on a shared Int32 counter. Both need
 * SharedArrayBuffer, which a browser gives only to cross-origin-isolated pages (COOP same-origin +
 * COEP require-corp).
 */

/**
 * Atomics.load polls before a waiting thread sleeps in Atomics.wait (a few µs): short, since on a busy
 * machine a spinning thread takes the core from the one it waits for (paired runs here: 2 threads
 * over 1 had a median ratio of ~1.5 with 1 000 polls, ~0.7 with 100 000).
 */
export const SPIN_POLLS = 1_000;

/** How long the SGD threads have to start and instantiate the kernel, ms. */
export const THREAD_START_MS = 10_000;

/** The extra threads could not be started (the caller falls back to one thread). */
export class ThreadStartError extends Error {
  override name = 'ThreadStartError';
}

/** Whether this thread may block in Atomics.wait (browsers' main threads may not). */
let blockingWaitAllowed: boolean | null = null;

/**
 * Waits until Int32 `at` of `ctl` reaches `target`: spins, then blocks (or waits asynchronously),
 * checking `failed` (a dead worker never finishes its block) every second.
 */
export async function waitUntil(ctl: Int32Array, at: number, target: number, failed: () => string | null): Promise<void> {
  for (let spins = 0, value = Atomics.load(ctl, at); value < target; spins++, value = Atomics.load(ctl, at)) {
    if (spins < SPIN_POLLS) continue;
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

/** A worker's answer to a request. */
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

/** The part of a Node worker_threads Worker used here. */
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

/** Starts one worker running `source` (a worker_thread in Node, else a dedicated worker from a Blob URL). */
function startThread(source: string): Thread {
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
    const w = new wt.Worker(source, { eval: true });
    w.on('message', (m) => settle(m as WorkerReply));
    w.on('error', fail);
    post = (m) => w.postMessage(m);
    terminate = () => void w.terminate();
  } else {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
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

/** Started workers: why the first dead one died (or null), and stopping them all. */
export interface SgdThreadPool {
  failed(): string | null;
  terminate(): void;
}

/**
 * Starts `count` workers running `source` and sends each `init`, waiting (at most THREAD_START_MS)
 * for every one to answer {ok}. Throws ThreadStartError, having stopped them all, when one cannot
 * start, answers {error} or is late.
 */
export async function startSgdThreads(count: number, source: string, init: unknown): Promise<SgdThreadPool> {
  const workers: Thread[] = [];
  try {
    for (let t = 0; t < count; t++) workers.push(startThread(source));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`they did not answer within ${THREAD_START_MS / 1000} s`)), THREAD_START_MS);
    });
    try {
      await Promise.race([Promise.all(workers.map((w) => w.request(init))), late]);
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    for (const w of workers) w.terminate();
    throw new ThreadStartError(e instanceof Error ? e.message : String(e));
  }
  return {
    failed() {
      for (const w of workers) {
        const why = w.failed();
        if (why !== null) return why;
      }
      return null;
    },
    terminate() {
      for (const w of workers) w.terminate();
    },
  };
}

/** Why this realm cannot run the threaded kernel, or null when it can. */
export function threadsUnavailableReason(): string | null {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is missing (the page is not cross-origin isolated)';
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return 'the page is not cross-origin isolated';
  if (nodeWorkerThreads() === null && typeof Worker === 'undefined') return 'workers cannot be started here';
  return null;
}
