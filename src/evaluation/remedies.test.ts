import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../data/demo';
import { countsOf, headMask } from '../math/balance';
import { topN } from '../math/mf';
import { smallTrainSet } from '../recommenders/testutil';
import type { FitContext } from '../recommenders/types';
import { changesTraining, fitKey, listMakerFor, trainingFor } from './remedies';
import { remedyLabel, remedyProblem } from './remedyText';
import { labelRuns, runEvaluation } from './runner';
import { makeSplit } from './splits';

const ctx: FitContext = { backend: 'cpu', tf: null, hooks: {}, validation: null, names: { user: String, item: String } };

describe('training remedies', () => {
  const train = smallTrainSet();
  const items = train.ratings.items;
  const head = headMask(countsOf(items, train.nItems));
  const headRows = Array.from(items).filter((i) => head[i] === 1).length;
  const n = items.length;

  it('down-sampling keeps every tail row and about `keep` of the head rows, the same for a seed', () => {
    const a = trainingFor(train, { kind: 'resample', mode: 'downsample-head', keep: 0.5, seed: 1 });
    const kept = a.ratings.items.length - (n - headRows);
    expect(Array.from(a.ratings.items).filter((i) => head[i] === 0)).toHaveLength(n - headRows);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(headRows);
    expect(a.timestamps).toHaveLength(a.ratings.items.length);
    expect(a.itemSide).toBe(train.itemSide);
    const again = trainingFor(train, { kind: 'resample', mode: 'downsample-head', keep: 0.5, seed: 1 });
    expect(Array.from(again.ratings.users)).toEqual(Array.from(a.ratings.users));
  });

  it('up-sampling by 2 doubles the tail rows', () => {
    const u = trainingFor(train, { kind: 'resample', mode: 'upsample-tail', copies: 2, seed: 1 });
    expect(u.ratings.items.length).toBe(headRows + 2 * (n - headRows));
  });

  it('IPW weights average 1 and weigh a tail rating more than a head rating', () => {
    const w = trainingFor(train, { kind: 'ipw', eta: 1, clip: 0.05 });
    expect(w.ratings).toBe(train.ratings);
    const weights = w.ratingWeights!;
    expect(weights.reduce((a, b) => a + b, 0) / n).toBeCloseTo(1, 5);
    const t = Array.from(items).findIndex((i) => head[i] === 0);
    const h = Array.from(items).findIndex((i) => head[i] === 1);
    expect(weights[t]!).toBeGreaterThan(weights[h]!);
  });

  it('re-rankers leave the training set and the fit alone', () => {
    expect(trainingFor(train, { kind: 'mmr', lambda: 0.5 })).toBe(train);
    expect(changesTraining({ kind: 'rerank-popularity', lambda: 1 })).toBe(false);
    const a = fitKey({ method: 'ease', params: { lambda: 500, positiveAt: 0 }, remedy: { kind: 'rerank-popularity', lambda: 0 } });
    expect(fitKey({ method: 'ease', params: { positiveAt: 0, lambda: 500 }, remedy: { kind: 'mmr', lambda: 0.4 } })).toBe(a);
    expect(fitKey({ method: 'ease', params: { positiveAt: 0, lambda: 500 }, remedy: { kind: 'ipw', eta: 1, clip: 0.1 } })).not.toBe(a);
  });
});

describe('re-rankers at measurement', () => {
  const train = smallTrainSet();
  const scores = Float32Array.from({ length: train.nItems }, (_, i) => Math.sin(i * 1.7) + i / 100);
  const exclude = new Uint8Array(train.nItems);
  exclude[3] = 1;
  it('λ = 0 lists exactly the plain top k for every re-ranker', () => {
    const plain = topN(scores, 5, exclude).map((s) => s.item);
    for (const kind of ['rerank-popularity', 'mmr', 'calibrate'] as const) {
      const out = new Int32Array(5);
      const n = listMakerFor({ kind, lambda: 0 }, train)!.list(0, scores, exclude, 5, out);
      expect(Array.from(out.subarray(0, n))).toEqual(plain);
    }
  });
  it('a popularity penalty pushes the list towards less-rated items', () => {
    const counts = countsOf(train.ratings.items, train.nItems);
    const out = new Int32Array(5);
    const plain = topN(scores, 5, exclude).map((s) => counts[s.item]!);
    listMakerFor({ kind: 'rerank-popularity', lambda: 3 }, train)!.list(0, scores, exclude, 5, out);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(Array.from(out, (i) => counts[i]!))).toBeLessThan(mean(plain));
    expect(Array.from(out)).not.toContain(3);
  });
});

describe('remedy labels and problems', () => {
  it('names the remedy in the row label', () => {
    expect(remedyLabel({ kind: 'rerank-popularity', lambda: 0.5 })).toBe(' + popularity penalty λ=0.5');
    expect(remedyLabel({ kind: 'mmr', lambda: 0.3, pool: 50 })).toBe(' + MMR λ=0.3, pool 50');
    expect(remedyLabel({ kind: 'resample', mode: 'downsample-head', keep: 0.25, seed: 7 })).toBe(' + head down-sampled (keep 25%, seed 7)');
    expect(remedyLabel({ kind: 'ipw', eta: 0.5, clip: 0.05 })).toBe(' + IPW η=0.5 clip=0.05');
    expect(labelRuns([{ method: 'popularity', params: {}, remedy: { kind: 'calibrate', lambda: 0.5 } }])).toEqual(['Most popular + genre calibration λ=0.5']);
  });
  it('refuses what a method or dataset cannot do', () => {
    expect(remedyProblem({ kind: 'ipw', eta: 0.5, clip: 0.1 }, { method: 'ease', hasGenres: true })).toMatch(/biased MF only/);
    expect(remedyProblem({ kind: 'ipw', eta: 0.5, clip: 0.1 }, { method: 'biased-mf', hasGenres: true })).toBeNull();
    expect(remedyProblem({ kind: 'resample', mode: 'upsample-tail', copies: 2, seed: 1 }, { method: 'item-knn', hasGenres: true })).toMatch(/Use down-sampling/);
    expect(remedyProblem({ kind: 'calibrate', lambda: 0.5 }, { method: 'ease', hasGenres: false })).toMatch(/has none/);
    expect(remedyProblem({ kind: 'mmr', lambda: 1.5 }, { method: 'ease', hasGenres: null })).toMatch(/between 0 and 1/);
  });
});

describe('runEvaluation with remedies (demo data)', () => {
  it('re-ranked rows share one fit; a remedy a method cannot take fails its row only', async () => {
    const dataset = generateDemoDataset();
    const split = { id: 's', datasetId: dataset.meta.id, name: 'random', createdAt: 0, ...makeSplit(dataset, { protocol: 'random', seed: 42, testFraction: 0.2, minUserRatings: 5, lastN: 5 }), settings: { protocol: 'random' as const, seed: 42, testFraction: 0.2, minUserRatings: 5, lastN: 5 } };
    const { rows, partial } = await runEvaluation(
      {
        dataset,
        split,
        settings: { k: 10, relevanceThreshold: null },
        contextFor: () => ctx,
        runs: [
          { method: 'popularity', params: {} },
          { method: 'popularity', params: {}, remedy: { kind: 'rerank-popularity', lambda: 1 } },
          { method: 'popularity', params: {}, remedy: { kind: 'resample', mode: 'upsample-tail', copies: 2, seed: 1 } },
        ],
      },
      { signal: new AbortController().signal },
    );
    expect(partial).toBe(false);
    expect(rows.map((r) => r.label)).toEqual(['Most popular', 'Most popular + popularity penalty λ=1', 'Most popular + tail up-sampled (×2, seed 1)']);
    expect(rows[1]!.fitShared).toBe(true);
    expect(rows[1]!.remedy).toEqual({ kind: 'rerank-popularity', lambda: 1 });
    expect(rows[0]!.fitShared).toBeUndefined();
    expect(rows[1]!.metrics.coverage!).toBeGreaterThan(rows[0]!.metrics.coverage!);
    expect(rows[1]!.metrics.avgPopularity!).toBeLessThan(rows[0]!.metrics.avgPopularity!);
    expect(rows[2]!.error).toMatch(/Up-sampling repeats rating rows/);
  });
});
