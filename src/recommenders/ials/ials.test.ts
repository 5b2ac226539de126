import { describe, expect, it } from 'vitest';
import { cpuContext, smallTrainSet } from '../testutil';
import type { EpochReport, FitContext } from '../types';
import { implicitAls, IMPLICIT_ALS_LOSS_LABEL } from './index';

const withEpochs = (epochs: EpochReport[], extra: Partial<FitContext['hooks']> = {}): FitContext => ({ ...cpuContext(), hooks: { onEpoch: (r) => epochs.push(r), ...extra } });

describe('implicit ALS behind the contract', () => {
  it.each(['cg', 'cholesky'])('lowers the objective every iteration (%s solver) and labels it', async (solver) => {
    const epochs: EpochReport[] = [];
    await implicitAls.fit(smallTrainSet(), { factors: 8, epochs: 8, solver, alpha: 2, lambda: 1, positiveAt: 3 }, withEpochs(epochs));
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let t = 1; t < epochs.length; t++) expect(epochs[t]!.trainLoss).toBeLessThanOrEqual(epochs[t - 1]!.trainLoss * (1 + 1e-12));
    expect(epochs[0]!.lossLabel).toBe(IMPLICIT_ALS_LOSS_LABEL);
    expect(Number.isNaN(epochs[0]!.valRmse)).toBe(true);
  });

  it('is deterministic from its seed, and another seed starts elsewhere', async () => {
    const params = { factors: 6, epochs: 2 };
    const a = await implicitAls.fit(smallTrainSet(), { ...params, seed: 1 }, cpuContext());
    const b = await implicitAls.fit(smallTrainSet(), { ...params, seed: 1 }, cpuContext());
    const c = await implicitAls.fit(smallTrainSet(), { ...params, seed: 2 }, cpuContext());
    expect(Array.from(a.scoreItems(3))).toEqual(Array.from(b.scoreItems(3)));
    expect(Array.from(a.scoreItems(3))).not.toEqual(Array.from(c.scoreItems(3)));
  });

  it('with as many CG steps as factors, lands where the exact solves do', async () => {
    const params = { factors: 5, epochs: 4, alpha: 3, lambda: 0.5, positiveAt: 3 };
    const cg = await implicitAls.fit(smallTrainSet(), { ...params, solver: 'cg', cgSteps: 5 }, cpuContext());
    const exact = await implicitAls.fit(smallTrainSet(), { ...params, solver: 'cholesky' }, cpuContext());
    const x = cg.scoreItems(7);
    const y = exact.scoreItems(7);
    for (let i = 0; i < x.length; i++) expect(x[i]).toBeCloseTo(y[i]!, 4);
  });

  it('explains a score as a dot product with a table of the largest factor products', async () => {
    const fitted = await implicitAls.fit(smallTrainSet(), { factors: 4, epochs: 3 }, cpuContext());
    const e = fitted.explain(2, 5);
    expect(e.trace.value).toBeCloseTo(fitted.scoreItems(2)[5]!, 6);
    expect(e.tables[0]!.columns).toEqual(['factor f', 'x_uf', 'y_if', 'x_uf·y_if', 'share of Σ|x·y|']);
    expect(e.tables[0]!.rows).toHaveLength(4);
    const products = e.tables[0]!.rows.map((r) => Math.abs(r[3] as number));
    expect(products).toEqual([...products].sort((p, q) => q - p));
  });

  it('folds a visitor in by an exact solve from their positives', async () => {
    const fitted = await implicitAls.fit(smallTrainSet(), { factors: 4, epochs: 3 }, cpuContext());
    const none = fitted.foldIn!([{ item: 3, rating: 2 }]);
    expect(Array.from(none.scores).every((s) => s === 0)).toBe(true);
    const some = fitted.foldIn!([
      { item: 3, rating: 5 },
      { item: 8, rating: 4 },
    ]);
    expect(some.how).toContain('(2 of 2)');
    expect(some.scores.some((s) => s !== 0)).toBe(true);
  });

  it('stops when asked and keeps the iterations done', async () => {
    const epochs: EpochReport[] = [];
    const fitted = await implicitAls.fit(smallTrainSet(), { factors: 4, epochs: 10 }, withEpochs(epochs, { shouldStop: () => epochs.length >= 2 }));
    expect(epochs.length).toBeGreaterThanOrEqual(2);
    expect(epochs.length).toBeLessThan(10);
    expect(fitted.facts().find((f) => f.label === 'iterations')!.value).toBe(epochs.length);
  });
});
