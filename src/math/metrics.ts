/** Rating-prediction error metrics, and the median the benchmarks report. Pure. */

/**
 * Root mean squared error. `RMSE = √( (1/n) Σ (r̂ − r)² )`
 * Throws on empty or mismatched inputs.
 */
export function rmse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  return Math.sqrt(meanOf(predicted, actual, (d) => d * d));
}

/** Mean absolute error. `MAE = (1/n) Σ |r̂ − r|` */
export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  return meanOf(predicted, actual, Math.abs);
}

function meanOf(predicted: ArrayLike<number>, actual: ArrayLike<number>, f: (d: number) => number): number {
  if (predicted.length !== actual.length) {
    throw new Error(`metric: ${predicted.length} predictions for ${actual.length} ratings`);
  }
  if (predicted.length === 0) throw new Error('metric: no ratings to score');
  let s = 0;
  for (let i = 0; i < predicted.length; i++) s += f((predicted[i] as number) - (actual[i] as number));
  return s / predicted.length;
}

/**
 * The median: the middle value of the sorted values, or the mean of the two middle ones when their
 * count is even; NaN when there are none. Used for the benchmarks' epoch timings.
 */
export function median(values: ArrayLike<number>): number {
  const s = Array.from(values).sort((a, b) => a - b);
  const m = s.length >> 1;
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
