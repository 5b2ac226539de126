/** Biased MF behind the recommender contract: the CPU trainer or tfjs on a GPU backend. */
import type { RatingsColumns } from '../../data/types';
import type { MfModel } from '../../math/mf';
import { trainMfCpu } from '../../model/cpuTrainer';
import { trainMfTfjs } from '../../model/tfjsTrainer';
import { trainMfWgsl, webgpuDeviceOf } from '../../model/wgslSgd';
import { trainMfWasmThreaded } from '../../model/wasmSgdThreads';
import { resolveParams } from '../params';
import type { Recommender, TrainSet } from '../types';
import { trainerHooks } from '../trainerHooks';
import { mfFitted } from './fitted';
import { biasedMfMeta, threadsOf, trainParamsOf } from './meta';

/** Train rows then validation rows in one set of columns, and the row ranges of each. */
function joinRows(train: RatingsColumns, validation: RatingsColumns | null) {
  const nT = train.ratings.length;
  const nV = validation?.ratings.length ?? 0;
  const cat = <T extends Int32Array | Float32Array>(a: T, b: T | undefined, make: (n: number) => T): T => {
    const out = make(nT + nV);
    out.set(a);
    if (b) out.set(b, nT);
    return out;
  };
  const data: RatingsColumns = {
    users: cat(train.users, validation?.users, (n) => new Int32Array(n)),
    items: cat(train.items, validation?.items, (n) => new Int32Array(n)),
    ratings: cat(train.ratings, validation?.ratings, (n) => new Float32Array(n)),
  };
  const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, j) => from + j);
  return { data, rows: { train: range(0, nT), validation: range(nT, nT + nV) } };
}

/** The training set's rating weights padded with 1 for the validation rows after them, or null when unweighted. */
function weightsOf(train: TrainSet, nRows: number): Float32Array | null {
  const w = train.ratingWeights;
  if (!w) return null;
  if (w.length !== train.ratings.ratings.length) throw new Error(`${w.length} rating weights for ${train.ratings.ratings.length} training ratings`);
  const out = new Float32Array(nRows).fill(1);
  out.set(w);
  return out;
}

export const biasedMf: Recommender = {
  meta: biasedMfMeta,
  async fit(train, values, ctx) {
    const resolved = resolveParams(biasedMfMeta, values, ctx.backend);
    const params = trainParamsOf(resolved);
    const { data, rows } = joinRows(train.ratings, ctx.validation);
    const weights = weightsOf(train, data.ratings.length);
    const hooks = trainerHooks<MfModel>(ctx.hooks);
    const onCpu = ctx.backend === 'cpu' || !ctx.tf;
    if (!onCpu && ctx.backend === 'webgpu' && resolved.gpuKernel === 'sgd-wgsl') {
      if (params.optimizer !== 'sgd') throw new Error('The WGSL kernel trains with SGD only: choose SGD as the optimizer, or the tfjs kernel for Adam.');
      const device = webgpuDeviceOf(ctx.tf);
      return mfFitted(await trainMfWgsl(device, data, train.nUsers, train.nItems, params, hooks, rows, weights), ctx);
    }
    const model = !onCpu
      ? await trainMfTfjs(ctx.tf!, data, train.nUsers, train.nItems, params, hooks, ctx.backend, rows, weights)
      : resolved.kernel === 'sgd-wasm' && params.optimizer === 'sgd'
        ? await trainMfWasmThreaded(data, train.nUsers, train.nItems, params, threadsOf(resolved), hooks, rows, weights)
        : await trainMfCpu(data, train.nUsers, train.nItems, params, hooks, rows, weights);
    return mfFitted(model, ctx);
  },
  restore(state, _train, ctx) {
    return mfFitted((state as { model: MfModel }).model, ctx);
  },
};
