/**
 * The next-item sequence model's parameters: input item embeddings, one recurrent cell (GRU or
 * LSTM) and an output layer of per-item vectors and biases. Pure typed arrays, no tfjs.
 */
import { randomNormal } from '../random';
import type { Rng } from '../random';

/** The recurrent cell. */
export type SeqCell = 'gru' | 'lstm';

/** A float array the network reads (Float32Array in the lab; Float64Array in gradient checks). */
export type Vec = Float32Array | Float64Array;

/** The sizes of a sequence model. */
export interface SeqShape {
  cell: SeqCell;
  /** Items in the catalogue (n). */
  nItems: number;
  /** d: length of an input item embedding e_i. */
  embeddingDim: number;
  /** H: length of the hidden state h_t (and of each output vector o_i). */
  hiddenSize: number;
}

/**
 * The parameters, all row-major. G = 3 gates for the GRU (columns z | r | h̃), 4 for the LSTM
 * (columns i | f | g | o); each gate block is H columns wide.
 */
export interface SeqWeights<A extends Vec = Float32Array> extends SeqShape {
  /** E: n × d, row i is the input embedding e_i of item i. */
  embedding: A;
  /** W_x: d × G·H, input-to-gates. */
  wx: A;
  /** W_h: H × G·H, hidden-to-gates. */
  wh: A;
  /** b: G·H, gate biases. */
  b: A;
  /** O: n × H, row i is the output vector o_i of item i. */
  out: A;
  /** c: n, the output bias c_i of item i. */
  outBias: A;
}

/** The parameter tables in a fixed order (initialisation, optimiser, serialization). */
export const SEQ_WEIGHT_KEYS = ['embedding', 'wx', 'wh', 'b', 'out', 'outBias'] as const;
export type SeqWeightKey = (typeof SEQ_WEIGHT_KEYS)[number];

/** G: gate blocks of the cell (GRU 3: update z, reset r, candidate h̃; LSTM 4: input, forget, cell, output). */
export function gateCount(cell: SeqCell): number {
  return cell === 'gru' ? 3 : 4;
}

/** The length of each parameter table for a shape. */
export function weightSizes(shape: SeqShape): Record<SeqWeightKey, number> {
  const { nItems: n, embeddingDim: d, hiddenSize: h } = shape;
  const gh = gateCount(shape.cell) * h;
  return { embedding: n * d, wx: d * gh, wh: h * gh, b: gh, out: n * h, outBias: n };
}

/** Standard deviation of the initial input and output item vectors. */
export const SEQ_INIT_STD = 0.1;

/** Throws a clear error for sizes that are not positive whole numbers. */
export function checkShape(shape: SeqShape): void {
  for (const key of ['nItems', 'embeddingDim', 'hiddenSize'] as const) {
    const v = shape[key];
    if (!(Number.isInteger(v) && v >= 1)) throw new Error(`${key} must be a positive whole number, got ${v}`);
  }
  if (shape.cell !== 'gru' && shape.cell !== 'lstm') throw new Error(`cell must be 'gru' or 'lstm', got ${String(shape.cell)}`);
}

/**
 * Fresh seeded weights, drawn from `rng` in this order: E ~ N(0, 0.1²), W_x ~ N(0, 1/d),
 * W_h ~ N(0, 1/H), O ~ N(0, 0.1²), each table row-major. Biases start at 0, except the LSTM's
 * forget-gate block, which starts at 1 (so the cell remembers by default).
 */
export function initSeqWeights(shape: SeqShape, rng: Rng): SeqWeights {
  checkShape(shape);
  const sizes = weightSizes(shape);
  const draw = (n: number, std: number): Float32Array => {
    const a = new Float32Array(n);
    for (let j = 0; j < n; j++) a[j] = randomNormal(rng, 0, std);
    return a;
  };
  const embedding = draw(sizes.embedding, SEQ_INIT_STD);
  const wx = draw(sizes.wx, 1 / Math.sqrt(shape.embeddingDim));
  const wh = draw(sizes.wh, 1 / Math.sqrt(shape.hiddenSize));
  const out = draw(sizes.out, SEQ_INIT_STD);
  const b = new Float32Array(sizes.b);
  if (shape.cell === 'lstm') b.fill(1, shape.hiddenSize, 2 * shape.hiddenSize);
  return { ...shapeOf(shape), embedding, wx, wh, b, out, outBias: new Float32Array(sizes.outBias) };
}

/** Just the shape fields of a shape or weights object. */
export function shapeOf(s: SeqShape): SeqShape {
  return { cell: s.cell, nItems: s.nItems, embeddingDim: s.embeddingDim, hiddenSize: s.hiddenSize };
}

/** A deep copy of weights (new typed arrays of the same kind). */
export function copyWeights<A extends Vec>(w: SeqWeights<A>): SeqWeights<A> {
  return {
    ...shapeOf(w),
    embedding: w.embedding.slice() as A,
    wx: w.wx.slice() as A,
    wh: w.wh.slice() as A,
    b: w.b.slice() as A,
    out: w.out.slice() as A,
    outBias: w.outBias.slice() as A,
  };
}

/** Checks that every table has the length its shape implies; throws naming the first that does not. */
export function checkWeights(w: SeqWeights<Vec>): void {
  checkShape(w);
  const sizes = weightSizes(w);
  for (const key of SEQ_WEIGHT_KEYS) {
    if (w[key].length !== sizes[key]) throw new Error(`weights.${key} has ${w[key].length} entries, expected ${sizes[key]}`);
  }
}
