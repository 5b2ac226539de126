/** Thompson sampling: rank by a draw of θ_u from its posterior. */
import { choleskyInPlace } from '../../math/gaussian';
import { randomNormal } from '../../math/random';
import { scoreItems } from '../estimator';
import { fillTopN } from './greedy';
import type { Policy } from './types';

export const DEFAULT_VARIANCE = 0.001;

/**
 * One posterior draw `θ̃ = θ̂_u + v·L z`, z ~ N(0, I), with `L Lᵀ = A_u⁻¹`, so θ̃ ~ N(θ̂_u, v²A_u⁻¹).
 * `chol` is scratch (d×d) that receives L; when rounding has made A_u⁻¹ not quite positive
 * definite, a tiny ridge is added to its diagonal (and if even that fails, θ̃ = θ̂_u).
 */
export function samplePosterior(
  rng: { next(): number },
  theta: Float64Array,
  covariances: Float64Array,
  covOffset: number,
  d: number,
  v: number,
  chol: Float64Array,
  out: Float64Array,
): Float64Array {
  let factored = false;
  for (let attempt = 0, jitter = 0; attempt < 6 && !factored; attempt++, jitter = jitter === 0 ? 1e-12 : jitter * 100) {
    for (let j = 0; j < d * d; j++) chol[j] = covariances[covOffset + j] as number;
    for (let r = 0; r < d; r++) chol[r * d + r] = (chol[r * d + r] as number) + jitter;
    factored = choleskyInPlace(chol, d);
  }
  const z = Float64Array.from({ length: d }, () => randomNormal(rng));
  if (!factored) chol.fill(0);
  for (let r = 0; r < d; r++) {
    let s = 0;
    for (let c = 0; c <= r; c++) s += (chol[r * d + c] as number) * (z[c] as number);
    out[r] = (theta[r] as number) + v * s;
  }
  return out;
}

export const thompson: Policy = {
  info: {
    id: 'thompson',
    name: 'Thompson sampling',
    formula: '\\mathbf{x}_i^{\\top}\\tilde{\\boldsymbol\\theta}_u,\\quad \\tilde{\\boldsymbol\\theta}_u \\sim \\mathcal{N}(\\hat{\\boldsymbol\\theta}_u,\\, v^2 A_u^{-1})',
    summary:
      'Draws a plausible θ_u from the user’s posterior and shows the top n under that draw: items the model is unsure about get shown in proportion to the chance that they are the best.',
    knobs: [{ key: 'variance', label: 'v²', help: 'Scale of the posterior the draw comes from (noise variance); 0 is greedy.', default: DEFAULT_VARIANCE, min: 0, max: 1, step: 0.001 }],
    extra: 'sampled',
  },
  create: (knobs) => {
    const v = Math.sqrt(Math.max(0, knobs.variance ?? DEFAULT_VARIANCE));
    let chol = new Float64Array(0);
    let draw = new Float64Array(0);
    return (ctx, out) => {
      const { d } = ctx.features;
      if (draw.length !== d) {
        chol = new Float64Array(d * d);
        draw = new Float64Array(d);
      }
      samplePosterior(ctx.rng, ctx.theta, ctx.covariances, ctx.covOffset, d, v, chol, draw);
      scoreItems(ctx.features, draw, ctx.scores);
      fillTopN(ctx, ctx.scores, ctx.scores, out);
    };
  },
};
