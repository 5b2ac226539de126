/// <reference types="@webgpu/types" />
/**
 * Co-rated cosine top-L neighbour lists as a SPARSE WGSL compute kernel on tfjs's WebGPU device
 * (issue 9's "similarity/top-k of k-NN neighbour lists"): the algorithm of the CPU kernel
 * `computeNeighbourLists` (src/math/knn/neighbourLists.ts), one invocation per row a:
 * walk a's entries (c, x), for each walk column c's entries (b, y) and accumulate
 * `[Σxy, Σx², Σy², n]` per b in the invocation's own scratch region (so no two invocations touch
 * the same word: no atomics), then `s = Σxy / √(Σx²·Σy²)`, `s' = s·m/(m+β)` (m = n − offset),
 * kept when n ≥ minSupport, s > 0 and s' > 0 (finite), into a bounded heap of the best L by
 * (s' descending, b ascending) — the CPU's order — heap-sorted best first. Work O(Σ_c |column c|²)
 * as on the CPU; rows run in batches of `slots` so the scratch (slots × nRows × 20 bytes) stays bounded.
 */
import type { NeighbourLists, ProgressHooks } from '../math/knn';
import { abortError, createListBuilder, defaultListLength } from '../math/knn';
import type { Csr } from '../math/sparse';
import { COPY_DST, COPY_SRC, STORAGE, UNIFORM, readBack } from './webgpuBuffers';
import { checkBufferFits } from './webgpuLimits';

/** Invocations per workgroup (one row each). */
export const WGSL_KNN_WORKGROUP = 16;
/** Default bound on the scratch buffers' bytes (accumulators and touched lists). */
export const WGSL_KNN_SCRATCH_BYTES = 48 << 20;

/** Options of `computeNeighbourListsWgsl`: those of the CPU kernel's cosine. */
export interface WgslNeighbourOptions {
  minSupport?: number;
  shrinkage?: number;
  shrinkageOffset?: number;
  listLength?: number;
  /** Bound on the scratch bytes (default WGSL_KNN_SCRATCH_BYTES); sets the rows per dispatch. */
  scratchBytes?: number;
}

/**
 * The kernel's source (WGSL). `ints` holds rows.indptr | rows.indices | cols.indptr | cols.indices,
 * `vals` rows.values | cols.values; `out` is each slot's heap of (bits(s'), bits(s), b, n), positive
 * floats compared as their bit patterns (which order like the numbers).
 */
export const WGSL_KNN_SOURCE = /* wgsl */ `
struct Params { nRows: u32, start: u32, count: u32, listLength: u32, minSupport: f32, beta: f32, offset: f32, rowIdxBase: u32, colPtrBase: u32, colIdxBase: u32, colValBase: u32, pad: u32 };
@group(0) @binding(0) var<storage, read> ints: array<u32>;
@group(0) @binding(1) var<storage, read> vals: array<f32>;
@group(0) @binding(2) var<storage, read_write> acc: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> touched: array<u32>;
@group(0) @binding(4) var<storage, read_write> out: array<vec4<u32>>;
@group(0) @binding(5) var<storage, read_write> counts: array<u32>;
@group(0) @binding(6) var<uniform> params: Params;

// e better than f: larger s', ties → lower b
fn better(e: vec4<u32>, f: vec4<u32>) -> bool { return e.x > f.x || (e.x == f.x && e.z < f.z); }

fn siftDown(h: u32, size: u32, e: vec4<u32>) {
  var c = 0u;
  loop {
    let l = 2u * c + 1u;
    if (l >= size) { break; }
    var w = l;
    if (l + 1u < size && better(out[h + l], out[h + l + 1u])) { w = l + 1u; }
    let ew = out[h + w];
    if (better(e, ew)) { out[h + c] = ew; c = w; } else { break; }
  }
  out[h + c] = e;
}

fn rawOf(a: vec4<f32>) -> f32 {
  let den = sqrt(a.y * a.z);
  if (den > 0.0) { return a.x / den; }
  return 0.0;
}

@compute @workgroup_size(${WGSL_KNN_WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let slot = gid.x;
  if (slot >= params.count) { return; }
  let a = params.start + slot;
  let base = slot * params.nRows;
  let h = slot * params.listLength;
  var nTouched = 0u;
  let pTo = ints[a + 1u];
  for (var p = ints[a]; p < pTo; p++) {
    let c = ints[params.rowIdxBase + p];
    let x = vals[p];
    let qTo = ints[params.colPtrBase + c + 1u];
    for (var q = ints[params.colPtrBase + c]; q < qTo; q++) {
      let b = ints[params.colIdxBase + q];
      let y = vals[params.colValBase + q];
      let e = acc[base + b];
      if (e.w == 0.0) { touched[base + nTouched] = b; nTouched++; }
      acc[base + b] = e + vec4<f32>(x * y, x * x, y * y, 1.0);
    }
  }
  let L = params.listLength;
  var size = 0u;
  for (var t = 0u; t < nTouched; t++) {
    let b = touched[base + t];
    let e = acc[base + b];
    if (b == a || e.w < params.minSupport) { continue; }
    let raw = rawOf(e);
    if (!(raw > 0.0)) { continue; }
    var s = raw;
    if (params.beta > 0.0) {
      let m = e.w - params.offset;
      s = select(0.0, raw * m / (m + params.beta), m + params.beta > 0.0);
    }
    if (!(s > 0.0) || s > 3.4e38) { continue; }
    let cand = vec4<u32>(bitcast<u32>(s), 0u, b, 0u);
    if (size < L) {
      var c = size;
      size++;
      loop {
        if (c == 0u) { break; }
        let parent = (c - 1u) / 2u;
        let ep = out[h + parent];
        if (better(ep, cand)) { out[h + c] = ep; c = parent; } else { break; }
      }
      out[h + c] = cand;
    } else if (L > 0u && better(cand, out[h])) {
      siftDown(h, size, cand);
    }
  }
  // heap sort: the worst goes to the end each time, so the list ends best first
  for (var end = size; end > 1u; end--) {
    let worst = out[h];
    siftDown(h, end - 1u, out[h + end - 1u]);
    out[h + end - 1u] = worst;
  }
  for (var t = 0u; t < size; t++) {
    let e = out[h + t];
    let sums = acc[base + e.z];
    out[h + t] = vec4<u32>(e.x, bitcast<u32>(rawOf(sums)), e.z, u32(sums.w));
  }
  for (var t = 0u; t < nTouched; t++) { acc[base + touched[base + t]] = vec4<f32>(0.0); }
  counts[slot] = size;
}
`;

/** Bytes of a buffer holding `words` 32-bit words (at least 16: WebGPU buffers may not be empty). */
const bytesOf = (words: number): number => Math.max(16, 4 * words);

/**
 * Cosine top-L lists of every row of `rows` (its transpose `cols`), as `computeNeighbourLists(rows,
 * cols, { kind: 'cosine', … })` defines them — `s = Σxy / √(Σx²·Σy²)` over co-rated columns, shrunk
 * `s·m/(m+β)`, only s' > 0 kept, best first, ties → lower index — summed in float32 on the GPU
 * (the CPU sums in float64: values agree to float32 rounding, exactly for small integer ratings).
 * Rows run in dispatches of `slots` rows, each read back before the next; Stop is heard between them.
 */
export async function computeNeighbourListsWgsl(device: GPUDevice, rows: Csr, cols: Csr, opts: WgslNeighbourOptions = {}, hooks: ProgressHooks = {}): Promise<NeighbourLists> {
  const nRows = rows.nRows;
  const nCols = rows.nCols;
  if (cols.nRows !== nCols || cols.nCols !== nRows) throw new Error(`rows is ${nRows}×${nCols} but cols is ${cols.nRows}×${cols.nCols}: cols must be the transpose of rows`);
  const beta = opts.shrinkage ?? 0;
  if (!(beta >= 0)) throw new Error(`shrinkage must be ≥ 0, got ${beta}`);
  const L = Math.max(0, Math.min(Math.floor(opts.listLength ?? defaultListLength(nRows)), Math.max(0, nRows - 1)));
  const nnz = rows.indices.length;
  const perSlot = Math.max(1, nRows) * 20;
  const limit = Math.min(opts.scratchBytes ?? WGSL_KNN_SCRATCH_BYTES, device.limits.maxStorageBufferBindingSize);
  const slots = Math.max(1, Math.min(nRows, Math.floor(limit / perSlot)));

  const ints = new Uint32Array(nRows + 1 + nnz + nCols + 1 + nnz);
  ints.set(rows.indptr, 0);
  ints.set(rows.indices, nRows + 1);
  ints.set(cols.indptr, nRows + 1 + nnz);
  ints.set(cols.indices, nRows + 1 + nnz + nCols + 1);
  const vals = new Float32Array(2 * nnz);
  vals.set(rows.values, 0);
  vals.set(cols.values, nnz);

  checkBufferFits(device.limits, bytesOf(ints.length), `the rating matrix's indices (${ints.length} words)`, 'compute the lists on the CPU');
  checkBufferFits(device.limits, bytesOf(vals.length), `the rating matrix's values (${vals.length} floats)`, 'compute the lists on the CPU');
  const module = device.createShaderModule({ code: WGSL_KNN_SOURCE });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const make = (words: number, usage: number) => device.createBuffer({ size: bytesOf(words), usage });
  const bInts = make(ints.length, STORAGE | COPY_DST);
  const bVals = make(vals.length, STORAGE | COPY_DST);
  const bAcc = make(slots * nRows * 4, STORAGE);
  const bTouched = make(slots * nRows, STORAGE);
  const bOut = make(slots * L * 4, STORAGE | COPY_SRC);
  const bCounts = make(slots, STORAGE | COPY_SRC);
  const bParams = make(12, UNIFORM | COPY_DST);
  const buffers = [bInts, bVals, bAcc, bTouched, bOut, bCounts, bParams];
  try {
    device.queue.writeBuffer(bInts, 0, ints);
    device.queue.writeBuffer(bVals, 0, vals);
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const uniforms = new ArrayBuffer(48);
    const u32 = new Uint32Array(uniforms);
    const f32 = new Float32Array(uniforms);
    u32[0] = nRows;
    u32[3] = L;
    f32[4] = Math.max(1, opts.minSupport ?? 1);
    f32[5] = beta;
    f32[6] = opts.shrinkageOffset ?? 0;
    u32[7] = nRows + 1;
    u32[8] = nRows + 1 + nnz;
    u32[9] = nRows + 1 + nnz + nCols + 1;
    u32[10] = nnz;

    const built = createListBuilder(nRows, L, nRows * L);
    for (let start = 0; start < nRows; start += slots) {
      if (hooks.shouldStop?.() === true) throw abortError('neighbour lists stopped');
      hooks.onProgress?.(start / nRows);
      const count = Math.min(slots, nRows - start);
      u32[1] = start;
      u32[2] = count;
      device.queue.writeBuffer(bParams, 0, uniforms);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.ceil(count / WGSL_KNN_WORKGROUP));
      pass.end();
      device.queue.submit([encoder.finish()]);
      const kept = new Uint32Array(await readBack(device, bCounts, 4 * count));
      const lists = new Uint32Array(await readBack(device, bOut, bytesOf(count * L * 4)));
      const listsF = new Float32Array(lists.buffer);
      for (let r = 0; r < count; r++) {
        const n = kept[r] as number;
        for (let t = 0; t < n; t++) {
          const o = 4 * (r * L + t);
          built.add(lists[o + 2] as number, listsF[o] as number, listsF[o + 1] as number, lists[o + 3] as number);
        }
        built.endRow(start + r);
      }
    }
    hooks.onProgress?.(1);
    return built.result();
  } finally {
    for (const b of buffers) b.destroy();
  }
}
