/**
 * IndexedDB storage (idb) of datasets — columnar rating chunks (with timestamps when known), id
 * maps, titles, and a meta record written last — of the evaluation lab's splits and reports, and of
 * fitted models (their state, with what rebuilds their training set).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EvaluationReport, Split, SplitInfo } from '../evaluation/types';
import type { DatasetFingerprint } from './fingerprint';
import type { Dataset, DatasetMeta } from './types';

/** Rows per stored ratings chunk. */
export const CHUNK_ROWS = 65536;
/** Current schema version (see the upgrade ladder in openLabDb). */
export const DB_VERSION = 4;
/** Default database name. */
export const DEFAULT_DB_NAME = 'recommender-lab';

// ---------------------------------------------------------------------------------------------
// Schema v1: datasets only.

/** The meta record as version 1 stored it (no `hasTimestamps`). */
export interface StoredMetaV1 extends Omit<DatasetMeta, 'hasTimestamps'> {
  complete: boolean;
}

/** One chunk of ratings (≤ CHUNK_ROWS rows), as version 1 stored it. */
export interface StoredChunkV1 {
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

/** Schema version 1 (kept for the migration, and for tests that write a version-1 database). */
export interface LabDBV1 extends DBSchema {
  meta: { key: string; value: StoredMetaV1 };
  chunks: { key: [string, number]; value: StoredChunkV1; indexes: { byDataset: string } };
  idmaps: { key: string; value: StoredIdMaps };
  titles: { key: string; value: StoredTitles };
}

// ---------------------------------------------------------------------------------------------
// Schema v2: timestamps in chunks, splits and evaluation reports.

/**
 * The meta record: `complete` is true once every other record of the dataset is written.
 * `hasTimestamps` is missing on records written by version 1 (read as false).
 */
export interface StoredMeta extends Omit<DatasetMeta, 'hasTimestamps'> {
  hasTimestamps?: boolean;
  complete: boolean;
}

/** One chunk of ratings (≤ CHUNK_ROWS rows); `timestamps` (seconds) when the dataset has them. */
export interface StoredChunk extends StoredChunkV1 {
  timestamps?: Float64Array;
}

/** Schema version 2. */
export interface LabDBV2 extends DBSchema {
  meta: { key: string; value: StoredMeta };
  chunks: { key: [string, number]; value: StoredChunk; indexes: { byDataset: string } };
  idmaps: { key: string; value: StoredIdMaps };
  titles: { key: string; value: StoredTitles };
  splits: { key: string; value: Split; indexes: { byDataset: string } };
  evaluations: { key: string; value: EvaluationReport; indexes: { byDataset: string; bySplit: string } };
}

// ---------------------------------------------------------------------------------------------
// Schema v3: fitted models.

/**
 * How a model's training set is rebuilt from its dataset: the seeded random holdout the worker
 * trained with (rows left after holding out `validationFraction` with `splitSeed`, ascending), and
 * how many training rows that gave (checked on restore).
 */
export interface StoredTrainRows {
  validationFraction: number;
  splitSeed: number;
  trainRatings: number;
}

/**
 * A fitted model as stored. `summary` is what the lab lists of it (the worker's ModelSummary:
 * validation figures, epochs, curves); `state` is the method's `state()` with every tensor read
 * back to typed arrays. `dataset` fingerprints the dataset it was fitted on, so a changed dataset
 * is refused on restore. `bytes` estimates the stored size.
 */
export interface StoredModel<Summary = unknown> {
  id: string;
  datasetId: string;
  method: string;
  params: Record<string, number | string | boolean>;
  summary: Summary;
  train: StoredTrainRows;
  dataset: DatasetFingerprint;
  state: unknown;
  createdAt: number;
  bytes: number;
}

/** A stored model without its state, as listed. */
export type StoredModelInfo<Summary = unknown> = Omit<StoredModel<Summary>, 'state'>;

/** Schema version 3. */
export interface LabDBV3 extends LabDBV2 {
  models: { key: string; value: StoredModel; indexes: { byDataset: string } };
}

/**
 * A training run's last completed epoch, kept while it runs so that a reload or a crash can go on
 * from there (one per dataset: the latest run). `model` is the method's tables (biased MF's `MfModel`),
 * `curves` the epochs reported so far. Removed when the run ends normally (finished or stopped).
 */
export interface StoredCheckpoint<Model = unknown, Report = unknown> {
  datasetId: string;
  method: string;
  methodName: string;
  params: Record<string, number | string | boolean>;
  train: StoredTrainRows;
  dataset: DatasetFingerprint;
  /** Epochs completed. */
  epoch: number;
  /** Epochs the run was asked for. */
  epochs: number;
  model: Model;
  /** The optimizer's state then (Adam's moments), or null (SGD keeps none). */
  optimizer?: unknown;
  curves: Report[];
  backend: string;
  savedAt: number;
}

/** Schema version 4, the current one. */
export interface LabDBV4 extends LabDBV3 {
  checkpoints: { key: string; value: StoredCheckpoint };
}

/** The current schema. */
export type LabDB = LabDBV4;

const DATASET_STORES = ['meta', 'chunks', 'idmaps', 'titles'] as const;
const ALL_STORES = [...DATASET_STORES, 'splits', 'evaluations', 'models', 'checkpoints'] as const;

/**
 * Open (creating or upgrading) the lab database. Default name 'recommender-lab'.
 * Upgrade ladder (each step runs when the stored version is below it):
 * 1. meta, chunks (index byDataset), idmaps, titles;
 * 2. splits (index byDataset), evaluations (indexes byDataset, bySplit). Version-1 records need no
 *    rewrite: a meta without `hasTimestamps` and chunks without `timestamps` load as "no timestamps";
 * 3. models (index byDataset). Nothing earlier is rewritten;
 * 4. checkpoints (keyed by dataset id). Nothing earlier is rewritten.
 */
export async function openLabDb(name: string = DEFAULT_DB_NAME): Promise<IDBPDatabase<LabDB>> {
  return openDB<LabDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const v1 = db as unknown as IDBPDatabase<LabDBV1>;
        v1.createObjectStore('meta', { keyPath: 'id' });
        const chunks = v1.createObjectStore('chunks', { keyPath: ['datasetId', 'index'] });
        chunks.createIndex('byDataset', 'datasetId');
        v1.createObjectStore('idmaps', { keyPath: 'datasetId' });
        v1.createObjectStore('titles', { keyPath: 'datasetId' });
      }
      if (oldVersion < 2) {
        const splits = db.createObjectStore('splits', { keyPath: 'id' });
        splits.createIndex('byDataset', 'datasetId');
        const evaluations = db.createObjectStore('evaluations', { keyPath: 'id' });
        evaluations.createIndex('byDataset', 'datasetId');
        evaluations.createIndex('bySplit', 'splitId');
      }
      if (oldVersion < 3) {
        db.createObjectStore('models', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
      }
      if (oldVersion < 4) {
        db.createObjectStore('checkpoints', { keyPath: 'datasetId' });
      }
    },
  });
}

let idCounter = 0;

/** A new id: prefix + '-' + createdAt + '-' + a per-session counter + '-' + a random suffix. */
function newId(prefix: string, createdAt: number): string {
  idCounter++;
  const suffix = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : String(idCounter);
  return `${prefix}-${createdAt}-${idCounter}-${suffix}`;
}

/** Newest first by createdAt, then by id descending (a stable order for equal times). */
function newestFirst(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

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

/** Abort a transaction after a failed write and wait for everything queued to settle. */
async function abortAfter(tx: { abort(): void; done: Promise<void> }, writes: Promise<unknown>[]): Promise<void> {
  // A synchronous put error (e.g. DataCloneError) does not abort the transaction by itself.
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
  await Promise.allSettled([...writes, tx.done]);
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

// ---------------------------------------------------------------------------------------------
// Splits and evaluation reports.

/** A split without its arrays. */
function toSplitInfo(split: Split): SplitInfo {
  const { train: _train, test: _test, ...info } = split;
  return info;
}

/** Throws when a split's arrays disagree with each other or with its summary. */
function checkSplit(s: Split): void {
  const problems: string[] = [];
  const n = s.test.users.length;
  if (!s.datasetId) problems.push('it has no datasetId');
  if (!(s.train instanceof Int32Array)) problems.push('train is not an Int32Array');
  if (s.test.items.length !== n || s.test.ratings.length !== n) {
    problems.push(`test column lengths differ (users ${n}, items ${s.test.items.length}, ratings ${s.test.ratings.length})`);
  }
  if (s.summary.trainRatings !== s.train.length) problems.push(`summary.trainRatings is ${s.summary.trainRatings} but train has ${s.train.length} rows`);
  if (s.summary.testRatings !== n) problems.push(`summary.testRatings is ${s.summary.testRatings} but test has ${n} rows`);
  for (let k = 1; k < s.train.length; k++) {
    if ((s.train[k] as number) <= (s.train[k - 1] as number)) {
      problems.push(`train rows are not strictly ascending at position ${k}`);
      break;
    }
  }
  if (problems.length > 0) throw new Error(`Cannot save split "${s.name}": ${problems.join('; ')}.`);
}

/**
 * Store a split (replacing one with the same id). Assigns `id` when empty ('split-…').
 * Returns what listSplits shows of it. Throws when its arrays disagree with its summary.
 * The dataset is not checked: splits of the built-in demo (datasetId 'demo') are stored too.
 */
export async function saveSplit(db: IDBPDatabase<LabDB>, split: Split): Promise<SplitInfo> {
  checkSplit(split);
  const stored: Split = { ...split, id: split.id || newId('split', split.createdAt) };
  await db.put('splits', stored);
  return toSplitInfo(stored);
}

/** The splits of a dataset, without their arrays, newest first. */
export async function listSplits(db: IDBPDatabase<LabDB>, datasetId: string): Promise<SplitInfo[]> {
  const all = await db.getAllFromIndex('splits', 'byDataset', datasetId);
  return all.sort(newestFirst).map(toSplitInfo);
}

/** Load a whole split. Throws a clear Error when it is not stored. */
export async function loadSplit(db: IDBPDatabase<LabDB>, id: string): Promise<Split> {
  const split = await db.get('splits', id);
  if (!split) throw new Error(`Split "${id}" is not stored in this browser.`);
  return split;
}

/** Remove a split and the evaluation reports made on it, in one transaction (no error when absent). */
export async function deleteSplit(db: IDBPDatabase<LabDB>, id: string): Promise<void> {
  const tx = db.transaction(['splits', 'evaluations'], 'readwrite');
  const evaluations = tx.objectStore('evaluations');
  const reports = async (): Promise<void> => {
    const keys = await evaluations.index('bySplit').getAllKeys(id);
    await Promise.all(keys.map((k) => evaluations.delete(k)));
  };
  await Promise.all([tx.objectStore('splits').delete(id), reports(), tx.done]);
}

/** Store an evaluation report (replacing one with the same id). Assigns `id` when empty ('eval-…'). Returns the stored report. */
export async function saveEvaluation(db: IDBPDatabase<LabDB>, report: EvaluationReport): Promise<EvaluationReport> {
  const stored: EvaluationReport = { ...report, id: report.id || newId('eval', report.createdAt) };
  await db.put('evaluations', stored);
  return stored;
}

/** The evaluation reports of a dataset (only those on `splitId` when given), newest first. */
export async function listEvaluations(db: IDBPDatabase<LabDB>, datasetId: string, splitId?: string): Promise<EvaluationReport[]> {
  const all =
    splitId === undefined
      ? await db.getAllFromIndex('evaluations', 'byDataset', datasetId)
      : (await db.getAllFromIndex('evaluations', 'bySplit', splitId)).filter((r) => r.datasetId === datasetId);
  return all.sort(newestFirst);
}

/** Remove one evaluation report (no error when absent). */
export async function deleteEvaluation(db: IDBPDatabase<LabDB>, id: string): Promise<void> {
  await db.delete('evaluations', id);
}

// ---------------------------------------------------------------------------------------------
// Fitted models.

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

// ---------------------------------------------------------------------------------------------
// Training checkpoints.

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
