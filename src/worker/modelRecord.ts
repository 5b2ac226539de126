/**
 * A fitted model as a stored record, and back: the training rows it was fitted on are a seeded
 * random holdout of its dataset (rebuilt identically from the fraction and seed), and the dataset
 * is fingerprinted so a changed one is refused. No session state here: the caller passes the
 * dataset and the context the method is restored with.
 */
import type { StoredModel, StoredTrainRows } from '../data/db';
import { datasetFingerprint, sameFingerprint, type DatasetFingerprint } from '../data/fingerprint';
import type { Dataset, RatingsColumns } from '../data/types';
import { createRng } from '../math/random';
import { splitTrainValidation } from '../model/batches';
import { findRecommender } from '../recommenders/registry';
import { pickRows, trainSetFromDataset } from '../recommenders/trainSet';
import type { FitContext, Fitted, Recommender, RecommenderMeta, TrainSet } from '../recommenders/types';
import { readTensors, stateBytes } from './modelState';
import type { ModelSummary } from './types';

/** The training and validation rows (ascending) of a seeded random holdout of n ratings. */
export function holdoutRows(n: number, validationFraction: number, splitSeed: number): { train: Int32Array; validation: Int32Array } {
  const { train, validation } = splitTrainValidation(n, validationFraction, createRng(splitSeed));
  return { train: train.sort(), validation: validation.sort() };
}

/** The training set and validation rows of a dataset's holdout, as the worker trains with them. */
export function holdoutTrainSet(dataset: Dataset, validationFraction: number, splitSeed: number): { train: TrainSet; validation: RatingsColumns | null } {
  const rows = holdoutRows(dataset.ratings.ratings.length, validationFraction, splitSeed);
  return { train: trainSetFromDataset(dataset, rows.train), validation: rows.validation.length > 0 ? pickRows(dataset.ratings, rows.validation) : null };
}

/** How a stored model is named in messages, e.g. 'Biased MF model "biased-mf-1700000000000-1"'. */
function named(summary: Pick<ModelSummary, 'methodName' | 'id'>): string {
  return `${summary.methodName} model "${summary.id}"`;
}

/**
 * The record that stores a fitted model: its state with every tensor read back to typed arrays
 * (awaited here, before any transaction opens), how its training rows are rebuilt, and the
 * fingerprint of its dataset (pass it when already computed).
 */
export async function modelRecord(
  summary: ModelSummary,
  fitted: Fitted,
  train: StoredTrainRows,
  dataset: Dataset,
  fingerprint: DatasetFingerprint = datasetFingerprint(dataset),
): Promise<StoredModel<ModelSummary>> {
  const state = await readTensors(fitted.state());
  return {
    id: summary.id,
    datasetId: summary.datasetId,
    method: summary.method,
    params: summary.params,
    summary,
    train,
    dataset: fingerprint,
    state,
    createdAt: summary.createdAt,
    bytes: stateBytes(state),
  };
}

/**
 * Rebuilds a stored model on its dataset: the same training set (same holdout), then the method's
 * `restore`. Throws a clear Error when the model belongs to another dataset, its method is no
 * longer in the lab, the dataset changed since, or the method cannot read the state.
 */
export function restoreModelRecord(
  record: StoredModel<ModelSummary>,
  dataset: Dataset,
  contextFor: (meta: RecommenderMeta, validation: RatingsColumns | null) => FitContext,
  fingerprint: DatasetFingerprint = datasetFingerprint(dataset),
): { summary: ModelSummary; fitted: Fitted } {
  const { summary } = record;
  const name = named(summary);
  if (record.datasetId !== dataset.meta.id) {
    throw new Error(`The stored ${name} was trained on another dataset ("${record.datasetId}"), not on "${dataset.meta.name}".`);
  }
  let recommender: Recommender;
  try {
    recommender = findRecommender(record.method);
  } catch {
    throw new Error(`The stored ${name} cannot be restored: its method "${record.method}" is no longer in the lab. Delete it.`);
  }
  if (!sameFingerprint(record.dataset, fingerprint)) {
    const was = record.dataset;
    throw new Error(
      `The stored ${name} cannot be restored: dataset "${dataset.meta.name}" has changed since it was trained ` +
        `(then ${was.ratings} ratings of ${was.users} users and ${was.items} items, checksum ${was.checksum}; now ${fingerprint.ratings}, ${fingerprint.users}, ${fingerprint.items}, checksum ${fingerprint.checksum}). Delete it and train again.`,
    );
  }
  const { train, validation } = holdoutTrainSet(dataset, record.train.validationFraction, record.train.splitSeed);
  if (train.ratings.ratings.length !== record.train.trainRatings) {
    throw new Error(`The stored ${name} cannot be restored: its training rows no longer match (${record.train.trainRatings} when trained, ${train.ratings.ratings.length} now). Delete it and train again.`);
  }
  try {
    return { summary, fitted: recommender.restore(record.state, train, contextFor(recommender.meta, validation)) };
  } catch (e) {
    throw new Error(`The stored ${name} could not be restored: ${e instanceof Error ? e.message : String(e)}`);
  }
}
