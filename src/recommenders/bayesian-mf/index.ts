/**
 * Bayesian MF (BPMF with biases, Gibbs sampling; src/math/bpmf.ts) behind the recommender
 * contract, on the CPU. Each sweep is reported as an epoch: trainLoss = mean squared error of the
 * current sample on the training ratings; valRmse/valMae (unclipped) of the running average of the
 * kept samples' predictions on ctx.validation (of the current sample during burn-in).
 */
import { createBpmfSampler, createPredictionAverage } from '../../math/bpmf';
import type { PredictionAverage } from '../../math/bpmf';
import type { RatingsColumns } from '../../data/types';
import { createYielder } from '../../model/batches';
import { YIELD_EVERY_MS } from '../../model/loop';
import { num, resolveParams } from '../params';
import type { Recommender } from '../types';
import { bayesianMfFitted } from './fitted';
import type { BayesianMfState } from './fitted';
import { bayesianMfMeta } from './meta';

export { bayesianMfMeta, BAYESIAN_MF_DEFAULTS } from './meta';

/** Standard deviation of the N(0, σ²) initial factor entries (biases start at 0). */
export const BAYESIAN_MF_INIT_STD = 0.1;

/** RMSE and MAE (unclipped) of predictions on the validation rows. */
function errors(pred: (j: number) => number, validation: RatingsColumns): { rmse: number; mae: number } {
  const n = validation.ratings.length;
  if (n === 0) return { rmse: NaN, mae: NaN };
  let se = 0;
  let ae = 0;
  for (let j = 0; j < n; j++) {
    const e = pred(j) - (validation.ratings[j] as number);
    se += e * e;
    ae += Math.abs(e);
  }
  return { rmse: Math.sqrt(se / n), mae: ae / n };
}

export const bayesianMf: Recommender = {
  meta: bayesianMfMeta,
  async fit(train, values, ctx) {
    const p = resolveParams(bayesianMfMeta, values, ctx.backend);
    const factors = num(p, 'factors');
    const sweeps = num(p, 'epochs');
    // at least the last sweep is kept
    const burnIn = Math.min(num(p, 'burnIn'), sweeps - 1);
    const sampler = createBpmfSampler(train.byUser(), train.byItem(), train.globalMean, {
      factors,
      alpha: num(p, 'alpha'),
      learnAlpha: p.learnAlpha === true,
      beta0: num(p, 'beta0'),
      w0: num(p, 'w0'),
      nu0: factors + 1,
      initStd: BAYESIAN_MF_INIT_STD,
      seed: num(p, 'seed'),
    });
    const { hooks, validation } = ctx;
    const average: PredictionAverage | null = validation ? createPredictionAverage(validation.users, validation.items) : null;
    const nTrain = train.ratings.ratings.length;
    const yielder = createYielder();
    let lastYield = performance.now();
    try {
      sweeps: for (let sweep = 1; sweep <= sweeps; sweep++) {
        if (hooks.shouldStop?.() === true) break;
        const started = performance.now();
        for (const done of sampler.sweep()) {
          if (performance.now() - lastYield >= YIELD_EVERY_MS) {
            hooks.onProgress?.((sweep - 1 + done) / sweeps);
            await yielder.yield();
            lastYield = performance.now();
            // a partly redrawn sweep is a valid chain state but is not kept
            if (hooks.shouldStop?.() === true) break sweeps;
          }
        }
        const epochMs = performance.now() - started;
        if (sweep > burnIn) {
          sampler.keep();
          average?.add(sampler);
        }
        let val = { rmse: NaN, mae: NaN };
        if (validation && average) {
          const mean = average.count > 0 ? average.mean() : null;
          val = errors((j) => (mean ? (mean[j] as number) : sampler.predict(validation.users[j] as number, validation.items[j] as number)), validation);
        }
        hooks.onEpoch?.({
          epoch: sweep,
          trainLoss: nTrain > 0 ? sampler.trainSquaredError() / nTrain : NaN,
          valRmse: val.rmse,
          valMae: val.mae,
          epochMs,
          ratingsPerSec: nTrain / (Math.max(epochMs, 1e-3) / 1000),
          backend: 'cpu',
          tensors: 0,
          bytes: sampler.bytes() + (validation ? validation.ratings.length * 8 : 0),
        });
        hooks.onProgress?.(sweep / sweeps);
      }
    } finally {
      yielder.close();
    }
    const state: BayesianMfState = { posterior: sampler.posterior() };
    return bayesianMfFitted(state, ctx);
  },
  restore: (state, _train, ctx) => bayesianMfFitted(state as BayesianMfState, ctx),
};
