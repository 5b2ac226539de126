/**
 * The next-item network's training loss (softmax cross-entropy of the next item at every position,
 * full or sampled) and its exact gradient by backpropagation through time.
 */
import type { SeqWeights, Vec } from './weights';
import { gruBackwardStep, lstmBackwardStep } from './backward';
import { forwardSequence } from './forward';
import type { SeqGradients, SeqWorkspace } from './workspace';

/**
 * The cross-entropy of one position, ℓ = −ln( e^{s_y} / Σ_{j∈C} e^{s_j} ) with s_j = h·o_j + c_j,
 * h = ws.hs at hOff and y the target. C is every item when `negatives` is empty (full softmax), or
 * y together with the shared negatives (sampled softmax; a negative equal to y is left out: an
 * "accidental hit"; repeated negatives count once per draw). When `g` is given, adds
 * scale·∂ℓ/∂θ to the output gradients (∂s_j = p_j − [j = y], ∂o_j = ∂s_j h, ∂c_j = ∂s_j) and
 * writes scale·∂ℓ/∂h = scale·Σ_j ∂s_j o_j into ws.dhOut at hOff.
 */
function positionLoss(w: SeqWeights<Vec>, ws: SeqWorkspace, hOff: number, y: number, negatives: Int32Array, scale: number, g: SeqGradients | null): number {
  const H = w.hiddenSize;
  const { out: O, outBias: c } = w;
  const full = negatives.length === 0;
  const m = full ? w.nItems : negatives.length + 1;
  if (ws.logits.length < m) ws.logits = new Float64Array(m);
  const { hs, logits } = ws;
  const cand = (j: number): number => (full ? j : j === 0 ? y : negatives[j - 1]!);
  let max = -Infinity;
  for (let j = 0; j < m; j++) {
    const item = cand(j);
    if (!full && j > 0 && item === y) {
      logits[j] = -Infinity;
      continue;
    }
    const oo = item * H;
    let s = 0;
    for (let k = 0; k < H; k++) s += hs[hOff + k]! * O[oo + k]!;
    s += c[item]!;
    logits[j] = s;
    if (s > max) max = s;
  }
  let z = 0;
  for (let j = 0; j < m; j++) z += Math.exp(logits[j]! - max);
  const lse = max + Math.log(z);
  const sy = logits[full ? y : 0]!;
  const loss = lse - sy;
  if (g !== null) {
    const dh = ws.dhOut;
    for (let k = 0; k < H; k++) dh[hOff + k] = 0;
    const yj = full ? y : 0;
    for (let j = 0; j < m; j++) {
      const lj = logits[j]!;
      if (lj === -Infinity) continue;
      const ds = scale * (Math.exp(lj - lse) - (j === yj ? 1 : 0));
      const item = cand(j);
      const oo = item * H;
      for (let k = 0; k < H; k++) {
        dh[hOff + k]! += ds * O[oo + k]!;
        g.out[oo + k]! += ds * hs[hOff + k]!;
      }
      g.outBias[item]! += ds;
    }
  }
  return loss;
}

/** One minibatch of training sequences and its shared negatives. */
export interface SeqBatch {
  /** Item sequences in time order, each of at least 2 items (shorter ones contribute nothing). */
  sequences: readonly Int32Array[];
  /** Items drawn for the sampled softmax, shared by every position of the batch; empty = full softmax. */
  negatives: Int32Array;
}

/** Training positions of a batch: Σ_s (|s| − 1). */
export function batchPositions(batch: SeqBatch): number {
  let n = 0;
  for (const s of batch.sequences) n += Math.max(0, s.length - 1);
  return n;
}

/**
 * The minibatch loss: every sequence x_1…x_L (L ≥ 2) is read from h_0 = 0, and after reading x_t
 * the state h_t must predict x_{t+1}, for t = 1…L−1:
 * `L_B = (1/N_B) Σ_{s∈B} Σ_{t=1}^{L_s−1} ℓ(h_t, x_{t+1})`, N_B = Σ_s (L_s − 1), ℓ as positionLoss.
 * Returns the SUM Σ ℓ (so epoch means are exact) and N_B. When `g` is given, ADDS ∂L_B/∂θ (of the
 * mean) to it by backpropagation through time, exact for these weights.
 * Every sequence must fit in the workspace (L − 1 ≤ ws.maxSteps).
 */
export function batchLoss(w: SeqWeights<Vec>, batch: SeqBatch, ws: SeqWorkspace, g: SeqGradients | null): { lossSum: number; positions: number } {
  const positions = batchPositions(batch);
  if (positions === 0) return { lossSum: 0, positions: 0 };
  const scale = 1 / positions;
  const H = w.hiddenSize;
  const lstm = w.cell === 'lstm';
  let lossSum = 0;
  for (const seq of batch.sequences) {
    const T = seq.length - 1;
    if (T < 1) continue;
    forwardSequence(w, seq, 0, T, ws);
    for (let t = 1; t <= T; t++) lossSum += positionLoss(w, ws, t * H, seq[t]!, batch.negatives, scale, g);
    if (g === null) continue;
    // BPTT: ∂L/∂h_t = (from the output at t) + (from step t+1)
    ws.dhPrev.fill(0);
    ws.dcPrev.fill(0);
    for (let t = T; t >= 1; t--) {
      const o = t * H;
      for (let k = 0; k < H; k++) ws.dh[k] = ws.dhOut[o + k]! + ws.dhPrev[k]!;
      if (lstm) {
        ws.dc.set(ws.dcPrev);
        lstmBackwardStep(w, seq[t - 1]!, ws, t - 1, g);
      } else {
        gruBackwardStep(w, seq[t - 1]!, ws, t - 1, g);
      }
    }
  }
  return { lossSum, positions };
}
