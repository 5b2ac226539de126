/**
 * Datasets in IndexedDB: saved atomically (columnar rating chunks, id maps, titles, then the meta
 * record), listed, loaded whole (checked for damage) and deleted with everything made from them.
 */
import type { IDBPDatabase } from 'idb';
import { CHUNK_ROWS, type LabDB, type StoredChunk, type StoredMeta } from './db';
import { abortAfter, newestFirst, newId } from './dbRecords';
import type { Dataset, DatasetMeta } from './types';

/** The stores that hold a dataset itself. */
const DATASET_STORES = ['meta', 'chunks', 'idmaps', 'titles'] as const;
/** Every store (deleting a dataset removes what was made from it too). */
const ALL_STORES = [...DATASET_STORES, 'splits', 'evaluations', 'models', 'checkpoints'] as const;

/** Throws when the dataset's arrays disagree with each other or with its meta. */
function checkDataset(d: Dataset): void {
  const n = d.ratings.users.length;
  const problems: string[] = [];
  if (d.ratings.items.length !== n || d.ratings.ratings.length !== n) {
    problems.push(`column lengths differ (users ${n}, items ${d.ratings.items.length}, ratings ${d.ratings.ratings.length})`);
  }
  if (d.timestamps && d.timestamps.length !== n) problems.push(`${d.timestamps.length} timestamps for ${n} rows`);
  if (d.meta.hasTimestamps !== (d.timestamps !== null)) {
    problems.push(`meta.hasTimestamps is ${d.meta.hasTimestamps} but the timestamps are ${d.timestamps ? 'present' : 'missing'}`);
  }
  if (d.meta.ratings !== n) problems.push(`meta.ratings is ${d.meta.ratings} but there are ${n} rows`);
  if (d.meta.users !== d.userIds.length) problems.push(`meta.users is ${d.meta.users} but there are ${d.userIds.length} user ids`);
  if (d.meta.items !== d.itemIds.length) problems.push(`meta.items is ${d.meta.items} but there are ${d.itemIds.length} item ids`);
  if (d.titles && d.titles.length !== d.itemIds.length) problems.push(`${d.titles.length} titles for ${d.itemIds.length} items`);
  if (d.genres && d.genres.length !== d.itemIds.length) problems.push(`${d.genres.length} genre lists for ${d.itemIds.length} items`);
  if (problems.length > 0) throw new Error(`Cannot save dataset "${d.meta.name}": ${problems.join('; ')}.`);
}


/**
 * Stores a dataset atomically: ratings columnar in chunks of CHUNK_ROWS (Int32Array users,
 * Int32Array items, Float32Array ratings, and Float64Array timestamps when the dataset has them,
 * per record), id maps, titles/genres, and the meta record LAST with complete=true — all in ONE
 * readwrite transaction, so a failure leaves nothing behind.
 * Assigns meta.id when empty. Returns the stored meta (without the `complete` flag).
 * Throws for the built-in demo dataset, which is generated and never stored.
 */
export async function saveDataset(db: IDBPDatabase<LabDB>, dataset: Dataset): Promise<DatasetMeta> {
  if (dataset.meta.builtIn) throw new Error('The built-in demo dataset is generated on demand and is never stored.');
  checkDataset(dataset);
  const meta: DatasetMeta = { ...dataset.meta, id: dataset.meta.id || newId('ds', dataset.meta.createdAt) };
  const id = meta.id;
  const tx = db.transaction(DATASET_STORES, 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    // Replace any earlier copy under the same id.
    writes.push(tx.objectStore('chunks').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity])));
    const { users, items, ratings } = dataset.ratings;
    const timestamps = dataset.timestamps;
    for (let index = 0, from = 0; from < users.length; index++, from += CHUNK_ROWS) {
      const to = Math.min(users.length, from + CHUNK_ROWS);
      const chunk: StoredChunk = { datasetId: id, index, users: users.slice(from, to), items: items.slice(from, to), ratings: ratings.slice(from, to) };
      if (timestamps) chunk.timestamps = timestamps.slice(from, to);
      writes.push(tx.objectStore('chunks').put(chunk));
    }
    writes.push(tx.objectStore('idmaps').put({ datasetId: id, userIds: dataset.userIds, itemIds: dataset.itemIds }));
    writes.push(tx.objectStore('titles').put({ datasetId: id, titles: dataset.titles, genres: dataset.genres }));
    writes.push(tx.objectStore('meta').put({ ...meta, complete: true }));
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    await abortAfter(tx, writes);
    throw err;
  }
  return meta;
}

function toMeta(stored: StoredMeta): DatasetMeta {
  const { complete: _complete, hasTimestamps, ...meta } = stored;
  return { ...meta, hasTimestamps: hasTimestamps ?? false };
}

/** Complete stored datasets, newest first. */
export async function listDatasets(db: IDBPDatabase<LabDB>): Promise<DatasetMeta[]> {
  const all = await db.getAll('meta');
  return all
    .filter((m) => m.complete)
    .sort(newestFirst)
    .map(toMeta);
}

/**
 * Load a whole stored dataset. Throws a clear Error when it is missing, incomplete or damaged.
 * Datasets stored by schema version 1 load with `timestamps: null` and `hasTimestamps: false`.
 */
export async function loadDataset(db: IDBPDatabase<LabDB>, id: string): Promise<Dataset> {
  const tx = db.transaction(DATASET_STORES, 'readonly');
  const [stored, chunks, maps, titles] = await Promise.all([
    tx.objectStore('meta').get(id),
    tx.objectStore('chunks').index('byDataset').getAll(id),
    tx.objectStore('idmaps').get(id),
    tx.objectStore('titles').get(id),
    tx.done,
  ]);
  if (!stored || !stored.complete) throw new Error(`Dataset "${id}" is not stored in this browser.`);
  const meta = toMeta(stored);
  const n = stored.ratings;
  const expectedChunks = Math.ceil(n / CHUNK_ROWS);
  chunks.sort((a, b) => a.index - b.index);
  const total = chunks.reduce((s, c) => s + c.users.length, 0);
  if (!maps || chunks.length !== expectedChunks || total !== n) {
    throw new Error(`Dataset "${stored.name}" (${id}) is damaged: expected ${n} ratings in ${expectedChunks} chunks, found ${total} in ${chunks.length}${maps ? '' : ', and its id maps are missing'}.`);
  }
  const untimed = meta.hasTimestamps ? chunks.find((c) => c.timestamps?.length !== c.users.length) : undefined;
  if (untimed) throw new Error(`Dataset "${stored.name}" (${id}) is damaged: its ratings chunk ${untimed.index} has no timestamps.`);
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  const timestamps = meta.hasTimestamps ? new Float64Array(n) : null;
  let at = 0;
  for (const c of chunks) {
    users.set(c.users, at);
    items.set(c.items, at);
    ratings.set(c.ratings, at);
    if (timestamps && c.timestamps) timestamps.set(c.timestamps, at);
    at += c.users.length;
  }
  return {
    meta,
    ratings: { users, items, ratings },
    timestamps,
    userIds: maps.userIds,
    itemIds: maps.itemIds,
    titles: titles?.titles ?? null,
    genres: titles?.genres ?? null,
  };
}

/**
 * Remove a dataset — chunks, id maps, titles, meta — with its splits, evaluation reports and
 * fitted models, in one transaction (no error when absent).
 */
export async function deleteDataset(db: IDBPDatabase<LabDB>, id: string): Promise<void> {
  const tx = db.transaction(ALL_STORES, 'readwrite');
  const deleteByIndex = async (store: 'splits' | 'evaluations' | 'models'): Promise<void> => {
    const keys = await tx.objectStore(store).index('byDataset').getAllKeys(id);
    await Promise.all(keys.map((k) => tx.objectStore(store).delete(k)));
  };
  await Promise.all([
    tx.objectStore('meta').delete(id),
    tx.objectStore('chunks').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity])),
    tx.objectStore('idmaps').delete(id),
    tx.objectStore('titles').delete(id),
    deleteByIndex('splits'),
    deleteByIndex('evaluations'),
    deleteByIndex('models'),
    tx.objectStore('checkpoints').delete(id),
    tx.done,
  ]);
}
