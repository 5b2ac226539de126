import { describe, expect, it } from 'vitest';
import { HAVE_ML100K, ML100K_ITEMS, ML100K_SKIP_REASON, ML100K_USERS, ml100kColumns } from '../../data/ml100k.testutil';
// eslint-disable-next-line no-restricted-imports -- test-only: the lab's own split and metrics measure the method
import { measureFitted } from '../../evaluation/measure';
// eslint-disable-next-line no-restricted-imports -- test-only: the lab's own split and metrics measure the method
import { msrSplit } from '../../evaluation/splits';
import { cpuContext } from '../testutil';
import { makeTrainSet, pickRows } from '../trainSet';
import { ease } from './index';

/**
 * microsoft/recommenders' protocol on MovieLens 100K: the msr split (75/25 per item, seed 42), every
 * rating a positive (positiveAt 0), every test item relevant, top 10 among the items the user has not
 * rated in training. Measured (Node 20, 2-core shared machine; fit = Gram + Cholesky + inverse + B):
 *   λ = 250:  nDCG@10 0.4830, P@10 0.4205, R@10 0.2250, MAP 0.3402
 *   λ = 500:  nDCG@10 0.4847, P@10 0.4220, R@10 0.2258, MAP 0.3422  (fit 2–3 s) — the NumPy reference gives ≈ 0.483 / 0.418
 *   λ = 1000: nDCG@10 0.4755, P@10 0.4122, R@10 0.2188, MAP 0.3337
 */
describe.skipIf(!HAVE_ML100K)(HAVE_ML100K ? 'EASE on MovieLens 100K (msr split, every rating a positive)' : ML100K_SKIP_REASON, () => {
  it('reaches nDCG@10 ≥ 0.475 and P@10 ≥ 0.41 at λ = 500', async () => {
    const all = ml100kColumns('u.data');
    const split = msrSplit({ ratings: all, timestamps: null, nUsers: ML100K_USERS, nItems: ML100K_ITEMS }, { protocol: 'msr', seed: 42, testFraction: 0.25, minUserRatings: 1, lastN: 1 });
    const train = makeTrainSet(pickRows(all, split.train), { nUsers: ML100K_USERS, nItems: ML100K_ITEMS, ratingMin: 1, ratingMax: 5, implicit: false });
    const started = performance.now();
    const fitted = await ease.fit(train, { positiveAt: 0, lambda: 500 }, cpuContext());
    const fitSeconds = (performance.now() - started) / 1000;
    const { metrics } = await measureFitted(fitted, ease.meta, train, split.test, { k: 10, relevanceThreshold: null });
    console.log(`EASE λ 500: fit ${fitSeconds.toFixed(2)} s, nDCG@10 ${metrics.ndcg!.toFixed(4)}, P@10 ${metrics.precision!.toFixed(4)}`);
    expect(metrics.ndcg!).toBeGreaterThanOrEqual(0.475);
    expect(metrics.precision!).toBeGreaterThanOrEqual(0.41);
  }, 60_000);
});
