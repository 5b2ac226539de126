/** Greedy: pure exploitation of the current estimate. */
import { randomInt } from '../../math/random';
import type { Rng } from '../../math/random';
import { pushSlot, topN } from '../slate';
import type { Policy } from './types';

/**
 * Fills `out` with the top n eligible items by `scores` (exact ties broken at random), recording each
 * item's estimate and `extra`.
 */
export function fillTopN(
  ctx: { n: number; features: { nItems: number }; blocked: Uint8Array; base: number; estimates: Float64Array; rng: Rng },
  scores: Float64Array,
  extra: Float64Array | null,
  out: Parameters<typeof pushSlot>[0],
): void {
  const count = topN(scores, ctx.features.nItems, ctx.blocked, ctx.base, ctx.n, out.items, randomInt(ctx.rng, ctx.features.nItems));
  const chosen = out.items.slice(0, count);
  out.length = 0;
  for (const i of chosen) pushSlot(out, i, ctx.estimates[i] as number, scores[i] as number, extra ? (extra[i] as number) : NaN, false);
}

export const greedy: Policy = {
  info: {
    id: 'greedy',
    name: 'Greedy',
    formula: '\\text{top-}n\\;\\; \\mathbf{x}_i^{\\top}\\hat{\\boldsymbol\\theta}_u',
    summary: 'Shows the n items with the highest estimated click probability. Never explores on purpose, so it can lock onto what it learned first.',
    knobs: [],
    extra: null,
  },
  create: () => (ctx, out) => fillTopN(ctx, ctx.estimates, null, out),
};
