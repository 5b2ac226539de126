/**
 * Interrupted runs of the implicit-feedback methods through the worker's training call: a BPR run
 * cut short after epoch 3 leaves a checkpoint (tables, sampler order, rng state, Adam's moments) in
 * IndexedDB, and resuming it continues the curves and ends with exactly the model of an
 * uninterrupted run; the same for implicit ALS and Bayesian MF.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../data/dbCheckpoints';
import type { Dataset } from '../data/types';
import type { BprTrainState } from '../model/bprTrainingSetup';
import type { EpochReport } from '../model/params';
import { interruptedRunOf } from './checkpoints';
import type { Checkpoint } from './checkpoints';
import { db, keptModel, selectCurrent } from './session';
import { trainingApi } from './trainingApi';
import { syntheticDataset } from './syntheticDataset.testutil';
import type { TrainRequest } from './types';

const dataset = (id: string): Dataset => syntheticDataset(id);

const none = () => undefined;
const until = async (done: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 10));
};

/**
 * Trains `request` uninterrupted, then cut short during epoch 4 (as a closed tab would), then resumed:
 * returns the runs, the offered run and the stored checkpoint in between, and the resumed run's reported epochs.
 */
async function wholeCutResumed(d: Dataset, request: TrainRequest) {
  selectCurrent(d);
  const whole = await trainingApi.train(`${d.meta.id}-whole`, request, none, none);
  expect(await interruptedRunOf(d)).toBeNull();
  const cut = trainingApi.train(`${d.meta.id}-cut`, request, (r) => {
    if (r.epoch === 4) throw new Error('the tab closed');
  }, none);
  await expect(cut).rejects.toThrow('the tab closed');
  await until(async () => (await interruptedRunOf(d))?.epoch === 3);
  const offered = await interruptedRunOf(d);
  const stored = (await loadCheckpoint(await db(), d.meta.id)) as Checkpoint | null;
  const reported: EpochReport[] = [];
  const resumed = await trainingApi.train(`${d.meta.id}-resumed`, { ...request, resume: true }, (r) => reported.push(r), none);
  return { whole, offered, stored, reported, resumed };
}

/** Scores of a few users by the two kept models. */
function scoresOf(ids: [string, string]): number[][][] {
  return ids.map((id) => [0, 7, 29].map((u) => Array.from(keptModel(id)!.fitted.scoreItems(u))));
}

describe('interrupted runs of the implicit-feedback methods', () => {
  it('BPR (Adam, CPU) resumes from a stored checkpoint: curves go on from epoch 4 and the model is an uninterrupted run’s', async () => {
    const d = dataset('ds-bpr');
    const params = { factors: 4, epochs: 6, learningRate: 0.02, regularization: 0.01, batchSize: 16, optimizer: 'adam', seed: 11, positiveAt: 3 };
    const request: TrainRequest = { method: 'bpr-mf', params, validationFraction: 0.2, splitSeed: 4 };
    const { whole, offered, stored, reported, resumed } = await wholeCutResumed(d, request);
    expect(whole.epochsRun).toBe(6);
    expect(offered).toMatchObject({ method: 'bpr-mf', epoch: 3, epochs: 6, validationFraction: 0.2, splitSeed: 4 });
    expect(offered?.curves.map((c) => c.epoch)).toEqual([1, 2, 3]);
    // what the BPR trainer keeps: its tables, its sampler's order, the rng state and Adam's moments of q, p, b_i
    const model = stored?.model as BprTrainState;
    expect([model.tables.userFactors.length, model.tables.itemFactors.length, model.tables.itemBias.length]).toEqual([30 * 4, 20 * 4, 20]);
    expect(model.order.length).toBeGreaterThan(0);
    expect(typeof stored?.rng).toBe('number');
    expect((stored?.optimizer as { m: Float32Array[] }).m.map((a) => a.length)).toEqual([30 * 4, 20 * 4, 20]);

    expect(reported.map((r) => r.epoch)).toEqual([4, 5, 6]);
    expect(resumed.epochsRun).toBe(6);
    expect(resumed.model.curves.map((c) => c.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    // the resumed epochs' losses are the uninterrupted run's
    expect(resumed.model.curves.map((c) => c.trainLoss)).toEqual(whole.model.curves.map((c) => c.trainLoss));
    const [a, b] = scoresOf([whole.model.id, resumed.model.id]);
    expect(b).toEqual(a);
    expect(await interruptedRunOf(d)).toBeNull();
  });

  it.each([
    ['implicit ALS', 'implicit-als', { factors: 4, epochs: 6, alpha: 2, lambda: 0.5, positiveAt: 3, seed: 2 }],
    ['Bayesian MF', 'bayesian-mf', { factors: 3, epochs: 6, burnIn: 2, seed: 2 }],
  ])('%s resumes from a stored checkpoint and ends exactly where an uninterrupted run does', async (_name, method, params) => {
    const d = dataset(`ds-${method}`);
    const { whole, offered, reported, resumed } = await wholeCutResumed(d, { method, params, validationFraction: 0.2, splitSeed: 4 });
    expect(offered).toMatchObject({ method, epoch: 3, epochs: 6 });
    expect(reported.map((r) => r.epoch)).toEqual([4, 5, 6]);
    expect(resumed.model.curves.map((c) => [c.epoch, c.trainLoss, c.valRmse])).toEqual(whole.model.curves.map((c) => [c.epoch, c.trainLoss, c.valRmse]));
    const [a, b] = scoresOf([whole.model.id, resumed.model.id]);
    expect(b).toEqual(a);
  });
});
