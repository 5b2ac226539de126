/** BPR matrix factorization behind the recommender contract: the CPU trainer or tfjs on a GPU backend. */
import { trainBprCpu } from '../../model/bprCpuTrainer';
import { trainBprTfjs } from '../../model/bprTfjsTrainer';
import type { BprTrainState } from '../../model/bprSampling';
import { positivesOf } from '../implicit';
import { num, resolveParams } from '../params';
import type { Recommender } from '../types';
import { FOLD_IN_EPOCHS, FOLD_IN_LEARNING_RATE, bprFitted } from './fitted';
import type { BprState } from './fitted';
import { bprMeta, bprParamsOf } from './meta';
import { trainerHooks } from '../trainerHooks';

export const bprMf: Recommender = {
  meta: bprMeta,
  async fit(train, values, ctx) {
    const resolved = resolveParams(bprMeta, values, ctx.backend);
    const positives = positivesOf(train, num(resolved, 'positiveAt'));
    const params = bprParamsOf(resolved);
    const model =
      ctx.backend === 'cpu' || !ctx.tf
        ? await trainBprCpu(positives.byUser, params, trainerHooks<BprTrainState>(ctx.hooks))
        : await trainBprTfjs(ctx.tf, positives.byUser, params, trainerHooks<BprTrainState>(ctx.hooks), ctx.backend);
    const state: BprState = {
      model,
      threshold: positives.threshold,
      positives: positives.description,
      foldIn: { epochs: FOLD_IN_EPOCHS, learningRate: FOLD_IN_LEARNING_RATE, regularization: params.regularization, seed: params.seed },
    };
    return bprFitted(state, ctx);
  },
  restore(state, _train, ctx) {
    return bprFitted(state as BprState, ctx);
  },
};
