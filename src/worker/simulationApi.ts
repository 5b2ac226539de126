/**
 * Worker API, the simulator: policies serving simulated users of the selected dataset. The "true"
 * users are a model fitted on ALL of the dataset (biased MF on ratings, BPR-MF on implicit data),
 * on the CPU trainer so the same seed gives the same world on every device; it is fitted once per
 * dataset and world settings and kept.
 */
import { DEMO_DATASET_ID, demoExpectedRating, generateDemo } from '../data/demo';
import type { Dataset } from '../data/types';
import type { BprModel } from '../math/bpr';
import type { MfModel } from '../math/mf';
import { createYielder } from '../model/batches';
import { findRecommender } from '../recommenders/registry';
import { trainSetFromDataset } from '../recommenders/trainSet';
import { policyInfos } from '../simulation/policies/registry';
import { DEFAULT_SIMULATION_SETTINGS, runSimulation } from '../simulation/runner';
import type { ClickLink, ItemFeatures, PolicyInfo, PolicyPoint, PolicyResult, PolicyRun, SimulationSettings } from '../simulation/types';
import { createWorld, defaultClickLink, itemFeatures } from '../simulation/world';
import { genreFeatures } from '../simulation/genreFeatures';
import { fitContext, jobs, requireDataset } from './session';
import { throttle } from './throttle';

/** How the world model is fitted and turned into clicks. */
export interface WorldSettings {
  /** k of the world model (the policies' features are d = k + 2). */
  factors: number;
  /** Seed of the world model's fit. */
  seed: number;
  /** τ of the probit link on the rating scale; null: min + ¾·(max − min) (4 on 1–5). Ignored on implicit data. */
  threshold: number | null;
  /** σ of the probit link; null: (max − min)/8 (0.5 on 1–5). Ignored on implicit data. */
  sigma: number | null;
  /**
   * Where the true expected ratings come from: 'fitted', the world model fitted on all of the data;
   * 'planted', on the built-in demo data only, the taste clusters it was generated from (the
   * generator's rating before noise). The policies' item features come from the fitted model either way.
   */
  truth: 'fitted' | 'planted';
  /**
   * What the policies know of each item: 'vectors', x_i = [p_i; b_i; 1] from the world model (what a
   * model learned from every rating: each item's place in taste space and its quality); 'genres',
   * only its genres one-hot, x_i = [g_i; 1] (a new catalogue's side information), with a learned
   * offset per item (each item's own quality, which only showing it teaches).
   */
  features: 'vectors' | 'genres';
}

export const DEFAULT_WORLD_SETTINGS: WorldSettings = { factors: 16, seed: 42, threshold: null, sigma: null, truth: 'fitted', features: 'vectors' };

/** Which worlds the selected dataset offers, and the one the Simulate panel starts on. */
export interface WorldChoices {
  /** The planted taste clusters (the built-in demo only). */
  planted: boolean;
  /** Genres-only item features (a titles file with genres). */
  genres: boolean;
  /** The starting choice: on the demo, its planted users and genres only (where exploring pays). */
  initial: Pick<WorldSettings, 'truth' | 'features'>;
  /** Knob values that differ from the policies' defaults when the policies know this much (WORLD_KNOBS). */
  knobs: typeof WORLD_KNOBS;
}

/**
 * Knobs measured best per kind of item features, where they differ from the policies' defaults.
 * With genres only, each film's offset is uncertain until it is shown, and more exploration pays:
 * on the demo's planted world (10 000 slates of 10, cold start, λ 10) LinUCB α 0.5 and Thompson
 * v² 0.03 (a draw per slot) beat greedy on each of seeds 1, 2, 3 and 42 (regret −1.9 to −7.9% and
 * −3.6 to −7.4%), where α 0.2 and v² 0.01 each lost one of the four; on the fitted vectors the
 * defaults are best (v² 0.03 loses to greedy there).
 */
export const WORLD_KNOBS: Record<WorldSettings['features'], Record<string, Record<string, number>>> = {
  vectors: {},
  genres: { linucb: { alpha: 0.5 }, thompson: { variance: 0.03 } },
};

/** A simulation request: the run's settings, and optionally the world's. */
export type SimulationRequest = SimulationSettings & { world?: Partial<WorldSettings> };

export interface SimulationProgress {
  stage: 'world' | 'simulating';
  /** Fraction of the stage done, in [0, 1]. */
  fraction: number;
}

/** What the simulated users are, for the UI to say so. */
export interface WorldInfo {
  /** Registry id of the world model: 'biased-mf' or 'bpr-mf'. */
  method: string;
  /** Where the true expected ratings came from (WorldSettings.truth). */
  truth: WorldSettings['truth'];
  factors: number;
  /** What the policies know of each item (WorldSettings.features). */
  features: WorldSettings['features'];
  /** Features per item the policies see (k + 2 with vectors, genres + 1 with genres). */
  d: number;
  link: ClickLink;
  /** Mean p_ui over every (user, item). */
  meanProbability: number;
  /** Time to fit the world model (0 when it was kept from an earlier run), ms. */
  fitMs: number;
  /** One plain sentence on where the clicks come from. */
  description: string;
}

export interface SimulationReport {
  datasetId: string;
  settings: SimulationSettings;
  world: WorldInfo;
  results: PolicyResult[];
  stepsRun: number;
  /** True when the run was stopped before its last step. */
  partial: boolean;
  /** Wall time of the whole call, ms. */
  ms: number;
}

/** The fitted world model of one dataset and world settings: dense scores and item features. */
interface WorldModel {
  key: string;
  method: string;
  scores: Float32Array;
  features: ItemFeatures;
  popularity: Int32Array;
  fitMs: number;
}

let kept: WorldModel | null = null;
let plantedKept: Float32Array | null = null;

/**
 * The demo data's own world: the rating its generator planted before noise and rounding (taste
 * cluster × genres, item quality, user bias) for every (user, item), regenerated from the demo's seed.
 */
export function plantedDemoScores(nUsers: number, nItems: number): Float32Array {
  if (plantedKept) return plantedKept;
  const truth = generateDemo().truth;
  if (truth.userCluster.length !== nUsers || truth.itemGenres.length !== nItems) throw new RangeError(`the planted truth is ${truth.userCluster.length}×${truth.itemGenres.length}, the dataset ${nUsers}×${nItems}`);
  const out = new Float32Array(nUsers * nItems);
  for (let u = 0; u < nUsers; u++) for (let i = 0; i < nItems; i++) out[u * nItems + i] = demoExpectedRating(truth, u, i);
  plantedKept = out;
  return out;
}

/** Expected scores of every (user, item): `μ + b_u + b_i + q_u·p_i` (biased MF) or `b_i + q_u·p_i` (BPR). */
function denseScores(model: MfModel | BprModel): Float32Array {
  const { nUsers, nItems, factors: k, userFactors: q, itemFactors: p, itemBias } = model;
  const mf = 'mu' in model ? model : null;
  const out = new Float32Array(nUsers * nItems);
  for (let u = 0; u < nUsers; u++) {
    const base = mf ? mf.mu + (mf.userBias[u] as number) : 0;
    const uo = u * k;
    for (let i = 0; i < nItems; i++) {
      const io = i * k;
      let dot = 0;
      for (let f = 0; f < k; f++) dot += (q[uo + f] as number) * (p[io + f] as number);
      out[u * nItems + i] = base + (itemBias[i] as number) + dot;
    }
  }
  return out;
}

async function worldModelOf(dataset: Dataset, settings: WorldSettings, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<WorldModel> {
  const method = dataset.meta.implicit ? 'bpr-mf' : 'biased-mf';
  const key = `${dataset.meta.id}|${dataset.meta.ratings}|${method}|${settings.factors}|${settings.seed}`;
  if (kept?.key === key) return { ...kept, fitMs: 0 };
  const started = performance.now();
  const recommender = findRecommender(method);
  // the CPU trainer, whatever the page's backend: the same seed gives the same world everywhere
  const ctx = { ...fitContext(recommender.meta, dataset, { onProgress, shouldStop: () => signal.aborted }, null), backend: 'cpu' as const };
  const fitted = await recommender.fit(trainSetFromDataset(dataset), { factors: settings.factors, seed: settings.seed }, ctx);
  if (signal.aborted) {
    const e = new Error('Stopped while fitting the world model.');
    e.name = 'AbortError';
    throw e;
  }
  const model = (fitted.state() as { model: MfModel | BprModel }).model;
  const popularity = new Int32Array(dataset.meta.items);
  for (const i of dataset.ratings.items) popularity[i] = (popularity[i] as number) + 1;
  kept = {
    key,
    method,
    scores: denseScores(model),
    features: itemFeatures(model.itemFactors, model.itemBias, model.nItems, model.factors),
    popularity,
    fitMs: performance.now() - started,
  };
  return kept;
}

export const simulationApi = {
  /** The simulator's policies with their knobs (defaults, bounds, help), in registry order. */
  simulationPolicies(): PolicyInfo[] {
    return policyInfos();
  },

  /** The worlds the selected dataset offers (none selected: neither planted nor genres). */
  simulationWorldChoices(): WorldChoices {
    const { dataset } = requireDataset();
    const planted = dataset.meta.id === DEMO_DATASET_ID;
    const genres = dataset.genres?.some((g) => g.length > 0) ?? false;
    return { planted, genres, initial: planted && genres ? { truth: 'planted', features: 'genres' } : { truth: 'fitted', features: 'vectors' }, knobs: WORLD_KNOBS };
  },

  /** The default settings of a run and of its world. */
  simulationDefaults(): { settings: SimulationSettings; world: WorldSettings } {
    return { settings: { ...DEFAULT_SIMULATION_SETTINGS }, world: { ...DEFAULT_WORLD_SETTINGS } };
  },

  /**
   * Runs `policies` side by side on the selected dataset's simulated users (one seeded stream),
   * streaming every policy's point each `recordEvery` steps; `cancel(jobId)` stops it and the
   * results so far come back with partial = true (a cancel while the world model is still being
   * fitted rejects with an Error named 'AbortError', and nothing is kept).
   */
  async simulate(
    jobId: string,
    request: SimulationRequest,
    policies: PolicyRun[],
    onProgress: (p: SimulationProgress) => void,
    onPoints: (batch: PolicyPoint[]) => void,
  ): Promise<SimulationReport> {
    const { dataset } = requireDataset();
    const { world: worldRequest, ...settings } = request;
    const worldSettings: WorldSettings = { ...DEFAULT_WORLD_SETTINGS, ...worldRequest };
    if (worldSettings.truth !== 'fitted' && worldSettings.truth !== 'planted') throw new Error(`The world's truth must be 'fitted' or 'planted', got ${String(worldSettings.truth)}.`);
    const planted = worldSettings.truth === 'planted';
    if (planted && dataset.meta.id !== DEMO_DATASET_ID) throw new Error('The planted taste clusters exist only for the built-in demo data; choose the fitted world for this dataset.');
    if (worldSettings.features !== 'vectors' && worldSettings.features !== 'genres') throw new Error(`The policies' item features must be 'vectors' or 'genres', got ${String(worldSettings.features)}.`);
    const byGenres = worldSettings.features === 'genres';
    // throws a clear Error before any fitting when the dataset has no genres
    const genresOnly = byGenres ? genreFeatures(dataset.genres ?? []) : null;
    const started = performance.now();
    const job = jobs.start(jobId);
    const progress = throttle(onProgress, 100);
    const yielder = createYielder();
    try {
      const model = await worldModelOf(dataset, worldSettings, (fraction) => progress({ stage: 'world', fraction }), job.signal);
      const meta = dataset.meta;
      let link = defaultClickLink(meta, model.scores);
      if (link.kind === 'probit') link = { kind: 'probit', threshold: worldSettings.threshold ?? link.threshold, sigma: worldSettings.sigma ?? link.sigma };
      const scores = planted ? plantedDemoScores(meta.users, meta.items) : model.scores;
      const world = createWorld(scores, meta.users, meta.items, link, dataset.ratings);
      let sum = 0;
      for (const p of world.probs) sum += p;
      const features = genresOnly ?? model.features;
      // genres alone cannot tell two films apart: each item's own quality is its learned offset
      const runSettings: SimulationSettings = genresOnly ? { ...settings, itemOffsets: settings.itemOffsets ?? true } : settings;
      const outcome = await runSimulation(world, features, model.popularity, policies, runSettings, {
        onPoints,
        onProgress: (fraction) => progress({ stage: 'simulating', fraction }),
        shouldStop: () => job.signal.aborted,
        yieldNow: () => yielder.yield(),
      });
      progress.flush();
      const rule =
        link.kind === 'probit'
          ? `p = Φ((r̂ − ${link.threshold.toFixed(2)}) / ${link.sigma.toFixed(2)})`
          : `p = 1 / (1 + e^{−(s − ${link.center.toFixed(3)}) / ${link.scale.toFixed(3)}})`;
      return {
        datasetId: meta.id,
        settings: runSettings,
        world: {
          method: model.method,
          truth: worldSettings.truth,
          features: worldSettings.features,
          factors: worldSettings.factors,
          d: features.d,
          link,
          meanProbability: sum / world.probs.length,
          fitMs: model.fitMs,
          description: `${
            planted
              ? `Simulated users click an item with ${rule}, r̂ the demo generator's planted rating before noise (3.3 + genre affinity of the user's taste cluster + item quality + user bias).`
              : `Simulated users click an item with ${rule}, r̂ from ${findRecommender(model.method).meta.name} (k = ${worldSettings.factors}) fitted on all ${meta.ratings} ratings.`
          } ${
            genresOnly
              ? `The policies know only each item's genres, x_i = [g_i; 1] over ${genresOnly.genres.length} genres, and learn each item's own offset c_i from the clicks it gets; nothing about the users.`
              : `The policies know each item's vector x_i = [p_i; b_i; 1] from ${findRecommender(model.method).meta.name} (k = ${worldSettings.factors}) fitted on all ${meta.ratings} ratings, but nothing about the users.`
          }`,
        },
        results: outcome.results,
        stepsRun: outcome.stepsRun,
        partial: outcome.partial,
        ms: performance.now() - started,
      };
    } finally {
      yielder.close();
      job.finish();
    }
  },
};
