import { describe, expect, it } from 'vitest';
import { cpuContext, smallTrainSet } from '../testutil';
import type { EpochReport, FitContext } from '../types';
import { bayesianMf } from './index';

const fact = (facts: { label: string; value: number | string }[], label: string) => facts.find((f) => f.label === label)?.value;

describe('bayesian-mf fit driver', () => {
  it('reports every sweep as an epoch on the CPU, with NaN validation errors when there is no validation set', async () => {
    const epochs: EpochReport[] = [];
    const progress: number[] = [];
    const ctx: FitContext = { ...cpuContext(), hooks: { onEpoch: (r) => epochs.push(r), onProgress: (f) => progress.push(f) } };
    const fitted = await bayesianMf.fit(smallTrainSet(), { epochs: 12, burnIn: 4 }, ctx);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const e of epochs) {
      expect(e.backend).toBe('cpu');
      expect(e.tensors).toBe(0);
      expect(e.bytes).toBeGreaterThan(0);
      expect(Number.isNaN(e.valRmse) && Number.isNaN(e.valMae)).toBe(true);
      expect(e.trainLoss).toBeGreaterThan(0);
    }
    // the first sample (from near-zero factors) fits worse than the later ones
    expect(epochs[11]!.trainLoss).toBeLessThan(epochs[0]!.trainLoss);
    expect(progress.at(-1)).toBe(1);
    expect(fact(fitted.facts(), 'samples averaged')).toBe(8);
  });

  it('validation errors average the kept samples’ predictions (the current sample during burn-in)', async () => {
    const train = smallTrainSet();
    const validation = smallTrainSet(8).ratings;
    const epochs: EpochReport[] = [];
    await bayesianMf.fit(train, { epochs: 6, burnIn: 2 }, { ...cpuContext(), validation, hooks: { onEpoch: (r) => epochs.push(r) } });
    expect(epochs).toHaveLength(6);
    for (const e of epochs) {
      expect(e.valRmse).toBeGreaterThan(0);
      expect(e.valMae).toBeGreaterThan(0);
      expect(e.valMae).toBeLessThanOrEqual(e.valRmse);
    }
  });

  it('keeps at least the last sweep when burn-in ≥ sweeps', async () => {
    const fitted = await bayesianMf.fit(smallTrainSet(), { epochs: 3, burnIn: 20 }, cpuContext());
    expect(fact(fitted.facts(), 'samples averaged')).toBe(1);
  });

  it('stops when asked and returns what is averaged so far', async () => {
    let sweeps = 0;
    const ctx: FitContext = { ...cpuContext(), hooks: { onEpoch: () => sweeps++, shouldStop: () => sweeps >= 5 } };
    const fitted = await bayesianMf.fit(smallTrainSet(), { epochs: 100, burnIn: 2 }, ctx);
    expect(sweeps).toBe(5);
    expect(fact(fitted.facts(), 'samples averaged')).toBe(3);
    expect(Number.isFinite(fitted.scoreItems(0)[0]!)).toBe(true);
  });

  it('folds a visitor in with the learned prior: no ratings give the prior mean user', async () => {
    const fitted = await bayesianMf.fit(smallTrainSet(), { epochs: 10, burnIn: 5 }, cpuContext());
    const none = fitted.foldIn!([]);
    expect(none.how).toMatch(/posterior mean given your 0 ratings/);
    const lover = fitted.foldIn!([
      { item: 2, rating: 5 },
      { item: 9, rating: 5 },
      { item: 4, rating: 5 },
    ]);
    const hater = fitted.foldIn!([
      { item: 2, rating: 1 },
      { item: 9, rating: 1 },
      { item: 4, rating: 1 },
    ]);
    // rating everything 5 raises every score compared with rating everything 1 (b_u moves with the ratings)
    let higher = 0;
    for (let i = 0; i < 30; i++) if (lover.scores[i]! > hater.scores[i]!) higher++;
    expect(higher).toBeGreaterThan(25);
  });

  it('names a bad parameter', async () => {
    await expect(bayesianMf.fit(smallTrainSet(), { factors: 0 }, cpuContext())).rejects.toThrow(/Factors k must be at least 1, got 0/);
  });
});
