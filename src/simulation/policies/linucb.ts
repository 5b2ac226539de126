/** LinUCB: the estimate plus an exploration bonus for what the user's data has not pinned down. */
import { randomInt } from '../../math/random';
import { quadraticForm } from '../estimator';
import { pushSlot } from '../slate';
import type { Policy, PolicyContext } from './types';
import type { SlateBuffer } from '../slate';

export const DEFAULT_ALPHA = 0.2;

/**
 * LinUCB's bonus `α·√(xᵀA_u⁻¹x)`: α times the posterior standard deviation of x·θ_u (in units of
 * the noise), large for items unlike anything the user has been shown.
 */
export function ucbBonus(alpha: number, covariances: Float64Array, covOffset: number, d: number, xs: Float64Array, item: number, offsetVariance = 0): number {
  return alpha * Math.sqrt(Math.max(0, quadraticForm(covariances, covOffset, d, xs, item) + offsetVariance));
}

/**
 * A safe upper bound on the largest eigenvalue of a symmetric PSD matrix M (d×d at `off`): the
 * smaller of Gershgorin's `max_r Σ_c |M_rc|` and the Frobenius norm `√(Σ M_rc²)`. So for every x,
 * `xᵀMx ≤ bound·‖x‖²`.
 */
export function eigenvalueBound(m: Float64Array, off: number, d: number): number {
  let gershgorin = 0;
  let frobenius = 0;
  for (let r = 0; r < d; r++) {
    let row = 0;
    for (let c = 0; c < d; c++) {
      const v = m[off + r * d + c] as number;
      row += Math.abs(v);
      frobenius += v * v;
    }
    if (row > gershgorin) gershgorin = row;
  }
  return Math.min(gershgorin, Math.sqrt(frobenius));
}

/** ‖x_i‖ per item, computed once per feature table. */
const normsOf = new WeakMap<Float64Array, Float64Array>();
function featureNorms(x: Float64Array, nItems: number, d: number): Float64Array {
  let norms = normsOf.get(x);
  if (!norms) {
    norms = new Float64Array(nItems);
    for (let i = 0; i < nItems; i++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (x[i * d + c] as number) ** 2;
      norms[i] = Math.sqrt(s);
    }
    normsOf.set(x, norms);
  }
  return norms;
}

/**
 * The n eligible items of highest `x·θ̂ + α√(xᵀA⁻¹x)`, exactly, without the O(d²) bonus of every
 * item: an item whose upper bound `x·θ̂ + α‖x‖√λ_max(A⁻¹)` cannot beat the current n-th best score is
 * skipped. Items are visited from a random start round the catalogue (ties to the first visited).
 */
function ucbTopN(ctx: PolicyContext, alpha: number, out: SlateBuffer): void {
  const { nItems, d, x } = ctx.features;
  const n = ctx.n;
  const m = ctx.covariances;
  const mo = ctx.covOffset;
  const norms = featureNorms(x, nItems, d);
  const slack = alpha * Math.sqrt(eigenvalueBound(m, mo, d));
  const items = new Int32Array(n);
  const scores = new Float64Array(n);
  const bonuses = new Float64Array(n);
  let count = 0;
  const start = randomInt(ctx.rng, nItems);
  for (let v = 0; v < nItems; v++) {
    const i = v + start < nItems ? v + start : v + start - nItems;
    if (ctx.blocked[ctx.base + i] !== 0) continue;
    const estimate = ctx.estimates[i] as number;
    const ov = ctx.offsetVariance[i] as number;
    // √(a + b) ≤ √a + √b
    if (count === n && !(estimate + slack * (norms[i] as number) + alpha * Math.sqrt(ov) > (scores[n - 1] as number))) continue;
    const b = ucbBonus(alpha, m, mo, d, x, i, ov);
    const s = estimate + b;
    if (count === n && !(s > (scores[n - 1] as number))) continue;
    let j = count < n ? count++ : n - 1;
    while (j > 0 && s > (scores[j - 1] as number)) {
      scores[j] = scores[j - 1] as number;
      items[j] = items[j - 1] as number;
      bonuses[j] = bonuses[j - 1] as number;
      j--;
    }
    scores[j] = s;
    items[j] = i;
    bonuses[j] = b;
  }
  for (let j = 0; j < count; j++) {
    const i = items[j] as number;
    pushSlot(out, i, ctx.estimates[i] as number, scores[j] as number, bonuses[j] as number, false);
  }
}

export const linUcb: Policy = {
  info: {
    id: 'linucb',
    name: 'LinUCB',
    formula: '\\mathbf{x}_i^{\\top}\\hat{\\boldsymbol\\theta}_u + \\alpha\\sqrt{\\mathbf{x}_i^{\\top}A_u^{-1}\\mathbf{x}_i}',
    summary:
      'Optimism under uncertainty (Li et al. 2010): ranks by the estimate plus a bonus that is large for items unlike those the user has already been shown, and shrinks as the user’s feedback accrues.',
    knobs: [{ key: 'alpha', label: 'α', help: 'Weight of the exploration bonus √(xᵀA⁻¹x); 0 is greedy.', default: DEFAULT_ALPHA, min: 0, max: 10, step: 0.05 }],
    extra: 'bonus',
  },
  create: (knobs) => {
    const alpha = knobs.alpha ?? DEFAULT_ALPHA;
    return (ctx, out) => ucbTopN(ctx, alpha, out);
  },
};
