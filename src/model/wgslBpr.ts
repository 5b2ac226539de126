/// <reference types="@webgpu/types" />
/**
 * Per-triple SGD of BPR-MF as a WGSL compute kernel on tfjs's own WebGPU device (BPR's "sgd-wgsl"
 * GPU kernel; issue 9, "the same for BPR"). tfjs's path is dense (the gradient of `gather` is an
 * unsortedSegmentSum over whole tables, and the optimizer rewrites every row every step); this kernel
 * reads and writes only rows u, i and j of each triple.
 *
 * - One table buffer: the user rows `[q_u]` (stride k), then the item rows `[p_i; b_i]` (stride k + 1).
 * - The sampler stays on the CPU: each batch of triples (BprBatch) is uploaded and run as one
 *   dispatch, one invocation per triple, Hogwild-style. Every table access is a relaxed
 *   `atomicLoad`/`atomicStore` of the float's bits (as in wgslSgd), so a racing read sees some whole
 *   float written earlier. With no user twice and no item twice (as i or j) in a batch, no two
 *   invocations touch the same word and the result is the CPU trainer's SGD step on that batch.
 * - Σ −ln σ(x̂_uij) and the regularization term per workgroup of 64 into a partials buffer, read back
 *   once per epoch (takeEpochLoss) or per step when the step loss is asked for.
 */
import type { BprModel } from '../math/bpr';
import type { Csr } from '../math/sparse';
import type { BprBatch } from './bprSampling';
import { runBprTraining } from './bprTrainingLoop';
import type { BprStepRunner } from './bprTrainingLoop';
import { prepareBprTraining } from './bprTrainingSetup';
import type { BprTrainParams, BprTrainState } from './bprTrainingSetup';
import type { TrainHooks } from './trainHooks';
import { COPY_DST, COPY_SRC, STORAGE, UNIFORM, dispatchGrid, readBack } from './webgpuBuffers';
import { checkBufferFits } from './webgpuLimits';

/** Invocations per workgroup. */
export const WGSL_BPR_WORKGROUP = 64;
/**
 * Triples per invocation, each invocation writing one loss partial of its own: no workgroup barrier
 * (on SwiftShader a 64-wide tree sum's six barriers cost about as much as the SGD; see
 * wgslSgdShader.ts, where the same change doubled the MF kernel).
 */
export const WGSL_BPR_PER_INVOCATION = 8;
/** Dispatches queued before the runner waits for the GPU, so Stop is heard within a few of them. */
const QUEUE_AHEAD = 4;
/** Invocation partials kept on the GPU before they are summed on the CPU (a safety bound, not a limit). */
const MAX_PARTIALS = 1 << 18;

/**
 * The kernel's source (WGSL); `k` is baked in so the factor loops unroll. Per triple (u, i, j), with
 * x̂_uij = q_u·(p_i − p_j) + b_i − b_j and w = σ(−x̂_uij), all read before the update:
 * `q_u ← q_u − η(−w(p_i − p_j) + λq_u)`, `p_i ← p_i − η(−w·q_u + λp_i)`, `p_j ← p_j − η(w·q_u + λp_j)`,
 * `b_i ← b_i − η(−w + λb_i)`, `b_j ← b_j − η(w + λb_j)`.
 */
export function bprKernelSource(k: number): string {
  return /* wgsl */ `
const K: u32 = ${k}u;
const S: u32 = ${k + 1}u;
struct Params { n: u32, partial: u32, capacity: u32, itemBase: u32, eta: f32, lambda: f32, pad0: u32, pad1: u32 };
@group(0) @binding(0) var<storage, read_write> table: array<atomic<u32>>;
@group(0) @binding(1) var<storage, read> triples: array<u32>;
@group(0) @binding(2) var<storage, read_write> partials: array<vec2<f32>>;
@group(0) @binding(3) var<uniform> params: Params;

fn ld(at: u32) -> f32 { return bitcast<f32>(atomicLoad(&table[at])); }
fn st(at: u32, v: f32) { atomicStore(&table[at], bitcast<u32>(v)); }

@compute @workgroup_size(${WGSL_BPR_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group = wid.y * groups.x + wid.x;
  let first = group * ${WGSL_BPR_WORKGROUP * WGSL_BPR_PER_INVOCATION}u + lid;
  var acc = vec2<f32>(0.0, 0.0);
  for (var s = 0u; s < ${WGSL_BPR_PER_INVOCATION}u; s++) {
    let t = first + s * ${WGSL_BPR_WORKGROUP}u;
    if (t >= params.n) { break; }
    let uo = triples[t] * K;
    let io = params.itemBase + triples[params.capacity + t] * S;
    let jo = params.itemBase + triples[2u * params.capacity + t] * S;
    let bi = ld(io + K);
    let bj = ld(jo + K);
    var x = bi - bj;
    var norms = bi * bi + bj * bj;
    for (var f = 0u; f < K; f++) {
      let q = ld(uo + f);
      let pi = ld(io + f);
      let pj = ld(jo + f);
      x += q * (pi - pj);
      norms += q * q + pi * pi + pj * pj;
    }
    // −ln σ(x) = max(−x, 0) + ln(1 + e^{−|x|}); w = σ(−x)
    let loss = max(-x, 0.0) + log(1.0 + exp(-abs(x)));
    var w: f32;
    if (x >= 0.0) { let e = exp(-x); w = e / (1.0 + e); } else { w = 1.0 / (1.0 + exp(x)); }
    acc += vec2<f32>(loss, 0.5 * params.lambda * norms);
    let eta = params.eta;
    let lambda = params.lambda;
    st(io + K, bi - eta * (-w + lambda * bi));
    st(jo + K, bj - eta * (w + lambda * bj));
    for (var f = 0u; f < K; f++) {
      let q = ld(uo + f);
      let pi = ld(io + f);
      let pj = ld(jo + f);
      st(uo + f, q - eta * (-w * (pi - pj) + lambda * q));
      st(io + f, pi - eta * (-w * q + lambda * pi));
      st(jo + f, pj - eta * (w * q + lambda * pj));
    }
  }
  // every invocation writes (zeros where idle), so the partials read hold nothing stale
  partials[params.partial + group * ${WGSL_BPR_WORKGROUP}u + lid] = acc;
}
`;
}

/** The user rows `[q_u]` (stride k), then the item rows `[p_i; b_i]` (stride k + 1), the kernel's table layout. */
export function packBprTable(model: BprModel): Float32Array<ArrayBuffer> {
  const { nUsers, nItems, factors: k } = model;
  const base = nUsers * k;
  const out = new Float32Array(base + nItems * (k + 1));
  out.set(model.userFactors, 0);
  for (let i = 0; i < nItems; i++) {
    const o = base + i * (k + 1);
    out.set(model.itemFactors.subarray(i * k, (i + 1) * k), o);
    out[o + k] = model.itemBias[i] as number;
  }
  return out;
}

/** The model of a packed table (fresh arrays). */
export function unpackBprTable(table: Float32Array, nUsers: number, nItems: number, k: number): BprModel {
  const base = nUsers * k;
  const itemFactors = new Float32Array(nItems * k);
  const itemBias = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const o = base + i * (k + 1);
    itemFactors.set(table.subarray(o, o + k), i * k);
    itemBias[i] = table[o + k] as number;
  }
  return { nUsers, nItems, factors: k, userFactors: table.slice(0, base), itemFactors, itemBias };
}


/** A BprStepRunner on the GPU, and the buffers to free. */
export interface WgslBprRunner {
  runner: BprStepRunner;
  /** GPU bytes held. */
  bytes: number;
  destroy(): void;
}

/** The dispatch grid (workgroups along x and y) for `n` triples. */
function gridOf(n: number): [number, number] {
  return dispatchGrid(Math.ceil(n / (WGSL_BPR_WORKGROUP * WGSL_BPR_PER_INVOCATION)));
}

/** Partial slots a dispatch of `n` triples writes: one per invocation (a 2-D grid may run a few empty groups). */
function slotsOf(n: number): number {
  const [x, y] = gridOf(n);
  return x * y * WGSL_BPR_WORKGROUP;
}

/** The GPU buffers of one runner. */
interface BprBuffers {
  table: GPUBuffer;
  triples: GPUBuffer;
  partials: GPUBuffer;
  /** Workgroup partials the partials buffer holds. */
  slots: number;
  params: GPUBuffer;
  bindGroup: GPUBindGroup;
  pipeline: GPUComputePipeline;
}

/** Compiles the kernel for `k` and makes its buffers, the table filled from `packed`. */
function createBuffers(device: GPUDevice, k: number, packed: Float32Array<ArrayBuffer>, capacity: number): BprBuffers {
  const instead = 'train BPR on the CPU, or with the tfjs kernel';
  checkBufferFits(device.limits, packed.byteLength, `the factor tables (${packed.length / (k + 1)} rows × ${k + 1} floats)`, instead);
  checkBufferFits(device.limits, 12 * capacity, `a batch of ${capacity} triples`, 'choose a smaller batch size');
  const module = device.createShaderModule({ code: bprKernelSource(k) });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const table = device.createBuffer({ size: packed.byteLength, usage: STORAGE | COPY_SRC | COPY_DST });
  device.queue.writeBuffer(table, 0, packed);
  const triples = device.createBuffer({ size: 12 * capacity, usage: STORAGE | COPY_DST });
  const slots = Math.max(MAX_PARTIALS, slotsOf(capacity));
  const partials = device.createBuffer({ size: 8 * slots, usage: STORAGE | COPY_SRC | COPY_DST });
  const params = device.createBuffer({ size: 32, usage: UNIFORM | COPY_DST });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: table } },
      { binding: 1, resource: { buffer: triples } },
      { binding: 2, resource: { buffer: partials } },
      { binding: 3, resource: { buffer: params } },
    ],
  });
  return { table, triples, partials, slots, params, bindGroup, pipeline };
}

/**
 * The WGSL SGD step on `init`'s tables (uploaded; `init` is not changed), for batches of at most
 * params.batchSize triples. step() uploads the batch and queues one dispatch; it returns L_B (the
 * batch's Σ [−ln σ(x̂_uij) + (λ/2)(‖q_u‖² + ‖p_i‖² + ‖p_j‖² + b_i² + b_j²)], each triple's terms
 * read before its own update) only when `wantLoss` (one read-back). snapshot() reads the tables back
 * (fresh arrays). SGD only: throws for Adam.
 */
export function createWgslBprRunner(device: GPUDevice, init: BprModel, params: BprTrainParams): WgslBprRunner {
  if (params.optimizer !== 'sgd') throw new Error(`the sgd-wgsl kernel trains BPR with SGD only, not ${params.optimizer}`);
  const { nUsers, nItems, factors: k } = init;
  const capacity = Math.max(1, params.batchSize);
  const packed = packBprTable(init);
  const b = createBuffers(device, k, packed, capacity);
  const uniforms = new ArrayBuffer(32);
  const u32 = new Uint32Array(uniforms);
  const f32 = new Float32Array(uniforms);
  u32[2] = capacity;
  u32[3] = nUsers * k;
  f32[4] = params.learningRate;
  f32[5] = params.regularization;
  // the invocations' partials since the last read-back sit at [0, slotsUsed); `carried` holds sums already read
  let slotsUsed = 0;
  let carried = 0;
  let sinceWait = 0;

  const sumPartials = async (from: number, count: number): Promise<{ data: number; reg: number }> => {
    if (count === 0) return { data: 0, reg: 0 };
    const p = new Float32Array(await readBack(device, b.partials, (from + count) * 8), from * 8, count * 2);
    let data = 0;
    let reg = 0;
    for (let g = 0; g < count; g++) {
      data += p[2 * g] as number;
      reg += p[2 * g + 1] as number;
    }
    return { data, reg };
  };

  const dispatch = (batch: BprBatch): number => {
    const n = batch.size;
    if (n > capacity) throw new Error(`a batch of ${n} triples, more than batchSize ${capacity}`);
    device.queue.writeBuffer(b.triples, 0, batch.users as Int32Array<ArrayBuffer>, 0, n);
    device.queue.writeBuffer(b.triples, 4 * capacity, batch.pos as Int32Array<ArrayBuffer>, 0, n);
    device.queue.writeBuffer(b.triples, 8 * capacity, batch.neg as Int32Array<ArrayBuffer>, 0, n);
    const [x, y] = gridOf(n);
    u32[0] = n;
    u32[1] = slotsUsed;
    device.queue.writeBuffer(b.params, 0, uniforms);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(b.pipeline);
    pass.setBindGroup(0, b.bindGroup);
    pass.dispatchWorkgroups(x, y);
    pass.end();
    device.queue.submit([encoder.finish()]);
    // a 2-D dispatch may run a few empty groups past `groups`; they write zeros at their index
    const from = slotsUsed;
    slotsUsed += slotsOf(n);
    return from;
  };

  const runner: BprStepRunner = {
    async step(batch, _t, wantLoss) {
      if (batch.size === 0) return wantLoss ? 0 : undefined;
      // keep the partials within their buffer: sum what is there on the CPU first
      if (slotsUsed + slotsOf(batch.size) > b.slots) {
        carried += (await sumPartials(0, slotsUsed)).data;
        slotsUsed = 0;
      }
      const from = dispatch(batch);
      if (wantLoss) {
        const s = await sumPartials(from, slotsUsed - from);
        return s.data + s.reg;
      }
      if (++sinceWait >= QUEUE_AHEAD) {
        sinceWait = 0;
        await device.queue.onSubmittedWorkDone();
      }
      return undefined;
    },
    async takeEpochLoss() {
      const s = carried + (await sumPartials(0, slotsUsed)).data;
      carried = 0;
      slotsUsed = 0;
      return s;
    },
    async snapshot() {
      return unpackBprTable(new Float32Array(await readBack(device, b.table, packed.byteLength)), nUsers, nItems, k);
    },
    memory: () => ({ tensors: 0, bytes }),
  };
  const bytes = packed.byteLength + 12 * capacity + 8 * b.slots + 32;
  return {
    runner,
    bytes,
    destroy() {
      for (const buffer of [b.table, b.triples, b.partials, b.params]) buffer.destroy();
    },
  };
}

/**
 * Trains BPR-MF by per-triple Hogwild SGD in the WGSL kernel: the model, objective, initial tables and
 * triples of trainBprCpu (one rng seeded by params.seed; see there for the equations), each batch of
 * params.batchSize triples one dispatch, through the shared driver (hooks, Stop, epoch reports,
 * checkpoints after each epoch and resume from one). Reports backend 'webgpu'. SGD only.
 */
export async function trainBprWgsl(device: GPUDevice, byUser: Csr, params: BprTrainParams, hooks: TrainHooks<BprTrainState> = {}): Promise<BprModel> {
  if (params.optimizer !== 'sgd') throw new Error(`the sgd-wgsl kernel trains BPR with SGD only, not ${params.optimizer}`);
  const setup = prepareBprTraining(byUser, params, hooks.resume);
  const gpu = createWgslBprRunner(device, setup.model, params);
  try {
    return await runBprTraining(setup, params, hooks, 'webgpu', gpu.runner);
  } finally {
    gpu.destroy();
  }
}
