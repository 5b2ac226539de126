import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLabDb } from '../data/db';
import { loadModel, saveModel } from '../data/dbModels';
import { buildDatasetMeta } from '../data/meta';
import type { Dataset } from '../data/types';
import { defaultParamsFor } from '../recommenders/params';
import { RECOMMENDERS, findRecommender } from '../recommenders/registry';
import { cpuContext, smallTrainSet } from '../recommenders/testutil';
import type { FitContext } from '../recommenders/types';
import { holdoutRows, holdoutTrainSet, modelRecord, restoreModelRecord } from './modelRecord';
import type { ModelSummary } from './types';

let dbCounter = 0;

/** The small seeded set of the recommender tests as a whole dataset (ids, titles, genres, timestamps). */
function smallDataset(id = 'ds-small'): Dataset {
  const t = smallTrainSet();
  const userIds = Array.from({ length: t.nUsers }, (_, u) => `u${u}`);
  const itemIds = Array.from({ length: t.nItems }, (_, i) => `i${i}`);
  const titles = t.itemSide.titles!.map((x) => x);
  const genres = t.itemSide.genres!.map((g) => [...g]);
  const meta = buildDatasetMeta({ name: 'small', ratings: t.ratings, userIds, itemIds, implicit: false, hasTitles: true, hasTimestamps: true, createdAt: 1 });
  return { meta: { ...meta, id }, ratings: t.ratings, timestamps: t.timestamps, userIds, itemIds, titles, genres };
}

const contextFor = (): FitContext => cpuContext();

/** What the worker would list of a model fitted with `params`. */
function summaryOf(method: string, datasetId: string, params: Record<string, number>): ModelSummary {
  const meta = findRecommender(method).meta;
  return {
    id: `${method}-1700000000000-1`,
    datasetId,
    method,
    methodName: meta.name,
    params,
    backend: 'cpu',
    epochs: params.epochs ?? 0,
    fitMs: 12.5,
    createdAt: 1_700_000_000_000,
    facts: [],
    predictsRatings: meta.predictsRatings,
    scoreLabel: meta.predictsRatings ? 'r̂' : 'score',
    similarity: null,
    canFoldIn: false,
    validation: null,
    curves: [],
  };
}

const USERS = [0, 3, 11, 25, 39];
const TRAIN = { validationFraction: 0.1, splitSeed: 42 };

describe('holdout rows', () => {
  it('hold out floor(fraction · n) rows, both sides ascending, the same for the same seed', () => {
    const a = holdoutRows(20, 0.25, 7);
    expect(a.train.length).toBe(15);
    expect(a.validation.length).toBe(5);
    expect([...a.train, ...a.validation].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, k) => k));
    expect(Array.from(a.train)).toEqual([...a.train].sort((x, y) => x - y));
    expect(holdoutRows(20, 0.25, 7)).toEqual(a);
    expect(Array.from(holdoutRows(20, 0.25, 8).validation)).not.toEqual(Array.from(a.validation));
  });
});

describe.each(RECOMMENDERS.map((r) => [r.meta.id, r] as const))('%s through the model store', (_id, recommender) => {
  it('restores from IndexedDB to the same scores on the rebuilt training set', async () => {
    const dataset = smallDataset();
    const defaults = defaultParamsFor(recommender.meta, 'cpu');
    const params: Record<string, number> = 'epochs' in defaults ? { epochs: 3 } : {};
    const { train, validation } = holdoutTrainSet(dataset, TRAIN.validationFraction, TRAIN.splitSeed);
    expect(validation?.ratings.length).toBe(Math.floor(0.1 * dataset.ratings.ratings.length));
    const fitted = await recommender.fit(train, params, cpuContext());
    const summary = summaryOf(recommender.meta.id, dataset.meta.id, params);
    const record = await modelRecord(summary, fitted, { ...TRAIN, trainRatings: train.ratings.ratings.length }, dataset);
    expect(record.bytes).toBeGreaterThan(0);
    const db = await openLabDb(`test-models-${++dbCounter}`);
    await saveModel(db, record);
    const back = await loadModel<ModelSummary>(db, summary.id);
    db.close();
    expect(back.summary).toEqual(summary);
    // Rebuilt from the dataset again (a fresh copy, as after a reload).
    const restored = restoreModelRecord(back, smallDataset(), contextFor);
    expect(restored.summary.id).toBe(summary.id);
    expect(restored.fitted.method).toBe(recommender.meta.id);
    for (const u of USERS) expect(Array.from(restored.fitted.scoreItems(u))).toEqual(Array.from(fitted.scoreItems(u)));
    const listed = fitted.scoreItems(3)[7]!;
    if (Number.isFinite(listed)) expect(Math.abs(restored.fitted.explain(3, 7).trace.value - listed)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(listed)));
  });
});

describe('restoring a stored model refuses what it cannot rebuild', () => {
  async function storedPopularity() {
    const dataset = smallDataset();
    const { train } = holdoutTrainSet(dataset, TRAIN.validationFraction, TRAIN.splitSeed);
    const fitted = await findRecommender('popularity').fit(train, {}, cpuContext());
    return modelRecord(summaryOf('popularity', dataset.meta.id, {}), fitted, { ...TRAIN, trainRatings: train.ratings.ratings.length }, dataset);
  }

  it('names another dataset, a method that is gone, a changed dataset and changed training rows', async () => {
    const record = await storedPopularity();
    const name = 'Most popular model "popularity-1700000000000-1"';
    expect(() => restoreModelRecord(record, smallDataset('ds-other'), contextFor)).toThrow(`The stored ${name} was trained on another dataset ("ds-small"), not on "small".`);
    expect(() => restoreModelRecord({ ...record, method: 'retired-method' }, smallDataset(), contextFor)).toThrow(
      `The stored ${name} cannot be restored: its method "retired-method" is no longer in the lab. Delete it.`,
    );
    const changed = smallDataset();
    changed.ratings = { ...changed.ratings, ratings: changed.ratings.ratings.map((r, k) => (k === 5 ? 6 - r : r)) };
    expect(() => restoreModelRecord(record, changed, contextFor)).toThrow(new RegExp(`^The stored ${name} cannot be restored: dataset "small" has changed since it was trained \\(then \\d+ ratings of 40 users and 30 items, checksum ${record.dataset.checksum}; now`));
    expect(() => restoreModelRecord({ ...record, train: { ...record.train, trainRatings: 1 } }, smallDataset(), contextFor)).toThrow(
      `The stored ${name} cannot be restored: its training rows no longer match (1 when trained, ${record.train.trainRatings} now). Delete it and train again.`,
    );
    expect(() => restoreModelRecord({ ...record, state: null }, smallDataset(), contextFor)).toThrow(new RegExp(`^The stored ${name} could not be restored: `));
  });
});
