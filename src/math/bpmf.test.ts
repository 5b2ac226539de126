import { describe, expect, it } from 'vitest';
import { createBpmfSampler } from './bpmf';
import { rowConditional, sampleHyperparameters } from './bpmfConditionals';
import { foldInBpmfUser } from './bpmfFoldIn';
import { createPredictionAverage } from './bpmfPredictionAverage';
import type { BpmfOptions, BpmfPosterior, BpmfSampler } from './bpmf';
import { cholesky, choleskySolve } from './gaussian';
import { createRng, randomNormal } from './random';
import { csrFromColumns } from './sparse';

const f64 = (...xs: number[]) => Float64Array.from(xs);

/**
 * The hand-worked row: one user (k = 1, d = 2) who rated two items, (b_i, p_i) = (0.5, 1) → 4 and
 * (−0.5, 2) → 3, with μ = 3, α = 2 and the prior N(0, I). Features g = (1, p_i), targets
 * t = r − μ − b_i: g₁ = (1, 1), t₁ = 0.5; g₂ = (1, 2), t₂ = 0.5. Σggᵀ = [[2, 3], [3, 5]], Σgt = (1, 1.5):
 * precision = I + 2·Σggᵀ = [[5, 6], [6, 11]], h = 0 + 2·Σgt = (2, 3); det = 55 − 36 = 19, so the
 * conditional mean is [[11, −6], [−6, 5]]·(2, 3)/19 = (4/19, 3/19).
 */
const HAND = {
  byUser: csrFromColumns(Int32Array.of(0, 0), Int32Array.of(0, 1), Float32Array.of(4, 3), 1, 2),
  items: f64(0.5, 1, -0.5, 2),
  mu: 3,
  alpha: 2,
  precision: [5, 6, 6, 11],
  h: [2, 3],
  mean: [4 / 19, 3 / 19],
};

describe('rowConditional', () => {
  it('builds the hand-worked precision and h', () => {
    const P = new Float64Array(4);
    const h = new Float64Array(2);
    rowConditional(HAND.byUser, 0, HAND.items, 2, HAND.mu, HAND.alpha, f64(1, 0, 0, 1), f64(0, 0), P, h);
    // lower triangle only: P[1] (upper) stays 0
    expect(Array.from(P)).toEqual([5, 0, 6, 11]);
    expect(Array.from(h)).toEqual(HAND.h);
    const mean = choleskySolve(cholesky(f64(...HAND.precision), 2), 2, h);
    expect(mean[0]).toBeCloseTo(HAND.mean[0]!, 12);
    expect(mean[1]).toBeCloseTo(HAND.mean[1]!, 12);
  });

  it('sums five ratings the same (four at a time, then the remainder)', () => {
    // items (b, p) = (0, 1), (0, 2), (0, −1), (1, 0), (0, 1), all rated μ + 1 = 4: t = 1, 1, 1, 0, 1.
    // Σggᵀ = [[5, 3], [3, 7]] (3 = 1 + 2 − 1 + 0 + 1, 7 = 1 + 4 + 1 + 0 + 1), Σgt = (4, 3); α = 1, prior I
    const byUser = csrFromColumns(new Int32Array(5), Int32Array.of(0, 1, 2, 3, 4), new Float32Array(5).fill(4), 1, 5);
    const P = new Float64Array(4);
    const h = new Float64Array(2);
    rowConditional(byUser, 0, f64(0, 1, 0, 2, 0, -1, 1, 0, 0, 1), 2, 3, 1, f64(1, 0, 0, 1), f64(0, 0), P, h);
    expect(Array.from(P)).toEqual([6, 0, 3, 8]);
    expect(Array.from(h)).toEqual([4, 3]);
  });

  it('adds the prior: h = Λμ + αΣgt with Λ = 2I, μ = (1, 0)', () => {
    const P = new Float64Array(4);
    const h = new Float64Array(2);
    rowConditional(HAND.byUser, 0, HAND.items, 2, HAND.mu, HAND.alpha, f64(2, 0, 0, 2), f64(2, 0), P, h);
    expect(Array.from(P)).toEqual([6, 0, 6, 12]);
    expect(Array.from(h)).toEqual([4, 3]);
  });
});

describe('foldInBpmfUser', () => {
  const post = (over: Partial<BpmfPosterior> = {}): BpmfPosterior => ({
    nUsers: 1,
    nItems: 2,
    factors: 1,
    mu: HAND.mu,
    userBias: Float32Array.of(0),
    itemBias: Float32Array.of(0.5, -0.5),
    userFactors: Float32Array.of(0),
    itemFactors: Float32Array.of(1, 2),
    userPriorMean: f64(0, 0),
    userPriorPrecision: f64(1, 0, 0, 1),
    alpha: HAND.alpha,
    samples: 1,
    ...over,
  });

  it('is the conditional posterior mean of the hand-worked row', () => {
    const { bias, vector } = foldInBpmfUser(post(), [
      { item: 0, rating: 4 },
      { item: 1, rating: 3 },
    ]);
    expect(bias).toBeCloseTo(4 / 19, 12);
    expect(vector[0]).toBeCloseTo(3 / 19, 6);
  });

  it('gives the prior mean user without ratings, and names a bad item', () => {
    const { bias, vector } = foldInBpmfUser(post({ userPriorMean: f64(0.25, -0.5) }), []);
    expect(bias).toBe(0.25);
    expect(Array.from(vector)).toEqual([-0.5]);
    expect(() => foldInBpmfUser(post(), [{ item: 2, rating: 3 }])).toThrow(/item index 2 is outside 0…1/);
  });
});

describe('sampleHyperparameters', () => {
  it('recovers the mean and precision of many rows (5000 rows from N((1, −1), diag(0.25, 1)), seed 3)', () => {
    const rng = createRng(3);
    const n = 5000;
    const x = new Float64Array(n * 2);
    for (let r = 0; r < n; r++) {
      x[r * 2] = randomNormal(rng, 1, 0.5);
      x[r * 2 + 1] = randomNormal(rng, -1, 1);
    }
    const mean = new Float64Array(2);
    const precision = new Float64Array(4);
    sampleHyperparameters(rng, x, n, 2, { beta0: 2, nu0: 2, w0: 1 }, mean, precision);
    // μ: the sample mean (sd √(σ²/n) ≤ 0.014) plus the posterior draw (sd ≈ the same): 4·√2·0.014 ≈ 0.08
    expect(Math.abs(mean[0]! - 1)).toBeLessThan(0.08);
    expect(Math.abs(mean[1]! + 1)).toBeLessThan(0.08);
    // Λ ≈ C⁻¹ = diag(4, 1): the sample covariance and the Wishart draw each have relative sd ≈ √(2/n) = 0.02: 10% is > 3 sd
    expect(Math.abs(precision[0]! / 4 - 1)).toBeLessThan(0.1);
    expect(Math.abs(precision[3]! - 1)).toBeLessThan(0.1);
    // off-diagonal: true 0; the draw's sd ≈ √(Λ₀₀Λ₁₁/n) ≈ 0.028 (plus the sample's, similar): 4·√2·0.028 ≈ 0.16
    expect(Math.abs(precision[1]!)).toBeLessThan(0.16);
    expect(precision[1]).toBe(precision[2]);
  });
});

/** Ratings from a true rank-2 model with biases and N(0, 0.5²) noise; ~60% of a 60 × 50 grid, split 80/20. */
function synthetic(seed = 5) {
  const rng = createRng(seed);
  const nUsers = 60;
  const nItems = 50;
  const k = 2;
  const q = Array.from({ length: nUsers * k }, () => randomNormal(rng, 0, 0.7));
  const p = Array.from({ length: nItems * k }, () => randomNormal(rng, 0, 0.7));
  const bu = Array.from({ length: nUsers }, () => randomNormal(rng, 0, 0.4));
  const bi = Array.from({ length: nItems }, () => randomNormal(rng, 0, 0.4));
  const train = { users: [] as number[], items: [] as number[], ratings: [] as number[] };
  const test = { users: [] as number[], items: [] as number[], ratings: [] as number[], truth: [] as number[] };
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems; i++) {
      if (rng.next() > 0.6) continue;
      const truth = 3.5 + bu[u]! + bi[i]! + q[u * k]! * p[i * k]! + q[u * k + 1]! * p[i * k + 1]!;
      const r = truth + randomNormal(rng, 0, 0.5);
      const into = rng.next() < 0.8 ? train : test;
      into.users.push(u);
      into.items.push(i);
      into.ratings.push(r);
      if (into === test) test.truth.push(truth);
    }
  }
  const users = Int32Array.from(train.users);
  const items = Int32Array.from(train.items);
  const ratings = Float32Array.from(train.ratings);
  const mu = train.ratings.reduce((s, r) => s + r, 0) / train.ratings.length;
  return {
    byUser: csrFromColumns(users, items, ratings, nUsers, nItems),
    byItem: csrFromColumns(items, users, ratings, nItems, nUsers),
    mu,
    nTrain: train.ratings.length,
    test: { users: Int32Array.from(test.users), items: Int32Array.from(test.items), ratings: test.ratings, truth: test.truth },
  };
}

const OPTIONS: BpmfOptions = { factors: 2, alpha: 2, learnAlpha: false, beta0: 2, w0: 1, nu0: 3, initStd: 0.1, seed: 1 };

function run(sampler: BpmfSampler, sweeps: number, burnIn: number, after?: (s: BpmfSampler) => void) {
  for (let s = 1; s <= sweeps; s++) {
    for (const _ of sampler.sweep()) {
      // run the sweep to its end
    }
    if (s > burnIn) {
      sampler.keep();
      after?.(sampler);
    }
  }
}

const rmse = (pred: (j: number) => number, target: readonly number[]) => Math.sqrt(target.reduce((s, t, j) => s + (pred(j) - t) ** 2, 0) / target.length);

describe('createBpmfSampler', () => {
  it('predicts μ + b_u + b_i + q_u·p_i from the current rows', () => {
    const data = synthetic();
    const s = createBpmfSampler(data.byUser, data.byItem, 3, OPTIONS);
    s.users.set([0.5, 1, 2], 4 * 3); // user 4: b = 0.5, q = (1, 2)
    s.items.set([-0.25, 3, -1], 7 * 3); // item 7: b = −0.25, p = (3, −1)
    // 3 + 0.5 − 0.25 + (1·3 + 2·(−1)) = 4.25
    expect(s.predict(4, 7)).toBeCloseTo(4.25, 12);
  });

  it('learns a low-rank model: the averaged prediction nears the noise floor and α nears 1/σ² = 4', () => {
    const data = synthetic();
    const sampler = createBpmfSampler(data.byUser, data.byItem, data.mu, { ...OPTIONS, learnAlpha: true });
    const average = createPredictionAverage(data.test.users, data.test.items);
    const mseBefore = sampler.trainSquaredError() / data.nTrain;
    run(sampler, 60, 20, (s) => average.add(s));
    expect(sampler.kept).toBe(40);
    expect(average.count).toBe(40);
    const post = sampler.posterior();
    expect(post.samples).toBe(40);
    // the training error drops from ~the ratings' variance (measured 1.09) to about σ² = 0.25 (measured 0.245)
    expect(mseBefore).toBeGreaterThan(0.9);
    expect(sampler.trainSquaredError() / data.nTrain).toBeLessThan(0.3);
    // held-out: the noise alone gives RMSE ≈ 0.5 against the noisy ratings, μ alone ≈ 1.1 (measured 0.578; 0.266 against the truth)
    const mean = average.mean();
    const vsRatings = rmse((j) => mean[j]!, data.test.ratings);
    expect(vsRatings).toBeLessThan(0.62);
    expect(rmse((j) => mean[j]!, data.test.truth)).toBeLessThan(0.35);
    // with 1467 ratings α's posterior is narrow (sd ≈ 4·√(2/1467) ≈ 0.15), but the sampled factors absorb some noise, biasing α up (measured 4.13)
    expect(post.alpha).toBeGreaterThan(3.2);
    expect(post.alpha).toBeLessThan(5.5);
  });

  it('is deterministic, and returns the current sample when nothing was kept', () => {
    const data = synthetic();
    const a = createBpmfSampler(data.byUser, data.byItem, data.mu, OPTIONS);
    const b = createBpmfSampler(data.byUser, data.byItem, data.mu, OPTIONS);
    run(a, 5, 2);
    run(b, 5, 2);
    expect(Array.from(a.posterior().itemFactors)).toEqual(Array.from(b.posterior().itemFactors));
    const c = createBpmfSampler(data.byUser, data.byItem, data.mu, OPTIONS);
    run(c, 3, 3);
    const post = c.posterior();
    expect(post.samples).toBe(0);
    expect(post.userBias[3]).toBe(Math.fround(c.users[3 * 3]!));
    expect(post.itemFactors[2 * 2 + 1]).toBe(Math.fround(c.items[2 * 3 + 2]!));
  });

  it('averages kept samples: the posterior mean of two kept sweeps is their midpoint', () => {
    const data = synthetic();
    const s = createBpmfSampler(data.byUser, data.byItem, data.mu, OPTIONS);
    run(s, 1, 0);
    const first = s.items[5 * 3 + 1]!;
    run(s, 1, 0);
    const second = s.items[5 * 3 + 1]!;
    expect(s.posterior().itemFactors[5 * 2]).toBe(Math.fround((first + second) / 2));
  });

  it('pauses after every 64 rows of the sweep (users, then items) with the fraction done', () => {
    const data = synthetic();
    const s = createBpmfSampler(data.byUser, data.byItem, data.mu, OPTIONS);
    // 60 users + 50 items = 110 rows: one pause, after the 4th item (row 64)
    expect(Array.from(s.sweep())).toEqual([64 / 110]);
  });

  it('names bad options', () => {
    const data = synthetic();
    expect(() => createBpmfSampler(data.byUser, data.byItem, 3, { ...OPTIONS, nu0: 1 })).toThrow(/ν₀ must exceed d − 1 = 2/);
    expect(() => createBpmfSampler(data.byUser, data.byItem, 3, { ...OPTIONS, alpha: 0 })).toThrow(/α must be positive/);
    expect(() => createBpmfSampler(data.byUser, data.byUser, 3, OPTIONS)).toThrow(/byUser is 60×50 but byItem is 60×50/);
  });
});

describe('createPredictionAverage', () => {
  it('averages the predictions of the samples added: (2 + 4)/2 = 3 and (1 + 0)/2 = 0.5', () => {
    const avg = createPredictionAverage(Int32Array.of(0, 1), Int32Array.of(0, 0));
    expect(Array.from(avg.mean()).every(Number.isNaN)).toBe(true);
    const fake = (values: number[]) => ({ predict: (u: number) => values[u]! }) as unknown as BpmfSampler;
    avg.add(fake([2, 1]));
    avg.add(fake([4, 0]));
    expect(avg.count).toBe(2);
    expect(Array.from(avg.mean())).toEqual([3, 0.5]);
  });
});
