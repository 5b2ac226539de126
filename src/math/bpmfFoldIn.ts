/** Folding a new user into a BPMF posterior (./bpmf) with the items fixed. */
import { choleskyInPlace, choleskySolve } from './gaussian';
import type { BpmfPosterior } from './bpmf';
import { precisionTimesMean } from './bpmfConditionals';

/**
 * Folds a new user into the posterior means with the items fixed: the mean of x = (b, q)'s
 * conditional posterior under the learned prior,
 *   `x = (Λ̄_U + ᾱ Σ_i g_i g_iᵀ)⁻¹ (Λ̄_U μ̄_U + ᾱ Σ_i g_i (r_i − μ − b̄_i))`, g_i = (1, p̄_i):
 * a ridge regression whose penalty (x − μ̄_U)ᵀΛ̄_U(x − μ̄_U)/ᾱ is the averaged Gaussian prior. With no
 * ratings it is μ̄_U, the prior's mean user. Throws for an item index out of range.
 */
export function foldInBpmfUser(post: BpmfPosterior, rated: readonly { item: number; rating: number }[]): { bias: number; vector: Float32Array } {
  const k = post.factors;
  const d = k + 1;
  const precision = Float64Array.from(post.userPriorPrecision);
  const h = precisionTimesMean(post.userPriorPrecision, post.userPriorMean, d);
  const g = new Float64Array(d);
  g[0] = 1;
  for (const { item, rating } of rated) {
    if (!Number.isInteger(item) || item < 0 || item >= post.nItems) throw new Error(`foldInBpmfUser: item index ${item} is outside 0…${post.nItems - 1}`);
    for (let c = 0; c < k; c++) g[c + 1] = post.itemFactors[item * k + c] as number;
    const t = rating - post.mu - (post.itemBias[item] as number);
    for (let a = 0; a < d; a++) {
      const ga = g[a] as number;
      h[a] = (h[a] as number) + post.alpha * ga * t;
      for (let b = 0; b <= a; b++) precision[a * d + b] = (precision[a * d + b] as number) + post.alpha * ga * (g[b] as number);
    }
  }
  if (!choleskyInPlace(precision, d)) throw new Error('foldInBpmfUser: the posterior precision is not positive definite');
  const x = choleskySolve(precision, d, h);
  return { bias: x[0] as number, vector: Float32Array.from(x.subarray(1)) };
}
