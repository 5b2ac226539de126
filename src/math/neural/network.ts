/**
 * The network of the neural recommenders in plain typed arrays: the neural scorer
 * `ŷ_ui = σ(w·[h_u; h_i] + b)` (no hidden layer) and NCF / NeuMF
 * `a⁽⁰⁾ = [h_u; h_i]`, `a⁽ˡ⁾ = ReLU(a⁽ˡ⁻¹⁾W_l + b_l)`, `ŷ_ui = σ(w·[a⁽ᴸ⁾; p_u ⊙ q_i] + b)`
 * (the GMF product p_u ⊙ q_i only when gmfDim > 0). Weights are float32 (as tfjs holds them); the
 * forward pass here computes in float64 from them, so scores, explanations and fold-in agree.
 * Pure: no tfjs.
 */
import { randomNormal } from '../random';
import type { Rng } from '../random';

/** The shape of a network. */
export interface NeuralSpec {
  nUsers: number;
  nItems: number;
  /** d: length of the embeddings h_u, h_i (the input [h_u; h_i] has 2d entries). */
  dim: number;
  /** Widths of the hidden Dense + ReLU layers, bottom first ([] for the neural scorer). */
  hidden: readonly number[];
  /** Length of the GMF embeddings p_u, q_i; 0 = no GMF branch (plain MLP). */
  gmfDim: number;
}

/** One Dense layer: `y = xW + b`, W row-major with `inputs` rows and `outputs` columns (as a tfjs kernel). */
export interface DenseParams {
  inputs: number;
  outputs: number;
  W: Float32Array;
  b: Float32Array;
}

/** Every parameter of a network (structured-cloneable). */
export interface NeuralWeights {
  spec: NeuralSpec;
  /** nUsers × d, row-major. */
  userEmb: Float32Array;
  /** nItems × d, row-major. */
  itemEmb: Float32Array;
  /** nUsers × gmfDim (empty without GMF). */
  userGmf: Float32Array;
  /** nItems × gmfDim (empty without GMF). */
  itemGmf: Float32Array;
  /** The hidden layers (ReLU) bottom first, then the output layer (one output, σ). */
  dense: DenseParams[];
}

/** Standard deviation of the N(0, σ²) initial embedding entries (microsoft/recommenders' NCF uses 0.01). */
export const NEURAL_EMBEDDING_INIT_STD = 0.01;

/** Throws a clear Error for a shape the network cannot have. */
export function checkSpec(spec: NeuralSpec): void {
  const whole = (name: string, x: number, min: number) => {
    if (!(Number.isInteger(x) && x >= min)) throw new Error(`${name} must be a whole number ≥ ${min}, got ${x}`);
  };
  whole('nUsers', spec.nUsers, 1);
  whole('nItems', spec.nItems, 1);
  whole('the embedding size d', spec.dim, 1);
  whole('the GMF size', spec.gmfDim, 0);
  spec.hidden.forEach((h, l) => whole(`hidden layer ${l + 1}'s width`, h, 1));
}

/** Width of the output layer's input: the last hidden width (2d without hidden layers) plus the GMF size. */
export function outputInputs(spec: NeuralSpec): number {
  return (spec.hidden.at(-1) ?? 2 * spec.dim) + spec.gmfDim;
}

/** (inputs, outputs) of every Dense layer, the output layer last. */
export function denseShapes(spec: NeuralSpec): { inputs: number; outputs: number }[] {
  const shapes: { inputs: number; outputs: number }[] = [];
  let inputs = 2 * spec.dim;
  for (const h of spec.hidden) {
    shapes.push({ inputs, outputs: h });
    inputs = h;
  }
  shapes.push({ inputs: outputInputs(spec), outputs: 1 });
  return shapes;
}

/**
 * Fresh weights drawn from `rng` in this order: h_u table, h_i table, p_u table, q_i table (each
 * N(0, embeddingStd²), row-major), then each Dense layer's W, bottom first, Glorot-uniform
 * `W_kj ~ U(−√(6/(in+out)), +√(6/(in+out)))`; biases start at 0.
 */
export function initNeuralWeights(spec: NeuralSpec, rng: Rng, embeddingStd = NEURAL_EMBEDDING_INIT_STD): NeuralWeights {
  checkSpec(spec);
  const normal = (n: number): Float32Array => {
    const out = new Float32Array(n);
    for (let j = 0; j < n; j++) out[j] = randomNormal(rng, 0, embeddingStd);
    return out;
  };
  const userEmb = normal(spec.nUsers * spec.dim);
  const itemEmb = normal(spec.nItems * spec.dim);
  const userGmf = normal(spec.nUsers * spec.gmfDim);
  const itemGmf = normal(spec.nItems * spec.gmfDim);
  const dense = denseShapes(spec).map(({ inputs, outputs }) => {
    const limit = Math.sqrt(6 / (inputs + outputs));
    const W = new Float32Array(inputs * outputs);
    for (let j = 0; j < W.length; j++) W[j] = (2 * rng.next() - 1) * limit;
    return { inputs, outputs, W, b: new Float32Array(outputs) };
  });
  return { spec: { ...spec, hidden: [...spec.hidden] }, userEmb, itemEmb, userGmf, itemGmf, dense };
}

/** A deep copy of `w` (new typed arrays), e.g. for a training checkpoint. */
export function copyNeuralWeights(w: NeuralWeights): NeuralWeights {
  return {
    spec: { ...w.spec, hidden: [...w.spec.hidden] },
    userEmb: w.userEmb.slice(),
    itemEmb: w.itemEmb.slice(),
    userGmf: w.userGmf.slice(),
    itemGmf: w.itemGmf.slice(),
    dense: w.dense.map((l) => ({ inputs: l.inputs, outputs: l.outputs, W: l.W.slice(), b: l.b.slice() })),
  };
}

/** True when two specs describe the same network (sizes and hidden widths). */
export function sameSpec(a: NeuralSpec, b: NeuralSpec): boolean {
  return a.nUsers === b.nUsers && a.nItems === b.nItems && a.dim === b.dim && a.gmfDim === b.gmfDim && a.hidden.length === b.hidden.length && a.hidden.every((h, l) => h === b.hidden[l]);
}

/** One parameter array with its name and shape (the order tfjs variables, Adam and tests use). */
export interface ParamTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * The parameter arrays in a fixed order: h_u, h_i, (p_u, q_i when GMF), then W, b of each Dense
 * layer bottom first (the output layer's W is inputs × 1, its b has one entry). The arrays are the
 * weights' own (not copies).
 */
export function parameterList(w: NeuralWeights): ParamTensor[] {
  const { spec } = w;
  const list: ParamTensor[] = [
    { name: 'user embedding h_u', shape: [spec.nUsers, spec.dim], values: w.userEmb },
    { name: 'item embedding h_i', shape: [spec.nItems, spec.dim], values: w.itemEmb },
  ];
  if (spec.gmfDim > 0) {
    list.push(
      { name: 'GMF user embedding p_u', shape: [spec.nUsers, spec.gmfDim], values: w.userGmf },
      { name: 'GMF item embedding q_i', shape: [spec.nItems, spec.gmfDim], values: w.itemGmf },
    );
  }
  w.dense.forEach((layer, l) => {
    const name = l === w.dense.length - 1 ? 'output' : `hidden ${l + 1}`;
    list.push({ name: `${name} W`, shape: [layer.inputs, layer.outputs], values: layer.W }, { name: `${name} b`, shape: [layer.outputs], values: layer.b });
  });
  return list;
}

/** One row of the architecture table. */
export interface LayerDescription {
  /** e.g. 'Dense 64 → 32 + ReLU'. */
  name: string;
  /** e.g. '64 × 32 + 32' (weights + biases) or '943 × 16' (an embedding table). */
  shape: string;
  /** Number of learned parameters (0 for a concatenation or product). */
  params: number;
}

/**
 * The layers of a network bottom to top with their shapes and parameter counts:
 * embedding tables (n × d), the concatenation [h_u; h_i] (2d, no parameters), each Dense layer
 * (in·out + out parameters), the GMF product when there is one, and the output Dense → 1 + σ.
 */
export function describeLayers(spec: NeuralSpec): LayerDescription[] {
  const { nUsers, nItems, dim, gmfDim } = spec;
  const rows: LayerDescription[] = [
    { name: 'user embedding h_u', shape: `${nUsers} × ${dim}`, params: nUsers * dim },
    { name: 'item embedding h_i', shape: `${nItems} × ${dim}`, params: nItems * dim },
  ];
  if (gmfDim > 0) {
    rows.push(
      { name: 'GMF user embedding p_u', shape: `${nUsers} × ${gmfDim}`, params: nUsers * gmfDim },
      { name: 'GMF item embedding q_i', shape: `${nItems} × ${gmfDim}`, params: nItems * gmfDim },
    );
  }
  rows.push({ name: 'concatenate [h_u; h_i]', shape: `${2 * dim}`, params: 0 });
  const shapes = denseShapes(spec);
  shapes.slice(0, -1).forEach(({ inputs, outputs }) => {
    rows.push({ name: `Dense ${inputs} → ${outputs} + ReLU`, shape: `${inputs} × ${outputs} + ${outputs}`, params: inputs * outputs + outputs });
  });
  if (gmfDim > 0) {
    rows.push({ name: 'GMF product p_u ⊙ q_i', shape: `${gmfDim}`, params: 0 });
    rows.push({ name: `concatenate [a; p_u ⊙ q_i]`, shape: `${outputInputs(spec)}`, params: 0 });
  }
  const out = shapes.at(-1)!;
  rows.push({ name: `Dense ${out.inputs} → 1 + sigmoid (output)`, shape: `${out.inputs} × 1 + 1`, params: out.inputs + 1 });
  return rows;
}

/** Total number of learned parameters. */
export function countParameters(spec: NeuralSpec): number {
  let n = 0;
  for (const row of describeLayers(spec)) n += row.params;
  return n;
}

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
