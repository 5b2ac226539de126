/** BPR matrix factorization behind the recommender contract: the CPU trainer (per-triple SGD in WebAssembly, or JS), tfjs on a GPU backend, or the WGSL kernel on WebGPU. */
import type { BprModel } from '../../math/bpr';
import { trainBprCpu } from '../../model/bprCpuTrainer';
import { trainBprTfjs } from '../../model/bprTfjsTrainer';
import { trainBprWgsl } from '../../model/wgslBpr';
import { trainBprWasm } from '../../model/wasmBpr';
import { webgpuDeviceOf } from '../../model/wgslSgd';
import type { BprTrainState } from '../../model/bprTrainingSetup';
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
    const hooks = trainerHooks<BprTrainState>(ctx.hooks);
    const onCpu = ctx.backend === 'cpu' || !ctx.tf;
    let model: BprModel;
    if (!onCpu && ctx.backend === 'webgpu' && resolved.gpuKernel === 'sgd-wgsl') {
      if (params.optimizer !== 'sgd') throw new Error('The WGSL kernel trains with SGD only: choose SGD as the optimizer, or the tfjs kernel for Adam.');
      model = await trainBprWgsl(webgpuDeviceOf(ctx.tf), positives.byUser, params, hooks);
    } else {
      model = !onCpu
        ? await trainBprTfjs(ctx.tf!, positives.byUser, params, hooks, ctx.backend)
        : resolved.kernel === 'sgd-wasm' && params.optimizer === 'sgd' && params.batchSize === 1
          ? await trainBprWasm(positives.byUser, params, hooks)
          : await trainBprCpu(positives.byUser, params, hooks);
    }
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
