// AssemblyScript (compiled by scripts/build-wasm.mjs to wasm/build/knnSums.wasm with 128-bit SIMD):
// the per-row similarity sums and scores of the k-NN neighbour lists (src/math/knn/neighbourLists.ts).
//
// Not part of the TypeScript program (tsc does not see this folder): `usize`, `f64`, `v128`,
// `load<T>` and friends are AssemblyScript built-ins. Every pointer is a byte offset into this
// module's linear memory, laid out by the JavaScript side (src/model/wasmNeighbours.ts) from heapBase().
//
// For row a: walk a's entries (c, x) and every entry (b, y) of column c, summing per b, in the JS
// kernel's order and in float64, so the sums — and the similarities, computed with the same
// operations as similarityFromSums and shrinkSimilarity — are bit-for-bit the JS kernel's.
// cosine/pearson keep [Σxy, Σx², Σy², Σx, Σy, 0] per b (stride 6 f64, 16-byte aligned) updated by three
// f64x2 adds of (xy, xx), (yy, x), (y, 0): lane-wise IEEE operations, identical to the scalar ones.
// keepTop narrows the candidates to those scoring at least the L-th best; their sort stays in JavaScript.

const COSINE: i32 = 0;
const PEARSON: i32 = 1;
const MSD: i32 = 2;
// 3: jaccard

let rPtr: usize = 0;
let rIdx: usize = 0;
let rVal: usize = 0;
let cPtr: usize = 0;
let cIdx: usize = 0;
let cVal: usize = 0;
let cnt: usize = 0;
let acc: usize = 0;
let touched: usize = 0;
let cand: usize = 0;
let candSim: usize = 0;
let candRaw: usize = 0;
let candN: usize = 0;
let kind: i32 = 0;
let minSupport: i32 = 1;
let beta: f64 = 0;
let offset: f64 = 0;

/** First free byte after the module's own data: the JS side lays its arrays out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * The layout (byte offsets) and options for the following `row` calls. `rows`: rPtr (i32, nRows + 1),
 * rIdx (i32), rVal (f32); `cols`, its transpose: cPtr, cIdx, cVal. Scratch, per row b: cnt (i32, zero),
 * acc (f64 × 6 for cosine/pearson, × 1 for msd; zero), touched (i32). Outputs: cand (i32, candidates
 * in touch order), candSim, candRaw (f32, indexed by b), candN (i32, indexed by b).
 * kind: 0 cosine, 1 pearson, 2 msd, 3 jaccard.
 */
export function setup(
  rPtr_: usize, rIdx_: usize, rVal_: usize, cPtr_: usize, cIdx_: usize, cVal_: usize,
  cnt_: usize, acc_: usize, touched_: usize, cand_: usize, candSim_: usize, candRaw_: usize, candN_: usize,
  kind_: i32, minSupport_: i32, beta_: f64, offset_: f64,
): void {
  rPtr = rPtr_; rIdx = rIdx_; rVal = rVal_; cPtr = cPtr_; cIdx = cIdx_; cVal = cVal_;
  cnt = cnt_; acc = acc_; touched = touched_; cand = cand_; candSim = candSim_; candRaw = candRaw_; candN = candN_;
  kind = kind_; minSupport = minSupport_; beta = beta_; offset = offset_;
}

function similarity(n: i32, o: usize, lenA: i32, lenB: i32): f64 {
  const nf = <f64>n;
  if (kind == COSINE) {
    const sxy = load<f64>(o);
    const sxx = load<f64>(o, 8);
    const syy = load<f64>(o, 16);
    const den = Math.sqrt(sxx * syy);
    return den > 0 ? sxy / den : NaN;
  }
  if (kind == PEARSON) {
    const sxy = load<f64>(o);
    const sxx = load<f64>(o, 8);
    const syy = load<f64>(o, 16);
    const sx = load<f64>(o, 24);
    const sy = load<f64>(o, 32);
    const va = nf * sxx - sx * sx;
    const vb = nf * syy - sy * sy;
    if (!(va > 1e-12 * nf * sxx) || !(vb > 1e-12 * nf * syy)) return NaN;
    return (nf * sxy - sx * sy) / Math.sqrt(va * vb);
  }
  if (kind == MSD) return 1 / (load<f64>(o) / nf + 1);
  return nf / (<f64>(lenA + lenB) - nf);
}

/**
 * Row a: sums over the co-rated columns with every other row, then the raw and shrunk similarity
 * of every touched b ≠ a with n ≥ minSupport; writes those with shrunk ∈ (0, ∞) to cand (touch order)
 * and candSim/candRaw/candN[b]. Leaves cnt and acc zero. Returns the number of candidates.
 */
export function row(a: i32): i32 {
  const aFrom = load<i32>(rPtr + (<usize>a << 2));
  const aTo = load<i32>(rPtr + (<usize>(a + 1) << 2));
  let nTouched: i32 = 0;
  const S: i32 = kind == COSINE || kind == PEARSON ? 6 : kind == MSD ? 1 : 0;
  if (S == 6) {
    const one = f64x2.splat(1.0);
    for (let p = aFrom; p < aTo; p++) {
      const c = load<i32>(rIdx + (<usize>p << 2));
      const x = <f64>load<f32>(rVal + (<usize>p << 2));
      const xx = f64x2.splat(x);
      const qTo = load<i32>(cPtr + (<usize>(c + 1) << 2));
      for (let q = load<i32>(cPtr + (<usize>c << 2)); q < qTo; q++) {
        const b = load<i32>(cIdx + (<usize>q << 2));
        const y = <f64>load<f32>(cVal + (<usize>q << 2));
        const cb = cnt + (<usize>b << 2);
        const nb = load<i32>(cb);
        store<i32>(cb, nb + 1);
        if (nb == 0) {
          store<i32>(touched + (<usize>nTouched << 2), b);
          nTouched++;
        }
        const o = acc + <usize>b * 48;
        const yx = f64x2.replace_lane(f64x2.splat(y), 1, x); // (y, x)
        const y0 = f64x2.replace_lane(f64x2.splat(y), 1, 0.0); // (y, 0)
        v128.store(o, f64x2.add(v128.load(o), f64x2.mul(xx, yx))); // (Σxy, Σx²)
        v128.store(o, f64x2.add(v128.load(o, 16), f64x2.mul(yx, f64x2.replace_lane(one, 0, y))), 16); // (Σy², Σx)
        v128.store(o, f64x2.add(v128.load(o, 32), y0), 32); // (Σy, 0)
      }
    }
  } else if (S == 1) {
    for (let p = aFrom; p < aTo; p++) {
      const c = load<i32>(rIdx + (<usize>p << 2));
      const x = <f64>load<f32>(rVal + (<usize>p << 2));
      const qTo = load<i32>(cPtr + (<usize>(c + 1) << 2));
      for (let q = load<i32>(cPtr + (<usize>c << 2)); q < qTo; q++) {
        const b = load<i32>(cIdx + (<usize>q << 2));
        const d = x - <f64>load<f32>(cVal + (<usize>q << 2));
        const cb = cnt + (<usize>b << 2);
        const nb = load<i32>(cb);
        store<i32>(cb, nb + 1);
        if (nb == 0) {
          store<i32>(touched + (<usize>nTouched << 2), b);
          nTouched++;
        }
        const o = acc + (<usize>b << 3);
        store<f64>(o, load<f64>(o) + d * d);
      }
    }
  } else {
    for (let p = aFrom; p < aTo; p++) {
      const c = load<i32>(rIdx + (<usize>p << 2));
      const qTo = load<i32>(cPtr + (<usize>(c + 1) << 2));
      for (let q = load<i32>(cPtr + (<usize>c << 2)); q < qTo; q++) {
        const b = load<i32>(cIdx + (<usize>q << 2));
        const cb = cnt + (<usize>b << 2);
        const nb = load<i32>(cb);
        store<i32>(cb, nb + 1);
        if (nb == 0) {
          store<i32>(touched + (<usize>nTouched << 2), b);
          nTouched++;
        }
      }
    }
  }
  const lenA = aTo - aFrom;
  const stride: usize = S == 6 ? 48 : S == 1 ? 8 : 0;
  const zero = f64x2.splat(0);
  let nCand: i32 = 0;
  for (let t = 0; t < nTouched; t++) {
    const b = load<i32>(touched + (<usize>t << 2));
    const cb = cnt + (<usize>b << 2);
    const n = load<i32>(cb);
    store<i32>(cb, 0);
    const o = acc + <usize>b * stride;
    if (b != a && n >= minSupport) {
      const lenB = load<i32>(rPtr + (<usize>(b + 1) << 2)) - load<i32>(rPtr + (<usize>b << 2));
      const raw = similarity(n, o, lenA, lenB);
      if (raw > 0) {
        let s = raw;
        if (beta != 0) {
          const m = <f64>n - offset;
          s = m + beta > 0 ? (raw * m) / (m + beta) : 0;
        }
        const shrunk = <f32>s;
        if (shrunk > 0 && shrunk < Infinity) {
          store<i32>(cand + (<usize>nCand << 2), b);
          nCand++;
          store<f32>(candSim + (<usize>b << 2), shrunk);
          store<f32>(candRaw + (<usize>b << 2), <f32>raw);
          store<i32>(candN + (<usize>b << 2), n);
        }
      }
    }
    if (S == 6) {
      v128.store(o, zero);
      v128.store(o, zero, 16);
      v128.store(o, zero, 32);
    } else if (S == 1) {
      store<f64>(o, 0);
    }
  }
  return nCand;
}

/**
 * Narrows row's `nCand` candidates (cand) to those whose shrunk similarity is at least the L-th
 * largest (1 ≤ L < nCand): a superset of the top L, whose sort by (score desc, index asc) starts with
 * exactly the top L of the full sort. Positive float32 scores order like their bit patterns, so the
 * L-th largest is found by a three-way quickselect on the bits, copied to `keys` (u32 scratch, nCand).
 * Returns the number kept (in cand, in their previous relative order).
 */
export function keepTop(nCand: i32, L: i32, keys: usize): i32 {
  for (let t = 0; t < nCand; t++) {
    const b = load<i32>(cand + (<usize>t << 2));
    store<u32>(keys + (<usize>t << 2), load<u32>(candSim + (<usize>b << 2)));
  }
  const k = L - 1; // position of the L-th largest in descending order
  let lo = 0;
  let hi = nCand - 1;
  while (lo < hi) {
    const pivot = load<u32>(keys + (<usize>((lo + hi) >>> 1) << 2));
    // [lo, lt) > pivot, [lt, gt] = pivot, (gt, hi] < pivot
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const pi = keys + (<usize>i << 2);
      const v = load<u32>(pi);
      if (v > pivot) {
        const pl = keys + (<usize>lt << 2);
        store<u32>(pi, load<u32>(pl));
        store<u32>(pl, v);
        lt++;
        i++;
      } else if (v < pivot) {
        const pg = keys + (<usize>gt << 2);
        store<u32>(pi, load<u32>(pg));
        store<u32>(pg, v);
        gt--;
      } else {
        i++;
      }
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else {
      lo = k;
      hi = k;
    }
  }
  const threshold = load<u32>(keys + (<usize>k << 2));
  let m = 0;
  for (let t = 0; t < nCand; t++) {
    const b = load<i32>(cand + (<usize>t << 2));
    if (load<u32>(candSim + (<usize>b << 2)) >= threshold) {
      store<i32>(cand + (<usize>m << 2), b);
      m++;
    }
  }
  return m;
}
