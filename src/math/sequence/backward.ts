/**
 * Backpropagation through one step of the next-item network's recurrent cell (equations of the
 * forward pass: ./forward), adding the step's parameter gradients.
 */
import type { SeqWeights, Vec } from './weights';
import type { SeqGradients, SeqWorkspace } from './workspace';

/**
 * Backward through GRU step t (input item x): from ∂L/∂h_t in ws.dh, adds the step's parameter
 * gradients to g and writes ∂L/∂h_{t−1} into ws.dhPrev. With a^* the pre-activations:
 * ∂h̃ = ∂h ⊙ z, ∂z = ∂h ⊙ (h̃ − h_{t−1}), ∂a^h̃ = ∂h̃ ⊙ (1 − h̃²), ∂a^z = ∂z ⊙ z(1 − z),
 * ∂(r⊙h) = ∂a^h̃ W_h^h̃ᵀ, ∂a^r = ∂(r⊙h) ⊙ h_{t−1} ⊙ r(1 − r),
 * ∂h_{t−1} = ∂h ⊙ (1 − z) + ∂(r⊙h) ⊙ r + [∂a^z ∂a^r] [W_h^z W_h^r]ᵀ,
 * ∂W_x += eᵀ∂a, ∂e = ∂a W_xᵀ, ∂b += ∂a, ∂W_h^{z,r} += h_{t−1}ᵀ[∂a^z ∂a^r], ∂W_h^h̃ += (r⊙h_{t−1})ᵀ∂a^h̃.
 */
export function gruBackwardStep(w: SeqWeights<Vec>, x: number, ws: SeqWorkspace, t: number, g: SeqGradients): void {
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
export function lstmBackwardStep(w: SeqWeights<Vec>, x: number, ws: SeqWorkspace, t: number, g: SeqGradients): void {
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
