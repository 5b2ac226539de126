/**
 * What the cold-start splits measure, on the demo data (600 users, 400 films with genres and
 * titles, seed 42), 10% held out, k = 10, every test item relevant. The figures are the lab's own
 * (measureFitted), pinned so a change that moves them is seen.
 */
import { describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../data/demo';
import { findRecommender } from '../recommenders/registry';
import { trainSetFromDataset } from '../recommenders/trainSet';
import type { FitContext } from '../recommenders/types';
import { measureFitted } from './measure';
import { makeSplit } from './splits';
import type { MetricName, SplitProtocol } from './types';

const ctx: FitContext = { backend: 'cpu', tf: null, hooks: {}, validation: null, names: { user: String, item: String } };

/** Each method's metrics on the cold split of the demo data. */
async function measure(protocol: SplitProtocol, methods: string[]): Promise<Record<string, Partial<Record<MetricName, number>>>> {
  const demo = generateDemoDataset();
  const split = makeSplit(demo, { protocol, seed: 42, testFraction: 0.1, minUserRatings: 5, lastN: 5 });
  const train = trainSetFromDataset(demo, split.train);
  const out: Record<string, Partial<Record<MetricName, number>>> = {};
  for (const id of methods) {
    const r = findRecommender(id);
    const fitted = await r.fit(train, {}, ctx);
    out[id] = (await measureFitted(fitted, r.meta, train, split.test, { k: 10, relevanceThreshold: null })).metrics;
  }
  return out;
}

describe('cold-start splits on the demo data', () => {
  it('cold users: with no history to go on, popularity is the best answer', async () => {
    // 60 users held out, all 4 234 of their ratings in test: each is ranked over all 400 films.
    const m = await measure('cold-users', ['popularity', 'baseline', 'content', 'biased-mf']);
    expect(m.popularity!.ndcg).toBeCloseTo(0.6166, 4);
    expect(m.popularity!.hitRate).toBeCloseTo(0.9833, 4);
    // the baseline falls back to μ + b_i (b_u = 0): the best-rated films, not the most watched
    expect(m.baseline!.ndcg).toBeCloseTo(0.335, 3);
    // content gives a cold user r̄ = μ and w = 0: every film scores μ, the list is the catalogue's order
    expect(m.content!.ndcg).toBeCloseTo(0.2146, 4);
    // MF's cold user keeps its random initial q_u: μ + b_i plus noise
    expect(m['biased-mf']!.ndcg).toBeLessThan(m.baseline!.ndcg!);
    expect(m['biased-mf']!.ndcg).toBeGreaterThan(m.content!.ndcg!);
  });

  it('cold items: only content-based ranks films nobody has rated', async () => {
    // 40 films held out: the 589 users who rated one are ranked over every film they did not rate in training.
    const m = await measure('cold-items', ['popularity', 'baseline', 'content', 'biased-mf', 'hybrid-mf-content']);
    expect(m.content!.ndcg).toBeCloseTo(0.034, 3);
    expect(m.content!.hitRate).toBeCloseTo(0.2241, 4);
    // the others never put a cold film in a top 10 (popularity scores it 0 ratings; MF has b_i = 0 and
    // an untrained p_i; the hybrid's features alone do not lift it above the warm films' b_i + q·p)
    for (const id of ['popularity', 'baseline', 'biased-mf', 'hybrid-mf-content']) expect(m[id]!.hitRate).toBe(0);
    // predicting the cold films' ratings, the features help too: content RMSE 0.854 against 1.00
    expect(m.content!.rmse).toBeCloseTo(0.8542, 4);
    expect(m.baseline!.rmse).toBeCloseTo(0.9963, 4);
    expect(m['hybrid-mf-content']!.rmse).toBeLessThan(m['biased-mf']!.rmse!);
  });
}, 120_000);
