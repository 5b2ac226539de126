/** Averaging a BPMF sampler's predictions over its kept samples, on a fixed set of (user, item) pairs. */
import type { BpmfSampler } from './bpmf';

/** Running average of the sampler's predictions on fixed (user, item) pairs: `r̄_ui = (1/S) Σ_s r̂_ui^(s)`. */
export interface PredictionAverage {
  /** Adds the current sample's predictions. */
  add(sampler: BpmfSampler): void;
  /** Samples added. */
  readonly count: number;
  /** The averaged predictions (unclipped); NaN before the first add. */
  mean(): Float64Array;
  /** The running sum and count now (a copy), to go on from (createPredictionAverage's `from`). */
  state(): PredictionAverageState;
}

/** A PredictionAverage's running sum per pair and samples added. */
export interface PredictionAverageState {
  sum: Float64Array;
  count: number;
}

/** A running average of predictions on the pairs (users[j], items[j]), starting from `from` (a saved state) or empty. */
export function createPredictionAverage(users: Int32Array, items: Int32Array, from?: PredictionAverageState): PredictionAverage {
  if (from && from.sum.length !== users.length) throw new Error(`BPMF: the saved prediction average has ${from.sum.length} pairs, this run ${users.length}`);
  const sum = from ? from.sum.slice() : new Float64Array(users.length);
  let count = from?.count ?? 0;
  return {
    state: () => ({ sum: sum.slice(), count }),
    add(sampler) {
      for (let j = 0; j < sum.length; j++) sum[j] = (sum[j] as number) + sampler.predict(users[j] as number, items[j] as number);
      count++;
    },
    get count() {
      return count;
    },
    mean: () => Float64Array.from(sum, (s) => (count > 0 ? s / count : NaN)),
  };
}
