import { describe, expect, it } from 'vitest';
import { baselineCentredPrediction, cosineSimilarity, itemBasedPrediction, meanCentredPrediction, userBasedPrediction } from '../formulas';
import { entryAt, type Csr } from '../sparse';
import { fitKnnModel, reverseLists, type KnnModel, type KnnOptions, type KnnVariant } from './fit';
import { knnBaseline, knnNeighboursUsed, predictKnn } from './predict';
import { scoreAllItemsKnn } from './scoreAllItems';
import { matrix as entries, randomMatrix as randomEntries } from './matrix.testutil';

/** The matrix with users as `byUser` rows and items as `byItem` rows. */
function matrix(u: number[], i: number[], r: number[], nUsers: number, nItems: number): { byUser: Csr; byItem: Csr } {
  const { rows, cols } = entries(u, i, r, nUsers, nItems);
  return { byUser: rows, byItem: cols };
}

/** A random users × items matrix (ratings 1…5), plus one more user and one more item without any rating. */
function randomMatrix(seed: number, nUsers: number, nItems: number, density: number): { byUser: Csr; byItem: Csr } {
  const { rows, cols } = randomEntries(seed, nUsers, nItems, density, 1);
  return { byUser: rows, byItem: cols };
}

// 3 users × 3 items:   i0 i1 i2
//                 u0 [ 5  3  − ]
//                 u1 [ 4  3  2 ]
//                 u2 [ −  1  5 ]      μ = 23/7; user means 4, 3, 3; item means 4.5, 7/3, 3.5
const small = matrix([0, 0, 1, 1, 1, 2, 2], [0, 1, 0, 1, 2, 1, 2], [5, 3, 4, 3, 2, 1, 5], 3, 3);
const fit = (o: Partial<KnnOptions>): KnnModel =>
  fitKnnModel(small.byUser, small.byItem, { kind: 'user', variant: 'basic', similarity: 'msd', k: 40, minK: 1, ...o });

describe('predictKnn, worked by hand (msd)', () => {
  // user msd: s(u0,u1) = 2/3, s(u0,u2) = 1/5, s(u1,u2) = 2/15 (see neighbourLists.test.ts)
  it('user-based basic: Σ s·r / Σ s over the raters of i', () => {
    // (u0, i2): raters u1 (s 2/3, r 2), u2 (s 1/5, r 5): (4/3 + 1)/(2/3 + 1/5) = (7/3)/(13/15) = 35/13
    const p = predictKnn(fit({}), 0, 2);
    expect(p.value).toBeCloseTo(35 / 13, 6);
    expect(p).toMatchObject({ used: 2, fallback: false });
    // k = 1: only u1, r̂ = 2
    expect(predictKnn(fit({ k: 1 }), 0, 2)).toEqual({ value: 2, used: 1, fallback: false });
  });

  it('user-based means: r̄_u + Σ s (r − r̄_v) / Σ s', () => {
    // 4 + (2/3·(2 − 3) + 1/5·(5 − 3))/(13/15) = 4 + (−4/15)/(13/15) = 4 − 4/13 = 48/13
    expect(predictKnn(fit({ variant: 'means' }), 0, 2).value).toBeCloseTo(48 / 13, 6);
  });

  it('baseline with zero biases (0 epochs) is μ + Σ s (r − μ)/Σ s = the basic value', () => {
    const m = fit({ variant: 'baseline', baseline: { regUser: 15, regItem: 10, epochs: 0 } });
    expect(knnBaseline(m, 0, 2)).toBeCloseTo(23 / 7, 12);
    expect(predictKnn(m, 0, 2).value).toBeCloseTo(35 / 13, 6);
  });

  it('item-based basic: Σ s·r_uj / Σ s over the items u rated', () => {
    // item msd: s(i0,i1) = 1/(5/2 + 1) = 2/7 (u0: 5 vs 3, u1: 4 vs 3); s(i0,i2) = 1/(4 + 1) = 1/5 (u1: 4 vs 2);
    // s(i1,i2) = 1/(17/2 + 1) = 2/19 (u1: 3 vs 2, u2: 1 vs 5)
    // (u0, i2): u0 rated i0 (5), i1 (3): (1/5·5 + 2/19·3)/(1/5 + 2/19) = (25/19)/(29/95) = 125/29
    expect(predictKnn(fit({ kind: 'item' }), 0, 2).value).toBeCloseTo(125 / 29, 6);
    // means: r̄_i2 = 3.5; 3.5 + (1/5·(5 − 4.5) + 2/19·(3 − 7/3))/(29/95) = 3.5 + (1/10 + 4/57)/(29/95)
    //      = 3.5 + (97/570)·(95/29) = 3.5 + 97/174
    expect(predictKnn(fit({ kind: 'item', variant: 'means' }), 0, 2).value).toBeCloseTo(3.5 + 97 / 174, 6);
  });

  it('falls back as Surprise with fewer than minK neighbours', () => {
    // (u0, i2) has 2 neighbours; minK = 3 → basic μ = 23/7, means r̄_u0 = 4, baseline b_ui
    expect(predictKnn(fit({ minK: 3 }), 0, 2)).toEqual({ value: 23 / 7, used: 2, fallback: true });
    expect(predictKnn(fit({ minK: 3, variant: 'means' }), 0, 2)).toEqual({ value: 4, used: 2, fallback: true });
    const b = fit({ minK: 3, variant: 'baseline' });
    expect(predictKnn(b, 0, 2)).toEqual({ value: knnBaseline(b, 0, 2), used: 2, fallback: true });
    // pearson: u2 has no neighbour at all (see neighbourLists.test.ts) → fallback with 0 used
    expect(predictKnn(fit({ similarity: 'pearson' }), 2, 0)).toEqual({ value: 23 / 7, used: 0, fallback: true });
  });

  it('a user with no training ratings gets μ in every variant but baseline (b_ui = μ + 0 + b_i)', () => {
    const m = matrix([0, 0, 1, 1, 1, 2, 2], [0, 1, 0, 1, 2, 1, 2], [5, 3, 4, 3, 2, 1, 5], 4, 3);
    for (const variant of ['basic', 'means'] as const) {
      const model = fitKnnModel(m.byUser, m.byItem, { kind: 'user', variant, similarity: 'msd', k: 40, minK: 1 });
      expect(predictKnn(model, 3, 1)).toEqual({ value: 23 / 7, used: 0, fallback: true });
    }
    const b = fitKnnModel(m.byUser, m.byItem, { kind: 'item', variant: 'baseline', similarity: 'msd', k: 40, minK: 1 });
    expect(b.userBias[3]).toBe(0);
    expect(predictKnn(b, 3, 1).value).toBe(23 / 7 + 0 + (b.itemBias[1] as number));
  });

  it('rejects pairs out of range', () => {
    expect(() => predictKnn(fit({}), 3, 0)).toThrow(RangeError);
    expect(() => predictKnn(fit({}), 0, -1)).toThrow(RangeError);
  });
});

const variants: KnnVariant[] = ['basic', 'means', 'baseline'];
const rnd = randomMatrix(5, 30, 40, 0.3);

describe('scoreAllItemsKnn = predictKnn for every item', () => {
  for (const kind of ['user', 'item'] as const) {
    for (const variant of variants) {
      for (const [similarity, listLength, minK] of [
        ['msd', undefined, 1],
        ['pearson', 6, 2],
        ['pearsonBaseline', undefined, 3],
      ] as const) {
        it(`${kind}-based ${variant}, ${similarity}, L ${listLength ?? 'full'}, minK ${minK}`, () => {
          const model = fitKnnModel(rnd.byUser, rnd.byItem, {
            kind,
            variant,
            similarity,
            k: 5,
            minK,
            ...(listLength === undefined ? {} : { listLength }),
          });
          const out = new Float32Array(model.nItems);
          let fallbacks = 0;
          for (let u = 0; u < model.nUsers; u++) {
            const all = scoreAllItemsKnn(model, u, out);
            expect(all).toBe(out);
            for (let i = 0; i < model.nItems; i++) {
              const p = predictKnn(model, u, i);
              if (p.fallback) fallbacks++;
              expect(all[i]).toBe(Math.fround(p.value));
            }
          }
          // the matrix exercises both the neighbourhood estimate and the fallback
          expect(fallbacks).toBeGreaterThan(0);
          expect(fallbacks).toBeLessThan(model.nUsers * model.nItems);
        });
      }
    }
  }

  it('item-based without stored reverse lists gives the same scores', () => {
    const model = fitKnnModel(rnd.byUser, rnd.byItem, { kind: 'item', variant: 'means', similarity: 'cosine', k: 7, minK: 1, listLength: 10 });
    const stripped = { ...model, reverse: null };
    expect(Array.from(scoreAllItemsKnn(stripped, 3))).toEqual(Array.from(scoreAllItemsKnn(model, 3)));
  });
});

describe('knnNeighboursUsed feeds the traced formulas to the same value', () => {
  for (const kind of ['user', 'item'] as const) {
    for (const variant of variants) {
      it(`${kind}-based ${variant}`, () => {
        const model = fitKnnModel(rnd.byUser, rnd.byItem, { kind, variant, similarity: 'msd', k: 6, minK: 1, shrinkage: 2 });
        let traced = 0;
        for (let u = 0; u < model.nUsers; u += 3) {
          for (let i = 0; i < model.nItems; i += 2) {
            const used = knnNeighboursUsed(model, u, i);
            expect(used.prediction).toEqual(predictKnn(model, u, i));
            expect(used.neighbours.length).toBe(used.prediction.used);
            if (used.prediction.fallback) continue;
            const nbs = used.neighbours;
            nbs.forEach((nb) => {
              // the rating is the neighbour's (user-based r_vi, item-based r_uj)
              expect(nb.rating).toBe(kind === 'user' ? entryAt(model.byUser, nb.index, i) : entryAt(model.byUser, u, nb.index));
              expect(nb.similarity).toBeCloseTo((nb.rawSimilarity * nb.support) / (nb.support + 2), 6);
            });
            const k = nbs.length;
            const t =
              variant === 'basic'
                ? (kind === 'user' ? userBasedPrediction : itemBasedPrediction)(nbs, k)
                : variant === 'means'
                  ? meanCentredPrediction({ mean: used.targetMean, neighbours: nbs, k, kind })
                  : baselineCentredPrediction({ baseline: used.targetBaseline, neighbours: nbs, k, kind });
            expect(t.value).toBe(used.prediction.value);
            traced++;
          }
        }
        expect(traced).toBeGreaterThan(50);
      });
    }
  }
});

describe('fitKnnModel', () => {
  it('adjusted cosine = cosine of ratings minus the user mean (item-based)', () => {
    const model = fitKnnModel(rnd.byUser, rnd.byItem, { kind: 'item', variant: 'basic', similarity: 'adjustedCosine', k: 40, minK: 1 });
    const l = model.lists;
    const um = (u: number) => {
      let s = 0;
      const from = rnd.byUser.indptr[u] as number;
      const to = rnd.byUser.indptr[u + 1] as number;
      for (let p = from; p < to; p++) s += rnd.byUser.values[p] as number;
      return s / (to - from);
    };
    let checked = 0;
    for (const i of [0, 7, 19]) {
      for (let p = l.indptr[i] as number; p < (l.indptr[i + 1] as number); p++) {
        const j = l.neighbours[p] as number;
        const x: number[] = [];
        const y: number[] = [];
        for (let u = 0; u < model.nUsers; u++) {
          const a = entryAt(rnd.byUser, u, i);
          const b = entryAt(rnd.byUser, u, j);
          if (!Number.isNaN(a) && !Number.isNaN(b)) {
            x.push(a - um(u));
            y.push(b - um(u));
          }
        }
        expect(l.similarity[p]).toBeCloseTo(cosineSimilarity(x, y).value, 5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('pearson baseline = cosine of r − b_ui, shrunk by n/(n + 100)', () => {
    const model = fitKnnModel(rnd.byUser, rnd.byItem, { kind: 'user', variant: 'baseline', similarity: 'pearsonBaseline', k: 40, minK: 1 });
    const l = model.lists;
    const u = 4;
    expect((l.indptr[u + 1] as number) - (l.indptr[u] as number)).toBeGreaterThan(3);
    for (let p = l.indptr[u] as number; p < (l.indptr[u + 1] as number); p++) {
      const v = l.neighbours[p] as number;
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < model.nItems; i++) {
        const a = entryAt(rnd.byUser, u, i);
        const b = entryAt(rnd.byUser, v, i);
        if (!Number.isNaN(a) && !Number.isNaN(b)) {
          x.push(a - knnBaseline(model, u, i));
          y.push(b - knnBaseline(model, v, i));
        }
      }
      const cos = cosineSimilarity(x, y).value;
      expect(l.rawSimilarity[p]).toBeCloseTo(cos, 5);
      expect(l.similarity[p]).toBeCloseTo((cos * x.length) / (x.length + 100), 5);
      expect(l.support[p]).toBe(x.length);
    }
  });

  it('is plain data: a structured clone predicts the same', () => {
    const model = fitKnnModel(rnd.byUser, rnd.byItem, { kind: 'item', variant: 'baseline', similarity: 'msd', k: 10, minK: 1 });
    const copy = structuredClone(model);
    expect(predictKnn(copy, 2, 3)).toEqual(predictKnn(model, 2, 3));
    expect(Array.from(scoreAllItemsKnn(copy, 5))).toEqual(Array.from(scoreAllItemsKnn(model, 5)));
  });

  it('reverse lists invert the lists', () => {
    const model = fitKnnModel(rnd.byUser, rnd.byItem, { kind: 'item', variant: 'basic', similarity: 'msd', k: 10, minK: 1, listLength: 4 });
    const rev = reverseLists(model.lists);
    const l = model.lists;
    let n = 0;
    for (let j = 0; j < l.nRows; j++) {
      for (let t = rev.indptr[j] as number; t < (rev.indptr[j + 1] as number); t++) {
        const i = rev.rows[t] as number;
        expect(l.neighbours[(l.indptr[i] as number) + (rev.rank[t] as number)]).toBe(j);
        expect(rev.similarity[t]).toBe(l.similarity[(l.indptr[i] as number) + (rev.rank[t] as number)]);
        n++;
      }
    }
    expect(n).toBe(l.neighbours.length);
  });
});
