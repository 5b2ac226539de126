/**
 * The forward pass of the neural recommenders' network (its weights: ./weights): the neural scorer
 * `ŷ_ui = σ(w·[h_u; h_i] + b)` (no hidden layer) and NCF / NeuMF
 * `a⁽⁰⁾ = [h_u; h_i]`, `a⁽ˡ⁾ = ReLU(a⁽ˡ⁻¹⁾W_l + b_l)`, `ŷ_ui = σ(w·[a⁽ᴸ⁾; p_u ⊙ q_i] + b)`
 * (the GMF product p_u ⊙ q_i only when gmfDim > 0). Weights are float32 (as tfjs holds them); the
 * forward pass here computes in float64 from them, so scores, explanations and fold-in agree.
 * Pure: no tfjs.
 */
import type { DenseParams, NeuralWeights } from './weights';

/** Logistic sigmoid `σ(z) = 1 / (1 + e^{−z})`, computed without overflow for large |z|. */
export function sigmoidOf(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Everything one forward pass computed for one (user, item) pair, in float64. */
export interface ForwardPass {
  /** [h_u; h_i]. */
  input: Float64Array;
  /** Post-ReLU activations of each hidden layer, bottom first. */
  hidden: Float64Array[];
  /** p_u ⊙ q_i (empty without GMF). */
  gmf: Float64Array;
  /** The output layer's input: [a⁽ᴸ⁾; p_u ⊙ q_i] (the input itself without hidden layers or GMF). */
  top: Float64Array;
  /** z = w·top + b. */
  z: number;
  /** σ(z): the score. */
  score: number;
}

/**
 * One hidden layer's forward pass into `a`: `a_j = max(0, b_j + Σ_k x_k W_kj)` (W row-major
 * inputs × outputs; zero inputs skipped, as ReLU makes many).
 */
export function denseReluInto(layer: DenseParams, x: ArrayLike<number>, a: Float64Array): void {
  const { W, b, inputs, outputs } = layer;
  for (let j = 0; j < outputs; j++) a[j] = b[j] as number;
  for (let k = 0; k < inputs; k++) {
    const xv = x[k] as number;
    if (xv === 0) continue;
    const off = k * outputs;
    for (let j = 0; j < outputs; j++) a[j] = (a[j] as number) + xv * (W[off + j] as number);
  }
  for (let j = 0; j < outputs; j++) if (!((a[j] as number) > 0)) a[j] = 0;
}

/**
 * The forward pass for (u, i) with user vectors given (a trained user's rows or a folded-in
 * visitor's): `a⁽ˡ⁾_j = max(0, b_lj + Σ_k a⁽ˡ⁻¹⁾_k W_l,kj)`, `z = b + Σ_j w_j top_j`, score σ(z).
 */
export function forwardWith(w: NeuralWeights, hu: ArrayLike<number>, pu: ArrayLike<number>, item: number): ForwardPass {
  const { dim: d, gmfDim: g } = w.spec;
  const input = new Float64Array(2 * d);
  for (let k = 0; k < d; k++) {
    input[k] = hu[k] as number;
    input[d + k] = w.itemEmb[item * d + k] as number;
  }
  const hidden: Float64Array[] = [];
  let x = input;
  for (let l = 0; l < w.dense.length - 1; l++) {
    const a = new Float64Array(w.dense[l]!.outputs);
    denseReluInto(w.dense[l]!, x, a);
    hidden.push(a);
    x = a;
  }
  const gmf = new Float64Array(g);
  for (let k = 0; k < g; k++) gmf[k] = (pu[k] as number) * (w.itemGmf[item * g + k] as number);
  const top = new Float64Array(x.length + g);
  top.set(x);
  top.set(gmf, x.length);
  const out = w.dense.at(-1)!;
  let z = out.b[0] as number;
  for (let k = 0; k < top.length; k++) z += (out.W[k] as number) * (top[k] as number);
  return { input, hidden, gmf, top, z, score: sigmoidOf(z) };
}

/** Row `r` of a row-major table of width `width`. */
export function tableRow(table: Float32Array, r: number, width: number): Float32Array {
  return table.subarray(r * width, (r + 1) * width);
}

/** The forward pass of a trained user u and item i. */
export function forwardPass(w: NeuralWeights, user: number, item: number): ForwardPass {
  return forwardWith(w, tableRow(w.userEmb, user, w.spec.dim), tableRow(w.userGmf, user, w.spec.gmfDim), item);
}

/**
 * Scores every item for user vectors (h_u, p_u) — the same arithmetic as forwardWith, faster: the
 * first layer's input splits as [h_u; h_i]·W₁ = h_u·W₁[top d rows] + h_i·W₁[bottom d rows], the item
 * half computed once per model (`itemPart`, nItems × width of the first layer: with no hidden
 * layer, the item term w_i·h_i of each item). Returns σ(z) per item in a new Float32Array.
 */
export function scoreAllItemsWith(w: NeuralWeights, itemPart: Float64Array, hu: ArrayLike<number>, pu: ArrayLike<number>): Float32Array {
  const { nItems, dim: d, gmfDim: g } = w.spec;
  const nHidden = w.dense.length - 1;
  const out = w.dense.at(-1)!;
  const scores = new Float32Array(nItems);
  const first = w.dense[0]!;
  const width = first.outputs;
  // user half of the first layer (with its bias), or the user term w_u·h_u
  const userPart = new Float64Array(width);
  for (let j = 0; j < width; j++) userPart[j] = nHidden > 0 ? (first.b[j] as number) : 0;
  for (let k = 0; k < d; k++) {
    const xv = hu[k] as number;
    for (let j = 0; j < width; j++) userPart[j] = (userPart[j] as number) + xv * (first.W[k * width + j] as number);
  }
  // GMF: w_g·(p_u ⊙ q_i) = (w_g ⊙ p_u)·q_i
  const nm = out.inputs - g;
  const wp = new Float64Array(g);
  for (let k = 0; k < g; k++) wp[k] = (out.W[nm + k] as number) * (pu[k] as number);
  const acts = w.dense.slice(0, -1).map((l) => new Float64Array(l.outputs));
  for (let i = 0; i < nItems; i++) {
    let z: number;
    if (nHidden === 0) {
      z = (userPart[0] as number) + (itemPart[i] as number) + (out.b[0] as number);
    } else {
      let x = acts[0]!;
      for (let j = 0; j < width; j++) {
        const v = (userPart[j] as number) + (itemPart[i * width + j] as number);
        x[j] = v > 0 ? v : 0;
      }
      for (let l = 1; l < nHidden; l++) {
        const a = acts[l]!;
        denseReluInto(w.dense[l]!, x, a);
        x = a;
      }
      z = out.b[0] as number;
      for (let k = 0; k < nm; k++) z += (out.W[k] as number) * (x[k] as number);
    }
    for (let k = 0; k < g; k++) z += (wp[k] as number) * (w.itemGmf[i * g + k] as number);
    scores[i] = sigmoidOf(z);
  }
  return scores;
}

/**
 * The item half of the first layer for every item: with hidden layers,
 * `itemPart[i, j] = Σ_k h_ik W₁[d + k, j]` (nItems × width); without, the item term
 * `itemPart[i] = Σ_k w_{d+k} h_ik` of the output layer.
 */
export function itemPartOf(w: NeuralWeights): Float64Array {
  const { nItems, dim: d } = w.spec;
  const first = w.dense[0]!;
  const width = w.dense.length > 1 ? first.outputs : 1;
  const part = new Float64Array(nItems * width);
  for (let i = 0; i < nItems; i++) {
    for (let k = 0; k < d; k++) {
      const xv = w.itemEmb[i * d + k] as number;
      if (xv === 0) continue;
      const off = (d + k) * width;
      for (let j = 0; j < width; j++) part[i * width + j] = (part[i * width + j] as number) + xv * (first.W[off + j] as number);
    }
  }
  return part;
}
