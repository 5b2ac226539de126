import { describe, expect, it } from 'vitest';
import { catalogueCoverage, headItems, headShare } from './metrics';
import { arrivals, checkSimulationSettings, DEFAULT_SIMULATION_SETTINGS, runSimulation } from './runner';
import { factorWorld } from './synthetic';
import { meanWindowCoverage } from './policyRun';
import type { PolicyPoint, PolicyRun, SimulationPoint, SimulationSettings } from './types';

const small = factorWorld(5, 40, 60, 3);
const settings: SimulationSettings = { ...DEFAULT_SIMULATION_SETTINGS, steps: 400, slateSize: 5, recordEvery: 50, refitEvery: 20, priorPrecision: 2, seed: 7 };
const ALL: PolicyRun[] = [{ id: 'greedy' }, { id: 'epsilon-greedy', knobs: { epsilon: 0.2 } }, { id: 'linucb', knobs: { alpha: 0.5 } }, { id: 'thompson', knobs: { variance: 0.05, perSlot: 0 } }, { id: 'random' }];
/** Results without their wall times (which differ from run to run). */
const timeless = (out: Awaited<ReturnType<typeof runSimulation>>) => ({ ...out, results: out.results.map(({ ms: _ms, ...r }) => r) });
const run = (policies: PolicyRun[], s: SimulationSettings = settings, onPoints?: (b: PolicyPoint[]) => void) =>
  runSimulation(small.world, small.features, small.popularity, policies, s, { onPoints });

describe('runSimulation', () => {
  it('gives identical results for the same seed, and other results for another', async () => {
    const a = await run(ALL);
    const b = await run(ALL);
    expect(timeless(b)).toEqual(timeless(a));
    const c = await run(ALL, { ...settings, seed: 8 });
    expect(c.results.map((r) => r.regret)).not.toEqual(a.results.map((r) => r.regret));
    expect(a.stepsRun).toBe(400);
    expect(a.partial).toBe(false);
  });

  it('runs a policy the same alone as beside others (its own stream; the same users and coins)', async () => {
    const together = await run(ALL);
    const alone = await run([{ id: 'thompson', knobs: { variance: 0.05, perSlot: 0 } }]);
    expect(timeless(alone).results[0]).toEqual(timeless(together).results[3]);
  });

  it('serves the same arriving user to every policy at every step', async () => {
    const users = arrivals(40, 400, 7);
    const seen: number[][] = [];
    await run(ALL, { ...settings, recordEvery: 1 }, (batch) => seen.push(batch.map((p) => p.slate!.user)));
    expect(seen).toHaveLength(400);
    seen.forEach((row, t) => expect(row).toEqual(Array(ALL.length).fill(users[t])));
  });

  it('records curves that agree with the metrics recomputed from the slates it explains', async () => {
    const slates: number[][][] = ALL.map(() => []);
    const batches: PolicyPoint[][] = [];
    const out = await run(ALL, { ...settings, recordEvery: 1 }, (batch) => {
      batches.push(batch);
      for (const p of batch) slates[p.index]!.push(p.slate!.slots.map((s) => s.item));
    });
    const head = headItems(small.popularity, 0.1);
    out.results.forEach((r, p) => {
      expect(r.points).toHaveLength(400);
      expect(r.coverage).toBeCloseTo(catalogueCoverage(slates[p]!, 60), 12);
      expect(r.headShare).toBeCloseTo(headShare(slates[p]!, head), 12);
      // each window is one step: the point's head share is that slate's
      batches.slice(0, 20).forEach((batch) => expect(batch[p]!.point.headShare).toBeCloseTo(headShare([batch[p]!.slate!.slots.map((s) => s.item)], head), 12));
      // cumulative clicks = the clicked slots
      expect(r.reward).toBe(batches.reduce((n, b) => n + b[p]!.slate!.slots.filter((s) => s.clicked).length, 0));
      // regret never decreases
      for (let t = 1; t < r.points.length; t++) expect(r.points[t]!.regret).toBeGreaterThanOrEqual(r.points[t - 1]!.regret - 1e-9);
    });
    // step 1: nothing consumed yet, so regret = (the n best p of that user) − Σ p of the slate
    const first = batches[0]![0]!;
    const u = first.slate!.user;
    const row = Array.from(small.world.probs.subarray(u * 60, u * 60 + 60)).sort((x, y) => y - x);
    const best = row.slice(0, 5).reduce((s, p) => s + p, 0);
    const chosen = first.slate!.slots.reduce((s, slot) => s + slot.trueProbability, 0);
    expect(first.point.regret).toBeCloseTo(best - chosen, 5);
  });

  it('explains each policy’s choices in its own terms', async () => {
    const out = await run(ALL);
    const [g, e, l, t, r] = out.results.map((x) => x.lastSlate!.slots);
    expect(g!.every((s) => s.bonus === null && s.sampled === null && !s.exploredAtRandom && s.score === s.estimate)).toBe(true);
    expect(e!.every((s) => s.exploredAtRandom === Number.isNaN(s.score))).toBe(true);
    expect(l!.every((s) => s.bonus !== null && Math.abs(s.score - s.estimate - s.bonus) < 1e-12)).toBe(true);
    expect(t!.every((s) => s.sampled !== null && s.sampled === s.score)).toBe(true);
    expect(r!.every((s) => s.exploredAtRandom)).toBe(true);
    for (const slots of [g, e, l, t, r]) expect(slots!.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('never shows a user an item they clicked or rated in the warm start', async () => {
    // ratings: every user rated items 0–9 (rating 5); half of them are handed over
    const users = Int32Array.from({ length: 400 }, (_, j) => Math.floor(j / 10));
    const items = Int32Array.from({ length: 400 }, (_, j) => j % 10);
    const world = { ...small.world, ratings: { users, items, ratings: new Float32Array(400).fill(5) } };
    const shown = new Map<number, Set<number>>();
    const firstSeen: number[] = [];
    await runSimulation(world, small.features, small.popularity, [{ id: 'greedy' }], { ...settings, warmFraction: 0.5, recordEvery: 1 }, {
      onPoints: ([p]) => {
        const s = p!.slate!;
        const mine = shown.get(s.user) ?? new Set<number>();
        if (!shown.has(s.user)) firstSeen.push(s.slots.length === 0 ? -1 : s.userObservations);
        for (const slot of s.slots) {
          expect(mine.has(slot.item) && slot.clicked).toBe(false);
          if (slot.clicked) mine.add(slot.item);
        }
        shown.set(s.user, mine);
      },
    });
    // each user starts with round(0.5·10) = 5 warm observations
    expect(new Set(firstSeen)).toEqual(new Set([5]));
  });

  it('stops when asked, with the results so far', async () => {
    const big = factorWorld(1, 200, 400, 8);
    let yields = 0;
    const out = await runSimulation(big.world, big.features, big.popularity, [{ id: 'linucb' }], { ...settings, steps: 1_000_000, recordEvery: 1000 }, {
      yieldNow: async () => void yields++,
      shouldStop: () => yields >= 2,
    });
    expect(out.partial).toBe(true);
    expect(out.stepsRun).toBeLessThan(1_000_000);
    expect(out.results[0]!.steps).toBe(out.stepsRun);
    expect(out.results[0]!.points.at(-1)!.step).toBe(out.stepsRun);
  });

  it('names every unusable setting', () => {
    expect(() => checkSimulationSettings({ ...settings, steps: 0, slateSize: 100, warmFraction: 1 }, 60)).toThrow(
      /steps must be a whole number ≥ 1, got 0; slate size 100 exceeds the 60 items; warm fraction must be in \[0, 1\), got 1/,
    );
    return expect(run([])).rejects.toThrow(/at least one policy/);
  });
});

describe('coverage per window', () => {
  const point = (step: number, windowCoverage: number): SimulationPoint => ({ step, reward: 0, regret: 0, coverage: 0, windowCoverage, headShare: 0, popularity: 0, diversity: 0 });

  it('averages the full windows and leaves out a shorter last one', () => {
    // windows of 100 steps: (0.5 + 0.7) / 2 = 0.6; the last window (40 steps) is left out
    expect(meanWindowCoverage([point(100, 0.5), point(200, 0.7), point(240, 0.1)])).toBeCloseTo(0.6, 12);
    // every window full: (0.5 + 0.7 + 0.3) / 3 = 0.5
    expect(meanWindowCoverage([point(100, 0.5), point(200, 0.7), point(300, 0.3)])).toBeCloseTo(0.5, 12);
    // a single (short) window is all there is
    expect(meanWindowCoverage([point(40, 0.25)])).toBe(0.25);
    expect(meanWindowCoverage([])).toBe(0);
  });

  it('counts each item once per window: slates of 5 from 60 items, a point every 50 steps', async () => {
    const out = await run([{ id: 'random' }]);
    const r = out.results[0]!;
    for (const p of r.points) {
      // at most 50 × 5 = 250 showings, at most the 60 items, and at least one full slate
      expect(p.windowCoverage).toBeLessThanOrEqual(1);
      expect(p.windowCoverage).toBeGreaterThanOrEqual(5 / 60);
    }
    // random slates of 5 over 50 steps show nearly every one of 60 items: 1 − (55/60)^50 ≈ 0.987 each
    expect(r.windowCoverage).toBeGreaterThan(0.95);
  });
});
