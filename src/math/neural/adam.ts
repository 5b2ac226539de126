/**
 * Adam for the neural recommenders' plain-JS training, with lazy (sparse) updates of the embedding
 * tables: the moments, one step, and the memory the training holds.
 */
import { clearGradients } from './gradients';
import type { NeuralGradients, RowSet } from './gradients';
import type { NeuralWeights } from './weights';

/** Adam's constants (as tfjs: β1 0.9, β2 0.999; ε given explicitly). */
export const NEURAL_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

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
