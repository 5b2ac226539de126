import { describe, expect, it } from 'vitest';
import { createRng, randomInt, randomNormal } from '../random';
import { csrFromColumns } from '../sparse';
import type { SparseRows } from './features';
import { contentTerms, fitProfiles, profileDot, profileOf, profileScores, ridgeProfile } from './ridge';

/** Feature rows from dense rows (zeros not stored). */
function rowsOf(dense: number[][]): SparseRows {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of dense) {
    row.forEach((v, c) => {
      if (v !== 0) {
        indices.push(c);
        values.push(v);
      }
    });
    indptr.push(indices.length);
  }
  return { nRows: dense.length, nCols: dense[0]?.length ?? 0, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/**
 * Two features, three ratings, worked by hand. Items f_0 = (1, 0), f_1 = (0, 1), f_2 = (1, 1),
 * rated 5, 3, 4: mean 4, centred targets y = (1, −1, 0); λ = 1.
 * Primal: FᵀF + λI = [[1+1+1, 1], [1, 1+1+1]] = [[3, 1], [1, 3]], Fᵀy = (1 + 0, −1 + 0) = (1, −1);
 *   the inverse is [[3, −1], [−1, 3]] / 8, so w = (3 + 1, −1 − 3) / 8 = (0.5, −0.5).
 * Dual: FFᵀ + λI = [[2, 0, 1], [0, 2, 1], [1, 1, 3]]; α = (0.5, −0.5, 0) solves it
 *   (2·0.5 + 0 = 1, 2·(−0.5) + 0 = −1, 0.5 − 0.5 + 0 = 0), and w = Fᵀα = (0.5 + 0, −0.5 + 0) = (0.5, −0.5).
 * Predictions r̄ + w·f: 4.5, 3.5, 4.
 */
describe('ridgeProfile', () => {
  const F = rowsOf([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const y = [1, -1, 0];

  it('solves the hand-worked 2-feature, 3-rating case in the primal and in the dual', () => {
    for (const solver of ['primal', 'dual'] as const) {
      const w = ridgeProfile(F, [0, 1, 2], y, 1, { solver });
      expect(w.solver).toBe(solver);
      expect(Array.from(w.indices)).toEqual([0, 1]);
      expect(w.values[0]).toBeCloseTo(0.5, 12);
      expect(w.values[1]).toBeCloseTo(-0.5, 12);
      expect([0, 1, 2].map((i) => 4 + profileDot(F, i, w))).toEqual([4.5, 3.5, 4].map((v) => expect.closeTo(v, 12)));
    }
    // auto: n = 3 ratings > |A| = 2 active features → the primal
    expect(ridgeProfile(F, [0, 1, 2], y, 1).solver).toBe('primal');
    expect(ridgeProfile(F, [0, 2], [1, 0], 1).solver).toBe('dual');
  });

  it('gives no weight to features the user’s items lack, and skips featureless items', () => {
    const G = rowsOf([
      [1, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 2, 0],
    ]);
    // one item with f = (1, 0, 0, 0), y = 2: w_0 = 1·2 / (1 + λ) = 1 with λ = 1
    const w = ridgeProfile(G, [0, 1], [2, 5], 1);
    expect(Array.from(w.indices)).toEqual([0]);
    expect(w.values[0]).toBeCloseTo(1, 12);
    expect(ridgeProfile(G, [1], [3], 1)).toMatchObject({ solver: 'none' });
    expect(ridgeProfile(G, [], [], 1).indices.length).toBe(0);
  });

  it('primal and dual agree and satisfy the normal equations (FᵀF + λI)w = Fᵀy', () => {
    const rng = createRng(5);
    const nItems = 40;
    const d = 12;
    const dense = Array.from({ length: nItems }, () => Array.from({ length: d }, () => (rng.next() < 0.25 ? randomNormal(rng) : 0)));
    const G = rowsOf(dense);
    for (const n of [3, 8, 30]) {
      const items = Array.from({ length: n }, (_, j) => (j * 7) % nItems);
      const ys = items.map(() => randomNormal(rng));
      const lambda = 0.7;
      const p = ridgeProfile(G, items, ys, lambda, { solver: 'primal' });
      const q = ridgeProfile(G, items, ys, lambda, { solver: 'dual' });
      expect(Array.from(q.indices)).toEqual(Array.from(p.indices));
      p.values.forEach((v, k) => expect(q.values[k]).toBeCloseTo(v, 10));
      const w = new Array<number>(d).fill(0);
      p.indices.forEach((c, k) => (w[c] = p.values[k] as number));
      for (let c = 0; c < d; c++) {
        let lhs = lambda * (w[c] as number);
        let rhs = 0;
        items.forEach((i, j) => {
          const row = dense[i] as number[];
          const fw = row.reduce((s, v, cc) => s + v * (w[cc] as number), 0);
          lhs += (row[c] as number) * fw;
          rhs += (row[c] as number) * (ys[j] as number);
        });
        expect(lhs).toBeCloseTo(rhs, 9);
      }
    }
  });

  it('rejects λ ≤ 0, mismatched lengths and unknown items', () => {
    expect(() => ridgeProfile(F, [0], [1], 0)).toThrow(/λ must be/);
    expect(() => ridgeProfile(F, [0, 1], [1], 1)).toThrow(/2 items but 1 targets/);
    expect(() => ridgeProfile(F, [3], [1], 1)).toThrow(/item index 3/);
  });
});

describe('scoring with a profile', () => {
  it('profileScores, profileDot and contentTerms agree', () => {
    const G = rowsOf([
      [1, 0, 0.5],
      [0, 2, 0],
      [0, 0, 0],
      [3, 1, 1],
    ]);
    const w = { indices: Int32Array.from([0, 2]), values: Float64Array.from([0.25, -1]) };
    const s = profileScores(G, w);
    expect(Array.from(s)).toEqual([0.25 - 0.5, 0, 0, 0.75 - 1]);
    for (let i = 0; i < 4; i++) {
      expect(profileDot(G, i, w)).toBe(s[i]);
      const terms = contentTerms(G, i, w);
      expect(terms.reduce((a, t) => a + t.value * t.weight, 0)).toBeCloseTo(s[i] as number, 12);
    }
    expect(contentTerms(G, 3, w)).toEqual([
      { feature: 0, value: 3, weight: 0.25 },
      { feature: 1, value: 1, weight: 0 },
      { feature: 2, value: 1, weight: -1 },
    ]);
  });
});

describe('fitProfiles', () => {
  it('fits every user on their targets, yielding after each', () => {
    const F = rowsOf([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    // user 0 is the hand-worked case; user 1 has no ratings
    const byUser = csrFromColumns(Int32Array.from([0, 0, 0]), Int32Array.from([0, 1, 2]), Float32Array.from([5, 3, 4]), 2, 3);
    const run = fitProfiles(F, byUser, 1, (_u, _i, r) => r - 4);
    const done: number[] = [];
    let step = run.next();
    while (!step.done) {
      done.push(step.value);
      step = run.next();
    }
    expect(done).toEqual([1, 2]);
    const { profiles, solved } = step.value;
    expect(solved).toEqual({ primal: 1, dual: 0, none: 1 });
    const w0 = profileOf(profiles, 0);
    expect(Array.from(w0.values)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(-0.5, 12)]);
    expect(profileOf(profiles, 1).indices.length).toBe(0);
  });

  it('is the same as ridgeProfile user by user on random data', () => {
    const rng = createRng(11);
    const nItems = 30;
    const F = rowsOf(Array.from({ length: nItems }, () => Array.from({ length: 6 }, () => (rng.next() < 0.4 ? 1 : 0))));
    const n = 120;
    const users = Int32Array.from({ length: n }, () => randomInt(rng, 8));
    const items = Int32Array.from({ length: n }, (_, t) => (t * 13) % nItems);
    const ratings = Float32Array.from({ length: n }, () => 1 + randomInt(rng, 5));
    const byUser = csrFromColumns(users, items, ratings, 8, nItems);
    const run = fitProfiles(F, byUser, 2, (_u, _i, r) => r - 3);
    let step = run.next();
    while (!step.done) step = run.next();
    for (let u = 0; u < 8; u++) {
      const from = byUser.indptr[u] as number;
      const to = byUser.indptr[u + 1] as number;
      const own = ridgeProfile(F, byUser.indices.subarray(from, to), Array.from(byUser.values.subarray(from, to), (r) => r - 3), 2);
      expect(Array.from(profileOf(step.value.profiles, u).values)).toEqual(Array.from(own.values));
    }
  });
});
