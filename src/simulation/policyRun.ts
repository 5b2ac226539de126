/**
 * One policy's run through the shared stream: its own estimator, its own record of what each user
 * consumed, and the curves it draws. The runner steps every policy with the same arriving user.
 */
import { createRng } from '../math/random';
import { createEstimator, DEFAULT_ITEM_OFFSETS, scoreItems } from './estimator';
import { intraListDiversity } from './metrics';
import { findPolicy, policyLabel, resolveKnobs } from './policies/registry';
import type { PolicyContext } from './policies/types';
import { clickNoise, deriveSeed } from './seeds';
import { createSlateBuffer } from './slate';
import type { ItemFeatures, PolicyResult, PolicyRun, SimulationPoint, SimulationSettings, SlateExplanation, World } from './types';
import { oracleValue, warmReward } from './world';
import type { OracleOrder, WarmRating } from './world';

/** What every policy of a run shares (read-only). */
export interface RunShared {
  world: World;
  features: ItemFeatures;
  settings: SimulationSettings;
  order: OracleOrder;
  /** Head mask (top 10% by rating count). */
  head: Uint8Array;
  /** Popularity percentile per item. */
  percentiles: Float64Array;
  /** ‖p_i‖ per item (for diversity). */
  norms: Float64Array;
  warm: readonly WarmRating[];
  /** Seed of the click noise (the same coin for the same showing in every policy). */
  noiseSeed: number;
}

export interface PolicyState {
  readonly label: string;
  /** Serves `user` at 0-based step t; returns the slate explained when `explain`. */
  step(t: number, user: number, explain: boolean): SlateExplanation | null;
  /** The point after `steps` steps; starts a new window for the windowed curves. */
  point(steps: number): SimulationPoint;
  result(steps: number, lastSlate: SlateExplanation | null): PolicyResult;
}

/** Occurrence counts saturate here (a 256th showing reuses the 255th's coin). */
const MAX_OCCURRENCE = 255;

/**
 * Mean distinct-items share per window over the run's full windows (the last one is left out when
 * it is shorter, unless it is the only one).
 */
export function meanWindowCoverage(points: readonly SimulationPoint[]): number {
  if (points.length === 0) return 0;
  const span = (j: number) => (points[j] as SimulationPoint).step - (j > 0 ? (points[j - 1] as SimulationPoint).step : 0);
  const full = points.length > 1 && span(points.length - 1) < span(0) ? points.length - 1 : points.length;
  let s = 0;
  for (let j = 0; j < full; j++) s += (points[j] as SimulationPoint).windowCoverage;
  return s / full;
}

export function createPolicyState(shared: RunShared, run: PolicyRun): PolicyState {
  const { world, features, settings } = shared;
  const policy = findPolicy(run.id);
  const knobs = resolveKnobs(policy.info, run.knobs);
  const label = run.label ?? policyLabel(policy.info, knobs);
  const choose = policy.create(knobs);
  const { nItems, nUsers } = world;
  const d = features.d;
  const estimator = createEstimator(features, nUsers, settings.priorPrecision, settings.itemOffsets ?? DEFAULT_ITEM_OFFSETS);
  const blocked = new Uint8Array(nUsers * nItems);
  const occurrences = new Uint8Array(nUsers * nItems);
  for (const w of shared.warm) {
    estimator.observe(w.user, w.item, warmReward(w.rating, world.link));
    blocked[w.user * nItems + w.item] = 1;
  }
  estimator.refit();
  const slate = createSlateBuffer(settings.slateSize);
  const theta = new Float64Array(d);
  const estimates = new Float64Array(nItems);
  const scores = new Float64Array(nItems);
  const ctx: PolicyContext = {
    user: 0,
    n: settings.slateSize,
    features,
    blocked,
    base: 0,
    theta,
    covariances: estimator.covariances,
    covOffset: 0,
    offsets: estimator.offsets,
    offsetVariance: estimator.offsetVariance,
    estimates,
    scores,
    rng: createRng(deriveSeed(settings.seed, `policy:${run.id}:${JSON.stringify(knobs)}`)),
  };
  const shown = new Uint8Array(nItems);
  let distinct = 0;
  // the window's own distinct items: a stamp per item of the last window it was shown in
  const windowStamp = new Int32Array(nItems).fill(-1);
  let windowIndex = 0;
  let windowDistinct = 0;
  let reward = 0;
  let regret = 0;
  let ms = 0;
  const total = { slots: 0, head: 0, popularity: 0, diversity: 0, slates: 0 };
  const window = { ...total };
  const points: SimulationPoint[] = [];

  return {
    label,
    step(t, user, explain) {
      const started = performance.now();
      const base = user * nItems;
      const observed = estimator.observations(user);
      estimator.mean(user, theta);
      scoreItems(features, theta, estimates);
      for (let i = 0; i < nItems; i++) estimates[i] = (estimates[i] as number) + (estimator.offsets[i] as number);
      ctx.user = user;
      ctx.base = base;
      ctx.covOffset = user * d * d;
      slate.length = 0;
      choose(ctx, slate);
      const best = oracleValue(world, shared.order.of(user), user, blocked, settings.slateSize);
      let expected = 0;
      const clicked = new Uint8Array(slate.length);
      for (let j = 0; j < slate.length; j++) {
        const i = slate.items[j] as number;
        const p = world.probs[base + i] as number;
        expected += p;
        const occurrence = occurrences[base + i] as number;
        if (occurrence < MAX_OCCURRENCE) occurrences[base + i] = occurrence + 1;
        const click = clickNoise(shared.noiseSeed, user, i, occurrence) < p;
        estimator.observe(user, i, click ? 1 : 0);
        if (click) {
          blocked[base + i] = 1;
          clicked[j] = 1;
          reward++;
        }
        if (shown[i] === 0) {
          shown[i] = 1;
          distinct++;
        }
        if (windowStamp[i] !== windowIndex) {
          windowStamp[i] = windowIndex;
          windowDistinct++;
        }
        window.head += shared.head[i] as number;
        window.popularity += shared.percentiles[i] as number;
      }
      regret += best - expected;
      window.slots += slate.length;
      window.slates++;
      window.diversity += intraListDiversity(slate.items, slate.length, features.vectors, features.k, shared.norms);
      if ((t + 1) % settings.refitEvery === 0) estimator.refit();
      ms += performance.now() - started;
      if (!explain) return null;
      const extra = policy.info.extra;
      return {
        step: t + 1,
        user,
        userObservations: observed,
        slots: Array.from({ length: slate.length }, (_, j) => {
          const item = slate.items[j] as number;
          const x = slate.extra[j] as number;
          return {
            rank: j + 1,
            item,
            estimate: slate.estimate[j] as number,
            bonus: extra === 'bonus' && x === x ? x : null,
            sampled: extra === 'sampled' && x === x ? x : null,
            exploredAtRandom: slate.explored[j] === 1,
            score: slate.score[j] as number,
            trueProbability: world.probs[base + item] as number,
            clicked: clicked[j] === 1,
          };
        }),
      };
    },
    point(steps) {
      const w = window;
      const point: SimulationPoint = {
        step: steps,
        reward,
        regret,
        coverage: distinct / nItems,
        windowCoverage: windowDistinct / nItems,
        headShare: w.slots > 0 ? w.head / w.slots : 0,
        popularity: w.slots > 0 ? w.popularity / w.slots : 0,
        diversity: w.slates > 0 ? w.diversity / w.slates : 0,
      };
      for (const key of ['slots', 'head', 'popularity', 'diversity', 'slates'] as const) {
        total[key] += w[key];
        w[key] = 0;
      }
      windowIndex++;
      windowDistinct = 0;
      points.push(point);
      return point;
    },
    result(steps, lastSlate) {
      const t = { ...total };
      for (const key of ['slots', 'head', 'popularity', 'diversity', 'slates'] as const) t[key] += window[key];
      return {
        policy: run.id,
        label,
        knobs,
        steps,
        reward,
        regret,
        coverage: distinct / nItems,
        windowCoverage: meanWindowCoverage(points),
        headShare: t.slots > 0 ? t.head / t.slots : 0,
        popularity: t.slots > 0 ? t.popularity / t.slots : 0,
        diversity: t.slates > 0 ? t.diversity / t.slates : 0,
        ms,
        points: points.slice(),
        lastSlate,
      };
    },
  };
}
