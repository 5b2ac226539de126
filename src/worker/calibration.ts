/**
 * "Automatic means fastest": before a run on the Automatic backend, each available backend trains the
 * method for a moment on the selected dataset, with the settings it would train with there, and the
 * run goes to the fastest. CALIBRATION_BUDGET_MS in all, set-up included, shared between the backends
 * still to measure; a run stops once ENOUGH_MS of steps are measured. A step cannot be cut short, so:
 * - WebGL is measured only when WebGPU has no figure: both drive the same GPU, WebGPU with our sparse
 *   kernels or tfjs's newer backend, and a first WebGL step (a context, its shaders) takes seconds on
 *   a software GPU;
 * - a GPU backend whose slowest step, in an earlier calibration of the method this session, took
 *   longer than the time left is not run again: its row says so.
 * A run sees a subsample of the training ratings (every user and item kept, so a GPU step costs what
 * it will cost), with no validation. The figures of a (dataset, method, settings) are measured once
 * per session.
 */
import { pickRows } from '../data/columns';
import type { Dataset } from '../data/types';
import { selectBackend } from '../model/backend';
import type { BackendName } from '../model/backend';
import { chooseFastest, describeChoice, rateFromProgress } from '../model/backendChoice';
import type { BackendChoice, CalibrationRow, ProgressSample } from '../model/backendChoice';
import { makeTrainSet } from '../recommenders/trainSet';
import type { ParamValues, Recommender, TrainSet } from '../recommenders/types';
import { backendPreference, fitContext, setBackend, tf, unavailableBackends } from './session';

/** Training time shared by all the calibration runs, ms (the "≤ 2 s"). */
export const CALIBRATION_BUDGET_MS = 2000;
/** Training ratings a calibration run sees at most (a stride through the training set). */
export const CALIBRATION_RATINGS = 200_000;
/** The least training time a backend is given, ms, however the others overran. */
const MIN_SHARE_MS = 100;
/** A run stops once this much time lies between its first and last progress reports (and it has three), ms. */
export const ENOUGH_MS = 300;
/** The availability order: the tie-breaker, and the order the figures are shown in. */
const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];
/** The order measured in: the CPU first (no set-up), WebGL last (see above). */
const MEASURE_ORDER: readonly BackendName[] = ['cpu', 'webgpu', 'webgl'];

/** How a row left out for its slow steps begins. */
const TOO_SLOW = 'not measured (one step took';

/** Each key's figures, measured once per session (the choice is derived from them). */
const measured = new Map<string, CalibrationRow[]>();
/** Each (backend, method)'s slowest step in its last calibration this session, ms (see slowestStep). */
const stepCost = new Map<string, number>();
/** The key of stepCost. */
const stepKey = (backend: BackendName, method: string): string => `${backend} ${method}`;
/** The backends a calibration has run on this session (their set-up is done). */
const setUp = new Set<BackendName>();

/** Every `stride`-th training rating, at most `limit` of them; users and items (and the shape) are kept. */
export function calibrationSample(train: TrainSet, limit: number): TrainSet {
  const n = train.ratings.ratings.length;
  if (n <= limit) return train;
  const stride = Math.ceil(n / limit);
  const rows = Int32Array.from({ length: Math.ceil(n / stride) }, (_, j) => j * stride);
  const timestamps = train.timestamps ? Float64Array.from(rows, (r) => train.timestamps![r] as number) : null;
  const { nUsers, nItems, ratingMin, ratingMax, implicit } = train;
  return makeTrainSet(pickRows(train.ratings, rows), { nUsers, nItems, ratingMin, ratingMax, implicit }, { timestamps, itemSide: train.itemSide });
}

/**
 * The backends Automatic may choose from, in the availability order: the CPU, and each GPU backend
 * this context has the API for (navigator.gpu; OffscreenCanvas for WebGL in a worker) and the page has
 * not ruled out. Whether it then works is for the calibration run to find.
 */
export function calibrationCandidates(): BackendName[] {
  const off = unavailableBackends();
  const present: Record<BackendName, boolean> = {
    webgpu: (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu !== undefined,
    webgl: typeof OffscreenCanvas !== 'undefined',
    cpu: true,
  };
  return ORDER.filter((b) => present[b] && (b === 'cpu' || off[b] === undefined));
}

/**
 * How long the next stretch of training will take, ms: the time between the last two reports. Before
 * there are two, 0 (the first stretch includes the set-up, e.g. compiling shaders: no guide to the next).
 */
export function nextStepGuess(samples: readonly ProgressSample[]): number {
  const last = samples[samples.length - 1];
  const before = samples[samples.length - 2];
  return last && before ? last.t - before.t : 0;
}

/**
 * The longest stretch between progress reports, ms: what one step costs. The first stretch (from
 * `startedAt`, set-up included) counts only when it is the only one; null when there is no report.
 */
export function slowestStep(samples: readonly ProgressSample[], startedAt: number): number | null {
  const first = samples[0];
  if (!first) return null;
  let slowest = samples.length === 1 ? first.t - startedAt : 0;
  for (let j = 1; j < samples.length; j++) slowest = Math.max(slowest, samples[j]!.t - samples[j - 1]!.t);
  return slowest;
}

/** Whether a run has measured enough: three reports with at least `enoughMs` between the first and last. */
export function measuredEnough(samples: readonly ProgressSample[], enoughMs: number): boolean {
  const useful = samples.filter((x) => x.fraction > 0);
  const first = useful[0];
  const last = useful[useful.length - 1];
  return useful.length >= 3 && first !== undefined && last !== undefined && last.t - first.t >= enoughMs;
}

/**
 * Why `name` is not run, or null to run it: WebGL when WebGPU (`webgpu`, its row) has a figure or
 * was itself left out as too slow, or a GPU backend whose slowest step last time (`lastStepMs`)
 * exceeds the `leftMs` still in the budget.
 */
export function skipReason(name: BackendName, webgpu: CalibrationRow | undefined, lastStepMs: number | undefined, leftMs: number): string | null {
  if (name === 'cpu') return null;
  if (name === 'webgl' && webgpu?.ratingsPerSec != null) return 'not measured (webgpu has a figure, on the same GPU)';
  if (name === 'webgl' && webgpu?.note.startsWith(TOO_SLOW)) return 'not measured (webgpu, on the same GPU, was too slow)';
  if (lastStepMs !== undefined && lastStepMs > leftMs) {
    return `${TOO_SLOW} ${(lastStepMs / 1000).toFixed(1)} s in an earlier calibration; ${(Math.max(leftMs, 0) / 1000).toFixed(1)} s left)`;
  }
  return null;
}

/** One backend's calibration run: the method trained on `sample` for at most `budgetMs`. */
async function measureOne(
  recommender: Recommender,
  dataset: Dataset,
  sample: TrainSet,
  params: ParamValues,
  name: BackendName,
  budgetMs: number,
  shouldStop: () => boolean,
): Promise<CalibrationRow> {
  const started = performance.now();
  const wasSetUp = setUp.has(name);
  setUp.add(name);
  const info = await selectBackend(tf, name, unavailableBackends());
  if (info.name !== name) return { backend: name, ratingsPerSec: null, note: (info.reasons[0] ?? 'unavailable').replace(`${name}: `, ''), ms: performance.now() - started };
  const samples: ProgressSample[] = [];
  let note = '';
  const fitStart = performance.now();
  const hooks = {
    onProgress: (fraction: number) => void samples.push({ t: performance.now(), fraction }),
    // the trainer's note up to its first colon or bracket, e.g. "2 threads" (the run's status gives it whole)
    onEpoch: (r: { note?: string }) => void (note = (r.note ?? note).split(/[:(]/)[0]!.trim()),
    // a step cannot be cut short (a first WebGL step on a software GPU takes seconds): stop before one
    // that would end past the budget, guessing it lasts as long as the time between the last reports
    shouldStop: () => shouldStop() || measuredEnough(samples, ENOUGH_MS) || performance.now() - fitStart + nextStepGuess(samples) > budgetMs,
  };
  try {
    await recommender.fit(sample, params, { ...fitContext(recommender.meta, dataset, hooks, null), backend: name });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { backend: name, ratingsPerSec: null, note: `failed: ${why.replace(/\.+$/, '')}`, ms: performance.now() - started };
  }
  // a lone first stretch is mostly set-up (a context, shaders) when the backend is new to this session:
  // not a guide to later runs, which reuse it
  const slowest = slowestStep(samples, fitStart);
  if (slowest !== null && (samples.length > 1 || wasSetUp)) stepCost.set(stepKey(name, recommender.meta.id), slowest);
  const epochs = typeof params.epochs === 'number' ? params.epochs : 1;
  const rate = rateFromProgress(samples, epochs * sample.ratings.ratings.length, fitStart);
  const ms = performance.now() - started;
  // with one report the figure counts the set-up too (a lower bound): say so
  const once = samples.filter((x) => x.fraction > 0).length === 1 ? 'one step, set-up included' : '';
  const how = [note, once].filter((x) => x !== '').join('; ');
  return { backend: name, ratingsPerSec: rate, note: rate === null ? `no step finished in ${(budgetMs / 1000).toFixed(2)} s` : how, ms };
}

/**
 * On the Automatic backend, for a method that can train on a GPU, when more than one backend is
 * available: measures each candidate (the method's own settings for each: `paramsFor`), sets the
 * fastest as the session's backend (tfjs's too) and says why. Figures are kept per dataset, method,
 * training rows and settings: a second run with the same reuses them. Otherwise null (the backend stays).
 */
export async function automaticChoice(
  recommender: Recommender,
  dataset: Dataset,
  train: TrainSet,
  paramsFor: (backend: BackendName) => ParamValues,
  shouldStop: () => boolean,
): Promise<BackendChoice | null> {
  const candidates = calibrationCandidates();
  if (!recommender.meta.usesGpu || backendPreference() !== 'auto' || candidates.length < 2) return null;
  const key = JSON.stringify([dataset.meta.id, recommender.meta.id, train.ratings.ratings.length, candidates.map(paramsFor)]);
  const started = performance.now();
  const known = measured.get(key);
  let rows: CalibrationRow[];
  if (known) {
    rows = known;
  } else {
    // in MEASURE_ORDER, each run given an equal share of what is left, at least MIN_SHARE_MS; shown in
    // the availability order
    const sample = calibrationSample(train, CALIBRATION_RATINGS);
    const byName = new Map<BackendName, CalibrationRow>();
    const order = MEASURE_ORDER.filter((b) => candidates.includes(b));
    for (const [j, name] of order.entries()) {
      const left = CALIBRATION_BUDGET_MS - (performance.now() - started);
      const skip = skipReason(name, byName.get('webgpu'), stepCost.get(stepKey(name, recommender.meta.id)), left);
      if (skip !== null) {
        byName.set(name, { backend: name, ratingsPerSec: null, note: skip, ms: 0 });
        continue;
      }
      const budget = Math.max(left / (order.length - j), MIN_SHARE_MS);
      byName.set(name, await measureOne(recommender, dataset, sample, paramsFor(name), name, budget, shouldStop));
    }
    rows = candidates.map((b) => byName.get(b)!);
    if (!shouldStop()) measured.set(key, rows);
  }
  const info = await selectBackend(tf, chooseFastest(rows, ORDER), unavailableBackends());
  setBackend(info);
  return { rows, backend: info, reason: describeChoice(rows, info.name), ms: known ? 0 : performance.now() - started, reused: known !== undefined };
}

/** Forgets the figures and step times measured this session (for tests). */
export function forgetCalibrations(): void {
  measured.clear();
  stepCost.clear();
  setUp.clear();
}
