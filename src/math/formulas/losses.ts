/** Losses and error metrics: MSE, ½Σ squared error, binary cross-entropy, RMSE, MAE — traced. */
import { mae, rmse } from '../metrics';
import { misprintNote } from './misprints';
import { FormulaError, fmt, fmtOp, joinSum, requireSameLength, sum, texSum, traced, type TraceStep, type Traced } from './trace';

/** A single value or a list of values (one per rating). */
export type Values = number | readonly number[];

function asList(v: Values): readonly number[] {
  return typeof v === 'number' ? [v] : v;
}

function pairs(pred: Values, actual: Values): { p: readonly number[]; y: readonly number[]; n: number } {
  const p = asList(pred);
  const y = asList(actual);
  requireSameLength('predictions', p, 'actual values', y);
  return { p, y, n: p.length };
}

/** `(1 - 0.82)^2 + …` with the squared errors: returns tex of the error terms and the squares. */
function squaredErrors(p: readonly number[], y: readonly number[]): { sq: number[]; errTex: string; sqTex: string; ss: number } {
  const sq = p.map((x, i) => (x - (y[i] as number)) ** 2);
  const errTex = joinSum(p.map((x, i) => `(${fmt(x)} - ${fmtOp(y[i] as number)})^2`));
  return { sq, errTex, sqTex: texSum(sq), ss: sum(sq) };
}

/**
 * Mean squared error. `MSE = (1/n) Σ_k (ŷ_k − y_k)²`
 * For one rating it is the plain squared error (ŷ − y)². The note gives the ½Σ form's value for comparison.
 */
export function meanSquaredError(pred: Values, actual: Values): Traced<number> {
  const { p, y, n } = pairs(pred, actual);
  const { errTex, sqTex, ss } = squaredErrors(p, y);
  const value = ss / n;
  const steps: TraceStep[] = [
    { label: 'Squared errors', tex: `\\sum_k (\\hat y_k - y_k)^2 = ${errTex} = ${n > 1 ? `${sqTex} = ` : ''}${fmt(ss)}` },
    { label: 'Mean', tex: `\\mathrm{MSE} = \\frac{${fmt(ss)}}{${n}} = ${fmt(value)}` },
  ];
  return traced(
    value,
    '\\mathrm{MSE} = \\frac{1}{n}\\sum_{k=1}^{n} (\\hat y_k - y_k)^2',
    steps,
    `This is the mean (1/n) form${n === 1 ? ', i.e. the plain squared error for one rating' : ''}; the ½Σ form gives ½·${fmt(ss)} = ${fmt(ss / 2)}.`,
    misprintNote('meanSquaredError', [...p, ...y]),
  );
}

/**
 * Half sum of squared errors, the loss whose gradient is simply (ŷ − y).
 * `L = ½ Σ_k (ŷ_k − y_k)²` — for one rating, half the squared error (so 0.0162 for ŷ = 0.82, y = 1, where the squared error is 0.0324).
 */
export function halfSumSquaredError(pred: Values, actual: Values): Traced<number> {
  const { p, y, n } = pairs(pred, actual);
  const { errTex, sqTex, ss } = squaredErrors(p, y);
  const value = ss / 2;
  const steps: TraceStep[] = [
    { label: 'Squared errors', tex: `\\sum_k (\\hat y_k - y_k)^2 = ${errTex} = ${n > 1 ? `${sqTex} = ` : ''}${fmt(ss)}` },
    { label: 'Halve', tex: `L = \\tfrac12\\cdot ${fmtOp(ss)} = ${fmt(value)}` },
  ];
  return traced(
    value,
    'L = \\tfrac{1}{2}\\sum_{k=1}^{n} (\\hat y_k - y_k)^2',
    steps,
    `This is the ½Σ form (the ½ cancels the 2 of the derivative); the sum of squared errors is ${fmt(ss)} and the MSE is ${fmt(ss / n)}.`,
    misprintNote('halfSumSquaredError', [...p, ...y]),
  );
}

/** Probabilities are clipped to [BCE_EPSILON, 1 − BCE_EPSILON] before taking logs. */
export const BCE_EPSILON = 1e-7;

/**
 * Binary cross-entropy (natural log), averaged over n predictions.
 * `BCE = −(1/n) Σ_k [ y_k ln p_k + (1 − y_k) ln(1 − p_k) ]`, y_k ∈ [0, 1] (usually 0 or 1), p_k ∈ [0, 1].
 * p is clipped to [1e−7, 1 − 1e−7] so that ln 0 never occurs; the note says so and names any clipped entry.
 */
export function binaryCrossEntropy(p: Values, y: Values): Traced<number> {
  const { p: ps, y: ys, n } = pairs(p, y);
  ps.forEach((x, i) => {
    if (x < 0 || x > 1) throw new FormulaError(`p[${i}] = ${x} is not a probability: p must lie in [0, 1] (apply σ to a raw score first)`);
  });
  ys.forEach((x, i) => {
    if (x < 0 || x > 1) throw new FormulaError(`y[${i}] = ${x} is not a label: y must be 0 or 1 (or a probability in [0, 1])`);
  });
  const clipped = ps.map((x) => Math.min(1 - BCE_EPSILON, Math.max(BCE_EPSILON, x)));
  const changed = ps.map((x, i) => (x !== clipped[i] ? `p[${i}] = ${x} → ${clipped[i]}` : '')).filter(Boolean);
  const terms = clipped.map((pc, i) => {
    const yk = ys[i] as number;
    return -(yk * Math.log(pc) + (1 - yk) * Math.log(1 - pc));
  });
  const total = sum(terms);
  const value = total / n;
  const termTex = clipped.map((pc, i) => {
    const yk = ys[i] as number;
    if (yk === 1) return `-\\ln ${fmtOp(pc, 7)}`;
    if (yk === 0) return `-\\ln(1 - ${fmtOp(pc, 7)})`;
    return `-[${fmt(yk)}\\ln ${fmtOp(pc, 7)} + ${fmtOp(1 - yk)}\\ln(1 - ${fmtOp(pc, 7)})]`;
  });
  const steps: TraceStep[] = [
    {
      label: 'Per-prediction losses',
      tex: clipped.map((_, i) => `\\ell_{${i + 1}} = ${termTex[i]} = ${fmt(terms[i] as number)}`).join(',\\quad '),
    },
    { label: 'Average', tex: `\\mathrm{BCE} = \\frac{${texSum(terms)}}{${n}} = ${fmt(value)}` },
  ];
  return traced(
    value,
    '\\mathrm{BCE} = -\\frac{1}{n}\\sum_{k=1}^{n}\\left[y_k\\ln p_k + (1-y_k)\\ln(1-p_k)\\right]',
    steps,
    `p is clipped to [1e-7, 1 − 1e-7] before taking natural logs, so ln 0 never occurs (a confident wrong answer costs at most −ln 1e-7 ≈ 16.12).`,
    changed.length > 0 ? `Clipped: ${changed.join(', ')}.` : 'No entry needed clipping here.',
  );
}

/**
 * Root mean squared error (value from metrics.ts). `RMSE = √((1/n) Σ (r̂ − r)²)`
 */
export function rootMeanSquaredError(pred: readonly number[], actual: readonly number[]): Traced<number> {
  const { p, y, n } = pairs(pred, actual);
  const { errTex, ss } = squaredErrors(p, y);
  const value = rmse(p, y);
  return traced(value, '\\mathrm{RMSE} = \\sqrt{\\frac{1}{n}\\sum_{k=1}^{n} (\\hat r_k - r_k)^2}', [
    { label: 'Squared errors', tex: `\\sum_k (\\hat r_k - r_k)^2 = ${errTex} = ${fmt(ss)}` },
    { label: 'Root of the mean', tex: `\\mathrm{RMSE} = \\sqrt{\\frac{${fmt(ss)}}{${n}}} = \\sqrt{${fmt(ss / n)}} = ${fmt(value)}` },
  ]);
}

/**
 * Mean absolute error (value from metrics.ts). `MAE = (1/n) Σ |r̂ − r|`
 */
export function meanAbsoluteError(pred: readonly number[], actual: readonly number[]): Traced<number> {
  const { p, y, n } = pairs(pred, actual);
  const abs = p.map((x, i) => Math.abs(x - (y[i] as number)));
  const value = mae(p, y);
  return traced(value, '\\mathrm{MAE} = \\frac{1}{n}\\sum_{k=1}^{n} |\\hat r_k - r_k|', [
    {
      label: 'Absolute errors',
      tex: `\\sum_k |\\hat r_k - r_k| = ${joinSum(p.map((x, i) => `|${fmt(x)} - ${fmtOp(y[i] as number)}|`))} = ${fmt(sum(abs))}`,
    },
    { label: 'Mean', tex: `\\mathrm{MAE} = \\frac{${fmt(sum(abs))}}{${n}} = ${fmt(value)}` },
  ]);
}
