/**
 * EASE behind the recommender contract (src/math/implicit/ease.ts), on the CPU: the Gram matrix,
 * its Cholesky factor and inverse run as steps, yielding to the event loop about every 25 ms so
 * progress is reported and Cancel (shouldStop) stops the fit mid-inverse with an AbortError.
 */
import { checkEaseFits, easeWeightsSteps } from '../../math/implicit/ease';
import type { EaseWeights } from '../../math/implicit/ease';
import { createYielder } from '../../model/batches';
import { YIELD_EVERY_MS } from '../../model/loop';
import { positivesOf } from '../implicit';
import { num, resolveParams } from '../params';
import type { Recommender } from '../types';
import { easeFitted } from './fitted';
import type { EaseState } from './fitted';
import { easeMeta } from './meta';

export { easeMeta, EASE_DEFAULTS } from './meta';

function abortError(): Error {
  const e = new Error('EASE fit cancelled');
  e.name = 'AbortError';
  return e;
}

export const ease: Recommender = {
  meta: easeMeta,
  async fit(train, values, ctx) {
    const p = resolveParams(easeMeta, values, ctx.backend);
    checkEaseFits(train.nItems);
    const positives = positivesOf(train, num(p, 'positiveAt'));
    const { hooks } = ctx;
    if (hooks.shouldStop?.() === true) throw abortError();
    const steps = easeWeightsSteps(positives.byUser, num(p, 'lambda'));
    const yielder = createYielder();
    let weights: EaseWeights;
    try {
      let lastYield = performance.now();
      for (;;) {
        const r = steps.next();
        if (r.done) {
          weights = r.value;
          break;
        }
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          hooks.onProgress?.(r.value.fraction);
          await yielder.yield();
          if (hooks.shouldStop?.() === true) throw abortError();
          lastYield = performance.now();
        }
      }
    } finally {
      yielder.close();
    }
    hooks.onProgress?.(1);
    const state: EaseState = {
      ease: weights,
      nUsers: train.nUsers,
      byUser: positives.byUser,
      byItem: positives.byItem,
      positiveAt: positives.threshold,
      positivesRule: positives.description,
    };
    return easeFitted(state, ctx);
  },
  restore: (state, _train, ctx) => easeFitted(state as EaseState, ctx),
};
