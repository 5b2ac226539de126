/// <reference types="@webgpu/types" />
/**
 * Per-rating SGD of biased MF as a WGSL compute kernel on tfjs's own WebGPU device (the
 * "sgd-wgsl" GPU kernel). tfjs's path is dense by construction (the gradient of `gather` is an
 * unsortedSegmentSum over the whole table, and the optimizer rewrites every row every step); this
 * kernel reads and writes only the rows each rating touches.
 *
 * - One table, `[q_u; b_u]` rows for the users then `[p_i; b_i]` rows for the items (stride k + 1),
 *   so a rating touches two rows of one buffer.
 * - One invocation per rating of a chunk of the epoch's shuffled rows, Hogwild-style: invocations of
 *   one dispatch that share a user or an item race. WGSL has no float atomics and makes plain racing
 *   reads and writes undefined, so every table access is an `atomicLoad`/`atomicStore` of the float's
 *   bits (relaxed: each read sees some whole float written earlier, never a torn one). With no user
 *   or item twice in a chunk no two invocations touch the same word, and the result is the
 *   sequential per-rating SGD of the chunk (the parity test checks it).
 * - Σ e² and the objective of each invocation's WGSL_PER_INVOCATION ratings into a partials buffer
 *   (no workgroup barrier: see wgslSgdShader.ts), summed on the GPU by a one-workgroup kernel and read
 *   back once per epoch (or per chunk when the step loss is asked for).
 *
 * - The ratings go up one chunk at a time, packed (u, i, r, w) in the order they run: the GPU holds
 *   the tables and one chunk, whatever the file's size.
 *
 * Bytes moved per update, for the bandwidth plan: two rows read and written, 4·2·2·(k + 1), plus the
 * packed rating (16): 16k + 32 bytes (the estimate: ≈ 16k + 28); and 16 bytes a rating
 * uploaded.
 */
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import { prepareTraining } from './batches';
import type { TrainingRows } from './batches';
import { runTraining } from './loop';
import type { StepRunner } from './loop';
import type { TrainParams } from './params';
import type { TrainHooks } from './trainHooks';
import { COPY_DST, COPY_SRC, STORAGE, UNIFORM, dispatchGrid, readBack } from './webgpuBuffers';
import { checkBufferFits } from './webgpuLimits';
import { WGSL_PER_INVOCATION, WGSL_WORKGROUP, sgdKernelSource, sumKernelSource } from './wgslSgdShader';

export { WGSL_PER_INVOCATION, WGSL_WORKGROUP, sgdKernelSource } from './wgslSgdShader';

/** Ratings per dispatch (the driver's "batch"; Stop is heard between dispatches). */
export const WGSL_CHUNK = 65_536;
/** Chunks queued before the driver waits for the GPU to finish them. */
const QUEUE_AHEAD = 4;

/** tfjs's WebGPU device when 'webgpu' is the backend in use, else null. */
export function tfjsWebgpuDevice(tf: { backend(): unknown; getBackend(): string } | null): GPUDevice | null {
  return tf && tf.getBackend() === 'webgpu' ? ((tf.backend() as { device?: GPUDevice }).device ?? null) : null;
}

/** tfjs's WebGPU device (the backend in use must be 'webgpu'); a clear Error otherwise. */
export function webgpuDeviceOf(tf: { backend(): unknown; getBackend(): string } | null): GPUDevice {
  const device = tfjsWebgpuDevice(tf);
  if (!device) throw new Error('The WGSL kernel needs the WebGPU backend in use; this page trains on another backend.');
  return device;
}

/** The kernel's buffers on one device, for one dataset and model. */
export interface WgslSgd {
  /** Queues one pass over `rows` (indices into the data columns); returns Σ e² and the objective of these rows when `read`. */
  run(rows: Int32Array, read: boolean): Promise<{ sqErr: number; objective: number } | null>;
  /** Σ e² of every row run since the last call (one read-back), then resets it. */
  takeSqErr(): Promise<number>;
  /** The tables read back into a fresh model. */
  readModel(): Promise<MfModel>;
  /** GPU bytes held. */
  bytes: number;
  destroy(): void;
}

/**
 * Packs (u, i, r, w) of `rows`, in that order, as four 32-bit words each into `out` (the kernel's
 * `chunk` layout; w = 1 without weights); returns the words written.
 */
export function packChunk(data: RatingsColumns, weights: Float32Array | null, rows: Int32Array, out: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const f = new Float32Array(out.buffer, out.byteOffset, out.length);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j] as number;
    out[4 * j] = data.users[r] as number;
    out[4 * j + 1] = data.items[r] as number;
    f[4 * j + 2] = data.ratings[r] as number;
    f[4 * j + 3] = weights === null ? 1 : (weights[r] as number);
  }
  return out.subarray(0, 4 * rows.length);
}

/** `[q_u; b_u]` rows then `[p_i; b_i]` rows, stride k + 1. */
export function packTable(model: MfModel): Float32Array<ArrayBuffer> {
  const { nUsers, nItems, factors: k } = model;
  const s = k + 1;
  const out = new Float32Array((nUsers + nItems) * s);
  for (let u = 0; u < nUsers; u++) {
    out.set(model.userFactors.subarray(u * k, (u + 1) * k), u * s);
    out[u * s + k] = model.userBias[u] as number;
  }
  for (let i = 0; i < nItems; i++) {
    const o = (nUsers + i) * s;
    out.set(model.itemFactors.subarray(i * k, (i + 1) * k), o);
    out[o + k] = model.itemBias[i] as number;
  }
  return out;
}

/** The model of a packed table (fresh arrays). */
export function unpackTable(table: Float32Array, nUsers: number, nItems: number, k: number, mu: number): MfModel {
  const s = k + 1;
  const model: MfModel = {
    nUsers,
    nItems,
    factors: k,
    mu,
    userBias: new Float32Array(nUsers),
    itemBias: new Float32Array(nItems),
    userFactors: new Float32Array(nUsers * k),
    itemFactors: new Float32Array(nItems * k),
  };
  for (let u = 0; u < nUsers; u++) {
    model.userFactors.set(table.subarray(u * s, u * s + k), u * k);
    model.userBias[u] = table[u * s + k] as number;
  }
  for (let i = 0; i < nItems; i++) {
    const o = (nUsers + i) * s;
    model.itemFactors.set(table.subarray(o, o + k), i * k);
    model.itemBias[i] = table[o + k] as number;
  }
  return model;
}


/**
 * Uploads `model`'s tables (copied; `model` is not changed) to `device` and compiles the kernel for
 * k = model.factors. The ratings go up a chunk at a time, packed in the order they run (`chunkRows`
 * at most per chunk; more makes a larger buffer), so the GPU holds the tables and one chunk, never the
 * whole file: a buffer of every rating would exceed WebGPU's default 128 MiB per storage buffer from
 * 8.4 M ratings on. Refuses tables larger than the device allows.
 */
export function createWgslSgd(
  device: GPUDevice,
  data: RatingsColumns,
  model: MfModel,
  eta: number,
  lambda: number,
  weights: Float32Array | null,
  chunkRows = WGSL_CHUNK,
): WgslSgd {
  const { nUsers, nItems, factors: k, mu } = model;
  const n = data.ratings.length;
  const instead = 'train on the CPU, or with fewer factors';
  checkBufferFits(device.limits, (nUsers + nItems) * (k + 1) * 4, `the factor tables (${nUsers + nItems} rows × ${k + 1} floats)`, instead);
  const module = device.createShaderModule({ code: sgdKernelSource(k, (nUsers + nItems) * (k + 1)) });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const table = packTable(model);
  const tableBuffer = device.createBuffer({ size: table.byteLength, usage: STORAGE | COPY_SRC | COPY_DST });
  device.queue.writeBuffer(tableBuffer, 0, table);
  // one chunk of packed ratings; rewritten for each dispatch (the queue orders the write after the
  // dispatches before it)
  let chunkCapacity = Math.max(1, Math.min(chunkRows, n));
  let packed = new Uint32Array(4 * chunkCapacity);
  let chunkBuffer = device.createBuffer({ size: packed.byteLength, usage: STORAGE | COPY_DST });
  // one partial per invocation, ⌈chunk / (WGSL_WORKGROUP · WGSL_PER_INVOCATION)⌉ workgroups per chunk:
  // room for an epoch's chunks (and more: when full, they are folded into the total on the GPU)
  const perGroup = WGSL_WORKGROUP * WGSL_PER_INVOCATION;
  const capacity = WGSL_WORKGROUP * (Math.ceil(Math.max(1, n) / perGroup) + 2);
  const partialBuffer = device.createBuffer({ size: capacity * 8, usage: STORAGE });
  const paramsBuffer = device.createBuffer({ size: 32, usage: UNIFORM | COPY_DST });
  const bind = () =>
    device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [tableBuffer, chunkBuffer, partialBuffer, paramsBuffer].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  let bindGroup = bind();
  // the loss sum: totals[0] the rows since the last takeSqErr (folded), totals[1] one chunk's
  const sumModule = device.createShaderModule({ code: sumKernelSource() });
  const sumPipeline = device.createComputePipeline({ layout: 'auto', compute: { module: sumModule, entryPoint: 'main' } });
  const totalsBuffer = device.createBuffer({ size: 16, usage: STORAGE | COPY_SRC });
  const sumParamsBuffer = device.createBuffer({ size: 16, usage: UNIFORM | COPY_DST });
  const sumBindGroup = device.createBindGroup({
    layout: sumPipeline.getBindGroupLayout(0),
    entries: [partialBuffer, totalsBuffer, sumParamsBuffer].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const uniforms = new ArrayBuffer(32);
  const u32 = new Uint32Array(uniforms);
  const f32 = new Float32Array(uniforms);
  // rows run since the last takeSqErr: `used` of them, their partials at [0, slotsUsed) (plus totals[0]
  // when `folded`)
  let used = 0;
  let slotsUsed = 0;
  let folded = false;
  let sinceWait = 0;

  /** Queues the sum of partials [from, from + count) into totals[slot] (added to it when `carry`). */
  const queueSum = (from: number, count: number, slot: 0 | 1, carry: boolean): void => {
    device.queue.writeBuffer(sumParamsBuffer, 0, Uint32Array.of(from, count, slot, carry ? 1 : 0));
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(sumPipeline);
    pass.setBindGroup(0, sumBindGroup);
    pass.dispatchWorkgroups(1);
    pass.end();
    device.queue.submit([encoder.finish()]);
  };
  const readTotals = async (slot: 0 | 1): Promise<{ sqErr: number; objective: number }> => {
    const t = new Float32Array(await readBack(device, totalsBuffer, 16));
    return { sqErr: t[2 * slot] as number, objective: t[2 * slot + 1] as number };
  };

  return {
    async run(rows, read) {
      if (used + rows.length > n) throw new RangeError(`${used + rows.length} rows queued since the last read-back, more than the ${n} ratings`);
      if (rows.length > chunkCapacity) {
        chunkBuffer.destroy();
        chunkCapacity = rows.length;
        packed = new Uint32Array(4 * chunkCapacity);
        chunkBuffer = device.createBuffer({ size: packed.byteLength, usage: STORAGE | COPY_DST });
        bindGroup = bind();
      }
      device.queue.writeBuffer(chunkBuffer, 0, packChunk(data, weights, rows, packed));
      const groups = Math.ceil(rows.length / perGroup);
      // every workgroup that has a rating writes its WGSL_WORKGROUP partials (zeros when idle)
      const slots = groups * WGSL_WORKGROUP;
      if (slotsUsed + slots > capacity) {
        queueSum(0, slotsUsed, 0, folded);
        folded = true;
        slotsUsed = 0;
      }
      u32[0] = rows.length;
      u32[2] = nUsers;
      u32[3] = slotsUsed;
      f32[4] = mu;
      f32[5] = eta;
      f32[6] = lambda;
      u32[7] = weights === null ? 0 : 1;
      device.queue.writeBuffer(paramsBuffer, 0, uniforms);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      const [x, y] = dispatchGrid(groups);
      pass.dispatchWorkgroups(x, y);
      pass.end();
      device.queue.submit([encoder.finish()]);
      const from = slotsUsed;
      used += rows.length;
      slotsUsed += slots;
      if (read) {
        queueSum(from, slots, 1, false);
        return readTotals(1);
      }
      // keep at most QUEUE_AHEAD chunks in flight, so Stop is heard within a few chunks, not an epoch
      if (++sinceWait >= QUEUE_AHEAD) {
        sinceWait = 0;
        await device.queue.onSubmittedWorkDone();
      }
      return null;
    },
    async takeSqErr() {
      if (slotsUsed === 0 && !folded) return 0;
      queueSum(0, slotsUsed, 0, folded);
      const { sqErr } = await readTotals(0);
      used = 0;
      slotsUsed = 0;
      folded = false;
      return sqErr;
    },
    async readModel() {
      return unpackTable(new Float32Array(await readBack(device, tableBuffer, table.byteLength)), nUsers, nItems, k, mu);
    },
    get bytes() {
      return table.byteLength + packed.byteLength + capacity * 8 + 32 + 32;
    },
    destroy() {
      for (const b of [tableBuffer, chunkBuffer, partialBuffer, paramsBuffer, totalsBuffer, sumParamsBuffer]) b.destroy();
    },
  };
}

/**
 * Trains biased MF by per-rating SGD in the WGSL kernel: the model, objective and rng order of the
 * other trainers (split → initial factors → one shuffle per epoch); each epoch's shuffled training
 * rows go to the GPU WGSL_CHUNK at a time through the shared driver (hooks, Stop, the epoch
 * reports). Reports backend 'webgpu'.
 */
export async function trainMfWgsl(
  device: GPUDevice,
  data: RatingsColumns,
  nUsers: number,
  nItems: number,
  params: TrainParams,
  hooks: TrainHooks = {},
  rows?: TrainingRows,
  weights: Float32Array | null = null,
): Promise<MfModel> {
  if (params.optimizer !== 'sgd') throw new Error(`the sgd-wgsl kernel trains with SGD only, not ${params.optimizer}`);
  const setup = prepareTraining(data, nUsers, nItems, params, { rows, resume: hooks.resume, weights });
  const kernel = createWgslSgd(device, data, setup.model, params.learningRate, params.regularization, weights);
  try {
    const runner: StepRunner = {
      async step(chunk, _t, wantLoss) {
        const out = await kernel.run(chunk, wantLoss);
        return out ? out.objective : undefined;
      },
      takeEpochSqErr: () => kernel.takeSqErr(),
      snapshot: () => kernel.readModel(),
      memory: () => ({ tensors: 0, bytes: kernel.bytes }),
    };
    return await runTraining(data, setup, { ...params, batchSize: WGSL_CHUNK }, hooks, 'webgpu', runner);
  } finally {
    kernel.destroy();
  }
}
