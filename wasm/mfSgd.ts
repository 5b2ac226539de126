// AssemblyScript (compiled by scripts/build-wasm.mjs to wasm/build/mfSgd.wasm with 128-bit SIMD):
// the per-rating SGD inner loop of biased MF  r̂_ui = μ + b_u + b_i + q_u·p_i.
//
// Not part of the TypeScript program (tsc does not see this folder): `usize`, `f32`, `v128`,
// `load<T>` and friends are AssemblyScript built-ins. Every pointer is a byte offset into this
// module's linear memory, laid out by the JavaScript side (src/model/wasmSgd.ts) from heapBase().
//
// Per rating (u, i, r) with weight w (1 when there are none), all terms read before the update,
// exactly the lab's SGD step (cpuTrainer.ts) on a batch of one rating:
//   e = μ + b_u + b_i + q_u·p_i − r
//   b_u ← b_u − η(2we + 2λ b_u),   b_i ← b_i − η(2we + 2λ b_i)
//   q_u ← q_u − η(2we p_i + 2λ q_u),   p_i ← p_i − η(2we q_u + 2λ p_i)   (p_i's update uses the old q_u)
// computed as θ·(1 − 2ηλ) − 2ηwe·x in float32, four factors per v128 lane group, a scalar tail when
// k is not a multiple of 4.
//
// Built twice (scripts/build-wasm.mjs): mfSgd.wasm with its own memory, and mfSgdShared.wasm, which
// imports a shared memory so one instance per thread works on the same tables
// (src/model/wasmSgdThreads.ts). The threaded path's DSGD schedule never lets two threads touch the
// same user or item row at once, so these plain loads and stores never race there. (Were a schedule
// to overlap rows, Hogwild-style, the races would still be defined behaviour under the wasm threads
// memory model — torn or stale values, not undefined behaviour — only nondeterministic.)

// Σ w·e² + λ(‖q_u‖² + ‖p_i‖² + b_u² + b_i²) over the last run's ratings (before each update), when asked.
let objective: f64 = 0;

/** First free byte after the module's own data: the JS side lays its arrays out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** The weighted objective of the last sgdRun called with wantObjective = 1. */
export function lastObjective(): f64 {
  return objective;
}

/**
 * One pass of per-rating SGD over `n` row indices at `order` (i32), in that order. Columns at
 * `users`, `items` (i32), `ratings` (f32) and, unless `weights` is 0, `weights` (f32), indexed by row.
 * Tables: `U` (nUsers·k f32), `P` (nItems·k f32), `bu`, `bi` (f32), row-major, 16-byte aligned rows
 * when k is a multiple of 4. Returns Σ e² (unweighted, each e before its update), in float64.
 */
export function sgdRun(
  order: usize,
  n: i32,
  users: usize,
  items: usize,
  ratings: usize,
  weights: usize,
  U: usize,
  P: usize,
  bu: usize,
  bi: usize,
  k: i32,
  mu: f32,
  eta: f32,
  lambda: f32,
  wantObjective: i32,
): f64 {
  const rowBytes: usize = (<usize>k) << 2;
  const vecBytes: usize = (<usize>(k & ~3)) << 2;
  const decay: f32 = <f32>1 - <f32>2 * eta * lambda;
  const decayV = f32x4.splat(decay);
  let sq: f64 = 0;
  let obj: f64 = 0;
  for (let j = 0; j < n; j++) {
    const row = <usize>load<i32>(order + ((<usize>j) << 2));
    const u = <usize>load<i32>(users + (row << 2));
    const i = <usize>load<i32>(items + (row << 2));
    const r = load<f32>(ratings + (row << 2));
    const w: f32 = weights == 0 ? <f32>1 : load<f32>(weights + (row << 2));
    const qu = U + u * rowBytes;
    const pi = P + i * rowBytes;
    const buPtr = bu + (u << 2);
    const biPtr = bi + (i << 2);
    const bU = load<f32>(buPtr);
    const bI = load<f32>(biPtr);

    // q_u · p_i: two v128 accumulators, then the scalar tail
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    let o: usize = 0;
    for (; o + 32 <= vecBytes; o += 32) {
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(qu + o), v128.load(pi + o)));
      acc1 = f32x4.add(acc1, f32x4.mul(v128.load(qu + o + 16), v128.load(pi + o + 16)));
    }
    for (; o < vecBytes; o += 16) acc0 = f32x4.add(acc0, f32x4.mul(v128.load(qu + o), v128.load(pi + o)));
    const acc = f32x4.add(acc0, acc1);
    let dot: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (let t = o; t < rowBytes; t += 4) dot += load<f32>(qu + t) * load<f32>(pi + t);

    const e: f32 = mu + bU + bI + dot - r;
    sq += <f64>e * <f64>e;
    if (wantObjective != 0) {
      let norm: f64 = <f64>bU * <f64>bU + <f64>bI * <f64>bI;
      for (let t: usize = 0; t < rowBytes; t += 4) {
        const a = <f64>load<f32>(qu + t);
        const b = <f64>load<f32>(pi + t);
        norm += a * a + b * b;
      }
      obj += <f64>w * <f64>e * <f64>e + <f64>lambda * norm;
    }

    const g: f32 = <f32>2 * eta * w * e; // 2ηwe
    store<f32>(buPtr, bU * decay - g);
    store<f32>(biPtr, bI * decay - g);
    const gV = f32x4.splat(g);
    let s: usize = 0;
    for (; s < vecBytes; s += 16) {
      const q = v128.load(qu + s);
      const p = v128.load(pi + s);
      v128.store(qu + s, f32x4.sub(f32x4.mul(q, decayV), f32x4.mul(gV, p)));
      v128.store(pi + s, f32x4.sub(f32x4.mul(p, decayV), f32x4.mul(gV, q)));
    }
    for (; s < rowBytes; s += 4) {
      const q = load<f32>(qu + s);
      const p = load<f32>(pi + s);
      store<f32>(qu + s, q * decay - g * p);
      store<f32>(pi + s, p * decay - g * q);
    }
  }
  if (wantObjective != 0) objective = obj;
  return sq;
}
