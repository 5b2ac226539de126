/** Training checkpoints in IndexedDB: one per dataset (its latest run), saved, loaded and forgotten. */
import type { IDBPDatabase } from 'idb';
import type { LabDB, StoredCheckpoint } from './db';
import { abortAfter } from './dbRecords';

/** Stores `c` as its dataset's checkpoint (replacing the earlier one) in one strict transaction. */
export async function saveCheckpoint(db: IDBPDatabase<LabDB>, c: StoredCheckpoint): Promise<void> {
  const tx = db.transaction('checkpoints', 'readwrite', { durability: 'strict' });
  const writes: Promise<unknown>[] = [];
  try {
    writes.push(tx.store.put(c));
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    await abortAfter(tx, writes);
    throw err;
  }
}

/** The checkpoint of an interrupted run on a dataset, or null. */
export async function loadCheckpoint(db: IDBPDatabase<LabDB>, datasetId: string): Promise<StoredCheckpoint | null> {
  return (await db.get('checkpoints', datasetId)) ?? null;
}

/** Forgets a dataset's checkpoint (no error when there is none). */
export async function deleteCheckpoint(db: IDBPDatabase<LabDB>, datasetId: string): Promise<void> {
  await db.delete('checkpoints', datasetId);
}
