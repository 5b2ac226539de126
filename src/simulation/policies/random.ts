/** Random: uniform items, the floor every policy should beat. */
import { pushSlot, uniformEligible } from '../slate';
import type { Policy } from './types';

export const random: Policy = {
  info: {
    id: 'random',
    name: 'Random',
    formula: 'i \\sim \\mathcal{U}(\\text{items not yet consumed})',
    summary: 'Shows n items drawn uniformly from those the user has not consumed: all exploration, no exploitation.',
    knobs: [],
    extra: null,
  },
  create: () => (ctx, out) => {
    const { nItems } = ctx.features;
    for (let j = 0; j < ctx.n; j++) {
      const i = uniformEligible(ctx.rng, nItems, ctx.blocked, ctx.base, out.items, out.length);
      if (i < 0) break;
      pushSlot(out, i, ctx.estimates[i] as number, NaN, NaN, true);
    }
  },
};
