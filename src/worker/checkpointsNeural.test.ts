/**
 * Interrupted runs of NeuMF and of the GRU sequence model through the worker's training call: a
 * run cut short during epoch 4 leaves the checkpoint of epoch 3 (weights, Adam's moments, the rng
 * state), and resuming it reports epochs 4…6 and ends with the scores of an uninterrupted run.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../data/dbCheckpoints';
import type { Dataset } from '../data/types';
import { interruptedRunOf } from './checkpoints';
import { db, keptModel, selectCurrent } from './session';
import { trainingApi } from './trainingApi';
import { syntheticDataset } from './syntheticDataset.testutil';
import type { TrainRequest } from './types';

/** 30 users × 20 items; every rating has a timestamp (its row index), so the sequence model can train on it too. */
const dataset = (id: string): Dataset => syntheticDataset(id, { seed: 5, timestamps: true });

const NCF: TrainRequest = {
  method: 'ncf',
  params: { positiveAt: 3, negatives: 2, embeddingDim: 4, layers: '8,4', gmf: true, gmfDim: 3, epochs: 6, learningRate: 0.01, batchSize: 64, seed: 11, loss: 'bce' },
  validationFraction: 0.2,
  splitSeed: 4,
};
const GRU: TrainRequest = {
  method: 'gru-next-item',
  params: { cell: 'gru', embeddingDim: 4, hiddenSize: 5, maxLength: 8, epochs: 6, learningRate: 0.02, batchSize: 8, negatives: 5, seed: 11 },
  validationFraction: 0.2,
  splitSeed: 4,
};
const none = () => undefined;
const until = async (done: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 10));
};

describe.each([
  // Adam's moments of h_u, h_i, p_u, q_i, then W and b of the layers 8 → 8, 8 → 4 and the output 4 + 3 → 1
  ['NeuMF', NCF, [30 * 4, 20 * 4, 30 * 3, 20 * 3, 8 * 8, 8, 8 * 4, 4, 7, 1]],
  // of E [n, d], W_x [d, 3H], W_h [H, 3H], b [3H], O [n, H], c [n]
  ['the GRU next-item model', GRU, [20 * 4, 4 * 15, 5 * 15, 15, 20 * 5, 20]],
] as const)('an interrupted run of %s', (name, request, momentSizes) => {
  it('resumes from its stored checkpoint and ends with the scores of an uninterrupted run (CPU)', async () => {
    const d = dataset(`ds-${request.method}`);
    selectCurrent(d);
    const whole = await trainingApi.train(`whole-${name}`, request, none, none);
    expect(whole.epochsRun).toBe(6);
    expect(whole.backend).toBe('cpu');
    expect(await interruptedRunOf(d)).toBeNull();

    // a run cut short during epoch 4 (as a closed tab would: its call never returns normally)
    const cut = trainingApi.train(`cut-${name}`, request, (r) => {
      if (r.epoch === 4) throw new Error('the tab closed');
    }, none);
    await expect(cut).rejects.toThrow('the tab closed');
    await until(async () => (await interruptedRunOf(d))?.epoch === 3);
    const offered = await interruptedRunOf(d);
    expect(offered).toMatchObject({ method: request.method, epoch: 3, epochs: 6, validationFraction: 0.2, splitSeed: 4 });
    expect(offered?.curves.map((c) => c.epoch)).toEqual([1, 2, 3]);
    const stored = await loadCheckpoint(await db(), d.meta.id);
    expect((stored?.optimizer as { m: Float32Array[] }).m.map((a) => a.length)).toEqual(momentSizes);
    expect(typeof (stored as { rng?: unknown } | null)?.rng).toBe('number');

    const reported: number[] = [];
    const resumed = await trainingApi.train(`resumed-${name}`, { ...request, resume: true }, (r) => reported.push(r.epoch), none);
    expect(reported).toEqual([4, 5, 6]);
    expect(resumed.epochsRun).toBe(6);
    expect(resumed.model.curves.map((c) => c.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(resumed.model.curves.map((c) => c.trainLoss)).toEqual(whole.model.curves.map((c) => c.trainLoss));
    // what the model card says (NeuMF's final training loss of epoch 6, the GRU's epochs trained) is the uninterrupted run's too
    expect(resumed.model.facts).toEqual(whole.model.facts);
    const a = keptModel(whole.model.id)!.fitted;
    const b = keptModel(resumed.model.id)!.fitted;
    for (const u of [0, 7, 29]) {
      const scores = Array.from(a.scoreItems(u));
      expect(new Set(scores).size).toBeGreaterThan(1);
      expect(Array.from(b.scoreItems(u))).toEqual(scores);
    }
    expect(await interruptedRunOf(d)).toBeNull();
  });
});
