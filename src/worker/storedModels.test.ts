import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { buildDatasetMeta } from '../data/meta';
import type { Dataset } from '../data/types';
import { findRecommender } from '../recommenders/registry';
import { cpuContext, smallTrainSet } from '../recommenders/testutil';
import type { Fitted } from '../recommenders/types';
import { holdoutTrainSet } from './modelRecord';
import { dropModel, keepModel, keptModel, modelsOfCurrent, newModelId, selectCurrent } from './session';
import { deleteStoredModel, obtainModel, storeFitted, storedOfCurrent } from './storedModels';
import type { ModelSummary } from './types';

function smallDataset(id: string): Dataset {
  const t = smallTrainSet();
  const userIds = Array.from({ length: t.nUsers }, (_, u) => `u${u}`);
  const itemIds = Array.from({ length: t.nItems }, (_, i) => `i${i}`);
  const meta = buildDatasetMeta({ name: id, ratings: t.ratings, userIds, itemIds, implicit: false, hasTitles: true, hasTimestamps: true, createdAt: 1 });
  return { meta: { ...meta, id }, ratings: t.ratings, timestamps: t.timestamps, userIds, itemIds, titles: [...t.itemSide.titles!], genres: t.itemSide.genres!.map((g) => [...g]) };
}

const TRAIN = { validationFraction: 0.2, splitSeed: 9 };

/** Fits item k-NN on the dataset's holdout as the worker does, keeps it, and stores it. */
async function trainAndStore(dataset: Dataset, createdAt: number): Promise<{ summary: ModelSummary; fitted: Fitted; storeError: string | null }> {
  const { train } = holdoutTrainSet(dataset, TRAIN.validationFraction, TRAIN.splitSeed);
  const recommender = findRecommender('item-knn');
  const fitted = await recommender.fit(train, {}, cpuContext());
  const summary: ModelSummary = {
    id: newModelId('item-knn'),
    datasetId: dataset.meta.id,
    method: 'item-knn',
    methodName: recommender.meta.name,
    params: {},
    backend: 'cpu',
    epochs: 0,
    fitMs: 3,
    createdAt,
    facts: fitted.facts(),
    predictsRatings: recommender.meta.predictsRatings,
    scoreLabel: 'r̂',
    similarity: null,
    canFoldIn: fitted.foldIn !== undefined,
    validation: null,
    curves: [],
  };
  keepModel({ summary, fitted });
  const storeError = await storeFitted(summary, fitted, { ...TRAIN, trainRatings: train.ratings.ratings.length }, dataset);
  return { summary, fitted, storeError };
}

describe('stored models in the worker session', () => {
  it('stores a fit, lists it per dataset, restores it on first use after the session forgot it, and deletes it', async () => {
    const a = smallDataset('ds-a');
    selectCurrent(a);
    const first = await trainAndStore(a, 10);
    const second = await trainAndStore(a, 20);
    expect([first.storeError, second.storeError]).toEqual([null, null]);
    expect(first.summary.id).toMatch(/^item-knn-\d+-\d+$/);
    expect(first.summary.id).not.toBe(second.summary.id);
    const listed = await storedOfCurrent();
    expect(listed.map((m) => m.summary.id)).toEqual([first.summary.id, second.summary.id]);
    expect(listed[0]?.summary).toEqual(first.summary);
    expect(listed[0]?.bytes).toBeGreaterThan(0);

    // As after a reload: the session no longer holds it, and a fresh copy of the dataset is selected.
    dropModel(first.summary.id);
    selectCurrent(smallDataset('ds-a'));
    expect(keptModel(first.summary.id)).toBeUndefined();
    const [x, y] = await Promise.all([obtainModel(first.summary.id), obtainModel(first.summary.id)]);
    expect(x).toBe(y);
    expect(x.summary).toEqual(first.summary);
    for (const u of [0, 7, 33]) expect(Array.from(x.fitted.scoreItems(u))).toEqual(Array.from(first.fitted.scoreItems(u)));
    expect(modelsOfCurrent().map((m) => m.summary.id)).toContain(first.summary.id);

    // Another dataset lists none of them and cannot use them.
    selectCurrent(smallDataset('ds-b'));
    expect(await storedOfCurrent()).toEqual([]);
    await expect(obtainModel(first.summary.id)).rejects.toThrow('That model is not trained on the selected dataset: train one first.');

    selectCurrent(smallDataset('ds-a'));
    await deleteStoredModel(first.summary.id);
    expect(keptModel(first.summary.id)).toBeUndefined();
    expect((await storedOfCurrent()).map((m) => m.summary.id)).toEqual([second.summary.id]);
    await expect(obtainModel(first.summary.id)).rejects.toThrow('That model is not trained on the selected dataset: train one first.');
    await deleteStoredModel(second.summary.id);
  });

  it('reports a model that cannot be stored and keeps it in the session', async () => {
    const c = smallDataset('ds-c');
    selectCurrent(c);
    const { train } = holdoutTrainSet(c, TRAIN.validationFraction, TRAIN.splitSeed);
    const fitted = await findRecommender('popularity').fit(train, {}, cpuContext());
    const unstorable: Fitted = { ...fitted, state: () => ({ counts: () => 0 }) };
    const summary = { ...(await trainAndStore(c, 5)).summary, id: newModelId('popularity'), method: 'popularity' };
    keepModel({ summary, fitted: unstorable });
    const error = await storeFitted(summary, unstorable, { ...TRAIN, trainRatings: train.ratings.ratings.length }, c);
    expect(error).toMatch(/could not be cloned|DataCloneError|clone/i);
    expect(keptModel(summary.id)?.fitted).toBe(unstorable);
    expect((await storedOfCurrent()).map((m) => m.summary.method)).toEqual(['item-knn']);
  });
});
