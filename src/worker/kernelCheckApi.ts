/**
 * Worker API, the WGSL kernel's checks (for the end-to-end parity test and `npm run bench --
 * --speed`): exact agreement with sequential per-rating SGD on a chunk with no user or item twice,
 * validation RMSE against the CPU's per-rating trainer after the same epochs on the same split, and
 * each one's throughput measured side by side.
 */
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import { median } from '../math/metrics';
import { createRng, shuffleInPlace } from '../math/random';
import { initModel, scoreRows } from '../model/batches';
import type { EpochReport, TrainParams } from '../model/params';
import { CPU_DEFAULT_TRAIN_PARAMS } from '../model/params';
import { sgdEpochJs, trainMfWasm } from '../model/wasmSgd';
import { createWgslSgd, trainMfWgsl, webgpuDeviceOf } from '../model/wgslSgd';
import { ensureBackend, requireDataset, tf, tfQueue } from './session';

export interface KernelCheckRequest {
  factors: number;
  epochs: number;
  /** Share of the ratings held out for the validation RMSE. */
  validationFraction: number;
  seed: number;
}

export interface KernelCheck {
  /** Ratings in the chunk with no user or item twice. */
  uniqueRows: number;
  /** Largest |GPU − CPU| entry of the tables after one pass over that chunk. */
  uniqueMaxAbsDiff: number;
  /**
   * Σ e² of that pass summed on the GPU (the chunk's read-back, the epoch's, and the epoch's when
   * run 4 ratings per dispatch, its partials folded), largest relative difference to the CPU's.
   */
  uniqueSqErrRelDiff: number;
  /** Validation RMSE after `epochs` epochs: per-rating SGD in WebAssembly on the CPU, and the WGSL kernel. */
  cpuRmse: number;
  gpuRmse: number;
  /** Median ratings/s over epochs 2… (the first includes compiling), each trainer. */
  cpuRatingsPerSec: number;
  gpuRatingsPerSec: number;
  trainRatings: number;
}

/** The first rows (in file order) whose user and item appear in no earlier chosen row. */
export function rowsWithoutRepeats(data: RatingsColumns, nUsers: number, nItems: number, max: number): Int32Array {
  const userSeen = new Uint8Array(nUsers);
  const itemSeen = new Uint8Array(nItems);
  const out: number[] = [];
  for (let r = 0; r < data.ratings.length && out.length < max; r++) {
    const u = data.users[r] as number;
    const i = data.items[r] as number;
    if (userSeen[u] || itemSeen[i]) continue;
    userSeen[u] = 1;
    itemSeen[i] = 1;
    out.push(r);
  }
  return Int32Array.from(out);
}

function maxAbsDiff(a: MfModel, b: MfModel): number {
  let d = 0;
  for (const key of ['userFactors', 'itemFactors', 'userBias', 'itemBias'] as const) {
    const x = a[key];
    const y = b[key];
    for (let j = 0; j < x.length; j++) d = Math.max(d, Math.abs((x[j] as number) - (y[j] as number)));
  }
  return d;
}

export const kernelCheckApi = {
  /** Runs the checks on the selected dataset; throws when the page is not on WebGPU. */
  async checkWgslKernel(request: KernelCheckRequest): Promise<KernelCheck> {
    const { dataset } = requireDataset();
    const data = dataset.ratings;
    const { users: nUsers, items: nItems } = dataset.meta;
    return tfQueue.run(async () => {
      const info = await ensureBackend();
      if (info.name !== 'webgpu') throw new Error(`The WGSL kernel needs WebGPU; this page runs on ${info.name}.`);
      const device = webgpuDeviceOf(tf);
      const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: request.factors, epochs: request.epochs, seed: request.seed, validationFraction: 0 };

      // 1. a chunk with no user or item twice: the kernel's result is sequential SGD's
      const unique = rowsWithoutRepeats(data, nUsers, nItems, 4096);
      const start = initModel(nUsers, nItems, params.factors, 3.5, createRng(request.seed));
      const kernel = createWgslSgd(device, data, start, params.learningRate, params.regularization, null);
      let gpuModel: MfModel;
      let gpuSqErr: number[];
      try {
        const chunk = await kernel.run(unique, true);
        gpuSqErr = [chunk?.sqErr ?? NaN, await kernel.takeSqErr()];
        gpuModel = await kernel.readModel();
      } finally {
        kernel.destroy();
      }
      // the same rows 4 per dispatch: more loss partials than the buffer holds, folded on the GPU; made
      // for chunks of 2, so the first dispatch grows the chunk buffer
      const sliced = createWgslSgd(device, data, start, params.learningRate, params.regularization, null, 2);
      try {
        for (let j = 0; j < unique.length; j += 4) await sliced.run(unique.subarray(j, j + 4), false);
        gpuSqErr.push(await sliced.takeSqErr());
      } finally {
        sliced.destroy();
      }
      const cpuSqErr = sgdEpochJs(data, start, unique, params.learningRate, params.regularization);

      // 2. the same split and epochs on both trainers
      const order = Int32Array.from({ length: data.ratings.length }, (_, j) => j);
      shuffleInPlace(createRng(request.seed + 1), order);
      const nVal = Math.round(order.length * request.validationFraction);
      const rows = { train: order.slice(nVal).sort(), validation: order.slice(0, nVal).sort() };
      const speeds = { cpu: [] as number[], gpu: [] as number[] };
      const collect = (into: number[]) => ({ onEpoch: (e: EpochReport) => e.epoch > 1 && into.push(e.ratingsPerSec) });
      const cpu = await trainMfWasm(data, nUsers, nItems, params, collect(speeds.cpu), rows);
      const gpu = await trainMfWgsl(device, data, nUsers, nItems, params, collect(speeds.gpu), rows);
      return {
        uniqueRows: unique.length,
        uniqueMaxAbsDiff: maxAbsDiff(gpuModel, start),
        uniqueSqErrRelDiff: Math.max(...gpuSqErr.map((g) => Math.abs(g - cpuSqErr) / cpuSqErr)),
        cpuRmse: scoreRows(cpu, data, rows.validation).rmse,
        gpuRmse: scoreRows(gpu, data, rows.validation).rmse,
        cpuRatingsPerSec: median(speeds.cpu),
        gpuRatingsPerSec: median(speeds.gpu),
        trainRatings: rows.train.length,
      };
    });
  },
};
