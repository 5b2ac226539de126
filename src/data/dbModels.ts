/** Fitted models in IndexedDB: saved in one strict transaction, listed without their state, loaded and deleted. */
import type { IDBPDatabase } from 'idb';
import type { LabDB, StoredModel, StoredModelInfo } from './db';
import { abortAfter, newestFirst } from './dbRecords';

/** A stored model without its state. */
function toModelInfo<S>(model: StoredModel<S>): StoredModelInfo<S> {
  const { state: _state, ...info } = model;
  return info;
}

/**
 * Store a fitted model (replacing one with the same id) in ONE readwrite transaction with
 * durability 'strict', awaiting nothing but IndexedDB inside it. Its state must already be plain
 * (tensors read back to typed arrays): a value IndexedDB cannot clone aborts the transaction and
 * leaves any earlier copy as it was. Returns what listModels shows of it.
 */
export async function saveModel<S>(db: IDBPDatabase<LabDB>, model: StoredModel<S>): Promise<StoredModelInfo<S>> {
  const problems: string[] = [];
  if (!model.id) problems.push('it has no id');
  if (!model.datasetId) problems.push('it has no datasetId');
  if (!model.method) problems.push('it has no method');
  if (model.state === undefined) problems.push('it has no state');
  if (problems.length > 0) throw new Error(`Cannot save model "${model.id}": ${problems.join('; ')}.`);
  const tx = db.transaction('models', 'readwrite', { durability: 'strict' });
  const writes: Promise<unknown>[] = [];
  try {
    writes.push(tx.store.put(model as StoredModel));
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    await abortAfter(tx, writes);
    throw err;
  }
  return toModelInfo(model);
}

/** The stored models fitted on a dataset, without their states, newest first. */
export async function listModels<S = unknown>(db: IDBPDatabase<LabDB>, datasetId: string): Promise<StoredModelInfo<S>[]> {
  const all = (await db.getAllFromIndex('models', 'byDataset', datasetId)) as StoredModel<S>[];
  return all.sort(newestFirst).map(toModelInfo);
}

/** Load a whole stored model. Throws a clear Error when it is not stored. */
export async function loadModel<S = unknown>(db: IDBPDatabase<LabDB>, id: string): Promise<StoredModel<S>> {
  const model = await db.get('models', id);
  if (!model) throw new Error(`Model "${id}" is not stored in this browser.`);
  return model as StoredModel<S>;
}

/** Remove a stored model (no error when absent). */
export async function deleteModel(db: IDBPDatabase<LabDB>, id: string): Promise<void> {
  await db.delete('models', id);
}
