/**
 * The next-item network in plain JS: one recurrent cell read over a sequence of items, a score for
 * every item from the hidden state, the training loss and its exact gradient by backpropagation
 * through time. Weights are float32 (or float64 in gradient checks); all arithmetic is float64.
 *
 * Reading item x_t (its embedding e = E[x_t]) moves the state h_{t−1} → h_t:
 *
 * GRU (Cho et al. 2014, reset applied before the recurrent product):
 *   z = σ(e W_x^z + h_{t−1} W_h^z + b^z), r = σ(e W_x^r + h_{t−1} W_h^r + b^r),
 *   h̃ = tanh(e W_x^h̃ + (r ⊙ h_{t−1}) W_h^h̃ + b^h̃), h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃.
 * LSTM: [a^i a^f a^g a^o] = e W_x + h_{t−1} W_h + b, i = σ(a^i), f = σ(a^f), g = tanh(a^g),
 *   o = σ(a^o), c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t).
 * h_0 = c_0 = 0. Scores: s_j(h) = h · o_j + c_j for every item j.
 */
import type { SeqShape, SeqWeights, Vec } from './weights';
import { gateCount } from './weights';

/** σ(x) = 1 / (1 + e^{−x}). */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Gradient buffers, one float64 table per parameter table (same layout). */
export interface SeqGradients {
  embedding: Float64Array;
  wx: Float64Array;
  wh: Float64Array;
  b: Float64Array;
  out: Float64Array;
  outBias: Float64Array;
}

/** Zeroed gradient buffers for a shape. */
export function zeroGradients(shape: SeqShape): SeqGradients {
  const { nItems: n, embeddingDim: d, hiddenSize: h } = shape;
  const gh = gateCount(shape.cell) * h;
  return {
    embedding: new Float64Array(n * d),
    wx: new Float64Array(d * gh),
    wh: new Float64Array(h * gh),
    b: new Float64Array(gh),
    out: new Float64Array(n * h),
    outBias: new Float64Array(n),
  };
}

/** Sets every gradient to 0. */
export function clearGradients(g: SeqGradients): void {
  g.embedding.fill(0);
  g.wx.fill(0);
  g.wh.fill(0);
  g.b.fill(0);
  g.out.fill(0);
  g.outBias.fill(0);
}

/**
 * Scratch space for reading sequences of up to `maxSteps` items: the states h_0…h_T (and the LSTM's
 * c_0…c_T), the gate activations of every step, and backward buffers. Reused across sequences.
 */
export class SeqWorkspace {
  readonly maxSteps: number;
  readonly shape: SeqShape;
  /** h_t at t·H, t = 0…maxSteps. */
  readonly hs: Float64Array;
  /** LSTM c_t at t·H (length 0 for the GRU). */
  readonly cs: Float64Array;
  /** Step t's gate activations at t·G·H: GRU z | r | h̃, LSTM i | f | g | o. */
  readonly gates: Float64Array;
  /** Step t at t·H: GRU r ⊙ h_{t−1}, LSTM tanh(c_t). */
  readonly aux: Float64Array;
  /** ∂L/∂h_t from the output layer at t·H. */
  readonly dhOut: Float64Array;
  /** Backward buffers (H each) and the gate pre-activation gradient (G·H). */
  readonly dh: Float64Array;
  readonly dhPrev: Float64Array;
  readonly dc: Float64Array;
  readonly dcPrev: Float64Array;
  readonly da: Float64Array;
  /** Logits of the candidates of one position (grown to the candidate count when needed). */
  logits: Float64Array;
  constructor(shape: SeqShape, maxSteps: number) {
    const H = shape.hiddenSize;
    const GH = gateCount(shape.cell) * H;
    this.shape = shape;
    this.maxSteps = maxSteps;
    this.hs = new Float64Array((maxSteps + 1) * H);
    this.cs = new Float64Array(shape.cell === 'lstm' ? (maxSteps + 1) * H : 0);
    this.gates = new Float64Array(maxSteps * GH);
    this.aux = new Float64Array(maxSteps * H);
    this.dhOut = new Float64Array((maxSteps + 1) * H);
    this.dh = new Float64Array(H);
    this.dhPrev = new Float64Array(H);
    this.dc = new Float64Array(H);
    this.dcPrev = new Float64Array(H);
    this.da = new Float64Array(GH);
    this.logits = new Float64Array(shape.nItems + 1);
  }
}

/** GRU step t: reads item x with h_{t−1} at hs[t·H], writes h_t at hs[(t+1)·H] (equations in the file header). */
function gruForwardStep(w: SeqWeights<Vec>, x: number, ws: SeqWorkspace, t: number): void {
  const H = w.hiddenSize;
  const d = w.embeddingDim;
  const GH = 3 * H;
  const H2 = 2 * H;
  const { embedding: E, wx, wh, b } = w;
  const { hs, gates: a, aux } = ws;
  const hp = t * H;
  const hn = hp + H;
  const go = t * GH;
  const ao = t * H;
  for (let j = 0; j < GH; j++) a[go + j] = b[j]!;
  const eo = x * d;
  for (let k = 0; k < d; k++) {
    const xk = E[eo + k]!;
    const row = k * GH;
    for (let j = 0; j < GH; j++) a[go + j]! += xk * wx[row + j]!;
  }
  for (let k = 0; k < H; k++) {
    const hk = hs[hp + k]!;
    const row = k * GH;
    for (let j = 0; j < H2; j++) a[go + j]! += hk * wh[row + j]!;
  }
  for (let j = 0; j < H2; j++) a[go + j] = logistic(a[go + j]!);
  for (let k = 0; k < H; k++) aux[ao + k] = a[go + H + k]! * hs[hp + k]!;
  for (let k = 0; k < H; k++) {
    const rk = aux[ao + k]!;
    const row = k * GH + H2;
    for (let j = 0; j < H; j++) a[go + H2 + j]! += rk * wh[row + j]!;
  }
  for (let j = 0; j < H; j++) {
    const n = Math.tanh(a[go + H2 + j]!);
    a[go + H2 + j] = n;
    const z = a[go + j]!;
    hs[hn + j] = (1 - z) * hs[hp + j]! + z * n;
  }
}

/** LSTM step t: reads item x with h_{t−1}, c_{t−1}, writes h_t, c_t. */
function lstmForwardStep(w: SeqWeights<Vec>, x: number, ws: SeqWorkspace, t: number): void {
  const H = w.hiddenSize;
  const d = w.embeddingDim;
  const GH = 4 * H;
  const { embedding: E, wx, wh, b } = w;
  const { hs, cs, gates: a, aux } = ws;
  const hp = t * H;
  const hn = hp + H;
  const go = t * GH;
  const ao = t * H;
  for (let j = 0; j < GH; j++) a[go + j] = b[j]!;
  const eo = x * d;
  for (let k = 0; k < d; k++) {
    const xk = E[eo + k]!;
    const row = k * GH;
    for (let j = 0; j < GH; j++) a[go + j]! += xk * wx[row + j]!;
  }
  for (let k = 0; k < H; k++) {
    const hk = hs[hp + k]!;
    const row = k * GH;
    for (let j = 0; j < GH; j++) a[go + j]! += hk * wh[row + j]!;
  }
  for (let j = 0; j < H; j++) {
    const i = logistic(a[go + j]!);
    const f = logistic(a[go + H + j]!);
    const g = Math.tanh(a[go + 2 * H + j]!);
    const o = logistic(a[go + 3 * H + j]!);
    a[go + j] = i;
    a[go + H + j] = f;
    a[go + 2 * H + j] = g;
    a[go + 3 * H + j] = o;
    const c = f * cs[hp + j]! + i * g;
    cs[hn + j] = c;
    const tc = Math.tanh(c);
    aux[ao + j] = tc;
    hs[hn + j] = o * tc;
  }
}

/**
 * Reads `count` items x_1…x_T = `items[from … from+count−1]`: `h_t = cell(h_{t−1}, E[x_t])` from
 * h_0 = 0 (c_0 = 0), with the GRU or LSTM equations of the file header, leaving h_t in ws.hs[t·H]
 * for t = 0…T and each step's gates in ws.gates. count ≤ ws.maxSteps.
 */
export function forwardSequence(w: SeqWeights<Vec>, items: ArrayLike<number>, from: number, count: number, ws: SeqWorkspace): void {
  if (count > ws.maxSteps) throw new Error(`sequence of ${count} steps exceeds the workspace (${ws.maxSteps})`);
  const H = w.hiddenSize;
  ws.hs.fill(0, 0, H);
  if (w.cell === 'gru') {
    for (let t = 0; t < count; t++) gruForwardStep(w, items[from + t]!, ws, t);
  } else {
    ws.cs.fill(0, 0, H);
    for (let t = 0; t < count; t++) lstmForwardStep(w, items[from + t]!, ws, t);
  }
}

/**
 * Backward through GRU step t (input item x): from ∂L/∂h_t in ws.dh, adds the step's parameter
 * gradients to g and writes ∂L/∂h_{t−1} into ws.dhPrev. With a^* the pre-activations:
 * ∂h̃ = ∂h ⊙ z, ∂z = ∂h ⊙ (h̃ − h_{t−1}), ∂a^h̃ = ∂h̃ ⊙ (1 − h̃²), ∂a^z = ∂z ⊙ z(1 − z),
 * ∂(r⊙h) = ∂a^h̃ W_h^h̃ᵀ, ∂a^r = ∂(r⊙h) ⊙ h_{t−1} ⊙ r(1 − r),
 * ∂h_{t−1} = ∂h ⊙ (1 − z) + ∂(r⊙h) ⊙ r + [∂a^z ∂a^r] [W_h^z W_h^r]ᵀ,
 * ∂W_x += eᵀ∂a, ∂e = ∂a W_xᵀ, ∂b += ∂a, ∂W_h^{z,r} += h_{t−1}ᵀ[∂a^z ∂a^r], ∂W_h^h̃ += (r⊙h_{t−1})ᵀ∂a^h̃.
 */
function gruBackwardStep(w: SeqWeights<Vec>, x: number, ws: SeqWorkspace, t: number, g: SeqGradients): void {
  const H = w.hiddenSize;
  const GH = 3 * H;
  const H2 = 2 * H;
  const { wh } = w;
  const { hs, gates, aux, dh, dhPrev, da } = ws;
  const hp = t * H;
  const go = t * GH;
  const ao = t * H;
  for (let j = 0; j < H; j++) {
    const z = gates[go + j]!;
    const n = gates[go + H2 + j]!;
    const dhj = dh[j]!;
    dhPrev[j] = dhj * (1 - z);
    const dn = dhj * z;
    da[H2 + j] = dn * (1 - n * n);
    da[j] = dhj * (n - hs[hp + j]!) * z * (1 - z);
  }
  for (let k = 0; k < H; k++) {
    const row = k * GH + H2;
    const rhk = aux[ao + k]!;
    let s = 0;
    for (let j = 0; j < H; j++) {
      const dj = da[H2 + j]!;
      s += dj * wh[row + j]!;
      g.wh[row + j]! += rhk * dj;
    }
    const r = gates[go + H + k]!;
    dhPrev[k]! += s * r;
    da[H + k] = s * hs[hp + k]! * r * (1 - r);
  }
  addInputGradients(w, x, da, GH, g);
  for (let k = 0; k < H; k++) {
    const hk = hs[hp + k]!;
    const row = k * GH;
    let s = 0;
    for (let j = 0; j < H2; j++) {
      const dj = da[j]!;
      g.wh[row + j]! += hk * dj;
      s += wh[row + j]! * dj;
    }
    dhPrev[k]! += s;
  }
}

/**
 * The gradients both cells share, from the pre-activations' gradient ∂a (width GH): ∂b += ∂a,
 * ∂W_x += e_xᵀ∂a and ∂e_x += ∂a W_xᵀ for the step's input item x.
 */
function addInputGradients(w: SeqWeights<Vec>, x: number, da: Vec, GH: number, g: SeqGradients): void {
  const d = w.embeddingDim;
  const { embedding: E, wx } = w;
  for (let j = 0; j < GH; j++) g.b[j]! += da[j]!;
  const eo = x * d;
  for (let k = 0; k < d; k++) {
    const xk = E[eo + k]!;
    const row = k * GH;
    let s = 0;
    for (let j = 0; j < GH; j++) {
      const dj = da[j]!;
      g.wx[row + j]! += xk * dj;
      s += wx[row + j]! * dj;
    }
    g.embedding[eo + k]! += s;
  }
}

/**
 * Backward through LSTM step t: from ∂L/∂h_t (ws.dh) and ∂L/∂c_t carried from later steps (ws.dc),
 * adds the parameter gradients and writes ∂L/∂h_{t−1}, ∂L/∂c_{t−1} (ws.dhPrev, ws.dcPrev):
 * ∂c = ∂c_t + ∂h ⊙ o ⊙ (1 − tanh²c_t), ∂a^o = ∂h ⊙ tanh c_t ⊙ o(1 − o), ∂a^i = ∂c ⊙ g ⊙ i(1 − i),
 * ∂a^f = ∂c ⊙ c_{t−1} ⊙ f(1 − f), ∂a^g = ∂c ⊙ i ⊙ (1 − g²), ∂c_{t−1} = ∂c ⊙ f,
 * ∂h_{t−1} = ∂a W_hᵀ, ∂W_x += eᵀ∂a, ∂e = ∂a W_xᵀ, ∂W_h += h_{t−1}ᵀ∂a, ∂b += ∂a.
 */
function lstmBackwardStep(w: SeqWeights<Vec>, x: number, ws: SeqWorkspace, t: number, g: SeqGradients): void {
  const H = w.hiddenSize;
  const GH = 4 * H;
  const { wh } = w;
  const { hs, cs, gates, aux, dh, dc, dhPrev, dcPrev, da } = ws;
  const hp = t * H;
  const go = t * GH;
  const ao = t * H;
  for (let j = 0; j < H; j++) {
    const i = gates[go + j]!;
    const f = gates[go + H + j]!;
    const gg = gates[go + 2 * H + j]!;
    const o = gates[go + 3 * H + j]!;
    const tc = aux[ao + j]!;
    const dhj = dh[j]!;
    const dcj = dc[j]! + dhj * o * (1 - tc * tc);
    da[j] = dcj * gg * i * (1 - i);
    da[H + j] = dcj * cs[hp + j]! * f * (1 - f);
    da[2 * H + j] = dcj * i * (1 - gg * gg);
    da[3 * H + j] = dhj * tc * o * (1 - o);
    dcPrev[j] = dcj * f;
  }
  addInputGradients(w, x, da, GH, g);
  for (let k = 0; k < H; k++) {
    const hk = hs[hp + k]!;
    const row = k * GH;
    let s = 0;
    for (let j = 0; j < GH; j++) {
      const dj = da[j]!;
      g.wh[row + j]! += hk * dj;
      s += wh[row + j]! * dj;
    }
    dhPrev[k] = s;
  }
}

/**
 * The cross-entropy of one position, ℓ = −ln( e^{s_y} / Σ_{j∈C} e^{s_j} ) with s_j = h·o_j + c_j,
 * h = ws.hs at hOff and y the target. C is every item when `negatives` is empty (full softmax), or
 * y together with the shared negatives (sampled softmax; a negative equal to y is left out: an
 * "accidental hit"; repeated negatives count once per draw). When `g` is given, adds
 * scale·∂ℓ/∂θ to the output gradients (∂s_j = p_j − [j = y], ∂o_j = ∂s_j h, ∂c_j = ∂s_j) and
 * writes scale·∂ℓ/∂h = scale·Σ_j ∂s_j o_j into ws.dhOut at hOff.
 */
function positionLoss(w: SeqWeights<Vec>, ws: SeqWorkspace, hOff: number, y: number, negatives: Int32Array, scale: number, g: SeqGradients | null): number {
  const H = w.hiddenSize;
  const { out: O, outBias: c } = w;
  const full = negatives.length === 0;
  const m = full ? w.nItems : negatives.length + 1;
  if (ws.logits.length < m) ws.logits = new Float64Array(m);
  const { hs, logits } = ws;
  const cand = (j: number): number => (full ? j : j === 0 ? y : negatives[j - 1]!);
  let max = -Infinity;
  for (let j = 0; j < m; j++) {
    const item = cand(j);
    if (!full && j > 0 && item === y) {
      logits[j] = -Infinity;
      continue;
    }
    const oo = item * H;
    let s = 0;
    for (let k = 0; k < H; k++) s += hs[hOff + k]! * O[oo + k]!;
    s += c[item]!;
    logits[j] = s;
    if (s > max) max = s;
  }
  let z = 0;
  for (let j = 0; j < m; j++) z += Math.exp(logits[j]! - max);
  const lse = max + Math.log(z);
  const sy = logits[full ? y : 0]!;
  const loss = lse - sy;
  if (g !== null) {
    const dh = ws.dhOut;
    for (let k = 0; k < H; k++) dh[hOff + k] = 0;
    const yj = full ? y : 0;
    for (let j = 0; j < m; j++) {
      const lj = logits[j]!;
      if (lj === -Infinity) continue;
      const ds = scale * (Math.exp(lj - lse) - (j === yj ? 1 : 0));
      const item = cand(j);
      const oo = item * H;
      for (let k = 0; k < H; k++) {
        dh[hOff + k]! += ds * O[oo + k]!;
        g.out[oo + k]! += ds * hs[hOff + k]!;
      }
      g.outBias[item]! += ds;
    }
  }
  return loss;
}

/** One minibatch of training sequences and its shared negatives. */
export interface SeqBatch {
  /** Item sequences in time order, each of at least 2 items (shorter ones contribute nothing). */
  sequences: readonly Int32Array[];
  /** Items drawn for the sampled softmax, shared by every position of the batch; empty = full softmax. */
  negatives: Int32Array;
}

/** Training positions of a batch: Σ_s (|s| − 1). */
export function batchPositions(batch: SeqBatch): number {
  let n = 0;
  for (const s of batch.sequences) n += Math.max(0, s.length - 1);
  return n;
}

/**
 * The minibatch loss: every sequence x_1…x_L (L ≥ 2) is read from h_0 = 0, and after reading x_t
 * the state h_t must predict x_{t+1}, for t = 1…L−1:
 * `L_B = (1/N_B) Σ_{s∈B} Σ_{t=1}^{L_s−1} ℓ(h_t, x_{t+1})`, N_B = Σ_s (L_s − 1), ℓ as positionLoss.
 * Returns the SUM Σ ℓ (so epoch means are exact) and N_B. When `g` is given, ADDS ∂L_B/∂θ (of the
 * mean) to it by backpropagation through time, exact for these weights.
 * Every sequence must fit in the workspace (L − 1 ≤ ws.maxSteps).
 */
export function batchLoss(w: SeqWeights<Vec>, batch: SeqBatch, ws: SeqWorkspace, g: SeqGradients | null): { lossSum: number; positions: number } {
  const positions = batchPositions(batch);
  if (positions === 0) return { lossSum: 0, positions: 0 };
  const scale = 1 / positions;
  const H = w.hiddenSize;
  const lstm = w.cell === 'lstm';
  let lossSum = 0;
  for (const seq of batch.sequences) {
    const T = seq.length - 1;
    if (T < 1) continue;
    forwardSequence(w, seq, 0, T, ws);
    for (let t = 1; t <= T; t++) lossSum += positionLoss(w, ws, t * H, seq[t]!, batch.negatives, scale, g);
    if (g === null) continue;
    // BPTT: ∂L/∂h_t = (from the output at t) + (from step t+1)
    ws.dhPrev.fill(0);
    ws.dcPrev.fill(0);
    for (let t = T; t >= 1; t--) {
      const o = t * H;
      for (let k = 0; k < H; k++) ws.dh[k] = ws.dhOut[o + k]! + ws.dhPrev[k]!;
      if (lstm) {
        ws.dc.set(ws.dcPrev);
        lstmBackwardStep(w, seq[t - 1]!, ws, t - 1, g);
      } else {
        gruBackwardStep(w, seq[t - 1]!, ws, t - 1, g);
      }
    }
  }
  return { lossSum, positions };
}

/**
 * The final state `h_T = cell(… cell(cell(0, E[x_1]), E[x_2]) …, E[x_T])` after reading `items` in
 * order from h_0 = 0 (the zero vector for an empty list), rounded to float32 (the numbers that
 * scores and explanations use).
 */
export function finalHidden(w: SeqWeights<Vec>, items: ArrayLike<number>, ws?: SeqWorkspace): Float32Array {
  const T = items.length;
  const space = ws && ws.maxSteps >= T ? ws : new SeqWorkspace(w, Math.max(1, T));
  forwardSequence(w, items, 0, T, space);
  const H = w.hiddenSize;
  return Float32Array.from(space.hs.subarray(T * H, (T + 1) * H));
}

/**
 * Every item's score for a hidden state: `s_j = h · o_j + c_j = Σ_k h_k O_jk + c_j`, summed in
 * that order (k = 1…H, then c_j) in float64 and stored as float32.
 */
export function scoresFromHidden(w: SeqWeights<Vec>, h: ArrayLike<number>): Float32Array {
  const H = w.hiddenSize;
  const n = w.nItems;
  const O = w.out;
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const oo = j * H;
    let s = 0;
    for (let k = 0; k < H; k++) s += h[k]! * O[oo + k]!;
    out[j] = s + w.outBias[j]!;
  }
  return out;
}
