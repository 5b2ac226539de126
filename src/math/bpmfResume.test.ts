/** The BPMF Gibbs chain saved after a sweep (chainState, rngState) and continued in a new sampler. */
import { describe, expect, it } from 'vitest';
import { createBpmfSampler } from './bpmf';
import { createPredictionAverage } from './bpmfPredictionAverage';
import type { BpmfOptions, BpmfSampler } from './bpmf';
import { createRng, randomInt } from './random';
import { csrFromColumns } from './sparse';

const nUsers = 12;
const nItems = 9;
const rng = createRng(21);
const users = Int32Array.from({ length: 60 }, () => randomInt(rng, nUsers));
const items = Int32Array.from({ length: 60 }, () => randomInt(rng, nItems));
const ratings = Float32Array.from({ length: 60 }, () => 1 + randomInt(rng, 5));
const byUser = csrFromColumns(users, items, ratings, nUsers, nItems);
const byItem = csrFromColumns(items, users, ratings, nItems, nUsers);
const options: BpmfOptions = { factors: 2, alpha: 2, learnAlpha: true, beta0: 2, w0: 1, nu0: 3, initStd: 0.1, seed: 8 };
const sample = () => createBpmfSampler(byUser, byItem, 3, options);
const sweepAll = (s: BpmfSampler) => {
  for (const _ of s.sweep());
};

describe('a BPMF chain saved after a sweep', () => {
  it('continues in a new sampler exactly as in the one that saved it', () => {
    const a = sample();
    const avgA = createPredictionAverage(users, items);
    for (let t = 0; t < 3; t++) {
      sweepAll(a);
      if (t >= 1) {
        a.keep();
        avgA.add(a);
      }
    }
    const saved = { chain: a.chainState(), rng: a.rngState() };
    const b = createBpmfSampler(byUser, byItem, 3, options, saved);
    const avgB = createPredictionAverage(users, items, avgA.state());
    expect(b.kept).toBe(2);
    expect(b.alpha).toBe(a.alpha);
    for (const [s, avg] of [[a, avgA], [b, avgB]] as const) {
      sweepAll(s);
      s.keep();
      avg.add(s);
    }
    expect(Array.from(b.users)).toEqual(Array.from(a.users));
    expect(Array.from(b.items)).toEqual(Array.from(a.items));
    expect(b.posterior()).toEqual(a.posterior());
    expect(Array.from(avgB.mean())).toEqual(Array.from(avgA.mean()));
    // the saved state is a copy: the sweeps after it did not change it
    expect(Array.from(saved.chain.users)).not.toEqual(Array.from(a.users));
    expect(saved.chain.kept).toBe(2);
  });

  it('is refused by a sampler of another shape', () => {
    const a = sample();
    sweepAll(a);
    const other = { ...options, factors: 3, nu0: 4 };
    expect(() => createBpmfSampler(byUser, byItem, 3, other, { chain: a.chainState(), rng: a.rngState() })).toThrow("BPMF: the saved chain's users has 36 entries, this run's 48 (12 users × 9 items, d 4)");
    expect(() => createPredictionAverage(users.subarray(1), items.subarray(1), createPredictionAverage(users, items).state())).toThrow('BPMF: the saved prediction average has 60 pairs, this run 59');
  });
});
