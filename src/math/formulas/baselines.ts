/** Non-personalised and baseline scores — traced: popularity, damped item mean, μ + b_u + b_i. */
import { fmt, fmtOp, requireFinite, texText, traced, type Traced } from './trace';

/**
 * Popularity: an item's score is how many training ratings it has.
 * `score_i = |U_i|` (U_i = the users who rated i).
 */
export function popularityScore(input: { count: number; users: number; item?: string }): Traced<number> {
  const { count, users } = input;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number ≥ 0, got ${count}`);
  const name = input.item === undefined ? 'i' : texText(input.item);
  return traced(
    count,
    '\\text{score}_i = |U_i|',
    [
      { label: 'Users who rated the item in training', tex: `|U_{${name}}| = ${count}` },
      { label: 'Share of all users', tex: `\\frac{${count}}{${users}} = ${fmt(users > 0 ? count / users : 0)}` },
    ],
    'Everyone gets the same list: the most-rated items they have not rated yet.',
  );
}

/**
 * Damped item mean: the item's mean rating pulled toward the global mean μ by β pseudo-ratings.
 * `r̂_i = (Σ_{u∈U_i} r_ui + β·μ) / (|U_i| + β)`
 */
export function dampedItemMean(input: { sum: number; count: number; mu: number; beta: number }): Traced<number> {
  const { sum, count, mu, beta } = input;
  requireFinite('Σ r', sum);
  requireFinite('μ', mu);
  requireFinite('β', beta);
  if (count + beta <= 0) throw new Error('the item has no ratings and β = 0: the damped mean is undefined');
  const value = (sum + beta * mu) / (count + beta);
  return traced(
    value,
    '\\hat r_{i} = \\frac{\\sum_{u\\in U_i} r_{ui} + \\beta\\,\\mu}{|U_i| + \\beta}',
    [
      { label: 'The item’s ratings', tex: `\\sum r_{ui} = ${fmt(sum)},\\quad |U_i| = ${count}${count > 0 ? `,\\quad \\bar r_i = ${fmt(sum / count)}` : ''}` },
      { label: 'Damped toward the global mean', tex: `\\hat r_i = \\frac{${fmt(sum)} + ${fmtOp(beta)}\\cdot ${fmtOp(mu)}}{${count} + ${fmtOp(beta)}} = \\frac{${fmt(sum + beta * mu)}}{${fmt(count + beta)}} = ${fmt(value)}` },
    ],
    `β = ${fmt(beta)} pseudo-ratings at μ keep an item with few ratings near the global mean.`,
  );
}

/**
 * Baseline predictor: global mean plus user and item biases.
 * `r̂_ui = μ + b_u + b_i`
 */
export function baselinePrediction(input: { mu: number; bu: number; bi: number }): Traced<number> {
  const { mu, bu, bi } = input;
  requireFinite('μ', mu);
  requireFinite('b_u', bu);
  requireFinite('b_i', bi);
  const value = mu + bu + bi;
  return traced(value, '\\hat r_{ui} = \\mu + b_u + b_i', [
    { label: 'Terms', tex: `\\mu = ${fmt(mu)},\\quad b_u = ${fmt(bu)},\\quad b_i = ${fmt(bi)}` },
    { label: 'Prediction', tex: `\\hat r_{ui} = ${fmt(mu)} + ${fmtOp(bu)} + ${fmtOp(bi)} = ${fmt(value)}` },
  ]);
}
