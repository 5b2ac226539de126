// AssemblyScript (compiled by scripts/build-wasm.mjs to wasm/build/bprSgd.wasm with 128-bit SIMD):
// the per-triple SGD inner loop of BPR-MF  x̂_ui = b_i + q_u·p_i.
//
// Not part of the TypeScript program (tsc does not see this folder): `usize`, `f32`, `v128`,
// `load<T>` and friends are AssemblyScript built-ins. Every pointer is a byte offset into this
// module's linear memory, laid out by the JavaScript side (src/model/wasmBpr.ts) from heapBase().
//
// Per triple (u, i, j), in the order given, all terms read before the update — exactly the CPU
// trainer's step on a batch of one triple (bprCpuTrainer.ts, sgdOne):
//   x = x̂_uij = b_i − b_j + q_u·(p_i − p_j),   w = σ(−x),   ℓ = −ln σ(x) = max(−x, 0) + ln(1 + e^{−|x|})
//   q_u ← q_u − η(−w(p_i − p_j) + λq_u)   p_i ← p_i − η(−w·q_u + λp_i)   p_j ← p_j − η(w·q_u + λp_j)
//   b_i ← b_i − η(−w + λb_i)              b_j ← b_j − η(w + λb_j)        (old q_u, p_i, p_j throughout)
// computed as θ·(1 − ηλ) ± ηw·x in float32, four factors per v128 lane group, a scalar tail when k
// is not a multiple of 4; x, w and ℓ in float64 (as the JS trainer computes them).

// Σ ℓ + (λ/2)(‖q_u‖² + ‖p_i‖² + ‖p_j‖² + b_i² + b_j²) over the last run's triples (before each update), when asked.
let objective: f64 = 0;

/** First free byte after the module's own data: the JS side lays its arrays out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** The objective of the last bprRun called with wantObjective = 1. */
export function lastObjective(): f64 {
  return objective;
}

/**
 * Per-triple SGD over the `n` triples (users[t], pos[t], neg[t]) (i32 columns), in that order.
 * Tables: `U` (nUsers·k f32), `P` (nItems·k f32), `B` (nItems f32), row-major. Returns Σ ℓ (each
 * triple's −ln σ(x̂_uij) before its update), in float64.
 */
export function bprRun(users: usize, pos: usize, neg: usize, n: i32, U: usize, P: usize, B: usize, k: i32, eta: f32, lambda: f32, wantObjective: i32): f64 {
  const rowBytes: usize = (<usize>k) << 2;
  const vecBytes: usize = (<usize>(k & ~3)) << 2;
  const decay: f32 = <f32>1 - eta * lambda;
  const decayV = f32x4.splat(decay);
  let lossSum: f64 = 0;
  let obj: f64 = 0;
  for (let t = 0; t < n; t++) {
    const at: usize = (<usize>t) << 2;
    const u = <usize>load<i32>(users + at);
    const i = <usize>load<i32>(pos + at);
    const j = <usize>load<i32>(neg + at);
    const qu = U + u * rowBytes;
    const pi = P + i * rowBytes;
    const pj = P + j * rowBytes;
    const biPtr = B + (i << 2);
    const bjPtr = B + (j << 2);
    const bI = load<f32>(biPtr);
    const bJ = load<f32>(bjPtr);

    // q_u · (p_i − p_j): two v128 accumulators, then the scalar tail
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    let o: usize = 0;
    for (; o + 32 <= vecBytes; o += 32) {
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(qu + o), f32x4.sub(v128.load(pi + o), v128.load(pj + o))));
      acc1 = f32x4.add(acc1, f32x4.mul(v128.load(qu + o + 16), f32x4.sub(v128.load(pi + o + 16), v128.load(pj + o + 16))));
    }
    for (; o < vecBytes; o += 16) acc0 = f32x4.add(acc0, f32x4.mul(v128.load(qu + o), f32x4.sub(v128.load(pi + o), v128.load(pj + o))));
    const acc = f32x4.add(acc0, acc1);
    let dot: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    for (let s = o; s < rowBytes; s += 4) dot += load<f32>(qu + s) * (load<f32>(pi + s) - load<f32>(pj + s));

    const x: f64 = <f64>bI - <f64>bJ + <f64>dot;
    // e = e^{−|x|} ∈ (0, 1]: w = σ(−x) and ℓ = −ln σ(x) without overflow
    const e: f64 = Math.exp(-Math.abs(x));
    const w: f64 = x >= 0 ? e / (1 + e) : 1 / (1 + e);
    const loss: f64 = Math.max(-x, 0) + Math.log1p(e);
    lossSum += loss;
    if (wantObjective != 0) {
      let norm: f64 = <f64>bI * <f64>bI + <f64>bJ * <f64>bJ;
      for (let s: usize = 0; s < rowBytes; s += 4) {
        const a = <f64>load<f32>(qu + s);
        const b = <f64>load<f32>(pi + s);
        const c = <f64>load<f32>(pj + s);
        norm += a * a + b * b + c * c;
      }
      obj += loss + <f64>0.5 * <f64>lambda * norm;
    }

    const g: f32 = <f32>(<f64>eta * w); // ηw
    store<f32>(biPtr, bI * decay + g);
    store<f32>(bjPtr, bJ * decay - g);
    const gV = f32x4.splat(g);
    let s: usize = 0;
    for (; s < vecBytes; s += 16) {
      const q = v128.load(qu + s);
      const a = v128.load(pi + s);
      const b = v128.load(pj + s);
      const gq = f32x4.mul(gV, q);
      v128.store(qu + s, f32x4.add(f32x4.mul(q, decayV), f32x4.mul(gV, f32x4.sub(a, b))));
      v128.store(pi + s, f32x4.add(f32x4.mul(a, decayV), gq));
      v128.store(pj + s, f32x4.sub(f32x4.mul(b, decayV), gq));
    }
    for (; s < rowBytes; s += 4) {
      const q = load<f32>(qu + s);
      const a = load<f32>(pi + s);
      const b = load<f32>(pj + s);
      store<f32>(qu + s, q * decay + g * (a - b));
      store<f32>(pi + s, a * decay + g * q);
      store<f32>(pj + s, b * decay - g * q);
    }
  }
  if (wantObjective != 0) objective = obj;
  return lossSum;
}
