/**
 * The balance remedies on MovieLens 100K, measured by the lab's own code (msrSplit, measureFitted,
 * the runner's remedies): microsoft/recommenders' protocol (stratified 75/25 by item, seed 42), top
 * 10 of the items each user did not rate in training, every test item relevant.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_ML100K, ML100K_DIR, ML100K_ITEMS, ML100K_SKIP_REASON, ML100K_USERS, ml100kColumns } from '../data/ml100k.testutil';
import { findRecommender } from '../recommenders/registry';
import { makeTrainSet, pickRows } from '../recommenders/trainSet';
import type { FitContext, Fitted, ParamValues, TrainSet } from '../recommenders/types';
import { measureFitted } from './measure';
import { listMakerFor, trainingFor } from './remedies';
import { msrSplit } from './splits';
import type { Remedy, Split } from './types';

const ctx: FitContext = { backend: 'cpu', tf: null, hooks: {}, validation: null, names: { user: String, item: String } };
const present = HAVE_ML100K && existsSync(resolve(ML100K_DIR, 'u.genre'));

/** Genres per item from u.item's 19 flags (named by u.genre), for calibration. */
function ml100kGenres(): string[][] {
  const names = readFileSync(resolve(ML100K_DIR, 'u.genre'), 'latin1').trim().split('\n').map((line) => line.split('|')[0]!);
  const genres: string[][] = Array.from({ length: ML100K_ITEMS }, () => []);
  for (const line of readFileSync(resolve(ML100K_DIR, 'u.item'), 'latin1').trim().split('\n')) {
    const fields = line.split('|');
    genres[Number(fields[0]) - 1] = fields.slice(5).flatMap((flag, g) => (flag.trim() === '1' ? [names[g]!] : []));
  }
  return genres;
}

function setup(): { test: Split['test']; train: TrainSet } {
  const all = ml100kColumns('u.data');
  const split = msrSplit({ ratings: all, timestamps: null, nUsers: ML100K_USERS, nItems: ML100K_ITEMS }, { protocol: 'msr', seed: 42, testFraction: 0.25, minUserRatings: 1, lastN: 1 });
  const shape = { nUsers: ML100K_USERS, nItems: ML100K_ITEMS, ratingMin: 1, ratingMax: 5, implicit: false };
  return { test: split.test, train: makeTrainSet(pickRows(all, split.train), shape, { itemSide: { titles: null, genres: ml100kGenres() } }) };
}

/** Biased MF's defaults on two threads (DSGD), so the figures do not depend on this machine's cores. */
const MF_THREADS: ParamValues = { threads: '2' };

async function fit(method: string, params: ParamValues, train: TrainSet, remedy?: Remedy): Promise<Fitted> {
  const r = findRecommender(method);
  return r.fit(trainingFor(train, remedy), Object.fromEntries(r.meta.params.map((p) => [p.key, params[p.key] ?? p.default])), ctx);
}

async function measure(method: string, fitted: Fitted, train: TrainSet, test: Split['test'], remedy?: Remedy) {
  const { metrics } = await measureFitted(fitted, findRecommender(method).meta, train, test, { k: 10, relevanceThreshold: null }, {}, listMakerFor(remedy, train));
  return { ndcg: metrics.ndcg!, coverage: metrics.coverage!, novelty: metrics.novelty! };
}

const line = (name: string, m: { ndcg: number; coverage: number; novelty: number }) =>
  `${name.padEnd(44)} nDCG@10 ${m.ndcg.toFixed(4)}  coverage ${m.coverage.toFixed(4)}  novelty ${m.novelty.toFixed(3)}`;

/**
 * Measured here (EASE λ 500, every rating a positive): the sweep of the popularity penalty over
 * each user's 200 best-scored candidates,
 *   λ 0     nDCG 0.4847 coverage 0.1966 novelty 8.347   (EASE as it is)
 *   λ 0.5   0.4882 0.2602 8.511 · λ 0.75 0.4799 0.3945 8.713 · λ 0.8 0.4747 0.4555 8.806
 *   λ 0.9   0.4533 0.5639 9.112 · λ 1   0.4085 0.6288 9.546 · λ 2  0.0809 0.4964 11.461
 * so λ 0.8 raises coverage 2.32× at −2.1% nDCG@10, and λ 0.9 2.87× at −6.5%.
 */
describe.skipIf(!present)(present ? 'Balance remedies on MovieLens 100K (msr split, k 10)' : ML100K_SKIP_REASON, () => {
  it('the popularity penalty on EASE: coverage ≥ 2× at ≤ 10% less nDCG@10 (the target of issue 8)', async () => {
    const { test, train } = setup();
    const fitted = await fit('ease', { positiveAt: 0 }, train);
    const base = await measure('ease', fitted, train, test);
    console.log(line('EASE', base));
    const curve = new Map<number, Awaited<ReturnType<typeof measure>>>();
    for (const lambda of [0, 0.5, 0.75, 0.8, 0.9, 1, 2]) {
      const remedy: Remedy = { kind: 'rerank-popularity', lambda };
      const m = await measure('ease', fitted, train, test, remedy);
      curve.set(lambda, m);
      console.log(line(`EASE + popularity penalty λ=${lambda}`, m));
    }
    expect(curve.get(0)).toEqual(base);
    const target = curve.get(0.8)!;
    expect(target.coverage / base.coverage).toBeGreaterThanOrEqual(2);
    expect(target.ndcg / base.ndcg).toBeGreaterThanOrEqual(0.9);
    expect(base.ndcg).toBeCloseTo(0.4847, 4);
    expect(target.coverage).toBeCloseTo(0.4555, 3);
    expect(target.ndcg).toBeCloseTo(0.4747, 3);
    // past λ ≈ 1 popularity outweighs relevance and accuracy collapses
    expect(curve.get(2)!.ndcg).toBeLessThan(0.1);
  }, 120_000);

  /**
   * Measured here: EASE + MMR λ 0.3 nDCG 0.4845 coverage 0.2135, λ 0.5 0.4800 / 0.2401; EASE + genre
   * calibration λ 0.5 0.4335 / 0.2167; EASE on the head down-sampled to half 0.3340 / 0.2881. Biased MF (CPU
   * defaults, per-rating SGD in WebAssembly on 2 threads) 0.0665 / 0.1395 — ranking by predicted rating
   * already favours obscure items, so pushing the tail further only costs: IPW η 0.5 0.0045 / 0.1356,
   * tail up-sampled ×2 0.0464 / 0.2395.
   */
  it('MMR, calibration, re-sampling and IPW move coverage and accuracy as measured', async () => {
    const { test, train } = setup();
    const ease = await fit('ease', { positiveAt: 0 }, train);
    const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    for (const remedy of [
      { kind: 'mmr', lambda: 0.3 },
      { kind: 'mmr', lambda: 0.5 },
      { kind: 'calibrate', lambda: 0.5 },
    ] as Remedy[]) {
      results[`EASE ${JSON.stringify(remedy)}`] = await measure('ease', ease, train, test, remedy);
    }
    const down: Remedy = { kind: 'resample', mode: 'downsample-head', keep: 0.5, seed: 42 };
    results['EASE downsample'] = await measure('ease', await fit('ease', { positiveAt: 0 }, train, down), train, test);
    results['MF'] = await measure('biased-mf', await fit('biased-mf', MF_THREADS, train), train, test);
    const ipw: Remedy = { kind: 'ipw', eta: 0.5, clip: 0.05 };
    results['MF ipw'] = await measure('biased-mf', await fit('biased-mf', MF_THREADS, train, ipw), train, test);
    const up: Remedy = { kind: 'resample', mode: 'upsample-tail', copies: 2, seed: 42 };
    results['MF upsample'] = await measure('biased-mf', await fit('biased-mf', MF_THREADS, train, up), train, test);
    for (const [name, m] of Object.entries(results)) console.log(line(name, m));
    const r = (name: string) => results[name]!;
    expect(r('EASE {"kind":"mmr","lambda":0.5}').coverage).toBeCloseTo(0.2401, 3);
    expect(r('EASE {"kind":"mmr","lambda":0.5}').ndcg).toBeCloseTo(0.48, 3);
    expect(r('EASE {"kind":"calibrate","lambda":0.5}').ndcg).toBeCloseTo(0.4335, 3);
    expect(r('EASE downsample').ndcg).toBeCloseTo(0.334, 3);
    expect(r('EASE downsample').coverage).toBeCloseTo(0.2881, 3);
    expect(r('MF').ndcg).toBeCloseTo(0.0665, 3);
    expect(r('MF ipw').ndcg).toBeLessThan(0.01);
    expect(r('MF upsample').coverage).toBeCloseTo(0.2395, 3);
  }, 300_000);
});
