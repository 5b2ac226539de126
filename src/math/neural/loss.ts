/**
 * Training the neural recommenders in plain JS: the minibatch loss and its gradient by
 * backpropagation (Adam with lazy updates of the embedding tables: ./adam). Pure: no tfjs.
 * Used on the 'cpu' backend, where tfjs's own cpu kernels are far too slow (its gather gradient
 * is a dense unsortedSegmentSum over the whole table: seconds per step on MovieLens 100K).
 */
import { createGradients, touch } from './gradients';
import type { NeuralGradients } from './gradients';
import { denseReluInto, sigmoidOf } from './network';
import type { NeuralWeights } from './weights';

/** Which loss the network is trained with. */
export type NeuralLoss = 'bce' | 'mse';

/** One minibatch of examples: label y ∈ [0, 1] per (user, item). */
export interface NeuralBatch {
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
}

/** Per-example scratch of a forward/backward pass (float64). */
interface Scratch {
  x0: Float64Array;
  dx0: Float64Array;
  acts: Float64Array[];
  dActs: Float64Array[];
  gmf: Float64Array;
}

const scratchCache = new WeakMap<NeuralWeights, Scratch>();

function scratchFor(w: NeuralWeights): Scratch {
  let s = scratchCache.get(w);
  if (!s) {
    const hidden = w.dense.slice(0, -1);
    s = {
      x0: new Float64Array(2 * w.spec.dim),
      dx0: new Float64Array(2 * w.spec.dim),
      acts: hidden.map((l) => new Float64Array(l.outputs)),
      dActs: hidden.map((l) => new Float64Array(l.outputs)),
      gmf: new Float64Array(w.spec.gmfDim),
    };
    scratchCache.set(w, s);
  }
  return s;
}

/**
 * The loss of one example from its logit z and label y:
 * BCE `ℓ = −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = max(z, 0) − z·y + ln(1 + e^{−|z|})` (the stable form
 * tfjs's sigmoidCrossEntropy uses), `∂ℓ/∂z = σ(z) − y`;
 * MSE `ℓ = (σ(z) − y)²`, `∂ℓ/∂z = 2(σ(z) − y)·σ(z)(1 − σ(z))`.
 */
export function exampleLoss(z: number, y: number, loss: NeuralLoss): { loss: number; dz: number } {
  const p = sigmoidOf(z);
  if (loss === 'bce') return { loss: Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))), dz: p - y };
  const e = p - y;
  return { loss: e * e, dz: 2 * e * p * (1 - p) };
}

/**
 * Forward and backward pass over `n` examples of `batch` (from `from`), the weights fixed:
 * adds ∂L/∂θ of the MEAN loss `L = (1/n) Σ_r ℓ(z_r, y_r)` to `g` (embedding rows only where
 * touched) and returns Σ_r ℓ_r. Backpropagation, per example r with δ = (1/n)·∂ℓ/∂z:
 * output `∂/∂w_j += δ·top_j`, `∂/∂b += δ`, `∂/∂top_j = δ·w_j`; GMF `∂/∂p_u += ∂/∂g ⊙ q_i`,
 * `∂/∂q_i += ∂/∂g ⊙ p_u`; each hidden layer (top down) `∂/∂pre_j = ∂/∂a_j·[a_j > 0]`,
 * `∂/∂W_kj += x_k·∂/∂pre_j`, `∂/∂b_j += ∂/∂pre_j`, `∂/∂x_k = Σ_j W_kj·∂/∂pre_j`; and the input's
 * gradient `∂/∂[h_u; h_i]` goes to rows u and i of the embedding tables.
 */
export function forwardBackward(w: NeuralWeights, g: NeuralGradients, batch: NeuralBatch, loss: NeuralLoss, from = 0, n = batch.users.length - from): number {
  const { dim: d, gmfDim: gd } = w.spec;
  const s = scratchFor(w);
  const { x0, dx0, acts, dActs, gmf } = s;
  const nHidden = w.dense.length - 1;
  const out = w.dense[nHidden]!;
  const gOut = g.dense[nHidden]!;
  const nm = out.inputs - gd;
  const U = w.userEmb;
  const I = w.itemEmb;
  const P = w.userGmf;
  const Q = w.itemGmf;
  const scale = 1 / n;
  let total = 0;
  for (let r = from; r < from + n; r++) {
    const u = batch.users[r] as number;
    const i = batch.items[r] as number;
    const y = batch.labels[r] as number;
    // forward
    const uo = u * d;
    const io = i * d;
    for (let k = 0; k < d; k++) {
      x0[k] = U[uo + k] as number;
      x0[d + k] = I[io + k] as number;
    }
    let x = x0;
    for (let l = 0; l < nHidden; l++) {
      const a = acts[l]!;
      denseReluInto(w.dense[l]!, x, a);
      x = a;
    }
    let z = out.b[0] as number;
    for (let k = 0; k < nm; k++) z += (out.W[k] as number) * (x[k] as number);
    const po = u * gd;
    const qo = i * gd;
    for (let k = 0; k < gd; k++) {
      const v = (P[po + k] as number) * (Q[qo + k] as number);
      gmf[k] = v;
      z += (out.W[nm + k] as number) * v;
    }
    const ex = exampleLoss(z, y, loss);
    total += ex.loss;
    const dz = ex.dz * scale;
    // backward: output layer
    const gOutW = gOut.W;
    gOut.b[0] = (gOut.b[0] as number) + dz;
    const dx = nHidden > 0 ? dActs[nHidden - 1]! : dx0;
    for (let k = 0; k < nm; k++) {
      gOutW[k] = (gOutW[k] as number) + dz * (x[k] as number);
      dx[k] = dz * (out.W[k] as number);
    }
    for (let k = 0; k < gd; k++) {
      gOutW[nm + k] = (gOutW[nm + k] as number) + dz * (gmf[k] as number);
      const dg = dz * (out.W[nm + k] as number);
      g.userGmf[po + k] = (g.userGmf[po + k] as number) + dg * (Q[qo + k] as number);
      g.itemGmf[qo + k] = (g.itemGmf[qo + k] as number) + dg * (P[po + k] as number);
    }
    // hidden layers, top down
    for (let l = nHidden - 1; l >= 0; l--) {
      const { W, inputs, outputs } = w.dense[l]!;
      const gl = g.dense[l]!;
      const gW = gl.W;
      const gb = gl.b;
      const a = acts[l]!;
      const da = dActs[l]!;
      const xin = l > 0 ? acts[l - 1]! : x0;
      const dxin = l > 0 ? dActs[l - 1]! : dx0;
      let any = false;
      for (let j = 0; j < outputs; j++) {
        if (!((a[j] as number) > 0)) da[j] = 0;
        else if (da[j] !== 0) {
          any = true;
          gb[j] = (gb[j] as number) + (da[j] as number);
        }
      }
      if (!any) {
        dxin.fill(0);
        continue;
      }
      for (let k = 0; k < inputs; k++) {
        const xv = xin[k] as number;
        const off = k * outputs;
        let sum = 0;
        if (xv !== 0) {
          for (let j = 0; j < outputs; j++) {
            const dp = da[j] as number;
            sum += (W[off + j] as number) * dp;
            gW[off + j] = (gW[off + j] as number) + xv * dp;
          }
        } else {
          for (let j = 0; j < outputs; j++) sum += (W[off + j] as number) * (da[j] as number);
        }
        dxin[k] = sum;
      }
    }
    // embeddings
    for (let k = 0; k < d; k++) {
      g.userEmb[uo + k] = (g.userEmb[uo + k] as number) + (dx0[k] as number);
      g.itemEmb[io + k] = (g.itemEmb[io + k] as number) + (dx0[d + k] as number);
    }
    touch(g.users, u);
    touch(g.items, i);
  }
  return total;
}
/** The mean loss of a batch and its gradient, every table dense (for tests and checks). */
export function lossAndGradients(w: NeuralWeights, batch: NeuralBatch, loss: NeuralLoss): { loss: number; grads: Float64Array[] } {
  const g = createGradients(w.spec, w);
  const n = batch.users.length;
  const total = forwardBackward(w, g, batch, loss);
  const grads: Float64Array[] = [g.userEmb, g.itemEmb];
  if (w.spec.gmfDim > 0) grads.push(g.userGmf, g.itemGmf);
  for (const l of g.dense) grads.push(l.W, l.b);
  return { loss: total / n, grads };
}
