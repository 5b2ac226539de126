/** Tiny hand-worked networks shared by the neural tests. */
import { createRng } from '../random';
import { initNeuralWeights } from './weights';
import type { NeuralSpec, NeuralWeights } from './weights';
import type { NeuralBatch } from './loss';

/**
 * The neural scorer with d = 2: h_u = (0.5, −1), h_i = (1, 2), w = (0.2, 0.4, −0.1, 0.3), b = 0.1.
 * w·[h_u; h_i] = (0.2·0.5 + 0.4·(−1)) + (−0.1·1 + 0.3·2) = −0.3 + 0.5 = 0.2; z = 0.2 + 0.1 = 0.3;
 * σ(0.3) = 1/(1 + e^{−0.3}) = 0.574442516811659.
 */
export function scorerExample(): NeuralWeights {
  return {
    spec: { nUsers: 1, nItems: 1, dim: 2, hidden: [], gmfDim: 0 },
    userEmb: Float32Array.from([0.5, -1]),
    itemEmb: Float32Array.from([1, 2]),
    userGmf: new Float32Array(0),
    itemGmf: new Float32Array(0),
    dense: [{ inputs: 4, outputs: 1, W: Float32Array.from([0.2, 0.4, -0.1, 0.3]), b: Float32Array.from([0.1]) }],
  };
}

/**
 * A NeuMF with d = 1, one hidden layer of 2 units and GMF size 1 (every number exact in float32):
 * x = [h_u; h_i] = (1, 2); W₁ = [[0.5, −1], [0.25, 0.5]] (rows = inputs), b₁ = (0, −0.5)
 * → pre = (1·0.5 + 2·0.25 + 0, 1·(−1) + 2·0.5 − 0.5) = (1, −0.5) → a = ReLU(pre) = (1, 0).
 * GMF: p_u ⊙ q_i = 2·(−0.5) = −1. Output w = (1.5, 3, 0.5), b = −0.25:
 * z = 1.5·1 + 3·0 + 0.5·(−1) − 0.25 = 0.75, σ(0.75) = 0.679178699175393.
 */
export function neuMfExample(): NeuralWeights {
  return {
    spec: { nUsers: 1, nItems: 1, dim: 1, hidden: [2], gmfDim: 1 },
    userEmb: Float32Array.from([1]),
    itemEmb: Float32Array.from([2]),
    userGmf: Float32Array.from([2]),
    itemGmf: Float32Array.from([-0.5]),
    dense: [
      { inputs: 2, outputs: 2, W: Float32Array.from([0.5, -1, 0.25, 0.5]), b: Float32Array.from([0, -0.5]) },
      { inputs: 3, outputs: 1, W: Float32Array.from([1.5, 3, 0.5]), b: Float32Array.from([-0.25]) },
    ],
  };
}

/** A small random NeuMF (4 users, 5 items, d 3, hidden 4 → 3, GMF 2) with embeddings N(0, 0.5²). */
export function smallNetwork(seed = 11, spec: Partial<NeuralSpec> = {}): NeuralWeights {
  return initNeuralWeights({ nUsers: 4, nItems: 5, dim: 3, hidden: [4, 3], gmfDim: 2, ...spec }, createRng(seed), 0.5);
}

/** Six examples over the small network's users and items; labels 1, 0 and (for MSE) 0.6. */
export function smallBatch(): NeuralBatch {
  return {
    users: Int32Array.from([0, 0, 1, 2, 3, 1]),
    items: Int32Array.from([1, 4, 1, 0, 2, 3]),
    labels: Float32Array.from([1, 0, 1, 0, 0.6, 0]),
  };
}
