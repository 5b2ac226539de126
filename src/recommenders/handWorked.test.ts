import { describe, expect, it } from 'vitest';
import { csrFromColumns } from '../math/sparse';
import type { MfModel } from '../math/mf';
import { mfFitted } from './biased-mf/fitted';
import { itemMean } from './item-mean';
import { popularity } from './popularity';
import { makeTrainSet } from './trainSet';
import { cpuContext } from './testutil';

// Two users, three items, two factors; numbers small enough to check by hand.
const model: MfModel = {
  nUsers: 2,
  nItems: 3,
  factors: 2,
  mu: 3.5,
  userBias: Float32Array.from([0.25, -0.5]),
  itemBias: Float32Array.from([0.5, 0, -0.25]),
  userFactors: Float32Array.from([1, 0.5, -1, 2]),
  itemFactors: Float32Array.from([0.5, 0.5, 1, 0, 0, 2]),
};

describe('biased MF explanations', () => {
  const fitted = mfFitted(model, cpuContext());

  it('user 1 × item 2 = 3.5 − 0.5 − 0.25 + (−1·0 + 2·2) = 6.75, as scoreItems lists it', () => {
    const e = fitted.explain(1, 2);
    expect(e.trace.value).toBe(6.75);
    expect(fitted.scoreItems(1)[2]).toBe(6.75);
    expect(e.intro).toContain('user 1 gets item 2');
    expect(e.trace.steps.map((s) => s.label)).toContain('Top 2 contributing terms of q·p');
  });

  it('cosine of items 0 and 1: (0.5·1 + 0.5·0)/(√0.5·1) = 0.70711', async () => {
    expect(fitted.explainSimilarity!(0, 1).trace.value).toBeCloseTo(0.70711, 5);
    const list = await fitted.similarItems!(0, 2);
    // item 1: 0.70711; item 2: (0.5·0 + 0.5·2)/(√0.5·2) = 0.70711 too → tie broken by lower index
    expect(list.map((n) => n.item)).toEqual([1, 2]);
  });

  it('fold-in: the explained score equals the score the picks list uses', () => {
    const folded = fitted.foldIn!([
      { item: 0, rating: 5 },
      { item: 2, rating: 2 },
    ]);
    expect(folded.how).toContain('solved from your 2 ratings');
    expect(Math.abs(folded.explain(1).trace.value - folded.scores[1]!)).toBeLessThan(1e-6);
  });
});

describe('popularity and damped item mean on a hand-made set', () => {
  // ratings (user, item, r): (0,0,5) (1,0,3) (2,0,4) (0,1,2) — item 0 has 3 ratings, item 1 one, item 2 none
  const columns = { users: Int32Array.of(0, 1, 2, 0), items: Int32Array.of(0, 0, 0, 1), ratings: Float32Array.of(5, 3, 4, 2) };
  const train = makeTrainSet(columns, { nUsers: 3, nItems: 3, ratingMin: 1, ratingMax: 5, implicit: false });

  it('popularity scores are counts', async () => {
    const f = await popularity.fit(train, {}, cpuContext());
    expect(Array.from(f.scoreItems(1))).toEqual([3, 1, 0]);
    expect(f.explain(1, 0).trace.value).toBe(3);
  });

  it('damped mean with β = 2: μ = 14/4 = 3.5; item 0 (12 + 7)/5 = 3.8; item 1 (2 + 7)/3 = 3; item 2 = μ', async () => {
    const f = await itemMean.fit(train, { beta: 2 }, cpuContext());
    const s = f.scoreItems(0);
    expect(s[0]).toBeCloseTo(3.8, 6);
    expect(s[1]).toBeCloseTo(3, 6);
    expect(s[2]).toBeCloseTo(3.5, 6);
    expect(f.predict!(2, 0)).toBeCloseTo(3.8, 6);
  });

  it('the CSR the sets share lists each user’s items', () => {
    expect(Array.from(train.byUser().indptr)).toEqual(Array.from(csrFromColumns(columns.users, columns.items, columns.ratings, 3, 3).indptr));
  });
});
