/**
 * The neural recommenders' network as data (./network runs it): its shape, its parameters in plain
 * typed arrays (float32, as tfjs holds them), their initialisation, copies and their fixed order.
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
