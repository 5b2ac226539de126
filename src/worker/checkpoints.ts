/**
 * Training checkpoints in IndexedDB, so that a run cut short by a reload or a crash can go on from
 * its last completed epoch: the tables, the epochs reported so far, and what rebuilds the run (its
 * method, settings, holdout and dataset fingerprint). One per dataset: the latest run's. Written
 * after an epoch (at most every CHECKPOINT_EVERY_MS, always the newest epoch, one strict transaction
 * each, never two at once) and removed when the run ends normally.
 */
import { deleteCheckpoint, loadCheckpoint, saveCheckpoint } from '../data/dbCheckpoints';
import type { StoredCheckpoint, StoredTrainRows } from '../data/db';
import { sameFingerprint } from '../data/fingerprint';
import type { Dataset } from '../data/types';
import type { EpochReport } from '../model/params';
import type { OptimizerState, TrainingCheckpoint } from '../model/trainHooks';
import { findRecommender } from '../recommenders/registry';
import type { ParamValues } from '../recommenders/types';
import { db } from './session';
import { fingerprintOf } from './storedModels';

/** Least time between two checkpoint writes, ms (a fast epoch is not worth a disk flush each). */
export const CHECKPOINT_EVERY_MS = 500;

/** A stored checkpoint: the method's own tables (`model`), its optimizer and rng state, and what rebuilds the run. */
export type Checkpoint = StoredCheckpoint<unknown, EpochReport> & { optimizer?: OptimizerState | null; rng?: number };

/** What the UI is told of an interrupted run it can resume (no tables). */
export interface InterruptedRun {
  method: string;
  methodName: string;
  params: ParamValues;
  validationFraction: number;
  splitSeed: number;
  /** Epochs completed, and asked for. */
  epoch: number;
  epochs: number;
  curves: EpochReport[];
  backend: string;
  savedAt: number;
}

/** What a run's checkpoints share. */
export type CheckpointBase = Omit<Checkpoint, 'epoch' | 'model' | 'curves' | 'savedAt' | 'dataset'>;

/**
 * Writes a run's checkpoints in the background: `save` keeps the newest and writes it when no write is
 * in flight and CHECKPOINT_EVERY_MS have passed (or at once when `final`); `discard` waits for any write
 * in flight, then removes the dataset's checkpoint. Write failures are reported once through `onError`
 * and training goes on.
 */
export function createCheckpointWriter(base: CheckpointBase, dataset: Dataset, onError: (message: string) => void) {
  const fingerprint = fingerprintOf(dataset);
  let pending: Checkpoint | null = null;
  let writing: Promise<void> | null = null;
  let lastWrite = -Infinity;
  let failed = false;
  let discarded = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const pump = (): void => {
    if (writing || !pending || discarded) return;
    const c = pending;
    pending = null;
    lastWrite = performance.now();
    writing = (async () => {
      try {
        await saveCheckpoint(await db(), c);
      } catch (e) {
        if (!failed) onError(`Training checkpoints could not be stored (a reload will not be able to resume this run): ${e instanceof Error ? e.message : String(e)}`);
        failed = true;
      } finally {
        writing = null;
        pump();
      }
    })();
  };
  return {
    save(c: TrainingCheckpoint<unknown>, curves: readonly EpochReport[], final = false): void {
      if (failed || discarded) return;
      pending = { ...base, dataset: fingerprint, epoch: c.epoch, model: c.model, optimizer: c.optimizer ?? null, ...(c.rng !== undefined ? { rng: c.rng } : {}), curves: [...curves], savedAt: Date.now() };
      const wait = CHECKPOINT_EVERY_MS - (performance.now() - lastWrite);
      if (final || wait <= 0) {
        pump();
      } else {
        // one timer at a time: it writes whatever is newest when it fires
        timer ??= setTimeout(() => {
          timer = null;
          pump();
        }, wait);
      }
    },
    async discard(): Promise<void> {
      discarded = true;
      pending = null;
      while (writing) await writing;
      await deleteCheckpoint(await db(), dataset.meta.id);
    },
  };
}

/** The selected dataset's interrupted run, or null (none, or one this dataset or lab can no longer resume). */
export async function interruptedRunOf(dataset: Dataset): Promise<InterruptedRun | null> {
  const c = (await loadCheckpoint(await db(), dataset.meta.id)) as Checkpoint | null;
  if (!c || resumeProblem(c, dataset) !== null) return null;
  const { method, methodName, params, train, epoch, epochs, curves, backend, savedAt } = c;
  return { method, methodName, params, validationFraction: train.validationFraction, splitSeed: train.splitSeed, epoch, epochs, curves, backend, savedAt };
}

/** Why `c` cannot be resumed on `dataset`, or null. */
export function resumeProblem(c: Checkpoint, dataset: Dataset): string | null {
  try {
    findRecommender(c.method);
  } catch {
    return `its method "${c.method}" is no longer in the lab`;
  }
  if (!sameFingerprint(c.dataset, fingerprintOf(dataset))) return 'its dataset has changed since';
  return null;
}

/** The checkpoint to resume a run with `request`'s method and holdout from, or a clear Error. */
export async function checkpointToResume(dataset: Dataset, method: string, train: Omit<StoredTrainRows, 'trainRatings'>): Promise<Checkpoint> {
  const c = (await loadCheckpoint(await db(), dataset.meta.id)) as Checkpoint | null;
  if (!c) throw new Error(`No interrupted training run of ${dataset.meta.name} is stored: train it again.`);
  const problem = resumeProblem(c, dataset) ?? (c.method !== method ? `it trained ${c.methodName}, not ${method}` : null) ?? (c.train.validationFraction !== train.validationFraction || c.train.splitSeed !== train.splitSeed ? 'its validation holdout differs' : null);
  if (problem !== null) throw new Error(`The interrupted run cannot be resumed: ${problem}.`);
  return c;
}

/** Forgets the selected dataset's interrupted run. */
export async function discardInterruptedRun(dataset: Dataset): Promise<void> {
  await deleteCheckpoint(await db(), dataset.meta.id);
}
