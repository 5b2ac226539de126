/**
 * Training the neural recommenders in plain JS: the minibatch loss, its gradient by
 * backpropagation, and Adam with lazy (sparse) updates of the embedding tables. Pure: no tfjs.
 * Used on the 'cpu' backend, where tfjs's own cpu kernels are far too slow (its gather gradient
 * is a dense unsortedSegmentSum over the whole table: seconds per step on MovieLens 100K).
 */
import { denseReluInto, sigmoidOf } from './network';
import type { NeuralSpec, NeuralWeights } from './network';

/** Which loss the network is trained with. */
export type NeuralLoss = 'bce' | 'mse';

/** Adam's constants (as tfjs: β1 0.9, β2 0.999; ε given explicitly). */
export const NEURAL_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** One minibatch of examples: label y ∈ [0, 1] per (user, item). */
export interface NeuralBatch {
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
}

/** Rows of an embedding table touched by the current batch. */
interface RowSet {
  mark: Uint8Array;
  list: Int32Array;
  n: number;
}

/**
 * Gradient accumulators: dense per Dense layer, and embedding tables that are zero outside the
 * rows the batch touched (listed in `users` / `items`), so a step costs O(|B|·network), not
 * O(table size).
 */
export interface NeuralGradients {
  dense: { W: Float64Array; b: Float64Array }[];
  userEmb: Float64Array;
  itemEmb: Float64Array;
  userGmf: Float64Array;
  itemGmf: Float64Array;
  users: RowSet;
  items: RowSet;
}

/** Zeroed gradient buffers for a network of this shape. */
export function createGradients(spec: NeuralSpec, w: NeuralWeights): NeuralGradients {
  const rows = (n: number): RowSet => ({ mark: new Uint8Array(n), list: new Int32Array(n), n: 0 });
  return {
    dense: w.dense.map((l) => ({ W: new Float64Array(l.W.length), b: new Float64Array(l.b.length) })),
    userEmb: new Float64Array(spec.nUsers * spec.dim),
    itemEmb: new Float64Array(spec.nItems * spec.dim),
    userGmf: new Float64Array(spec.nUsers * spec.gmfDim),
    itemGmf: new Float64Array(spec.nItems * spec.gmfDim),
    users: rows(spec.nUsers),
    items: rows(spec.nItems),
  };
}

function touch(set: RowSet, r: number): void {
  if (set.mark[r] === 0) {
    set.mark[r] = 1;
    set.list[set.n++] = r;
  }
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

/** Zeroes every gradient buffer (touched embedding rows only). */
export function clearGradients(g: NeuralGradients, spec: NeuralSpec): void {
  for (const l of g.dense) {
    l.W.fill(0);
    l.b.fill(0);
  }
  const clear = (set: RowSet, tables: [Float64Array, number][]) => {
    for (let a = 0; a < set.n; a++) {
      const r = set.list[a] as number;
      set.mark[r] = 0;
      for (const [t, width] of tables) t.fill(0, r * width, (r + 1) * width);
    }
    set.n = 0;
  };
  clear(g.users, [
    [g.userEmb, spec.dim],
    [g.userGmf, spec.gmfDim],
  ]);
  clear(g.items, [
    [g.itemEmb, spec.dim],
    [g.itemGmf, spec.gmfDim],
  ]);
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

/** Adam moments of every parameter array (float32, as tfjs keeps them). */
export interface NeuralAdamState {
  /** Steps taken. */
  t: number;
  dense: { mW: Float32Array; vW: Float32Array; mb: Float32Array; vb: Float32Array }[];
  userEmb: { m: Float32Array; v: Float32Array };
  itemEmb: { m: Float32Array; v: Float32Array };
  userGmf: { m: Float32Array; v: Float32Array };
  itemGmf: { m: Float32Array; v: Float32Array };
}

/** Zero moments for these weights. */
export function createAdamState(w: NeuralWeights): NeuralAdamState {
  const mv = (n: number) => ({ m: new Float32Array(n), v: new Float32Array(n) });
  return {
    t: 0,
    dense: w.dense.map((l) => ({ mW: new Float32Array(l.W.length), vW: new Float32Array(l.W.length), mb: new Float32Array(l.b.length), vb: new Float32Array(l.b.length) })),
    userEmb: mv(w.userEmb.length),
    itemEmb: mv(w.itemEmb.length),
    userGmf: mv(w.userGmf.length),
    itemGmf: mv(w.itemGmf.length),
  };
}

/**
 * The moment arrays of `state` (the live ones, not copies) in parameterList order: h_u, h_i, then
 * p_u, q_i when the network has GMF (gmfDim > 0), then W and b of each Dense layer bottom first.
 */
export function adamMomentTables(state: NeuralAdamState, gmf: boolean): { m: Float32Array[]; v: Float32Array[] } {
  const tables = [state.userEmb, state.itemEmb, ...(gmf ? [state.userGmf, state.itemGmf] : [])];
  const m = tables.map((t) => t.m);
  const v = tables.map((t) => t.v);
  for (const l of state.dense) {
    m.push(l.mW, l.mb);
    v.push(l.vW, l.vb);
  }
  return { m, v };
}

/** Adam on entries [from, to) of θ: m ← β1m + (1−β1)g, v ← β2v + (1−β2)g², θ ← θ − η·m̂/(√v̂ + ε). */
function adamRange(theta: Float32Array, g: Float64Array, m: Float32Array, v: Float32Array, from: number, to: number, lr: number, c1: number, c2: number): void {
  const { beta1: b1, beta2: b2, epsilon } = NEURAL_ADAM;
  for (let j = from; j < to; j++) {
    const gj = g[j] as number;
    const mj = b1 * (m[j] as number) + (1 - b1) * gj;
    const vj = b2 * (v[j] as number) + (1 - b2) * gj * gj;
    m[j] = mj;
    v[j] = vj;
    theta[j] = (theta[j] as number) - (lr * (mj / c1)) / (Math.sqrt(vj / c2) + epsilon);
  }
}

/**
 * One Adam step (β1 0.9, β2 0.999, ε 1e-8, bias-corrected with the global step t as tfjs):
 * `m ← β1m + (1−β1)g`, `v ← β2v + (1−β2)g²`, `θ ← θ − η·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε)`.
 * DENSE for the Dense layers (every entry has a gradient every step) and LAZY for the embedding
 * tables (TensorFlow's LazyAdam): only rows in the batch update their moments and move. tfjs's
 * Adam (the GPU path) is dense: the moments of rows outside the batch decay and those rows keep
 * moving by their momentum. The two agree exactly on the first step and on rows present in every
 * step; lazy updates make a step O(|B|·d) instead of O((users + items)·d). Clears `g`.
 */
export function adamStep(w: NeuralWeights, g: NeuralGradients, state: NeuralAdamState, learningRate: number): void {
  state.t += 1;
  const c1 = 1 - NEURAL_ADAM.beta1 ** state.t;
  const c2 = 1 - NEURAL_ADAM.beta2 ** state.t;
  w.dense.forEach((l, k) => {
    const gl = g.dense[k]!;
    const s = state.dense[k]!;
    adamRange(l.W, gl.W, s.mW, s.vW, 0, l.W.length, learningRate, c1, c2);
    adamRange(l.b, gl.b, s.mb, s.vb, 0, l.b.length, learningRate, c1, c2);
  });
  const { dim: d, gmfDim: gd } = w.spec;
  const rows = (set: RowSet, tables: [Float32Array, Float64Array, { m: Float32Array; v: Float32Array }, number][]) => {
    for (let a = 0; a < set.n; a++) {
      const r = set.list[a] as number;
      for (const [theta, grad, mv, width] of tables) adamRange(theta, grad, mv.m, mv.v, r * width, (r + 1) * width, learningRate, c1, c2);
    }
  };
  rows(g.users, [
    [w.userEmb, g.userEmb, state.userEmb, d],
    [w.userGmf, g.userGmf, state.userGmf, gd],
  ]);
  rows(g.items, [
    [w.itemEmb, g.itemEmb, state.itemEmb, d],
    [w.itemGmf, g.itemGmf, state.itemGmf, gd],
  ]);
  clearGradients(g, w.spec);
}

/** Bytes of a network's weights, gradients and Adam moments (for the epoch report). */
export function trainingBytes(w: NeuralWeights): number {
  let params = w.userEmb.length + w.itemEmb.length + w.userGmf.length + w.itemGmf.length;
  for (const l of w.dense) params += l.W.length + l.b.length;
  // weights float32, gradients float64, two float32 moments
  return params * (4 + 8 + 8);
}
