import { describe, expect, it } from 'vitest';
import type { RatingsColumns } from '../data/types';
import { csrFromColumns, type Csr } from '../math/sparse';
import type { Explanation, Fitted, RecommenderMeta, TrainSet } from '../recommenders/types';
import { measureFitted } from './measure';

function columns(rows: readonly [number, number, number][]): RatingsColumns {
  return {
    users: Int32Array.from(rows.map((r) => r[0])),
    items: Int32Array.from(rows.map((r) => r[1])),
    ratings: Float32Array.from(rows.map((r) => r[2])),
  };
}

function trainSetOf(rows: readonly [number, number, number][], nUsers: number, nItems: number): TrainSet {
  const ratings = columns(rows);
  let byUser: Csr | null = null;
  let byItem: Csr | null = null;
  return {
    nUsers,
    nItems,
    ratings,
    ratingMin: 1,
    ratingMax: 5,
    implicit: false,
    globalMean: rows.reduce((s, r) => s + r[2], 0) / rows.length,
    timestamps: null,
    itemSide: { titles: null, genres: null },
    byUser: () => (byUser ??= csrFromColumns(ratings.users, ratings.items, ratings.ratings, nUsers, nItems)),
    byItem: () => (byItem ??= csrFromColumns(ratings.items, ratings.users, ratings.ratings, nItems, nUsers)),
  };
}

/** A fitted model that scores from a fixed table (and predicts the same numbers, unclipped). */
function tableFitted(table: readonly (readonly number[])[], withPredict = true, beforeScore?: () => void): Fitted {
  const fitted: Fitted = {
    method: 'table',
    scoreItems(u) {
      beforeScore?.();
      return Float32Array.from(table[u]!);
    },
    explain(): Explanation {
      throw new Error('not used');
    },
    facts: () => [],
    state: () => null,
  };
  if (withPredict) fitted.predict = (u, i) => table[u]![i]!;
  return fitted;
}

function metaOf(predictsRatings: boolean): RecommenderMeta {
  return {
    id: 'table',
    name: 'Table',
    family: 'baseline',
    formula: 's_{ui}',
    summary: 'Fixed scores.',
    params: [],
    feedback: 'explicit',
    predictsRatings,
    usesGpu: false,
    iterative: false,
  };
}

// 3 users × 6 items, ratings 1…5.
// Training (user, item, rating): u0: i0 4, i1 2 · u1: i0 5, i2 3, i5 4 · u2: i1 4, i3 1
//   μ = (4+2+5+3+4+4+1)/7 = 23/7 = 3.285714
//   training users per item: U_0 = {u0,u1}, U_1 = {u0,u2}, U_2 = {u1}, U_3 = {u2}, U_4 = ∅, U_5 = {u1}; |R_train| = 7;
//   items with training ratings: 0, 1, 2, 3, 5 (5 of them)
const train = trainSetOf(
  [
    [0, 0, 4], [0, 1, 2],
    [1, 0, 5], [1, 2, 3], [1, 5, 4],
    [2, 1, 4], [2, 3, 1],
  ],
  3,
  6,
);
// Test: u0: i3 5, i2 2 · u1: i1 4, i4 3 · u2: i4 2
const test = columns([
  [0, 3, 5], [0, 2, 2],
  [1, 1, 4], [1, 4, 3],
  [2, 4, 2],
]);
// Scores (= predictions) per user over items 0…5; training items are never candidates.
//   u0: candidates 2 (0.5), 3 (3), 4 (2), 5 (0)   → top 2 = [3, 4]
//   u1: candidates 1 (1), 3 (2), 4 (NaN)          → top 2 = [3, 1]
//   u2: candidates 0 (0), 2 (7), 4 (6), 5 (−1)    → top 2 = [2, 4]
const table = [
  [9, 9, 0.5, 3, 2, 0],
  [9, 1, 9, 2, NaN, 9],
  [0, 9, 7, 9, 6, -1],
];
const L3 = Math.log2(3);

describe('measureFitted on a hand-made model', () => {
  it('every metric, all test items relevant, k = 2', async () => {
    const { metrics, predictMs } = await measureFitted(tableFitted(table), metaOf(true), train, test, { k: 2, relevanceThreshold: null });
    // Rating error over the 5 test ratings (r̂ clipped to [1, 5], NaN → μ):
    //   u0 i3: 3 − 5 = −2 · u0 i2: 0.5 → 1, 1 − 2 = −1 · u1 i1: 1 − 4 = −3
    //   u1 i4: NaN → μ = 23/7, 23/7 − 3 = 2/7 · u2 i4: 6 → 5, 5 − 2 = 3
    //   RMSE = √((4 + 1 + 9 + 4/49 + 9)/5) = √(1131/245) = 2.148564; MAE = (2 + 1 + 3 + 2/7 + 3)/5 = 13/7 = 1.857143
    expect(metrics.rmse).toBeCloseTo(2.148564, 6);
    expect(metrics.mae).toBeCloseTo(13 / 7, 6);
    // Ranking (IDCG of 2 relevant = 1 + 1/log₂3 = 1.630930; of 1 relevant = 1):
    //   u0 [3, 4], Rel {3, 2}: hit at 1 → P ½, R ½, NDCG 1/1.630930 = 0.613147, AP (1/1)/min(2,2) = ½, HR 1, RR 1
    //   u1 [3, 1], Rel {1, 4}: hit at 2 → P ½, R ½, NDCG 0.630930/1.630930 = 0.386853, AP (1/2)/2 = ¼, HR 1, RR ½
    //   u2 [2, 4], Rel {4}:    hit at 2 → P ½, R 1, NDCG 0.630930/1 = 0.630930, AP (1/2)/min(2,1) = ½, HR 1, RR ½
    //   P = ½; R = (½ + ½ + 1)/3 = ⅔; NDCG = (1 + 0.630930)/3 = 0.543643; MAP = 1.25/3 = 0.416667; HR = 1; MRR = 2/3
    expect(metrics.precision).toBeCloseTo(0.5, 12);
    expect(metrics.recall).toBeCloseTo(2 / 3, 12);
    expect(metrics.ndcg).toBeCloseTo((1 + 1 / L3) / 3, 12);
    expect(metrics.ndcg).toBeCloseTo(0.543643, 6);
    expect(metrics.map).toBeCloseTo(1.25 / 3, 12);
    expect(metrics.hitRate).toBe(1);
    expect(metrics.mrr).toBeCloseTo(2 / 3, 12);
    // Catalogue over the lists [3, 4], [3, 1], [2, 4]:
    //   coverage = |{1, 2, 3, 4}| / 5 training items = 0.8
    //   novelty: −log₂ p with p(3) = p(2) = 1/7 → 2.807355, p(1) = 2/7 → 1.807355, item 4 unrated → 0;
    //     slots 3, 4, 3, 1, 2, 4 → (3 · 2.807355 + 1.807355)/6 = 10.229420/6 = 1.704903
    //   diversity: sim(3,4) = 0; sim(3,1) = |{u2}|/√(1·2) = 0.707107; sim(2,4) = 0
    //     → (1 + 0.292893 + 1)/3 = 0.764298
    //   avgPopularity: counts 1, 0, 1, 2, 1, 0 → 5/6 = 0.833333
    expect(metrics.coverage).toBeCloseTo(0.8, 12);
    expect(metrics.novelty).toBeCloseTo(1.704903, 6);
    expect(metrics.diversity).toBeCloseTo(0.764298, 6);
    expect(metrics.avgPopularity).toBeCloseTo(5 / 6, 12);
    expect(predictMs).toBeGreaterThanOrEqual(0);
  });

  it('a list maker (a re-ranker) replaces the plain top k', async () => {
    // Each user's list = the two candidates with the LOWEST score (exclude and NaN respected):
    //   u0 candidates 2 (0.5), 3 (3), 4 (2), 5 (0) → [5, 2]; Rel {3, 2}: hit at 2 → NDCG 0.630930/1.630930 = 0.386853
    //   u1 candidates 1 (1), 3 (2)                 → [1, 3]; Rel {1, 4}: hit at 1 → NDCG 1/1.630930 = 0.613147
    //   u2 candidates 0 (0), 2 (7), 4 (6), 5 (−1)  → [5, 0]; Rel {4}: no hit → 0
    //   NDCG = (0.386853 + 0.613147 + 0)/3 = 1/3; coverage = |{0, 1, 2, 3, 5}| / 5 = 1
    const lowest = {
      list(_u: number, scores: Float32Array, exclude: Uint8Array, k: number, out: Int32Array): number {
        const c = Array.from(scores.keys()).filter((i) => exclude[i] === 0 && !Number.isNaN(scores[i]!));
        c.sort((a, b) => scores[a]! - scores[b]!);
        c.slice(0, k).forEach((i, j) => (out[j] = i));
        return Math.min(k, c.length);
      },
    };
    const { metrics } = await measureFitted(tableFitted(table), metaOf(true), train, test, { k: 2, relevanceThreshold: null }, {}, lowest);
    expect(metrics.ndcg).toBeCloseTo(1 / 3, 12);
    expect(metrics.coverage).toBe(1);
    // rating error does not depend on the lists
    expect(metrics.rmse).toBeCloseTo(2.148564, 6);
  });

  it('a relevance threshold drops low test ratings and users left with none', async () => {
    const { metrics } = await measureFitted(tableFitted(table), metaOf(true), train, test, { k: 2, relevanceThreshold: 3.5 });
    // Rel(u0) = {3} (5 ≥ 3.5; i2 rated 2 is not), Rel(u1) = {1}, u2 has none (rated 2) → not ranked.
    //   u0 [3, 4]: P ½, R 1, NDCG 1, AP 1/min(2,1) = 1, HR 1, RR 1
    //   u1 [3, 1]: P ½, R 1, NDCG 1/log₂3 = 0.630930, AP (1/2)/1 = ½, HR 1, RR ½
    //   P = ½, R = 1, NDCG = 0.815465, MAP = ¾, HR = 1, MRR = ¾
    // Catalogue over [3, 4], [3, 1]: coverage 3/5 = 0.6; novelty (2 · 2.807355 + 1.807355)/4 = 1.855516;
    //   diversity (1 + 0.292893)/2 = 0.646447; avgPopularity (1 + 0 + 1 + 2)/4 = 1
    // RMSE/MAE still use every test rating: unchanged.
    expect(metrics.rmse).toBeCloseTo(2.148564, 6);
    expect(metrics.precision).toBeCloseTo(0.5, 12);
    expect(metrics.recall).toBe(1);
    expect(metrics.ndcg).toBeCloseTo(0.815465, 6);
    expect(metrics.map).toBeCloseTo(0.75, 12);
    expect(metrics.hitRate).toBe(1);
    expect(metrics.mrr).toBeCloseTo(0.75, 12);
    expect(metrics.coverage).toBeCloseTo(0.6, 12);
    expect(metrics.novelty).toBeCloseTo(1.855516, 6);
    expect(metrics.diversity).toBeCloseTo(0.646447, 6);
    expect(metrics.avgPopularity).toBe(1);
  });

  it('no RMSE/MAE for a ranking-only method; scoreItems stands in for a missing predict', async () => {
    const settings = { k: 2, relevanceThreshold: null };
    const ranking = await measureFitted(tableFitted(table), metaOf(false), train, test, settings);
    expect(ranking.metrics.rmse).toBeUndefined();
    expect(ranking.metrics.mae).toBeUndefined();
    expect(ranking.metrics.precision).toBeCloseTo(0.5, 12);
    const noPredict = await measureFitted(tableFitted(table, false), metaOf(true), train, test, settings);
    expect(noPredict.metrics.rmse).toBeCloseTo(2.148564, 6);
    expect(noPredict.metrics.mae).toBeCloseTo(13 / 7, 6);
  });

  it('users whose list is empty (every candidate NaN) are left out of the averages', async () => {
    // u1 cannot score anything: only u0 and u2 are averaged (k = 2, all test items relevant)
    //   P = (½ + ½)/2 = ½; R = (½ + 1)/2 = ¾; MRR = (1 + ½)/2 = ¾
    const blind = [table[0]!, new Array<number>(6).fill(NaN), table[2]!];
    const { metrics } = await measureFitted(tableFitted(blind), metaOf(false), train, test, { k: 2, relevanceThreshold: null });
    expect(metrics.precision).toBeCloseTo(0.5, 12);
    expect(metrics.recall).toBeCloseTo(0.75, 12);
    expect(metrics.mrr).toBeCloseTo(0.75, 12);
    // nobody can be ranked: no ranking or catalogue metric at all
    const none = await measureFitted(tableFitted(table.map(() => new Array<number>(6).fill(NaN))), metaOf(false), train, test, {
      k: 2,
      relevanceThreshold: null,
    });
    expect(none.metrics).toEqual({});
  });

  it('k = 1 has no pairs, so no diversity', async () => {
    const { metrics } = await measureFitted(tableFitted(table), metaOf(false), train, test, { k: 1, relevanceThreshold: null });
    expect(metrics.diversity).toBeUndefined();
    // lists [3], [3], [2]: P@1 = (1 + 0 + 0)/3
    expect(metrics.precision).toBeCloseTo(1 / 3, 12);
  });

  it('rejects test ratings outside the training index space', async () => {
    const bad = columns([[3, 0, 4]]);
    await expect(measureFitted(tableFitted(table), metaOf(true), train, bad, { k: 2, relevanceThreshold: null })).rejects.toThrow(/outside/);
  });

  it('yields, reports progress and stops with an AbortError when asked', async () => {
    const spin = (): void => {
      const until = performance.now() + 60;
      while (performance.now() < until) {
        /* busy: longer than one 50 ms slice */
      }
    };
    const progress: number[] = [];
    let polls = 0;
    const run = measureFitted(tableFitted(table, true, spin), metaOf(false), train, test, { k: 2, relevanceThreshold: null }, {
      onProgress: (f) => progress.push(f),
      shouldStop: () => ++polls > 1, // false at the start, true at the first yield
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress.length).toBe(1);
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(1);

    const fractions: number[] = [];
    const done = await measureFitted(tableFitted(table, true, spin), metaOf(false), train, test, { k: 2, relevanceThreshold: null }, {
      onProgress: (f) => fractions.push(f),
    });
    expect(done.metrics.precision).toBeCloseTo(0.5, 12);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeGreaterThan(1);
    // predictMs counts the busy time (3 users × ≥ 60 ms)
    expect(done.predictMs).toBeGreaterThanOrEqual(180);
  });
});
