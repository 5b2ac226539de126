/**
 * The lab's IndexedDB database (idb): its schema, version by version, and openLabDb with the upgrade
 * ladder. What is stored: datasets — columnar rating chunks (with timestamps when known), id maps,
 * titles, and a meta record written last — the evaluation lab's splits and reports, fitted models
 * (their state, with what rebuilds their training set) and training checkpoints. The reads and writes
 * are in dbDatasets.ts, dbEvaluations.ts, dbModels.ts and dbCheckpoints.ts.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EvaluationReport, Split } from '../evaluation/types';
import type { DatasetFingerprint } from './fingerprint';
import type { DatasetMeta } from './types';

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
