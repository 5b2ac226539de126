/** The k-NN pieces the Worked examples do not have — traced: MSD similarity, shrinkage, fallback. */
import { fmt, fmtOp, joinSum, requireSameLength, requireFinite, sum, traced, type Traced } from './trace';

/**
 * Mean-squared-difference similarity (Surprise's default) over co-rated entries.
 * `msd(a, b) = 1 / ( Σ_k (a_k − b_k)² / n + 1 )`
 */
export function msdSimilarity(a: readonly number[], b: readonly number[]): Traced<number> {
  requireSameLength('a', a, 'b', b);
  const n = a.length;
  const sq = a.map((x, k) => (x - (b[k] as number)) ** 2);
  const total = sum(sq);
  const value = 1 / (total / n + 1);
  return traced(value, '\\operatorname{msd}(\\mathbf{a},\\mathbf{b}) = \\frac{1}{\\frac{1}{n}\\sum_k (a_k - b_k)^2 + 1}', [
    { label: 'Squared differences', tex: `\\sum_k (a_k - b_k)^2 = ${joinSum(a.map((x, k) => `(${fmt(x)} - ${fmtOp(b[k] as number)})^2`))} = ${fmt(total)}` },
    { label: 'Similarity', tex: `\\operatorname{msd} = \\frac{1}{${fmt(total)} / ${n} + 1} = ${fmt(value)}` },
  ]);
}

/**
 * Significance weighting: a similarity computed on n co-rated entries, shrunk toward 0.
 * `s' = s · m / (m + β)` with `m = n − offset` (offset 0; Surprise's pearson_baseline uses 1).
 * Appends the step to the similarity's own trace; β = 0 leaves it unchanged.
 */
export function shrunkSimilarity(raw: Traced<number>, n: number, beta: number, offset = 0): Traced<number> {
  requireFinite('β', beta);
  if (beta === 0) return raw;
  const m = n - offset;
  const value = raw.value * (m / (m + beta));
  return {
    ...raw,
    value,
    formula: `${raw.formula},\\qquad s' = s\\cdot\\frac{n}{n + \\beta}`,
    steps: [
      ...raw.steps,
      { label: `Shrinkage by the ${n} co-rated entries (β = ${fmt(beta)})`, tex: `s' = ${fmt(raw.value)}\\cdot\\frac{${m}}{${m} + ${fmt(beta)}} = ${fmt(value)}` },
    ],
  };
}

/**
 * The estimate a k-NN prediction falls back to when too few neighbours have rated the pair.
 * `r̂_ui = μ` (weighted average), `r̄_u` or `r̄_i` (mean-centred), `b_ui` (baseline-centred).
 */
export function fallbackEstimate(input: { symbol: string; value: number; used: number; minK: number }): Traced<number> {
  const { symbol, value, used, minK } = input;
  requireFinite(symbol, value);
  return traced(
    value,
    `\\hat r_{ui} = ${symbol}`,
    [{ label: 'Too few neighbours: the fallback estimate', tex: `\\hat r_{ui} = ${symbol} = ${fmt(value)}` }],
    `Only ${used} neighbour${used === 1 ? '' : 's'} with a rating of this pair (at least ${Math.max(1, minK)} needed), so the prediction falls back as Surprise does.`,
  );
}
