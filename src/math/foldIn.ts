/** Folding a new user into a trained MF model (item side fixed), in closed form. Pure. */
import { solveLinearSystem } from './linalg';
import type { MfModel } from './mf';

/**
 * Folds a new user into a trained model with item vectors fixed: minimise
 * `Σ_i (r_i − μ − b_i − b − q·p_i)² + λ(‖q‖² + b²)` over θ = (b, q).
 * Setting the gradient to zero gives the normal equations `(XᵀX + λI)θ = Xᵀy`, with one row
 * `[1, p_i]` of X and one entry `y_i = r_i − μ − b_i` per rated item, solved (float64) by
 * solveLinearSystem. No ratings → b = 0, q = 0 (the minimiser). Throws when the system is singular
 * (only possible with λ = 0 and too few independent ratings) or an item index is out of range.
 */
export function foldInUser(
  model: MfModel,
  rated: readonly { item: number; rating: number }[],
  lambda: number,
): { bias: number; vector: Float32Array } {
  const k = model.factors;
  const d = k + 1;
  if (rated.length === 0) return { bias: 0, vector: new Float32Array(k) };
  const a: number[][] = Array.from({ length: d }, (_, r) => Array.from({ length: d }, (_, c) => (r === c ? lambda : 0)));
  const b = new Array<number>(d).fill(0);
  const x = new Array<number>(d).fill(0);
  x[0] = 1;
  for (const { item, rating } of rated) {
    if (!Number.isInteger(item) || item < 0 || item >= model.nItems) {
      throw new Error(`foldInUser: item index ${item} is outside 0…${model.nItems - 1}`);
    }
    for (let f = 0; f < k; f++) x[f + 1] = model.itemFactors[item * k + f] as number;
    const y = rating - model.mu - (model.itemBias[item] as number);
    for (let r = 0; r < d; r++) {
      const xr = x[r] as number;
      b[r] = (b[r] as number) + xr * y;
      const row = a[r] as number[];
      for (let c = 0; c < d; c++) row[c] = (row[c] as number) + xr * (x[c] as number);
    }
  }
  const theta = solveLinearSystem(a, b);
  if (theta === null) {
    throw new Error(`foldInUser: the normal equations are singular (λ = ${lambda}, ${rated.length} ratings); use λ > 0`);
  }
  return { bias: theta[0] as number, vector: Float32Array.from(theta.slice(1)) };
}
