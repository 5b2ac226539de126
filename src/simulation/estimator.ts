/**
 * The one estimator every policy shares, so they differ only in how they choose: a Bayesian
 * linear regression of each user's clicks on the item features, shrunk towards a population model,
 * `p_ui ≈ x_i·θ_u + c_i`.
 *
 * - Population model (ridge on ALL collected feedback, refitted every m steps): θ_pop and, with
 *   item offsets on, one offset c_i per item with prior N(0, λ⁻¹) (the hybrid model of Li et al.
 *   2010: what the features miss about an item, learned from every user's feedback on it). Jointly,
 *   by backfitting: `θ_pop = (λI + Σ x xᵀ)⁻¹ Σ (r − c_i) x`, `c_i = Σ_{obs of i} (r − x_i·θ_pop) / (λ + n_i)`,
 *   whose posterior variance (in units of the noise) is `1/(λ + n_i)`: an item nobody was shown
 *   is uncertain, one shown often is not. Without offsets, c = 0.
 * - User u, prior `θ_u ~ N(θ_pop, λ⁻¹I)`: `A_u = λI + Σ_{(i,r) of u} x_i x_iᵀ`,
 *   `θ̂_u = A_u⁻¹(λθ_pop + Σ (r − c_i) x_i)`. A_u⁻¹ is kept up to date by Sherman–Morrison, O(d²)
 *   per click or non-click.
 */
import { cholesky, choleskySolve } from '../math/gaussian';
import type { ItemFeatures } from './types';

/**
 * Sherman–Morrison, in place: `(A + xxᵀ)⁻¹ = A⁻¹ − (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x)` for symmetric A.
 * `ainv` (d×d, row-major) is A⁻¹ on entry and (A + xxᵀ)⁻¹ on return; x is row `xRow` of `xs`
 * (d wide); `w` is scratch of length d. O(d²).
 */
export function shermanMorrison(ainv: Float64Array, aOff: number, d: number, xs: Float64Array, xRow: number, w: Float64Array): void {
  const xo = xRow * d;
  let denom = 1;
  for (let r = 0; r < d; r++) {
    const ro = aOff + r * d;
    let s = 0;
    for (let c = 0; c < d; c++) s += (ainv[ro + c] as number) * (xs[xo + c] as number);
    w[r] = s;
    denom += s * (xs[xo + r] as number);
  }
  for (let r = 0; r < d; r++) {
    const ro = aOff + r * d;
    const wr = (w[r] as number) / denom;
    for (let c = 0; c < d; c++) ainv[ro + c] = (ainv[ro + c] as number) - wr * (w[c] as number);
  }
}

/**
 * `xᵀMx` for a symmetric M (d×d at `mOff`) and x = row `xRow` of `xs`:
 * `Σ_r M_rr x_r² + 2 Σ_{r<c} M_rc x_r x_c` (d(d+1)/2 products).
 */
export function quadraticForm(m: Float64Array, mOff: number, d: number, xs: Float64Array, xRow: number): number {
  const xo = xRow * d;
  let s = 0;
  for (let r = 0; r < d; r++) {
    const xr = xs[xo + r] as number;
    const ro = mOff + r * d;
    let t = 0.5 * (m[ro + r] as number) * xr;
    for (let c = r + 1; c < d; c++) t += (m[ro + c] as number) * (xs[xo + c] as number);
    s += 2 * t * xr;
  }
  return s;
}

/** `x_i·θ` for every item: the estimated click probability of each item under θ. */
export function scoreItems(features: ItemFeatures, theta: ArrayLike<number>, out: Float64Array): Float64Array {
  const { x, d, nItems } = features;
  for (let i = 0; i < nItems; i++) {
    const o = i * d;
    let s = 0;
    for (let c = 0; c < d; c++) s += (x[o + c] as number) * (theta[c] as number);
    out[i] = s;
  }
  return out;
}

/** The shared estimator of one policy's run (each policy has its own, fed only its own feedback). */
export interface Estimator {
  readonly d: number;
  readonly lambda: number;
  /** θ_pop as last refitted (zeros before the first refit). */
  readonly thetaPop: Float64Array;
  /** All A_u⁻¹, users × d × d; user u's starts at `u·d²`. Read-only for callers. */
  readonly covariances: Float64Array;
  /** c_i per item as last refitted (zeros without item offsets). */
  readonly offsets: Float64Array;
  /** Var c_i / σ² = 1/(λ + n_i) as last refitted (zeros without item offsets). */
  readonly offsetVariance: Float64Array;
  /** θ̂_u = A_u⁻¹(λθ_pop + Σ (r − c_i) x_i) into `out`. */
  mean(user: number, out: Float64Array): Float64Array;
  /** Feeds one observation (r = 1 click, 0 no click, or a warm-start reward in [0, 1]). */
  observe(user: number, item: number, reward: number): void;
  /** Observations of a user so far. */
  observations(user: number): number;
  /** θ_pop (and the offsets) refitted on every observation so far. */
  refit(): void;
}

/**
 * Item offsets are off by default, measured: on the demo (seed 42, 10 000 slates of 10) they raise
 * every policy's regret (greedy 10 786 → 11 821 on the fitted world, 20 330 → 20 462 on the planted
 * one) and lower greedy's coverage; they are what lets an explorer find an item its features misplace
 * (features.test.ts), which the demo's worlds have few of.
 */
export const DEFAULT_ITEM_OFFSETS = false;

/** Backfitting sweeps per refit (each starts from the previous refit's offsets). */
export const BACKFIT_SWEEPS = 3;

export function createEstimator(features: ItemFeatures, nUsers: number, lambda: number, itemOffsets = false): Estimator {
  if (!(lambda > 0)) throw new RangeError(`the prior precision λ must be positive, got ${lambda}`);
  const { d, x } = features;
  const dd = d * d;
  const covariances = new Float64Array(nUsers * dd);
  for (let u = 0; u < nUsers; u++) for (let r = 0; r < d; r++) covariances[u * dd + r * d + r] = 1 / lambda;
  const sums = new Float64Array(nUsers * d);
  const counts = new Int32Array(nUsers);
  const gram = new Float64Array(dd);
  const h = new Float64Array(d);
  const thetaPop = new Float64Array(d);
  const w = new Float64Array(d);
  const prior = new Float64Array(d);
  const { nItems } = features;
  const offsets = new Float64Array(nItems);
  const offsetVariance = new Float64Array(nItems);
  const itemCounts = new Int32Array(nItems);
  const itemSums = new Float64Array(nItems);
  // the items each user was shown, in order (for Σ c_i x_i of their observations)
  const seen: number[][] = itemOffsets ? Array.from({ length: nUsers }, () => []) : [];
  if (itemOffsets) offsetVariance.fill(1 / lambda);
  const mean = (user: number, out: Float64Array): Float64Array => {
    const so = user * d;
    for (let c = 0; c < d; c++) prior[c] = lambda * (thetaPop[c] as number) + (sums[so + c] as number);
    if (itemOffsets) {
      for (const i of seen[user] as number[]) {
        const ci = offsets[i] as number;
        if (ci === 0) continue;
        const xo = i * d;
        for (let c = 0; c < d; c++) prior[c] = (prior[c] as number) - ci * (x[xo + c] as number);
      }
    }
    const ao = user * dd;
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (covariances[ao + r * d + c] as number) * (prior[c] as number);
      out[r] = s;
    }
    return out;
  };
  return {
    d,
    lambda,
    thetaPop,
    covariances,
    offsets,
    offsetVariance,
    mean,
    observe(user, item, reward) {
      shermanMorrison(covariances, user * dd, d, x, item, w);
      const xo = item * d;
      const so = user * d;
      for (let r = 0; r < d; r++) {
        const xr = x[xo + r] as number;
        sums[so + r] = (sums[so + r] as number) + reward * xr;
        h[r] = (h[r] as number) + reward * xr;
        for (let c = 0; c < d; c++) gram[r * d + c] = (gram[r * d + c] as number) + xr * (x[xo + c] as number);
      }
      counts[user] = (counts[user] as number) + 1;
      itemCounts[item] = (itemCounts[item] as number) + 1;
      itemSums[item] = (itemSums[item] as number) + reward;
      if (itemOffsets) (seen[user] as number[]).push(item);
    },
    observations: (user) => counts[user] as number,
    refit() {
      const a = Float64Array.from(gram);
      for (let r = 0; r < d; r++) a[r * d + r] = (a[r * d + r] as number) + lambda;
      const l = cholesky(a, d);
      if (!itemOffsets) {
        choleskySolve(l, d, h, thetaPop);
        return;
      }
      const rhs = new Float64Array(d);
      for (let sweep = 0; sweep < BACKFIT_SWEEPS; sweep++) {
        // θ_pop on the residuals r − c_i: Σ (r − c_i) x = h − Σ_i n_i c_i x_i
        rhs.set(h);
        for (let i = 0; i < nItems; i++) {
          const w = (itemCounts[i] as number) * (offsets[i] as number);
          if (w === 0) continue;
          for (let c = 0; c < d; c++) rhs[c] = (rhs[c] as number) - w * (x[i * d + c] as number);
        }
        choleskySolve(l, d, rhs, thetaPop);
        // c_i on the residuals r − x_i·θ_pop
        for (let i = 0; i < nItems; i++) {
          const n = itemCounts[i] as number;
          let fit = 0;
          for (let c = 0; c < d; c++) fit += (x[i * d + c] as number) * (thetaPop[c] as number);
          offsets[i] = ((itemSums[i] as number) - n * fit) / (lambda + n);
          offsetVariance[i] = 1 / (lambda + n);
        }
      }
    },
  };
}
