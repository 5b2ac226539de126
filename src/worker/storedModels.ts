/**
 * Fitted models that survive a reload: stored after every fit, listed per dataset, restored into
 * the session the first time one is used, deleted. Saving reads every tensor back first, then
 * writes the record in one strict IndexedDB transaction (src/data/dbModels.ts).
 */
import type { StoredTrainRows } from '../data/db';
import { deleteModel, listModels, loadModel, saveModel } from '../data/dbModels';
import { datasetFingerprint, type DatasetFingerprint } from '../data/fingerprint';
import type { Dataset } from '../data/types';
import type { Fitted } from '../recommenders/types';
import { modelRecord, restoreModelRecord } from './modelRecord';
import { db, dropModel, fitContext, keepModel, keptModel, requireDataset, tfQueue, type SessionModel } from './session';
import type { ModelSummary, StoredModelEntry } from './types';

const fingerprints = new WeakMap<Dataset, DatasetFingerprint>();

/** The dataset's fingerprint (computed once per dataset object: a pass over every rating). */
export function fingerprintOf(dataset: Dataset): DatasetFingerprint {
  let f = fingerprints.get(dataset);
  if (!f) {
    f = datasetFingerprint(dataset);
    fingerprints.set(dataset, f);
  }
  return f;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Stores a model just fitted on `dataset` (the demo too: it is regenerated identically). Returns
 * null when stored, or why it could not be (the model stays in the session either way).
 */
export async function storeFitted(summary: ModelSummary, fitted: Fitted, train: StoredTrainRows, dataset: Dataset): Promise<string | null> {
  try {
    const record = await modelRecord(summary, fitted, train, dataset, fingerprintOf(dataset));
    await saveModel(await db(), record);
    return null;
  } catch (e) {
    const message = errorText(e);
    return /quota/i.test(message) || (e instanceof Error && e.name === 'QuotaExceededError')
      ? `the browser's storage for this page is full (${message}). Delete stored models or datasets to make room.`
      : message;
  }
}

/** The stored models of the selected dataset, oldest first. */
export async function storedOfCurrent(): Promise<StoredModelEntry[]> {
  const { dataset } = requireDataset();
  const infos = await listModels<ModelSummary>(await db(), dataset.meta.id);
  return infos.reverse().map((m) => ({ summary: m.summary, bytes: m.bytes }));
}

const restoring = new Map<string, Promise<SessionModel>>();

/** Loads a stored model of the selected dataset and restores it into the session. */
async function restoreStored(id: string, dataset: Dataset): Promise<SessionModel> {
  let record;
  try {
    record = await loadModel<ModelSummary>(await db(), id);
  } catch (e) {
    if (e instanceof Error && /is not stored/.test(e.message)) throw new Error('That model is not trained on the selected dataset: train one first.');
    throw new Error(`Could not read the stored model: ${errorText(e)}`);
  }
  const model = await tfQueue.run(async () =>
    restoreModelRecord(record, dataset, (meta, validation) => fitContext(meta, dataset, {}, validation), fingerprintOf(dataset)),
  );
  keepModel(model);
  return model;
}

/**
 * The model with this id on the selected dataset: the one in memory, or else the stored one,
 * restored on first use (concurrent first uses share one restore). Throws a clear Error otherwise.
 */
export async function obtainModel(id: string): Promise<SessionModel> {
  const { dataset } = requireDataset();
  const kept = keptModel(id);
  if (kept) {
    if (kept.summary.datasetId !== dataset.meta.id) throw new Error('That model is not trained on the selected dataset: train one first.');
    return kept;
  }
  const key = `${dataset.meta.id}\u0000${id}`;
  let pending = restoring.get(key);
  if (!pending) {
    pending = restoreStored(id, dataset).finally(() => restoring.delete(key));
    restoring.set(key, pending);
  }
  return pending;
}

/** Removes a model from the store and from the session (no error when absent from either). */
export async function deleteStoredModel(id: string): Promise<void> {
  await deleteModel(await db(), id);
  dropModel(id);
}
