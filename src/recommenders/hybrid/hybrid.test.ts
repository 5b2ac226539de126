import { describe, expect, it } from 'vitest';
import { profileDot, profileOf, ridgeProfile } from '../../math/content';
import { foldInUser } from '../../math/foldIn';
import { predictRating } from '../../math/mf';
import { FOLD_IN_LAMBDA } from '../biased-mf/fitted';
import { cpuContext, smallTrainSet } from '../testutil';
import { makeTrainSet, pickRows } from '../trainSet';
import type { HybridState } from './fitted';
import { hybridMfContent } from './index';

const FAST = { epochs: 5 };

/** The small set without any rating of `cold`. */
function withoutItem(cold: number) {
  const full = smallTrainSet();
  const { ratings } = full;
  const rows = Array.from({ length: ratings.items.length }, (_, t) => t).filter((t) => ratings.items[t] !== cold);
  return makeTrainSet(pickRows(ratings, rows), { nUsers: full.nUsers, nItems: full.nItems, ratingMin: 1, ratingMax: 5, implicit: false }, { itemSide: full.itemSide });
}

describe('hybrid: MF + content', () => {
  it('predicts MF’s μ + b_u + b_i + q_u·p_i plus w_u·f_i, w_u fitted on MF’s training residuals', async () => {
    const train = smallTrainSet();
    const fitted = await hybridMfContent.fit(train, FAST, cpuContext());
    const { model, features, profiles, lambda } = fitted.state() as HybridState;
    for (const [u, i] of [
      [0, 0],
      [5, 17],
      [39, 29],
    ] as const) {
      expect(fitted.predict!(u, i)).toBeCloseTo(predictRating(model, u, i) + profileDot(features, i, profileOf(profiles, u)), 12);
    }
    // user 5's profile is the ridge fit of their residuals
    const byUser = train.byUser();
    const from = byUser.indptr[5]!;
    const to = byUser.indptr[6]!;
    const items = Array.from(byUser.indices.subarray(from, to));
    const residuals = items.map((i, j) => byUser.values[from + j]! - predictRating(model, 5, i));
    const own = ridgeProfile(features, items, residuals, lambda);
    expect(Array.from(profileOf(profiles, 5).values)).toEqual(Array.from(own.values));
  });

  it('scores an item without training ratings from μ + b_u and its features alone (b_i = 0, p_i = 0)', async () => {
    const cold = 29;
    const fitted = await hybridMfContent.fit(withoutItem(cold), FAST, cpuContext());
    const { model, features, profiles } = fitted.state() as HybridState;
    expect(model.itemBias[cold]).toBe(0);
    expect(Array.from(model.itemFactors.subarray(cold * model.factors, (cold + 1) * model.factors)).every((x) => x === 0)).toBe(true);
    expect((fitted.state() as HybridState).coldItems).toBe(1);
    let differs = 0;
    for (let u = 0; u < model.nUsers; u++) {
      const s = fitted.scoreItems(u)[cold]!;
      expect(Number.isFinite(s)).toBe(true);
      const content = profileDot(features, cold, profileOf(profiles, u));
      expect(s).toBeCloseTo(model.mu + model.userBias[u]! + content, 5);
      if (Math.abs(content) > 1e-3) differs++;
    }
    expect(differs).toBeGreaterThan(model.nUsers / 2);
  });

  it('explains with the MF terms and the features, both tables', async () => {
    const fitted = await hybridMfContent.fit(smallTrainSet(), FAST, cpuContext());
    const e = fitted.explain(3, 7);
    expect(e.trace.value).toBeCloseTo(fitted.predict!(3, 7), 10);
    expect(e.tables.map((t) => t.caption)).toEqual(['The MF part', expect.stringMatching(/features of item 7, largest \|w·f\| first/)]);
    const mfRows = e.tables[0]!.rows;
    const mf = mfRows.at(-1)![1] as number;
    expect((mfRows[0]![1] as number) + (mfRows[1]![1] as number) + (mfRows[2]![1] as number) + (mfRows[3]![1] as number)).toBeCloseTo(mf, 10);
    const contentPart = e.tables[1]!.rows.reduce((s, r) => s + (r[3] as number), 0);
    expect(mf + contentPart).toBeCloseTo(e.trace.value, 10);
  });

  it('folds a visitor into MF, then fits content on the residuals of their ratings', async () => {
    const fitted = await hybridMfContent.fit(smallTrainSet(), FAST, cpuContext());
    const { model, features, lambda } = fitted.state() as HybridState;
    const rated = [
      { item: 2, rating: 5 },
      { item: 9, rating: 1 },
      { item: 12, rating: 4 },
    ];
    const folded = fitted.foldIn!(rated);
    const { bias, vector } = foldInUser(model, rated, FOLD_IN_LAMBDA);
    const mfOf = (i: number) => model.mu + bias + model.itemBias[i]! + Array.from(vector).reduce((s, q, f) => s + q * model.itemFactors[i * model.factors + f]!, 0);
    const w = ridgeProfile(
      features,
      rated.map((r) => r.item),
      rated.map((r) => r.rating - mfOf(r.item)),
      lambda,
    );
    for (const i of [0, 2, 20]) {
      expect(folded.scores[i]!).toBeCloseTo(mfOf(i) + profileDot(features, i, w), 5);
      expect(folded.explain(i).trace.value).toBeCloseTo(folded.scores[i]!, 5);
    }
  });

  it('says what to import when the dataset has no item features, before training', async () => {
    const bare = makeTrainSet(smallTrainSet().ratings, { nUsers: 40, nItems: 30, ratingMin: 1, ratingMax: 5, implicit: false });
    await expect(hybridMfContent.fit(bare, FAST, cpuContext())).rejects.toThrow(/^Hybrid: MF \+ content needs item features: import a titles file with genres/);
  });

  it('reports MF’s epochs', async () => {
    const epochs: number[] = [];
    await hybridMfContent.fit(smallTrainSet(), FAST, { ...cpuContext(), hooks: { onEpoch: (r) => epochs.push(r.epoch) } });
    expect(epochs).toEqual([1, 2, 3, 4, 5]);
  });
});
