/**
 * Bayesian MF (BPMF with biases, Gibbs sampling; src/math/bpmf.ts) behind the recommender
 * contract, on the CPU. Each sweep is reported as an epoch: trainLoss = mean squared error of the
 * current sample on the training ratings; valRmse/valMae (unclipped) of the running average of the
 * kept samples' predictions on ctx.validation (of the current sample during burn-in). Writes a
 * checkpoint after every sweep (BayesianMfTrainState and the rng state) when the hooks ask for one,
 * and goes on from hooks.resume bit for bit.
 */
import { createBpmfSampler } from '../../math/bpmf';
import type { BpmfOptions, BpmfSampler } from '../../math/bpmf';
import type { BpmfChainState } from '../../math/bpmfChain';
import { createPredictionAverage } from '../../math/bpmfPredictionAverage';
import type { PredictionAverage, PredictionAverageState } from '../../math/bpmfPredictionAverage';
import type { RatingsColumns } from '../../data/types';
import { createYielder } from '../../model/batches';
import { YIELD_EVERY_MS } from '../../model/loop';
import type { TrainHooks, TrainingCheckpoint } from '../../model/trainHooks';
import { trainerHooks } from '../trainerHooks';
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

/**
 * What a Bayesian MF checkpoint keeps (TrainingCheckpoint<BayesianMfTrainState>, with the rng state
 * beside it): the sampler's chain (current sample, hyperparameters, α, the kept samples' sums) and
 * the running average of the validation predictions (null without validation rows).
 */
export interface BayesianMfTrainState {
  chain: BpmfChainState;
  average: PredictionAverageState | null;
}

/** A fit's sampler, validation average and hooks. */
interface GibbsRun {
  sampler: BpmfSampler;
  average: PredictionAverage | null;
  validation: RatingsColumns | null;
  hooks: TrainHooks<BayesianMfTrainState>;
  sweeps: number;
  burnIn: number;
  nTrain: number;
}

/** Throws unless `c` can go on in a run of `sweeps` sweeps with (or without) validation rows. */
function checkResume(c: TrainingCheckpoint<BayesianMfTrainState>, sweeps: number, validation: RatingsColumns | null): void {
  if (!(Number.isInteger(c.epoch) && c.epoch >= 0 && c.epoch <= sweeps)) throw new Error(`cannot resume after epoch ${c.epoch} of ${sweeps}`);
  if (c.rng === undefined) throw new Error('the checkpoint has no rng state');
  if ((c.model.average === null) !== (validation === null)) throw new Error('the checkpoint was written with a different validation holdout');
}

/** RMSE and MAE on the validation rows of the averaged predictions (of the current sample during burn-in). */
function validationErrors(run: GibbsRun): { rmse: number; mae: number } {
  const { validation, average, sampler } = run;
  if (!validation || !average) return { rmse: NaN, mae: NaN };
  const mean = average.count > 0 ? average.mean() : null;
  return errors((j) => (mean ? (mean[j] as number) : sampler.predict(validation.users[j] as number, validation.items[j] as number)), validation);
}

/**
 * Sweeps startEpoch + 1 … sweeps, yielding to the event loop about every 25 ms; after each, the
 * kept sample's bookkeeping, a checkpoint (before the report) and an EpochReport. A sweep cut short
 * by shouldStop is not kept.
 */
async function runSweeps(run: GibbsRun, startEpoch: number): Promise<void> {
  const { sampler, average, hooks, sweeps } = run;
  const yielder = createYielder();
  let lastYield = performance.now();
  try {
    sweeps: for (let sweep = startEpoch + 1; sweep <= sweeps; sweep++) {
      if (hooks.shouldStop?.() === true) break;
      const started = performance.now();
      for (const done of sampler.sweep()) {
        if (performance.now() - lastYield < YIELD_EVERY_MS) continue;
        hooks.onProgress?.((sweep - 1 + done) / sweeps);
        await yielder.yield();
        lastYield = performance.now();
        // a partly redrawn sweep is a valid chain state but is not kept
        if (hooks.shouldStop?.() === true) break sweeps;
      }
      const epochMs = performance.now() - started;
      if (sweep > run.burnIn) {
        sampler.keep();
        average?.add(sampler);
      }
      const val = validationErrors(run);
      hooks.onCheckpoint?.({ epoch: sweep, model: { chain: sampler.chainState(), average: average?.state() ?? null }, rng: sampler.rngState() });
      hooks.onEpoch?.({
        epoch: sweep,
        trainLoss: run.nTrain > 0 ? sampler.trainSquaredError() / run.nTrain : NaN,
        valRmse: val.rmse,
        valMae: val.mae,
        epochMs,
        ratingsPerSec: run.nTrain / (Math.max(epochMs, 1e-3) / 1000),
        backend: 'cpu',
        tensors: 0,
        bytes: sampler.bytes() + (run.validation ? run.validation.ratings.length * 8 : 0),
      });
      hooks.onProgress?.(sweep / sweeps);
    }
  } finally {
    yielder.close();
  }
}

export const bayesianMf: Recommender = {
  meta: bayesianMfMeta,
  async fit(train, values, ctx) {
    const p = resolveParams(bayesianMfMeta, values, ctx.backend);
    const factors = num(p, 'factors');
    const sweeps = num(p, 'epochs');
    const { validation } = ctx;
    const hooks = trainerHooks<BayesianMfTrainState>(ctx.hooks);
    const { resume } = hooks;
    if (resume) checkResume(resume, sweeps, validation);
    const options: BpmfOptions = {
      factors,
      alpha: num(p, 'alpha'),
      learnAlpha: p.learnAlpha === true,
      beta0: num(p, 'beta0'),
      w0: num(p, 'w0'),
      nu0: factors + 1,
      initStd: BAYESIAN_MF_INIT_STD,
      seed: num(p, 'seed'),
    };
    const from = resume ? { chain: resume.model.chain, rng: resume.rng as number } : undefined;
    const sampler = createBpmfSampler(train.byUser(), train.byItem(), train.globalMean, options, from);
    const average = validation ? createPredictionAverage(validation.users, validation.items, resume?.model.average ?? undefined) : null;
    // at least the last sweep is kept
    const burnIn = Math.min(num(p, 'burnIn'), sweeps - 1);
    await runSweeps({ sampler, average, validation, hooks, sweeps, burnIn, nTrain: train.ratings.ratings.length }, resume?.epoch ?? 0);
    const state: BayesianMfState = { posterior: sampler.posterior() };
    return bayesianMfFitted(state, ctx);
  },
  restore: (state, _train, ctx) => bayesianMfFitted(state as BayesianMfState, ctx),
};
