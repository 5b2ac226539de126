/** Buffers of the next-item network (./forward, ./backward, ./loss): parameter gradients and the reusable workspace. */
import type { SeqShape } from './weights';
import { gateCount } from './weights';

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
