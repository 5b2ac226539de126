/**
 * Runs several policies side by side on ONE seeded stream: the same user arrives at step t for
 * every policy, the k-th showing of item i to user u is decided by the same coin in every policy,
 * and each policy's own draws come from a stream derived from the seed and its id and knobs. So
 * the same seed gives the same run, and the policies are compared on equal terms.
 * Cooperative: it yields to the event loop every ~25 ms so the worker can report and be stopped.
 */
import { createRng, randomInt } from '../math/random';
import { FEATURE_SCALINGS, scaleFeatures } from './features';
import { headItems, popularityPercentiles, rowNorms } from './metrics';
import { createPolicyState } from './policyRun';
import type { RunShared } from './policyRun';
import { deriveSeed } from './seeds';
import type { ItemFeatures, PolicyPoint, PolicyResult, PolicyRun, SimulationSettings, SlateExplanation, World } from './types';
import { oracleOrder, warmStartRatings } from './world';

/** How long the runner may compute before it yields, ms (as the trainers' YIELD_EVERY_MS). */
export const SIMULATION_YIELD_MS = 25;
/** Share of the most rated items counted as the head. */
export const HEAD_SHARE = 0.1;

/**
 * Defaults: 10 000 users served slates of 10, cold start, the population model refitted every 50
 * steps. λ = 10 is calibrated on the demo world: the click noise variance p(1 − p) ≈ 0.11 over the
 * spread of the users' own least-squares θ_u (≈ 0.1 per coordinate, a prior variance ≈ 0.01);
 * greedy's regret on the demo was lowest near it (λ = 1, 5, 10, 20, 50 were tried; re-measured with
 * every policy: greedy 11 123 at λ 3, 10 786 at 10, 11 427 at 30, and LinUCB and Thompson sampling
 * were best at 10 as well; m = 10 gave greedy 10 825, no better than 50).
 */
export const DEFAULT_SIMULATION_SETTINGS: SimulationSettings = {
  steps: 10_000,
  slateSize: 10,
  seed: 42,
  warmFraction: 0,
  refitEvery: 50,
  recordEvery: 100,
  priorPrecision: 10,
};

/** Throws naming every unusable setting. */
export function checkSimulationSettings(s: SimulationSettings, nItems: number): void {
  const problems: string[] = [];
  const int = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) problems.push(`${name} must be a whole number ≥ ${min}, got ${v}`);
  };
  int('steps', s.steps, 1);
  int('slate size', s.slateSize, 1);
  int('refit every', s.refitEvery, 1);
  int('record every', s.recordEvery, 1);
  if (!Number.isFinite(s.seed)) problems.push(`seed must be a number, got ${s.seed}`);
  if (s.slateSize > nItems) problems.push(`slate size ${s.slateSize} exceeds the ${nItems} items`);
  if (!(s.warmFraction >= 0 && s.warmFraction < 1)) problems.push(`warm fraction must be in [0, 1), got ${s.warmFraction}`);
  if (!(s.priorPrecision > 0)) problems.push(`prior precision λ must be positive, got ${s.priorPrecision}`);
  if (s.featureScaling !== undefined && !FEATURE_SCALINGS.includes(s.featureScaling)) problems.push(`feature scaling must be one of ${FEATURE_SCALINGS.join(', ')}, got ${String(s.featureScaling)}`);
  if (problems.length > 0) throw new Error(`Simulation settings: ${problems.join('; ')}.`);
}

/** The arriving user of every step: uniform, from the run's seed (the same for every policy). */
export function arrivals(nUsers: number, steps: number, seed: number): Int32Array {
  const rng = createRng(deriveSeed(seed, 'arrivals'));
  return Int32Array.from({ length: steps }, () => randomInt(rng, nUsers));
}

export interface SimulationHooks {
  /** Every policy's point at each record step (and at the last step). */
  onPoints?(batch: PolicyPoint[]): void;
  /** Fraction of the steps done, at each yield. */
  onProgress?(fraction: number): void;
  /** Checked at each yield; true stops the run (the results so far are returned). */
  shouldStop?(): boolean;
  /** How to yield to the event loop (default: a zero timeout). */
  yieldNow?(): Promise<void>;
}

export interface SimulationOutcome {
  results: PolicyResult[];
  /** Steps actually run (less than settings.steps when stopped). */
  stepsRun: number;
  partial: boolean;
}

const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs `policies` for `settings.steps` steps on `world`, the policies seeing `features` only;
 * `popularity` is each item's rating count in the dataset (for the head share and percentiles).
 */
export async function runSimulation(
  world: World,
  worldFeatures: ItemFeatures,
  popularity: ArrayLike<number>,
  policies: readonly PolicyRun[],
  settings: SimulationSettings,
  hooks: SimulationHooks = {},
): Promise<SimulationOutcome> {
  checkSimulationSettings(settings, world.nItems);
  const features = scaleFeatures(worldFeatures, settings.featureScaling ?? 'none');
  if (policies.length === 0) throw new Error('Choose at least one policy to simulate.');
  if (features.nItems !== world.nItems || popularity.length !== world.nItems) throw new RangeError('the features and popularity must cover every item of the world');
  const warm = world.ratings && settings.warmFraction > 0 ? warmStartRatings(world.ratings, world.nUsers, settings.warmFraction, deriveSeed(settings.seed, 'warm')) : [];
  const shared: RunShared = {
    world,
    features,
    settings,
    order: oracleOrder(world),
    head: headItems(popularity, HEAD_SHARE),
    percentiles: popularityPercentiles(popularity),
    norms: rowNorms(features.vectors, features.nItems, features.k),
    warm,
    noiseSeed: deriveSeed(settings.seed, 'clicks'),
  };
  const states = policies.map((run) => createPolicyState(shared, run));
  const users = arrivals(world.nUsers, settings.steps, settings.seed);
  const last: (SlateExplanation | null)[] = states.map(() => null);
  const yieldNow = hooks.yieldNow ?? defaultYield;
  /** Records every policy's point after `steps` steps (always: the results keep them) and reports the batch. */
  const report = (steps: number) => {
    const batch = states.map((s, index): PolicyPoint => ({ index, label: s.label, point: s.point(steps), slate: last[index] ?? null }));
    hooks.onPoints?.(batch);
  };
  let lastYield = performance.now();
  let t = 0;
  let partial = false;
  for (; t < settings.steps; t++) {
    const user = users[t] as number;
    const record = (t + 1) % settings.recordEvery === 0 || t + 1 === settings.steps;
    for (let p = 0; p < states.length; p++) {
      const slate = (states[p] as (typeof states)[number]).step(t, user, record);
      if (slate) last[p] = slate;
    }
    if (record) report(t + 1);
    if ((t & 7) === 7 && performance.now() - lastYield >= SIMULATION_YIELD_MS) {
      hooks.onProgress?.((t + 1) / settings.steps);
      await yieldNow();
      lastYield = performance.now();
      if (hooks.shouldStop?.() === true) {
        t++;
        partial = t < settings.steps;
        break;
      }
    }
  }
  // a stopped run still ends its curves at the step it reached
  if (partial && t % settings.recordEvery !== 0) report(t);
  hooks.onProgress?.(t / settings.steps);
  return { results: states.map((s, p) => s.result(t, last[p] ?? null)), stepsRun: t, partial };
}
