/** Test helper: a minimal method description for the evaluation panel's pure functions. */
import type { RecommenderMeta } from '../../worker/api';

/** A method with no parameters, named `name`; predicting ratings only when asked. */
export function testMeta(id: string, name: string, predictsRatings = false): RecommenderMeta {
  return { id, name, family: 'baseline', formula: 'x', summary: '', params: [], feedback: 'both', predictsRatings, usesGpu: false, iterative: false };
}
