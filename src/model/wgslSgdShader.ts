/**
 * The WGSL sources of the per-rating SGD kernel of biased MF (wgslSgd.ts) and of the loss sum that
 * runs once per read-back.
 *
 * What limits the kernel on SwiftShader (WebGPU on the CPU, 2 cores), measured side by side
 * (scripts/bench-page-speed.mjs --wgsl-only): the per-workgroup tree sum of the loss. Each
 * `workgroupBarrier` makes SwiftShader switch between the workgroup's subgroups (coroutines), and
 * the six of a 64-wide tree cost about as much as the SGD itself; larger workgroups were slower
 * still (128: ×0.7, 256: ×0.5), 32 faster. So the SGD kernel has no barrier at all: each invocation
 * keeps its own (Σ e², objective) over its ratings in one partial, and a second one-workgroup kernel
 * sums the partials on the GPU only when they are read (once per epoch).
 *
 * A table of baked-in length (sgdKernelSource's `tableWords`) measured a little faster (≈ 5–10 %).
 *
 * Without the barrier, workgroups of 32, 64 or 128 and 1 to 16 ratings per invocation measured the
 * same within the machine's noise; 8 per invocation keeps the partials at one byte per rating.
 *
 * Tried and not kept (each no faster, or slower, on SwiftShader): reading each row once into a
 * private array (array<f32, K> or array<vec4<f32>, K / 4>: ×0.7–0.8, private arrays live in memory
 * there), fully unrolled scalar registers (×0.9–1.0), a factor loop unrolled by 4 (same); smaller
 * chunks per dispatch (4 096 instead of 65 536: ×0.96) and one order upload per epoch (same), so the
 * dispatch and upload overhead is small; a subgroup per rating (lanes split the k factors, subgroupAdd):
 * up to ×1.35 in a stand-alone page, but tfjs's device is created without the 'subgroups' feature.
 */

/** Invocations per workgroup. */
export const WGSL_WORKGROUP = 64;
/** Ratings per invocation (one loss partial each); a chunk of n ratings has ⌈n / 512⌉ workgroups. */
export const WGSL_PER_INVOCATION = 8;
/** Invocations of the loss sum (one workgroup). */
export const WGSL_SUM_WORKGROUP = 256;

/**
 * The SGD kernel's source. `k` is baked in as a constant, and so is the table's length in words
 * (`tableWords`, (nUsers + nItems)(k + 1)) when given: the bounds clamp on each access is then
 * against a constant, not the buffer's runtime length.
 */
export function sgdKernelSource(k: number, tableWords?: number): string {
  const wg = WGSL_WORKGROUP;
  const tableType = tableWords === undefined ? 'array<atomic<u32>>' : `array<atomic<u32>, ${Math.max(1, tableWords)}>`;
  return /* wgsl */ `
const K: u32 = ${k}u;
const S: u32 = ${k + 1}u;
struct Params { n: u32, pad: u32, nUsers: u32, partial: u32, mu: f32, eta: f32, lambda: f32, weighted: u32 };
@group(0) @binding(0) var<storage, read_write> table: ${tableType};
@group(0) @binding(1) var<storage, read> chunk: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> partials: array<vec2<f32>>;
@group(0) @binding(3) var<uniform> params: Params;

fn ld(at: u32) -> f32 { return bitcast<f32>(atomicLoad(&table[at])); }
fn st(at: u32, v: f32) { atomicStore(&table[at], bitcast<u32>(v)); }

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let invocation = (wid.y * groups.x + wid.x) * ${wg}u + lid;
  let first = (wid.y * groups.x + wid.x) * ${wg * WGSL_PER_INVOCATION}u + lid;
  let eta = params.eta;
  let lambda = params.lambda;
  let decay = 1.0 - 2.0 * eta * lambda;
  var acc = vec2<f32>(0.0, 0.0);
  for (var t = 0u; t < ${WGSL_PER_INVOCATION}u; t++) {
    let j = first + t * ${wg}u;
    if (j >= params.n) { break; }
    let r = chunk[j];
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
    acc += vec2<f32>(e * e, w * e * e + lambda * (norms + bu * bu + bi * bi));
    let g = 2.0 * eta * w * e;
    st(uo + K, bu * decay - g);
    st(io + K, bi * decay - g);
    // the rows again (re-reading was faster on SwiftShader than holding them in a private array)
    for (var f = 0u; f < K; f++) {
      let q = ld(uo + f);
      let p = ld(io + f);
      st(uo + f, q * decay - g * p);
      st(io + f, p * decay - g * q);
    }
  }
  // the whole workgroup writes (zeros where idle), so the sum's range holds no stale partial
  if (first - lid < params.n) { partials[params.partial + invocation] = acc; }
}
`;
}

/**
 * The loss sum's source: one workgroup adds partials [first, first + count) (compensated, per
 * invocation, then a tree) into totals[slot], plus what totals[slot] held when `carry` is 1.
 */
export function sumKernelSource(): string {
  const wg = WGSL_SUM_WORKGROUP;
  return /* wgsl */ `
struct SumParams { first: u32, count: u32, slot: u32, carry: u32 };
@group(0) @binding(0) var<storage, read> partials: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> totals: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: SumParams;
var<workgroup> sums: array<vec2<f32>, ${wg}>;

@compute @workgroup_size(${wg})
fn main(@builtin(local_invocation_index) lid: u32) {
  var s = vec2<f32>(0.0, 0.0);
  var c = vec2<f32>(0.0, 0.0);
  for (var j = lid; j < params.count; j += ${wg}u) {
    let y = partials[params.first + j] - c;
    let t = s + y;
    c = (t - s) - y;
    s = t;
  }
  sums[lid] = s;
  workgroupBarrier();
  for (var half = ${wg / 2}u; half > 0u; half = half >> 1u) {
    if (lid < half) { sums[lid] = sums[lid] + sums[lid + half]; }
    workgroupBarrier();
  }
  if (lid == 0u) {
    var total = sums[0];
    if (params.carry != 0u) { total += totals[params.slot]; }
    totals[params.slot] = total;
  }
}
`;
}
