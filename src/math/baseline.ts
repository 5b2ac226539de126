/**
 * Baseline predictor `r̂_ui = μ + b_u + b_i` fitted by alternating least squares, as Surprise's
 * BaselineOnly (bsl_options method 'als'). Pure.
 */
import type { Csr } from './sparse';

/** Options of the ALS baseline: λ_u, λ_i and the number of sweeps. */
export interface BaselineAlsOptions {
  /** λ_u, the user-bias regularisation (Surprise's reg_u). */
  regUser: number;
  /** λ_i, the item-bias regularisation (Surprise's reg_i). */
  regItem: number;
  /** Number of sweeps, each one pass over the items then one over the users (Surprise's n_epochs). */
  epochs: number;
}

/** Surprise's defaults: reg_u 15, reg_i 10, 10 epochs. */
export const BASELINE_ALS_DEFAULTS: Readonly<BaselineAlsOptions> = Object.freeze({ regUser: 15, regItem: 10, epochs: 10 });

/** The fitted biases: b_u per user and b_i per item (0 for a user or item with no rating). */
export interface Baseline {
  userBias: Float64Array;
  itemBias: Float64Array;
}

/** μ: the mean of a CSR's values (NaN when it has none). */
export function globalMean(m: Csr): number {
  const n = m.values.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let p = 0; p < n; p++) s += m.values[p] as number;
  return s / n;
}

/**
 * Fits the biases of `r̂_ui = μ + b_u + b_i` by alternating least squares, starting from b = 0.
 * Each epoch first sets every item bias, with the user biases fixed,
 * `b_i = Σ_{u∈U_i} (r_ui − μ − b_u) / (λ_i + |U_i|)`,
 * then every user bias, with the new item biases,
 * `b_u = Σ_{i∈I_u} (r_ui − μ − b_i) / (λ_u + |I_u|)`
 * — the loop order and formulas of Surprise's `baseline_als`. Each update is the exact minimiser
 * of `Σ (r_ui − μ − b_u − b_i)² + λ_u Σ b_u² + λ_i Σ b_i²` in that block. O(epochs · nnz).
 * `byUser` and `byItem` are the same ratings with users resp. items as rows; μ is usually their mean.
 */
export function fitBaselineAls(byUser: Csr, byItem: Csr, mu: number, opts: BaselineAlsOptions): Baseline {
  const nUsers = byUser.nRows;
  const nItems = byItem.nRows;
  if (byUser.nCols !== nItems || byItem.nCols !== nUsers) {
    throw new Error(`byUser is ${nUsers}×${byUser.nCols} but byItem is ${nItems}×${byItem.nCols}: they must be transposes`);
  }
  const userBias = new Float64Array(nUsers);
  const itemBias = new Float64Array(nItems);
  const { regUser, regItem } = opts;
  const epochs = Math.max(0, Math.floor(opts.epochs));
  for (let epoch = 0; epoch < epochs; epoch++) {
    sweep(byItem, userBias, itemBias, mu, regItem);
    sweep(byUser, itemBias, userBias, mu, regUser);
  }
  return { userBias, itemBias };
}

/** One ALS half-step: `target[r] = Σ_{(c, x) in row r} (x − μ − other[c]) / (reg + |row r|)` for every row r. */
function sweep(m: Csr, other: Float64Array, target: Float64Array, mu: number, reg: number): void {
  const { indptr, indices, values } = m;
  for (let r = 0; r < m.nRows; r++) {
    const from = indptr[r] as number;
    const to = indptr[r + 1] as number;
    let dev = 0;
    for (let p = from; p < to; p++) dev += (values[p] as number) - mu - (other[indices[p] as number] as number);
    // an empty row with reg = 0 would be 0/0: its bias stays 0, as the sum is empty
    target[r] = to > from ? dev / (reg + (to - from)) : 0;
  }
}

/** Baseline estimate `b_ui = μ + b_u + b_i`. */
export function baselineEstimate(mu: number, b: Baseline, user: number, item: number): number {
  return mu + (b.userBias[user] as number) + (b.itemBias[item] as number);
}
