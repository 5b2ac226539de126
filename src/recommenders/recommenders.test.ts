import { describe, expect, it } from 'vitest';
import { RECOMMENDERS, findRecommender } from './registry';
import { defaultParamsFor } from './params';
import { cpuContext, smallTrainSet } from './testutil';
import { makeTrainSet, pickRows } from './trainSet';
import type { TrainSet } from './types';

/** A few (user, item) pairs spread over the small set. */
const PAIRS: [number, number][] = [
  [0, 0],
  [3, 7],
  [11, 29],
  [25, 14],
  [39, 5],
];

/** The cold user and the cold item of coldTrainSet. */
const COLD_USER = 3;
const COLD_ITEM = 7;

/**
 * The small set without any rating by user 3 or of item 7 (what a cold-users or cold-items split
 * leaves in train): the user and the item keep their indices and the item its features.
 */
function coldTrainSet(): TrainSet {
  const full = smallTrainSet();
  const { users, items } = full.ratings;
  const rows = Array.from({ length: users.length }, (_, t) => t).filter((t) => users[t] !== COLD_USER && items[t] !== COLD_ITEM);
  const timestamps = Float64Array.from(rows, (t) => full.timestamps![t]!);
  return makeTrainSet(pickRows(full.ratings, rows), full, { timestamps, itemSide: full.itemSide });
}

describe.each(RECOMMENDERS.map((r) => [r.meta.id, r] as const))('%s behind the contract', (_id, recommender) => {
  const fast = { epochs: 3 };
  const paramsFor = () => {
    const defaults = defaultParamsFor(recommender.meta, 'cpu');
    return Object.fromEntries(Object.entries(fast).filter(([k]) => k in defaults));
  };

  it('explains every listed score with a trace whose value is that score', async () => {
    const train = smallTrainSet();
    const fitted = await recommender.fit(train, paramsFor(), cpuContext());
    for (const [u, i] of PAIRS) {
      const listed = fitted.scoreItems(u)[i]!;
      const e = fitted.explain(u, i);
      expect(e.method).toBe(recommender.meta.id);
      expect(Math.abs(e.trace.value - listed)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(listed)));
      if (fitted.predict) expect(Math.abs(fitted.predict(u, i) - listed)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(listed)));
    }
  });

  it('explains fold-in picks and item similarities with the values it lists', async () => {
    const fitted = await recommender.fit(smallTrainSet(), paramsFor(), cpuContext());
    if (fitted.foldIn) {
      const folded = fitted.foldIn([
        { item: 2, rating: 5 },
        { item: 9, rating: 1 },
      ]);
      for (const i of [0, 4, 17]) expect(Math.abs(folded.explain(i).trace.value - folded.scores[i]!)).toBeLessThanOrEqual(1e-5);
    }
    if (fitted.similarItems && fitted.explainSimilarity) {
      const list = await fitted.similarItems(3, 5);
      expect(list.length).toBeGreaterThan(0);
      for (const n of list) expect(Math.abs(fitted.explainSimilarity(3, n.item).trace.value - n.similarity)).toBeLessThanOrEqual(1e-5);
    }
  });

  it('copes with a user and an item that have no training ratings (cold start): scores, explains, folds in', async () => {
    const train = coldTrainSet();
    expect(train.byUser().indptr[COLD_USER + 1]).toBe(train.byUser().indptr[COLD_USER]);
    expect(train.byItem().indptr[COLD_ITEM + 1]).toBe(train.byItem().indptr[COLD_ITEM]);
    const fitted = await recommender.fit(train, paramsFor(), cpuContext());
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b)));
    // a cold user: every item gets a score (NaN allowed: "cannot score"), and listed scores explain themselves
    const cold = fitted.scoreItems(COLD_USER);
    expect(cold.length).toBe(train.nItems);
    expect(Array.from(cold).some(Number.isFinite)).toBe(true);
    for (const i of [0, COLD_ITEM, 17]) if (Number.isFinite(cold[i])) close(fitted.explain(COLD_USER, i).trace.value, cold[i]!);
    // a warm user's score of the cold item
    for (const u of [0, 5]) {
      const s = fitted.scoreItems(u)[COLD_ITEM]!;
      expect(Number.isFinite(s) || Number.isNaN(s)).toBe(true);
      if (Number.isFinite(s)) close(fitted.explain(u, COLD_ITEM).trace.value, s);
      if (fitted.predict && Number.isFinite(s)) close(fitted.predict(u, COLD_ITEM), s);
    }
    // a visitor who rates the cold item
    if (fitted.foldIn) {
      const folded = fitted.foldIn([
        { item: COLD_ITEM, rating: 5 },
        { item: 2, rating: 2 },
      ]);
      for (const i of [0, COLD_ITEM, 17]) if (Number.isFinite(folded.scores[i])) close(folded.explain(i).trace.value, folded.scores[i]!);
    }
  });

  it('restores from its state to the same scores', async () => {
    const train = smallTrainSet();
    const fitted = await recommender.fit(train, paramsFor(), cpuContext());
    const restored = recommender.restore(structuredClone(fitted.state()), train, cpuContext());
    for (const [u] of PAIRS) expect(Array.from(restored.scoreItems(u))).toEqual(Array.from(fitted.scoreItems(u)));
  });

  it('is deterministic: the same data and parameters give the same scores', async () => {
    const a = await recommender.fit(smallTrainSet(), paramsFor(), cpuContext());
    const b = await recommender.fit(smallTrainSet(), paramsFor(), cpuContext());
    expect(Array.from(a.scoreItems(5))).toEqual(Array.from(b.scoreItems(5)));
  });
});

describe('registry and parameters', () => {
  it('ids are unique and every default satisfies its own schema', () => {
    const ids = RECOMMENDERS.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RECOMMENDERS) {
      for (const backend of ['cpu', 'webgpu', 'webgl'] as const) {
        const values = defaultParamsFor(r.meta, backend);
        expect(Object.keys(values).sort()).toEqual(r.meta.params.map((p) => p.key).sort());
      }
    }
  });

  it('a method with defaults per backend says why, in a sentence, for each backend it has defaults for', () => {
    const withDefaults = RECOMMENDERS.filter((r) => r.meta.backendDefaults);
    expect(withDefaults.map((r) => r.meta.id).sort()).toEqual(['biased-mf', 'bpr-mf', 'gru-next-item']);
    for (const r of withDefaults) {
      const backends = Object.keys(r.meta.backendDefaults!).sort();
      expect(Object.keys(r.meta.backendDefaultsWhy ?? {}).sort(), r.meta.id).toEqual(backends);
      for (const why of Object.values(r.meta.backendDefaultsWhy!)) expect(why).toMatch(/^[a-z].{20,}\.$/);
    }
    expect(findRecommender('biased-mf').meta.backendDefaultsWhy?.cpu).toMatch(/^per-rating SGD in WebAssembly/);
  });

  it('names an unknown method and a bad parameter', async () => {
    expect(() => findRecommender('nope')).toThrow(/No method "nope". Known methods: popularity/);
    await expect(findRecommender('item-mean').fit(smallTrainSet(), { beta: -1 }, cpuContext())).rejects.toThrow(/Damping β must be at least 0, got -1/);
    await expect(findRecommender('item-mean').fit(smallTrainSet(), { betta: 1 }, cpuContext())).rejects.toThrow(/unknown parameter "betta"/);
  });
});
