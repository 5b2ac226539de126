/** Dense Adam over the sequence model's tables, computed as tfjs's Adam does. */
import type { SeqGradients } from './workspace';
import type { SeqWeights, Vec } from './weights';
import { SEQ_WEIGHT_KEYS } from './weights';

/** Adam's constants. */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** First and second moments per table (float32, like tfjs's optimizer variables). */
export type AdamMoments = Record<(typeof SEQ_WEIGHT_KEYS)[number], { m: Float32Array; v: Float32Array }>;

/** Zero moments for weights. */
export function adamMoments(w: SeqWeights<Vec>): AdamMoments {
  const out = {} as AdamMoments;
  for (const key of SEQ_WEIGHT_KEYS) out[key] = { m: new Float32Array(w[key].length), v: new Float32Array(w[key].length) };
  return out;
}

/**
 * One dense Adam step t (1-based) on every parameter θ with gradient g:
 * `m ← β1 m + (1−β1) g`, `v ← β2 v + (1−β2) g²`, `θ ← θ − η (m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε)`.
 * Every parameter moves every step (rows without gradient by their momentum), as in tfjs.
 */
export function adamStep(w: SeqWeights<Vec>, g: SeqGradients, moments: AdamMoments, t: number, s: AdamSettings): void {
  const c1 = 1 - Math.pow(s.beta1, t);
  const c2 = 1 - Math.pow(s.beta2, t);
  const a1 = 1 - s.beta1;
  const a2 = 1 - s.beta2;
  const { beta1: b1, beta2: b2, epsilon: eps, learningRate: eta } = s;
  for (const key of SEQ_WEIGHT_KEYS) {
    const theta = w[key];
    const grad = g[key];
    const { m, v } = moments[key];
    for (let j = 0; j < theta.length; j++) {
      const gj = grad[j]!;
      const mj = b1 * m[j]! + a1 * gj;
      const vj = b2 * v[j]! + a2 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      theta[j] = theta[j]! - (eta * (mj / c1)) / (Math.sqrt(vj / c2) + eps);
    }
  }
}
