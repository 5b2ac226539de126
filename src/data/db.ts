/** IndexedDB storage of datasets (idb): columnar rating chunks, id maps, titles, and a meta record written last. */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Dataset, DatasetMeta } from './types';

/** Rows per stored ratings chunk. */
export const CHUNK_ROWS = 65536;
/** Current schema version (see the upgrade ladder in openLabDb). */
export const DB_VERSION = 1;
/** Default database name. */
export const DEFAULT_DB_NAME = 'recommender-lab';

/** The meta record as stored: `complete` is true once every other record of the dataset is written. */
export interface StoredMeta extends DatasetMeta {
  complete: boolean;
}

/** One chunk of ratings (≤ CHUNK_ROWS rows). */
export interface StoredChunk {
  datasetId: string;
  index: number;
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
}

/** The id maps of a dataset. */
export interface StoredIdMaps {
  datasetId: string;
  userIds: string[];
  itemIds: string[];
}

/** Titles and genres of a dataset, when known. */
export interface StoredTitles {
  datasetId: string;
  titles: (string | null)[] | null;
  genres: string[][] | null;
}

/** The one schema of the lab's database. */
export interface LabDB extends DBSchema {
  meta: { key: string; value: StoredMeta };
  chunks: { key: [string, number]; value: StoredChunk; indexes: { byDataset: string } };
  idmaps: { key: string; value: StoredIdMaps };
  titles: { key: string; value: StoredTitles };
}

const STORES = ['meta', 'chunks', 'idmaps', 'titles'] as const;

/** Open (creating or upgrading) the lab database. Default name 'recommender-lab'. */
export async function openLabDb(name: string = DEFAULT_DB_NAME): Promise<IDBPDatabase<LabDB>> {
  return openDB<LabDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Migration ladder: each step upgrades from its version to the next; steps fall through.
      switch (oldVersion) {
        case 0: {
          db.createObjectStore('meta', { keyPath: 'id' });
          const chunks = db.createObjectStore('chunks', { keyPath: ['datasetId', 'index'] });
          chunks.createIndex('byDataset', 'datasetId');
          db.createObjectStore('idmaps', { keyPath: 'datasetId' });
          db.createObjectStore('titles', { keyPath: 'datasetId' });
        }
        // Add `case 1:` here for version 2, without a break above it.
      }
    },
  });
}

let idCounter = 0;

/** A new dataset id: 'ds-' + createdAt + '-' + a per-session counter + a random suffix. */
function newDatasetId(createdAt: number): string {
  idCounter++;
  const suffix = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : String(idCounter);
  return `ds-${createdAt}-${idCounter}-${suffix}`;
}

/** Throws when the dataset's arrays disagree with each other or with its meta. */
function checkDataset(d: Dataset): void {
  const n = d.ratings.users.length;
  const problems: string[] = [];
  if (d.ratings.items.length !== n || d.ratings.ratings.length !== n) {
    problems.push(`column lengths differ (users ${n}, items ${d.ratings.items.length}, ratings ${d.ratings.ratings.length})`);
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
 * Int32Array items, Float32Array ratings per record), id maps, titles/genres, and the meta record
 * LAST with complete=true — all in ONE readwrite transaction, so a failure leaves nothing behind.
 * Assigns meta.id when empty. Returns the stored meta (without the `complete` flag).
 * Throws for the built-in demo dataset, which is generated and never stored.
 */
export async function saveDataset(db: IDBPDatabase<LabDB>, dataset: Dataset): Promise<DatasetMeta> {
  if (dataset.meta.builtIn) throw new Error('The built-in demo dataset is generated on demand and is never stored.');
  checkDataset(dataset);
  const meta: DatasetMeta = { ...dataset.meta, id: dataset.meta.id || newDatasetId(dataset.meta.createdAt) };
  const id = meta.id;
  const tx = db.transaction(STORES, 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    // Replace any earlier copy under the same id.
    writes.push(tx.objectStore('chunks').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity])));
    const { users, items, ratings } = dataset.ratings;
    for (let index = 0, from = 0; from < users.length; index++, from += CHUNK_ROWS) {
      const to = Math.min(users.length, from + CHUNK_ROWS);
      writes.push(
        tx.objectStore('chunks').put({ datasetId: id, index, users: users.slice(from, to), items: items.slice(from, to), ratings: ratings.slice(from, to) }),
      );
    }
    writes.push(tx.objectStore('idmaps').put({ datasetId: id, userIds: dataset.userIds, itemIds: dataset.itemIds }));
    writes.push(tx.objectStore('titles').put({ datasetId: id, titles: dataset.titles, genres: dataset.genres }));
    writes.push(tx.objectStore('meta').put({ ...meta, complete: true }));
    await Promise.all([...writes, tx.done]);
  } catch (err) {
    // A synchronous put error (e.g. DataCloneError) does not abort the transaction by itself.
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    await Promise.allSettled([...writes, tx.done]);
    throw err;
  }
  return meta;
}

function toMeta(stored: StoredMeta): DatasetMeta {
  const { complete: _complete, ...meta } = stored;
  return meta;
}

/** Complete stored datasets, newest first. */
export async function listDatasets(db: IDBPDatabase<LabDB>): Promise<DatasetMeta[]> {
  const all = await db.getAll('meta');
  return all
    .filter((m) => m.complete)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map(toMeta);
}

/** Load a whole stored dataset. Throws a clear Error when it is missing, incomplete or damaged. */
export async function loadDataset(db: IDBPDatabase<LabDB>, id: string): Promise<Dataset> {
  const tx = db.transaction(STORES, 'readonly');
  const [stored, chunks, maps, titles] = await Promise.all([
    tx.objectStore('meta').get(id),
    tx.objectStore('chunks').index('byDataset').getAll(id),
    tx.objectStore('idmaps').get(id),
    tx.objectStore('titles').get(id),
    tx.done,
  ]);
  if (!stored || !stored.complete) throw new Error(`Dataset "${id}" is not stored in this browser.`);
  const n = stored.ratings;
  const expectedChunks = Math.ceil(n / CHUNK_ROWS);
  chunks.sort((a, b) => a.index - b.index);
  const total = chunks.reduce((s, c) => s + c.users.length, 0);
  if (!maps || chunks.length !== expectedChunks || total !== n) {
    throw new Error(`Dataset "${stored.name}" (${id}) is damaged: expected ${n} ratings in ${expectedChunks} chunks, found ${total} in ${chunks.length}${maps ? '' : ', and its id maps are missing'}.`);
  }
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  let at = 0;
  for (const c of chunks) {
    users.set(c.users, at);
    items.set(c.items, at);
    ratings.set(c.ratings, at);
    at += c.users.length;
  }
  return {
    meta: toMeta(stored),
    ratings: { users, items, ratings },
    userIds: maps.userIds,
    itemIds: maps.itemIds,
    titles: titles?.titles ?? null,
    genres: titles?.genres ?? null,
  };
}

/** Remove a dataset's chunks, id maps, titles and meta in one transaction (no error when absent). */
export async function deleteDataset(db: IDBPDatabase<LabDB>, id: string): Promise<void> {
  const tx = db.transaction(STORES, 'readwrite');
  await Promise.all([
    tx.objectStore('meta').delete(id),
    tx.objectStore('chunks').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity])),
    tx.objectStore('idmaps').delete(id),
    tx.objectStore('titles').delete(id),
    tx.done,
  ]);
}
