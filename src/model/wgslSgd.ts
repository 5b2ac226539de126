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
 * - Σ e² and the objective per workgroup of 64 into a partials buffer (a tree sum in workgroup
 *   memory), read back once per epoch (or per chunk when the step loss is asked for).
 *
 * Bytes moved per update, for the bandwidth plan: two rows read and written, 4·2·2·(k + 1), plus the
 * rating (16) and its index (4): 16k + 36 bytes (the estimate: ≈ 16k + 28).
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

/** Ratings per dispatch (the driver's "batch"; Stop is heard between dispatches). */
export const WGSL_CHUNK = 65_536;
/** Invocations per workgroup (the partial sums are per workgroup). */
export const WGSL_WORKGROUP = 64;
/** Chunks queued before the driver waits for the GPU to finish them. */
const QUEUE_AHEAD = 4;

/** The kernel's source (WGSL). `k` is baked in as a constant so the factor loops unroll. */
export function sgdKernelSource(k: number): string {
  return /* wgsl */ `
const K: u32 = ${k}u;
const S: u32 = ${k + 1}u;
struct Params { n: u32, offset: u32, nUsers: u32, partial: u32, mu: f32, eta: f32, lambda: f32, weighted: u32 };
@group(0) @binding(0) var<storage, read_write> table: array<atomic<u32>>;
@group(0) @binding(1) var<storage, read> ratings: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> order: array<u32>;
@group(0) @binding(3) var<storage, read_write> partials: array<vec2<f32>>;
@group(0) @binding(4) var<uniform> params: Params;
var<workgroup> sums: array<vec2<f32>, ${WGSL_WORKGROUP}>;

fn ld(at: u32) -> f32 { return bitcast<f32>(atomicLoad(&table[at])); }
fn st(at: u32, v: f32) { atomicStore(&table[at], bitcast<u32>(v)); }

@compute @workgroup_size(${WGSL_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group = wid.y * groups.x + wid.x;
  let j = group * ${WGSL_WORKGROUP}u + lid;
  var acc = vec2<f32>(0.0, 0.0);
  if (j < params.n) {
    let r = ratings[order[params.offset + j]];
    let uo = r.x * S;
    let io = (params.nUsers + r.y) * S;
    var w = 1.0;
    if (params.weighted != 0u) { w = bitcast<f32>(r.w); }
    var dot = 0.0;
    var norms = 0.0;
    for (var f = 0u; f < K; f++) {
      let q = ld(uo + f);
      let p = ld(io + f);
      dot += q * p;
      norms += q * q + p * p;
    }
    let bu = ld(uo + K);
    let bi = ld(io + K);
    let e = params.mu + bu + bi + dot - bitcast<f32>(r.z);
    acc = vec2<f32>(e * e, w * e * e + params.lambda * (norms + bu * bu + bi * bi));
    let g = 2.0 * params.eta * w * e;
    let decay = 1.0 - 2.0 * params.eta * params.lambda;
    st(uo + K, bu * decay - g);
    st(io + K, bi * decay - g);
    for (var f = 0u; f < K; f++) {
      let q = ld(uo + f);
      let p = ld(io + f);
      st(uo + f, q * decay - g * p);
      st(io + f, p * decay - g * q);
    }
  }
  sums[lid] = acc;
  workgroupBarrier();
  for (var half = ${WGSL_WORKGROUP / 2}u; half > 0u; half = half >> 1u) {
    if (lid < half) { sums[lid] = sums[lid] + sums[lid + half]; }
    workgroupBarrier();
  }
  if (lid == 0u) { partials[params.partial + group] = sums[0]; }
}
`;
}

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

/** Packs (u, i, r, w) per rating as four 32-bit words, the kernel's `ratings` layout. */
export function packRatings(data: RatingsColumns, weights: Float32Array | null): Uint32Array<ArrayBuffer> {
  const n = data.ratings.length;
  const out = new Uint32Array(n * 4);
  const f = new Float32Array(out.buffer);
  for (let r = 0; r < n; r++) {
    out[4 * r] = data.users[r] as number;
    out[4 * r + 1] = data.items[r] as number;
    f[4 * r + 2] = data.ratings[r] as number;
    f[4 * r + 3] = weights === null ? 1 : (weights[r] as number);
  }
  return out;
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
 * Uploads `data` (packed), `weights` and `model`'s tables (copied; `model` is not changed) to
 * `device` and compiles the kernel for k = model.factors.
 */
export function createWgslSgd(device: GPUDevice, data: RatingsColumns, model: MfModel, eta: number, lambda: number, weights: Float32Array | null): WgslSgd {
  const { nUsers, nItems, factors: k, mu } = model;
  const n = data.ratings.length;
  const module = device.createShaderModule({ code: sgdKernelSource(k) });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const table = packTable(model);
  const tableBuffer = device.createBuffer({ size: table.byteLength, usage: STORAGE | COPY_SRC | COPY_DST });
  device.queue.writeBuffer(tableBuffer, 0, table);
  const packed = packRatings(data, weights);
  const ratingsBuffer = device.createBuffer({ size: Math.max(16, packed.byteLength), usage: STORAGE | COPY_DST });
  device.queue.writeBuffer(ratingsBuffer, 0, packed);
  // one epoch's order at most (the driver's chunks are written at their offset within it)
  const orderBuffer = device.createBuffer({ size: Math.max(4, n * 4), usage: STORAGE | COPY_DST });
  const maxGroups = Math.ceil(Math.max(1, n) / WGSL_WORKGROUP) + 1;
  const partialBuffer = device.createBuffer({ size: maxGroups * 8, usage: STORAGE | COPY_SRC | COPY_DST });
  const paramsBuffer = device.createBuffer({ size: 32, usage: UNIFORM | COPY_DST });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: tableBuffer } },
      { binding: 1, resource: { buffer: ratingsBuffer } },
      { binding: 2, resource: { buffer: orderBuffer } },
      { binding: 3, resource: { buffer: partialBuffer } },
      { binding: 4, resource: { buffer: paramsBuffer } },
    ],
  });
  const uniforms = new ArrayBuffer(32);
  const u32 = new Uint32Array(uniforms);
  const f32 = new Float32Array(uniforms);
  // rows run since the last takeSqErr: their order sits at [0, used) and their partials at [0, groupsUsed)
  let used = 0;
  let groupsUsed = 0;
  let sinceWait = 0;

  const sumPartials = async (from: number, count: number): Promise<{ sqErr: number; objective: number }> => {
    if (count === 0) return { sqErr: 0, objective: 0 };
    const bytes = await readBack(device, partialBuffer, (from + count) * 8);
    const p = new Float32Array(bytes, from * 8, count * 2);
    let sqErr = 0;
    let objective = 0;
    for (let g = 0; g < count; g++) {
      sqErr += p[2 * g] as number;
      objective += p[2 * g + 1] as number;
    }
    return { sqErr, objective };
  };

  return {
    async run(rows, read) {
      if (used + rows.length > n) throw new RangeError(`${used + rows.length} rows queued since the last read-back, more than the ${n} ratings`);
      device.queue.writeBuffer(orderBuffer, used * 4, rows as Int32Array<ArrayBuffer>);
      const groups = Math.ceil(rows.length / WGSL_WORKGROUP);
      u32[0] = rows.length;
      u32[1] = used;
      u32[2] = nUsers;
      u32[3] = groupsUsed;
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
      const from = groupsUsed;
      used += rows.length;
      // a 2-D dispatch may run a few empty groups past `groups`; they write zeros at their index
      groupsUsed += x * y;
      if (read) return sumPartials(from, groupsUsed - from);
      // keep at most QUEUE_AHEAD chunks in flight, so Stop is heard within a few chunks, not an epoch
      if (++sinceWait >= QUEUE_AHEAD) {
        sinceWait = 0;
        await device.queue.onSubmittedWorkDone();
      }
      return null;
    },
    async takeSqErr() {
      const { sqErr } = await sumPartials(0, groupsUsed);
      used = 0;
      groupsUsed = 0;
      return sqErr;
    },
    async readModel() {
      return unpackTable(new Float32Array(await readBack(device, tableBuffer, table.byteLength)), nUsers, nItems, k, mu);
    },
    bytes: table.byteLength + packed.byteLength + n * 4 + maxGroups * 8 + 32,
    destroy() {
      for (const b of [tableBuffer, ratingsBuffer, orderBuffer, partialBuffer, paramsBuffer]) b.destroy();
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
