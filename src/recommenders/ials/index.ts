/**
 * Implicit ALS behind the recommender contract (src/math/implicit/ials.ts), on the CPU. Each
 * iteration (all user vectors, then all item vectors) is reported as an epoch whose trainLoss is
 * the whole objective Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²) divided by the number of
 * positives; valRmse/valMae are NaN (no rating predictions). Yields to the event loop about every
 * 25 ms; Stop keeps the vectors solved so far.
 */
import { alsHalfSweep, gramPlusRidge, implicitAlsObjective } from '../../math/implicit/ials';
import type { AlsSolveSettings } from '../../math/implicit/ials';
import { createRng, randomNormal } from '../../math/random';
import { createYielder } from '../../model/batches';
import { YIELD_EVERY_MS } from '../../model/loop';
import { positivesOf } from '../implicit';
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
    const rng = createRng(num(p, 'seed'));
    const X = new Float64Array(nUsers * k);
    const Y = new Float64Array(nItems * k);
    for (let t = 0; t < X.length; t++) X[t] = randomNormal(rng, 0, IMPLICIT_ALS_INIT_STD);
    for (let t = 0; t < Y.length; t++) Y[t] = randomNormal(rng, 0, IMPLICIT_ALS_INIT_STD);
    const { hooks } = ctx;
    const perPositive = Math.max(1, positives.count);
    const yielder = createYielder();
    let lastYield = performance.now();
    let done = 0;
    let loss = NaN;
    let stopped = false;
    try {
      for (let it = 1; it <= iterations; it++) {
        if (hooks.shouldStop?.() === true) break;
        const started = performance.now();
        let paused = 0;
        const halves = [
          { rows: positives.byUser, fixed: Y, solving: X, fixedRows: nItems },
          { rows: positives.byItem, fixed: X, solving: Y, fixedRows: nUsers },
        ];
        for (let h = 0; h < 2 && !stopped; h++) {
          const half = halves[h]!;
          const gram = gramPlusRidge(half.fixed, half.fixedRows, k, settings.lambda);
          for (const f of alsHalfSweep(half.rows, half.fixed, half.solving, gram, settings)) {
            if (performance.now() - lastYield >= YIELD_EVERY_MS) {
              const before = performance.now();
              hooks.onProgress?.((it - 1 + (h + f) / 2) / iterations);
              await yielder.yield();
              lastYield = performance.now();
              paused += lastYield - before;
              if (hooks.shouldStop?.() === true) {
                stopped = true;
                break;
              }
            }
          }
        }
        if (stopped) break;
        const epochMs = performance.now() - started - paused;
        done = it;
        loss = implicitAlsObjective(positives.byUser, X, Y, k, settings.alpha, settings.lambda) / perPositive;
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
        hooks.onProgress?.(it / iterations);
      }
    } finally {
      yielder.close();
    }
    // stopped within an iteration: the vectors solved so far are kept, so is their objective
    if (stopped) loss = implicitAlsObjective(positives.byUser, X, Y, k, settings.alpha, settings.lambda) / perPositive;
    const state: ImplicitAlsState = {
      nUsers,
      nItems,
      factors: k,
      userFactors: Float32Array.from(X),
      itemFactors: Float32Array.from(Y),
      alpha: settings.alpha,
      lambda: settings.lambda,
      positiveAt: positives.threshold,
      positivesRule: positives.description,
      iterations: done,
      loss,
    };
    return implicitAlsFitted(state, ctx);
  },
  restore: (state, _train, ctx) => implicitAlsFitted(state as ImplicitAlsState, ctx),
};
