import { describe, expect, it } from 'vitest';
import { makeTrainSet, pickRows } from '../trainSet';
import { cpuContext, smallTrainSet } from '../testutil';
import type { ItemSide, TrainSet } from '../types';
import type { ContentState } from './fitted';
import { content, contentForVisitors } from './index';

/** One-user datasets of explicit ratings with the given item side. */
function tiny(items: number[], ratings: number[], nItems: number, itemSide: ItemSide, implicit = false): TrainSet {
  const columns = { users: new Int32Array(items.length), items: Int32Array.from(items), ratings: Float32Array.from(ratings) };
  return makeTrainSet(columns, { nUsers: 1, nItems, ratingMin: 1, ratingMax: 5, implicit }, { itemSide });
}

/**
 * The hand-worked case of src/math/content/ridge.test.ts through the method: items 0 {A}, 1 {B},
 * 2 {A, B} rated 5, 3, 4 (r̄ = 4, y = (1, −1, 0)); with λ = 1, w = (A 0.5, B −0.5). Item 3 {A} is
 * unrated (cold start): 4 + 0.5 = 4.5; item 4 has no features: r̄ = 4.
 */
const HAND = () => tiny([0, 1, 2], [5, 3, 4], 5, { titles: null, genres: [['A'], ['B'], ['A', 'B'], ['A'], []] });

describe('content-based (ridge on features)', () => {
  it('gives the hand-worked predictions r̄_u + w_u·f_i, cold items included', async () => {
    const fitted = await content.fit(HAND(), { lambda: 1 }, cpuContext());
    const expected = [4.5, 3.5, 4, 4.5, 4];
    expect(Array.from(fitted.scoreItems(0))).toEqual(expected.map((v) => expect.closeTo(v, 6)));
    expected.forEach((v, i) => expect(fitted.predict!(0, i)).toBeCloseTo(v, 12));
    const e = fitted.explain(0, 3);
    expect(e.trace.value).toBeCloseTo(4.5, 12);
    expect(e.tables[0]!.rows).toEqual([['genre: A', 1, expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]]);
    const both = fitted.explain(0, 2);
    expect(both.tables[0]!.columns).toEqual(['feature', 'f_i (item’s value)', 'w_u (user’s weight)', 'w·f']);
    expect(both.tables[0]!.rows.map((r) => r[0])).toEqual(['genre: A', 'genre: B']);
    expect(fitted.explain(0, 4).tables[0]!.caption).toMatch(/has no features/);
  });

  it('scores items with features and no training ratings (cold start) on the small set', async () => {
    const full = smallTrainSet();
    const { ratings } = full;
    const cold = 29;
    const rows = Array.from({ length: ratings.items.length }, (_, t) => t).filter((t) => ratings.items[t] !== cold);
    const train = makeTrainSet(pickRows(ratings, rows), { nUsers: full.nUsers, nItems: full.nItems, ratingMin: 1, ratingMax: 5, implicit: false }, { itemSide: full.itemSide });
    const fitted = await content.fit(train, {}, cpuContext());
    const state = fitted.state() as ContentState;
    let differs = 0;
    for (let u = 0; u < train.nUsers; u++) {
      const s = fitted.scoreItems(u)[cold]!;
      expect(Number.isFinite(s)).toBe(true);
      expect(Math.abs(fitted.explain(u, cold).trace.value - s)).toBeLessThan(1e-5);
      if (Math.abs(s - state.means[u]!) > 1e-3) differs++;
    }
    // the features, not just the user's mean, set the cold item's score
    expect(differs).toBeGreaterThan(train.nUsers / 2);
  });

  it('says what to import when the dataset has no item features', async () => {
    const bare = makeTrainSet(HAND().ratings, { nUsers: 1, nItems: 5, ratingMin: 1, ratingMax: 5, implicit: false });
    await expect(content.fit(bare, {}, cpuContext())).rejects.toThrow(
      'Content-based (ridge on features) needs item features: import a titles file with genres for this dataset (e.g. MovieLens u.item or movies.csv); it has no genres and no titles to build features from.',
    );
    const empty = tiny([0], [4], 2, { titles: [null, null], genres: [[], []] });
    await expect(content.fit(empty, {}, cpuContext())).rejects.toThrow(/needs item features: import a titles file with genres/);
    // titles, but no word in two of them
    const unique = tiny([0], [4], 2, { titles: ['Copper Lighthouse', 'Silent Harbor'], genres: null });
    await expect(content.fit(unique, {}, cpuContext())).rejects.toThrow(/no title word is in at least 2 titles/);
    const shared = tiny([0], [4], 3, { titles: ['Copper Lighthouse', 'Copper Harbor', 'Silent Garden'], genres: [[], [], []] });
    await expect(content.fit(shared, { titleWeight: 0 }, cpuContext())).rejects.toThrow(/title words are switched off \(title weight 0/);
    expect((await content.fit(shared, {}, cpuContext())).facts()).toContainEqual({ label: 'title words', value: 1 });
  });

  it('learns from title words when there are no genres', async () => {
    const train = tiny([0, 1, 2, 3], [5, 5, 1, 1], 6, {
      titles: ['Storm River', 'Night River', 'Garden Party', 'Garden Lights', 'River Song', 'Garden Song'],
      genres: null,
    });
    const fitted = await content.fit(train, { lambda: 1 }, cpuContext());
    const s = fitted.scoreItems(0);
    // unrated item 4 shares "river" with the liked titles, item 5 "garden" with the disliked ones
    expect(s[4]!).toBeGreaterThan(3);
    expect(s[5]!).toBeLessThan(3);
    expect(fitted.explain(0, 4).tables[0]!.rows[0]![0]).toBe('word: river');
  });

  it('folds a visitor in exactly as it fits a user', async () => {
    const train = smallTrainSet();
    const fitted = await content.fit(train, {}, cpuContext());
    const byUser = train.byUser();
    const u = 3;
    const rated = [];
    for (let p = byUser.indptr[u]!; p < byUser.indptr[u + 1]!; p++) rated.push({ item: byUser.indices[p]!, rating: byUser.values[p]! });
    const folded = fitted.foldIn!(rated);
    expect(Array.from(folded.scores)).toEqual(Array.from(fitted.scoreItems(u)));
    expect(folded.explain(7).trace.value).toBeCloseTo(fitted.explain(u, 7).trace.value, 12);
    expect(folded.how).toMatch(/ridge regression/);
    // no ratings: the training mean, w = 0
    const nobody = fitted.foldIn!([]);
    expect(nobody.scores[0]).toBeCloseTo(train.globalMean, 5);
  });

  it('folds a visitor into the features alone (the You panel’s content stage), as the fitted model does', async () => {
    // The hand-worked case as a visitor: ratings 5, 3, 4 of items 0 {A}, 1 {B}, 2 {A, B} give r̄ = 4,
    // w = (A 0.5, B −0.5) at λ = 1, so item 3 {A} (nobody rated it) scores 4 + 0.5 = 4.5.
    const visitor = contentForVisitors(HAND(), { lambda: 1 }, cpuContext().names);
    expect([visitor.genres, visitor.titleWords]).toEqual([2, 0]);
    const rated = [
      { item: 0, rating: 5 },
      { item: 1, rating: 3 },
      { item: 2, rating: 4 },
    ];
    const folded = visitor.foldIn(rated);
    expect(Array.from(folded.scores)).toEqual([4.5, 3.5, 4, 4.5, 4].map((v) => expect.closeTo(v, 6)));
    expect(folded.explain(3).trace.value).toBeCloseTo(4.5, 12);
    // the same numbers as a fitted model's fold-in, on the small set with titles
    const train = smallTrainSet();
    const fitted = await content.fit(train, {}, cpuContext());
    const alone = contentForVisitors(train, {}, cpuContext().names).foldIn(rated);
    expect(Array.from(alone.scores)).toEqual(Array.from(fitted.foldIn!(rated).scores));
    expect(alone.how).toBe(fitted.foldIn!(rated).how);
    expect(() => contentForVisitors(tiny([0], [3], 2, { titles: null, genres: null }), {}, cpuContext().names)).toThrow(/needs item features/);
  });

  it('on implicit data fits the 1s without centring, ranking items like the chosen ones first', async () => {
    const train = tiny([0, 1], [1, 1], 4, { titles: null, genres: [['A'], ['A', 'B'], ['A'], ['C']] }, true);
    const fitted = await content.fit(train, { lambda: 1 }, cpuContext());
    const s = fitted.scoreItems(0);
    expect(s[2]!).toBeGreaterThan(0.3);
    expect(s[3]).toBe(0);
    expect((fitted.state() as ContentState).means[0]).toBe(0);
  });

  it('lists similar items by the cosine of their features', async () => {
    const fitted = await content.fit(HAND(), { lambda: 1 }, cpuContext());
    const list = await fitted.similarItems!(0, 5);
    // item 3 has the same genre (cos 1), item 2 shares one of two (1/√2); 1 and 4 share nothing
    expect(list).toEqual([
      { item: 3, similarity: expect.closeTo(1, 12) },
      { item: 2, similarity: expect.closeTo(Math.SQRT1_2, 12) },
    ]);
    expect(fitted.explainSimilarity!(0, 2).trace.value).toBeCloseTo(Math.SQRT1_2, 12);
    expect(() => fitted.explainSimilarity!(0, 4)).toThrow(/has no features/);
  });
});
