/**
 * For the end-to-end tests only: with `?testhooks` in the URL the page exposes `window.__labTest`,
 * to stop the compute worker as a crash would (`terminateWorker`) and to read tfjs's tensor count
 * in the worker (`memory`), without any button for either in the UI.
 */
import { restartWorker, sharedLabClient } from '../worker/client';

/** What `window.__labTest` offers the tests. */
export interface LabTestHook {
  /** Terminates the worker mid-call; pending calls fail and a fresh worker is started. */
  terminateWorker(): void;
  /** tf.memory() in the worker: tensor count, bytes, and the tfjs backend. */
  memory(): Promise<{ numTensors: number; numBytes: number; backend: string }>;
}

/** Installs `window.__labTest` when the URL asks for it (`?testhooks`). */
export function installTestHook(): void {
  if (!new URLSearchParams(location.search).has('testhooks')) return;
  const hook: LabTestHook = {
    terminateWorker: () => restartWorker('it was terminated'),
    memory: () => sharedLabClient().memory(),
  };
  (window as unknown as { __labTest: LabTestHook }).__labTest = hook;
}
