/**
 * The next-item network's forward pass in plain JS: one recurrent cell read over a sequence of items
 * and a score for every item from the hidden state (the loss and its gradient: ./loss, ./backward).
 * Weights are float32 (or float64 in gradient checks); all arithmetic is float64.
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
import type { SeqWeights, Vec } from './weights';
import { SeqWorkspace } from './workspace';

/** σ(x) = 1 / (1 + e^{−x}). */
export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
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
