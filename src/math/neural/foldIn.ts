/**
 * Folding a visitor into a trained network: learn their vectors h_u (and p_u) from their positives
 * by a few seeded Adam steps with the network and every item vector frozen. Pure.
 */
import { createRng, randomNormal } from '../random';
import type { Csr } from '../sparse';
import { NEURAL_EMBEDDING_INIT_STD } from './weights';
import type { NeuralWeights } from './weights';
import { sampleEpoch } from './sampling';
import type { PositiveRows } from './sampling';
import { NEURAL_ADAM } from './adam';
import { clearGradients, createGradients } from './gradients';
import { forwardBackward } from './loss';
import type { NeuralLoss } from './loss';

/** Settings of a fold-in. */
export interface FoldInSettings {
  /** Full-batch Adam steps, each on the positives with freshly drawn negatives. */
  steps: number;
  learningRate: number;
  negatives: number;
  loss: NeuralLoss;
  seed: number;
}

/** Defaults: 60 full-batch Adam steps of η 0.03. */
export const NEURAL_FOLD_IN = { steps: 60, learningRate: 0.03 } as const;

/** A visitor's learned vectors and the loss of the last step. */
export interface FoldedVectors {
  hu: Float32Array;
  pu: Float32Array;
  /** Mean loss of the last step (NaN when there were no positives and nothing was learned). */
  lastLoss: number;
}

/**
 * The visitor's h_u (and p_u) minimising the mean loss over their positives (`items` with their
 * labels `targets`) and `negatives` uniform negatives per positive (from the items they have no
 * positive with, redrawn each step): both start N(0, 0.01²) from createRng(seed), then `steps`
 * full-batch Adam steps update only them, the network and item vectors frozen. With no positives
 * both stay 0.
 */
export function foldInVisitor(w: NeuralWeights, items: readonly number[], targets: readonly number[], s: FoldInSettings): FoldedVectors {
  const { dim: d, gmfDim: g, nItems } = w.spec;
  if (items.length === 0) return { hu: new Float32Array(d), pu: new Float32Array(g), lastLoss: NaN };
  const sorted = [...new Set(items)].sort((a, b) => a - b);
  const label = new Map(items.map((it, k) => [it, targets[k] as number]));
  const rng = createRng(s.seed);
  const hu = Float32Array.from({ length: d }, () => randomNormal(rng, 0, NEURAL_EMBEDDING_INIT_STD));
  const pu = Float32Array.from({ length: g }, () => randomNormal(rng, 0, NEURAL_EMBEDDING_INIT_STD));
  // a one-user network sharing the item tables and layers (never written)
  const visitor: NeuralWeights = { ...w, spec: { ...w.spec, nUsers: 1 }, userEmb: hu, userGmf: pu };
  const positives: PositiveRows = {
    users: new Int32Array(sorted.length),
    items: Int32Array.from(sorted),
    targets: Float32Array.from(sorted, (it) => label.get(it) as number),
  };
  const exclude: Csr = { nRows: 1, nCols: nItems, indptr: Int32Array.from([0, sorted.length]), indices: Int32Array.from(sorted), values: new Float32Array(sorted.length).fill(1) };
  const grads = createGradients(visitor.spec, visitor);
  const m = new Float32Array(d + g);
  const v = new Float32Array(d + g);
  const { beta1: b1, beta2: b2, epsilon } = NEURAL_ADAM;
  let lastLoss = NaN;
  for (let t = 1; t <= s.steps; t++) {
    const ex = sampleEpoch(positives, exclude, nItems, s.negatives, rng);
    const batch = { users: ex.users.subarray(0, ex.length), items: ex.items.subarray(0, ex.length), labels: ex.labels.subarray(0, ex.length) };
    lastLoss = forwardBackward(visitor, grads, batch, s.loss) / ex.length;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (let k = 0; k < d + g; k++) {
      const theta = k < d ? hu : pu;
      const j = k < d ? k : k - d;
      const gk = (k < d ? grads.userEmb[j] : grads.userGmf[j]) as number;
      const mk = b1 * (m[k] as number) + (1 - b1) * gk;
      const vk = b2 * (v[k] as number) + (1 - b2) * gk * gk;
      m[k] = mk;
      v[k] = vk;
      theta[j] = (theta[j] as number) - (s.learningRate * (mk / c1)) / (Math.sqrt(vk / c2) + epsilon);
    }
    clearGradients(grads, visitor.spec);
  }
  return { hu, pu, lastLoss };
}
