/**
 * The UI's only door to compute and storage: a typed Comlink proxy of the lab worker.
 * Comlink calls hang forever if the worker dies, so every call also races the worker's `error`
 * event. On a crash (or an explicit restart) the pending calls fail with a clear message, the dead
 * worker is terminated and a fresh one started, so the next call works; listeners registered with
 * `onRestart` hear of it (the worker's session state — selected dataset, backend, fitted models — is
 * gone, and the page must set it up again).
 */
import * as Comlink from 'comlink';
import type { LabApi } from './api';

export type LabClient = Comlink.Remote<LabApi>;

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

/** What restartableRemote needs of a Worker: Comlink's endpoint, its `error` / `messageerror` events, terminate. */
export type WorkerLike = Comlink.Endpoint & Pick<Worker, 'addEventListener' | 'terminate'>;

/** A client whose worker is replaced after a crash. */
export interface RestartableClient<T> {
  /** Calls the current worker; stays valid across restarts. */
  client: Comlink.Remote<T>;
  /** Terminates the current worker (its pending calls fail, naming `reason`) and starts a fresh one. */
  restart(reason: string): void;
  /** Calls `listener(reason)` after every restart; returns the unsubscribe function. */
  onRestart(listener: (reason: string) => void): () => void;
  /** Terminates the worker for good (no restart). */
  terminate(): void;
}

/** After this many restarts with no call answered in between, the lab stops restarting (e.g. the worker cannot load). */
export const MAX_RESTARTS_WITHOUT_ANSWER = 3;

/** The message a call gets when the worker stops while it runs. */
export function crashMessage(call: string, reason: string, restarted: boolean): string {
  return restarted
    ? `The compute worker stopped while ${call} was running: ${reason}; it has been restarted.`
    : `The compute worker stopped while ${call} was running: ${reason}; it could not be restarted. Reload the page.`;
}

/**
 * A Comlink proxy over a worker made by `spawn`, replaced by a fresh one when it reports an
 * uncaught error (or an unreadable message) or `restart` is called. Calls pending at that moment
 * fail with WorkerCrashedError instead of waiting forever; later calls go to the new worker.
 */
export function restartableRemote<T>(spawn: () => WorkerLike): RestartableClient<T> {
  let worker: WorkerLike | null = null;
  let remote: Comlink.Remote<T> | null = null;
  let restartsWithoutAnswer = 0;
  let stopped: string | null = null; // why the client gave up, once it has
  const pending = new Set<{ call: string; reject(e: Error): void }>();
  const listeners = new Set<(reason: string) => void>();

  const start = () => {
    const w = spawn();
    w.addEventListener('error', (e) => w === worker && restart((e as ErrorEvent).message || 'an uncaught error'));
    w.addEventListener('messageerror', () => w === worker && restart('a message could not be read'));
    worker = w;
    remote = Comlink.wrap<T>(w);
  };

  function restart(reason: string): void {
    worker?.terminate();
    worker = null;
    remote = null;
    restartsWithoutAnswer += 1;
    const restarted = stopped === null && restartsWithoutAnswer <= MAX_RESTARTS_WITHOUT_ANSWER;
    if (restarted) start();
    else stopped ??= reason;
    const failed = [...pending];
    pending.clear();
    for (const p of failed) p.reject(new WorkerCrashedError(crashMessage(p.call, reason, restarted)));
    if (restarted) for (const listener of listeners) listener(reason);
  }

  start();
  const client = new Proxy({} as Comlink.Remote<T>, {
    get(_target, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (typeof prop === 'symbol') return remote ? Reflect.get(remote, prop) : undefined;
      return (...args: unknown[]) => {
        if (!remote) return Promise.reject(new WorkerCrashedError(`The compute worker has stopped (${stopped ?? 'terminated'}). Reload the page.`));
        const member = Reflect.get(remote, prop) as (...a: unknown[]) => Promise<unknown>;
        return new Promise((resolve, reject) => {
          const entry = { call: prop, reject };
          pending.add(entry);
          member(...args)
            .then(
              (value) => {
                restartsWithoutAnswer = 0;
                resolve(value);
              },
              (e: unknown) => {
                restartsWithoutAnswer = 0;
                reject(e as Error);
              },
            )
            .finally(() => pending.delete(entry));
        });
      };
    },
  });

  return {
    client,
    restart,
    onRestart(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      stopped = 'terminated';
      worker?.terminate();
      worker = null;
      remote = null;
    },
  };
}

/** Starts the lab worker, restarted after a crash. */
export function createLabClient(): RestartableClient<LabApi> {
  return restartableRemote<LabApi>(() => new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' }));
}

let shared: RestartableClient<LabApi> | null = null;
const sharedHandle = () => (shared ??= createLabClient());

/** The page's one lab worker, started on first use (and restarted after a crash). */
export function sharedLabClient(): LabClient {
  return sharedHandle().client;
}

/** Calls `listener(reason)` whenever the page's worker is restarted; returns the unsubscribe function. */
export function onWorkerRestart(listener: (reason: string) => void): () => void {
  return sharedHandle().onRestart(listener);
}

/** Terminates the page's worker, failing its pending calls with `reason`, and starts a fresh one. */
export function restartWorker(reason: string): void {
  sharedHandle().restart(reason);
}

/** Wraps a callback so the worker can call it across the boundary. */
export const proxyCallback = <T extends (...args: never[]) => unknown>(fn: T) => Comlink.proxy(fn);

let jobCounter = 0;
/** A fresh id for a cancellable call. */
export function newJobId(kind: string): string {
  jobCounter += 1;
  return `${kind}-${jobCounter}`;
}
