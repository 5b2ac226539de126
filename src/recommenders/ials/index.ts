/**
 * Implicit ALS behind the recommender contract (src/math/implicit/ials.ts), on the CPU. Each
 * iteration (all user vectors, then all item vectors) is reported as an epoch whose trainLoss is
 * the whole objective Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) divided by the number of
 * positives; valRmse/valMae are NaN (no rating predictions). Yields to the event loop about every
 * 25 ms; Stop keeps the vectors solved so far. Writes a checkpoint after every iteration
 * (ImplicitAlsTrainState) when the hooks ask for one, and goes on from hooks.resume bit for bit.
 */
import { alsHalfSweep, gramPlusRidge, implicitAlsObjective } from '../../math/implicit/ials';
import type { AlsSolveSettings } from '../../math/implicit/ials';
import { createRng, randomNormal } from '../../math/random';
import { createYielder } from '../../model/batches';
import { YIELD_EVERY_MS } from '../../model/loop';
import type { TrainHooks, TrainingCheckpoint } from '../../model/trainHooks';
import { positivesOf } from '../implicit';
import type { Positives } from '../implicit';
import { trainerHooks } from '../trainerHooks';
import { choice, num, resolveParams } from '../params';
import type { Recommender } from '../types';
import { implicitAlsFitted } from './fitted';
import type { ImplicitAlsState } from './fitted';
import { implicitAlsMeta } from './meta';

export { implicitAlsMeta, IMPLICIT_ALS_DEFAULTS } from './meta';

/** Standard deviation of the N(0, σ²) initial factor entries (users first, then items). */
export const IMPLICIT_ALS_INIT_STD = 0.01;

/** How the loss chart labels trainLoss. */
export const IMPLICIT_ALS_LOSS_LABEL = 'weighted squared error + L2, per positive';

/**
 * What an implicit-ALS checkpoint keeps (TrainingCheckpoint<ImplicitAlsTrainState>): the factors
 * after a sweep, float64 as the sweeps solve them. A sweep reads nothing else (its Gram matrices
 * come from these), so the next sweep from them is the uninterrupted run's.
 */
export interface ImplicitAlsTrainState {
  userFactors: Float64Array;
  itemFactors: Float64Array;
}

/** The initial factors N(0, σ²) (users first, then items, from one rng seeded by `seed`), or copies of a checkpoint's. */
function startingFactors(nUsers: number, nItems: number, k: number, seed: number, iterations: number, resume: TrainingCheckpoint<ImplicitAlsTrainState> | undefined): ImplicitAlsTrainState {
  if (resume) {
    const { userFactors, itemFactors } = resume.model;
    if (userFactors.length !== nUsers * k || itemFactors.length !== nItems * k) {
      throw new Error(`the checkpoint's factors (${userFactors.length} and ${itemFactors.length} entries) do not fit ${nUsers} users × ${nItems} items × k ${k}`);
    }
    if (!(Number.isInteger(resume.epoch) && resume.epoch >= 0 && resume.epoch <= iterations)) throw new Error(`cannot resume after epoch ${resume.epoch} of ${iterations}`);
    return { userFactors: userFactors.slice(), itemFactors: itemFactors.slice() };
  }
  const rng = createRng(seed);
  const X = new Float64Array(nUsers * k);
  const Y = new Float64Array(nItems * k);
  for (let t = 0; t < X.length; t++) X[t] = randomNormal(rng, 0, IMPLICIT_ALS_INIT_STD);
  for (let t = 0; t < Y.length; t++) Y[t] = randomNormal(rng, 0, IMPLICIT_ALS_INIT_STD);
  return { userFactors: X, itemFactors: Y };
}

/** A fit's run of sweeps: the data, settings, factor tables (updated in place) and hooks. */
interface AlsRun {
  positives: Positives;
  settings: AlsSolveSettings;
  X: Float64Array;
  Y: Float64Array;
  iterations: number;
  hooks: TrainHooks<ImplicitAlsTrainState>;
  yielder: ReturnType<typeof createYielder>;
  lastYield: number;
}

/**
 * Sweep `it` (users, then items), yielding to the event loop about every 25 ms. Returns the ms it
 * paused, or null when shouldStop cut it short (the vectors solved so far are kept).
 */
async function sweep(run: AlsRun, it: number): Promise<number | null> {
  const { positives, settings, X, Y, hooks } = run;
  const k = settings.factors;
  const halves = [
    { rows: positives.byUser, fixed: Y, solving: X, fixedRows: positives.byItem.nRows },
    { rows: positives.byItem, fixed: X, solving: Y, fixedRows: positives.byUser.nRows },
  ];
  let paused = 0;
  for (let h = 0; h < 2; h++) {
    const half = halves[h]!;
    const gram = gramPlusRidge(half.fixed, half.fixedRows, k, settings.lambda);
    for (const f of alsHalfSweep(half.rows, half.fixed, half.solving, gram, settings)) {
      if (performance.now() - run.lastYield < YIELD_EVERY_MS) continue;
      const before = performance.now();
      hooks.onProgress?.((it - 1 + (h + f) / 2) / run.iterations);
      await run.yielder.yield();
      run.lastYield = performance.now();
      paused += run.lastYield - before;
      if (hooks.shouldStop?.() === true) return null;
    }
  }
  return paused;
}

/** The objective per positive (see the module comment). */
function lossOf(run: AlsRun): number {
  const { positives, settings, X, Y } = run;
  return implicitAlsObjective(positives.byUser, X, Y, settings.factors, settings.alpha, settings.lambda) / Math.max(1, positives.count);
}

/**
 * Sweeps resume.epoch + 1 … iterations (1 … without a checkpoint), each followed by a checkpoint
 * (copies of the factors; before its report) and an EpochReport. Returns the sweeps completed and
 * the last objective (NaN when none).
 */
async function runSweeps(run: AlsRun, startEpoch: number): Promise<{ done: number; loss: number; stopped: boolean }> {
  const { positives, X, Y, hooks } = run;
  let done = startEpoch;
  let loss = NaN;
  for (let it = startEpoch + 1; it <= run.iterations; it++) {
    if (hooks.shouldStop?.() === true) break;
    const started = performance.now();
    const paused = await sweep(run, it);
    if (paused === null) return { done, loss, stopped: true };
    const epochMs = performance.now() - started - paused;
    done = it;
    loss = lossOf(run);
    hooks.onCheckpoint?.({ epoch: it, model: { userFactors: X.slice(), itemFactors: Y.slice() } });
    hooks.onEpoch?.({
      epoch: it,
      trainLoss: loss,
      lossLabel: IMPLICIT_ALS_LOSS_LABEL,
      valRmse: NaN,
      valMae: NaN,
      epochMs,
      ratingsPerSec: positives.count / (Math.max(epochMs, 1e-3) / 1000),
      backend: 'cpu',
      tensors: 0,
      bytes: X.byteLength + Y.byteLength,
    });
    hooks.onProgress?.(it / run.iterations);
  }
  return { done, loss, stopped: false };
}

export const implicitAls: Recommender = {
  meta: implicitAlsMeta,
  async fit(train, values, ctx) {
    const p = resolveParams(implicitAlsMeta, values, ctx.backend);
    const k = num(p, 'factors');
    const iterations = num(p, 'epochs');
    const settings: AlsSolveSettings = {
      factors: k,
      alpha: num(p, 'alpha'),
      lambda: num(p, 'lambda'),
      solver: choice<'cg' | 'cholesky'>(p, 'solver'),
      cgSteps: num(p, 'cgSteps'),
    };
    const positives = positivesOf(train, num(p, 'positiveAt'));
    const { nUsers, nItems } = train;
    const hooks = trainerHooks<ImplicitAlsTrainState>(ctx.hooks);
    const start = startingFactors(nUsers, nItems, k, num(p, 'seed'), iterations, hooks.resume);
    const yielder = createYielder();
    const run: AlsRun = { positives, settings, X: start.userFactors, Y: start.itemFactors, iterations, hooks, yielder, lastYield: performance.now() };
    let result: Awaited<ReturnType<typeof runSweeps>>;
    try {
      result = await runSweeps(run, hooks.resume?.epoch ?? 0);
    } finally {
      yielder.close();
    }
    // stopped within a sweep (the vectors solved so far are kept), or resumed with no sweep left: their objective
    const loss = result.stopped || (Number.isNaN(result.loss) && result.done > 0) ? lossOf(run) : result.loss;
    const state: ImplicitAlsState = {
      nUsers,
      nItems,
      factors: k,
      userFactors: Float32Array.from(run.X),
      itemFactors: Float32Array.from(run.Y),
      alpha: settings.alpha,
      lambda: settings.lambda,
      positiveAt: positives.threshold,
      positivesRule: positives.description,
      iterations: result.done,
      loss,
    };
    return implicitAlsFitted(state, ctx);
  },
  restore: (state, _train, ctx) => implicitAlsFitted(state as ImplicitAlsState, ctx),
};
