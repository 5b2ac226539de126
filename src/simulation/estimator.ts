/**
 * The one estimator every policy shares, so they differ only in how they choose: a Bayesian
 * linear regression of each user's clicks on the item features, shrunk towards a population model.
 *
 * - Population model (ridge on ALL collected feedback, refitted every m steps):
 *   `θ_pop = (λI + Σ x xᵀ)⁻¹ Σ r x`.
 * - User u, prior `θ_u ~ N(θ_pop, λ⁻¹I)`: `A_u = λI + Σ_{(i,r) of u} x_i x_iᵀ`,
 *   `θ̂_u = A_u⁻¹(λθ_pop + Σ r x_i)`. A_u⁻¹ is kept up to date by Sherman–Morrison, O(d²) per click
 *   or non-click.
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
  /** θ̂_u = A_u⁻¹(λθ_pop + Σ r x) into `out`. */
  mean(user: number, out: Float64Array): Float64Array;
  /** Feeds one observation (r = 1 click, 0 no click, or a warm-start reward in [0, 1]). */
  observe(user: number, item: number, reward: number): void;
  /** Observations of a user so far. */
  observations(user: number): number;
  /** θ_pop ← (λI + Σ x xᵀ)⁻¹ Σ r x over every observation so far. */
  refit(): void;
}

export function createEstimator(features: ItemFeatures, nUsers: number, lambda: number): Estimator {
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
  return {
    d,
    lambda,
    thetaPop,
    covariances,
    mean(user, out) {
      const so = user * d;
      for (let c = 0; c < d; c++) prior[c] = lambda * (thetaPop[c] as number) + (sums[so + c] as number);
      const ao = user * dd;
      for (let r = 0; r < d; r++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += (covariances[ao + r * d + c] as number) * (prior[c] as number);
        out[r] = s;
      }
      return out;
    },
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
    },
    observations: (user) => counts[user] as number,
    refit() {
      const a = Float64Array.from(gram);
      for (let r = 0; r < d; r++) a[r * d + r] = (a[r * d + r] as number) + lambda;
      choleskySolve(cholesky(a, d), d, h, thetaPop);
    },
  };
}
