/**
 * Interrupted runs through the worker's training call: a checkpoint written after epoch 3 of a run
 * (as a reload would leave it) is offered for resuming, and resuming ends with exactly the model
 * of an uninterrupted run; a run that ends normally leaves nothing to resume.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/types';
import { loadCheckpoint } from '../data/dbCheckpoints';
import { interruptedRunOf } from './checkpoints';
import { db, keptModel, selectCurrent } from './session';
import { trainingApi } from './trainingApi';
import { syntheticDataset } from './syntheticDataset.testutil';
import type { TrainRequest } from './types';

const dataset = (id: string): Dataset => syntheticDataset(id);

const PARAMS = { factors: 4, epochs: 6, learningRate: 0.02, regularization: 0.05, batchSize: 64, optimizer: 'adam', kernel: 'batched-js', seed: 11 };
const REQUEST: TrainRequest = { method: 'biased-mf', params: PARAMS, validationFraction: 0.2, splitSeed: 4 };
const none = () => undefined;
const until = async (done: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('interrupted training runs', () => {
  it('resumes from a stored checkpoint and ends exactly where an uninterrupted run ends (Adam, CPU)', async () => {
    const d = dataset('ds-resume');
    selectCurrent(d);
    // the uninterrupted run; it ends normally, so nothing is left to resume
    const whole = await trainingApi.train('whole', REQUEST, none, none);
    expect(whole.epochsRun).toBe(6);
    expect(await interruptedRunOf(d)).toBeNull();

    // a run cut short during epoch 4 (as a closed tab would: its call never returns normally)
    const cut = trainingApi.train('cut', REQUEST, (r) => {
      if (r.epoch === 4) throw new Error('the tab closed');
    }, none);
    await expect(cut).rejects.toThrow('the tab closed');
    await until(async () => (await interruptedRunOf(d))?.epoch === 3);
    const offered = await interruptedRunOf(d);
    expect(offered).toMatchObject({ method: 'biased-mf', epoch: 3, epochs: 6, validationFraction: 0.2, splitSeed: 4 });
    expect(offered?.curves.map((c) => c.epoch)).toEqual([1, 2, 3]);
    // Adam's moments are in it: first and second moments of q, p, b_u, b_i
    const stored = await loadCheckpoint(await db(), d.meta.id);
    expect((stored?.optimizer as { m: Float32Array[] }).m.map((a) => a.length)).toEqual([30 * 4, 20 * 4, 30, 20]);

    const reported: number[] = [];
    const resumed = await trainingApi.train('resumed', { ...REQUEST, resume: true }, (r) => reported.push(r.epoch), none);
    expect(reported).toEqual([4, 5, 6]);
    expect(resumed.model.curves.map((c) => c.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    const a = keptModel(whole.model.id)!.fitted;
    const b = keptModel(resumed.model.id)!.fitted;
    for (const u of [0, 7, 29]) expect(Array.from(b.scoreItems(u))).toEqual(Array.from(a.scoreItems(u)));
    // the resumed run ended normally: nothing is left to resume
    expect(await interruptedRunOf(d)).toBeNull();
  });

  it('resumes the hybrid from its MF stage’s checkpoint, then fits the profiles: the same model as an uninterrupted run', async () => {
    const genres = Array.from({ length: 20 }, (_, i) => [['Drama', 'Comedy', 'Horror'][i % 3]!, ...(i % 4 === 0 ? ['Sci-Fi'] : [])]);
    const d = { ...dataset('ds-hybrid'), genres };
    d.meta = { ...d.meta, hasTitles: true };
    selectCurrent(d);
    const request: TrainRequest = { method: 'hybrid-mf-content', params: { factors: 4, epochs: 6, seed: 3 }, validationFraction: 0.2, splitSeed: 4 };
    const whole = await trainingApi.train('h-whole', request, none, none);
    const cut = trainingApi.train('h-cut', request, (r) => {
      if (r.epoch === 4) throw new Error('the tab closed');
    }, none);
    await expect(cut).rejects.toThrow('the tab closed');
    await until(async () => (await interruptedRunOf(d))?.epoch === 3);
    const reported: number[] = [];
    const resumed = await trainingApi.train('h-resumed', { ...request, resume: true }, (r) => reported.push(r.epoch), none);
    expect(reported).toEqual([4, 5, 6]);
    const a = keptModel(whole.model.id)!.fitted;
    const b = keptModel(resumed.model.id)!.fitted;
    for (const u of [0, 7, 29]) expect(Array.from(b.scoreItems(u))).toEqual(Array.from(a.scoreItems(u)));
  });

  it('refuses to resume what is not stored, saying so', async () => {
    selectCurrent(dataset('ds-none'));
    await expect(trainingApi.train('x', { ...REQUEST, resume: true }, none, none)).rejects.toThrow('No interrupted training run of ds-none is stored: train it again.');
  });
});
