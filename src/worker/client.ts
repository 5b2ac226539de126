/**
 * The UI's only door to compute and storage: a typed Comlink proxy of the lab worker.
 * Comlink calls hang forever if the worker dies, so every call also races the worker's `error`
 * event and fails with that error instead.
 */
import * as Comlink from 'comlink';
import type { LabApi } from './api';

export type LabClient = Comlink.Remote<LabApi>;

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

export function createLabClient(): { client: LabClient; terminate(): void } {
  const worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' });
  return { client: guardedRemote<LabApi>(worker), terminate: () => worker.terminate() };
}

/** What guardedRemote needs of a Worker: Comlink's endpoint plus its `error` / `messageerror` events. */
export type WorkerLike = Comlink.Endpoint & Pick<Worker, 'addEventListener'>;

/**
 * A Comlink proxy of `worker` whose calls fail with WorkerCrashedError when the worker reports an
 * uncaught error (or an unreadable message) instead of waiting forever for an answer.
 */
export function guardedRemote<T>(worker: WorkerLike): Comlink.Remote<T> {
  const remote = Comlink.wrap<T>(worker);
  let crashed: WorkerCrashedError | null = null;
  const waiting = new Set<(e: Error) => void>();
  const fail = (message: string) => {
    crashed = new WorkerCrashedError(`The compute worker stopped: ${message}. Reload the page to start it again.`);
    for (const reject of waiting) reject(crashed);
    waiting.clear();
  };
  worker.addEventListener('error', (e) => fail((e as ErrorEvent).message || 'an uncaught error'));
  worker.addEventListener('messageerror', () => fail('a message could not be read'));

  return new Proxy(remote, {
    get(target, prop, receiver) {
      const member = Reflect.get(target, prop, receiver) as unknown;
      if (typeof member !== 'function' || prop === 'then') return member;
      return (...args: unknown[]) => {
        if (crashed) return Promise.reject(crashed);
        return new Promise((resolve, reject) => {
          waiting.add(reject);
          (member as (...a: unknown[]) => Promise<unknown>)(...args).then(resolve, reject).finally(() => waiting.delete(reject));
        });
      };
    },
  }) as Comlink.Remote<T>;
}

let shared: LabClient | null = null;
/** The page's one lab worker, started on first use. */
export function sharedLabClient(): LabClient {
  return (shared ??= createLabClient().client);
}

/** Wraps a callback so the worker can call it across the boundary. */
export const proxyCallback = <T extends (...args: never[]) => unknown>(fn: T) => Comlink.proxy(fn);

let jobCounter = 0;
/** A fresh id for a cancellable call. */
export function newJobId(kind: string): string {
  jobCounter += 1;
  return `${kind}-${jobCounter}`;
}
