/** ε-greedy: greedy, except that each slot is a uniform pick with probability ε. */
import { randomInt } from '../../math/random';
import { pushSlot, topN, uniformEligible } from '../slate';
import type { Policy } from './types';

export const DEFAULT_EPSILON = 0.1;

export const epsilonGreedy: Policy = {
  info: {
    id: 'epsilon-greedy',
    name: 'ε-greedy',
    formula: '\\text{each slot: } \\begin{cases} i \\sim \\mathcal{U} & \\text{with probability } \\varepsilon \\\\ \\text{next best } \\mathbf{x}_i^{\\top}\\hat{\\boldsymbol\\theta}_u & \\text{otherwise} \\end{cases}',
    summary: 'Greedy, except that each slot is, with probability ε, an item drawn uniformly from those not yet consumed. Explores blindly: a random item is usually a poor one.',
    knobs: [{ key: 'epsilon', label: 'ε', help: 'Probability that a slot is filled by a uniformly random item.', default: DEFAULT_EPSILON, min: 0, max: 1, step: 0.01 }],
    extra: null,
  },
  create: (knobs) => {
    const epsilon = knobs.epsilon ?? DEFAULT_EPSILON;
    let ranked = new Int32Array(0);
    let explore = new Uint8Array(0);
    return (ctx, out) => {
      if (ranked.length !== ctx.n) {
        ranked = new Int32Array(ctx.n);
        explore = new Uint8Array(ctx.n);
      }
      let greedySlots = 0;
      for (let j = 0; j < ctx.n; j++) {
        explore[j] = ctx.rng.next() < epsilon ? 1 : 0;
        if (explore[j] === 0) greedySlots++;
      }
      const count = topN(ctx.estimates, ctx.features.nItems, ctx.blocked, ctx.base, ctx.n, ranked, randomInt(ctx.rng, ctx.features.nItems));
      // greedy items first (so the uniform picks avoid them), then each slot in order
      const exploit = ranked.subarray(0, Math.min(greedySlots, count));
      let g = 0;
      for (let j = 0; j < ctx.n; j++) {
        if (explore[j] === 0) {
          if (g >= exploit.length) continue;
          const i = exploit[g++] as number;
          pushSlot(out, i, ctx.estimates[i] as number, ctx.estimates[i] as number, NaN, false);
        } else {
          const taken = out.length;
          // keep the remaining greedy picks out of the uniform draw
          const avoid = new Int32Array(taken + exploit.length - g);
          avoid.set(out.items.subarray(0, taken));
          avoid.set(exploit.subarray(g), taken);
          const i = uniformEligible(ctx.rng, ctx.features.nItems, ctx.blocked, ctx.base, avoid, avoid.length);
          if (i < 0) continue;
          pushSlot(out, i, ctx.estimates[i] as number, NaN, NaN, true);
        }
      }
    };
  },
};
