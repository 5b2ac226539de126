/**
 * Traced content-based predictions (the lessons' content formula w_u·f_i, on top of the user's mean
 * or of a biased-MF prediction), in the style of src/math/formulas. Pure.
 */
import { dotTrace, fmt, fmtOp, joinSum, requireFinite, requireSameLength, texSum, texText, traced, type TraceStep, type Traced } from '../formulas/trace';

/** One named term w_f·f_if of a content score. */
export interface NamedTerm {
  /** The feature's name, e.g. 'genre: Comedy'. */
  name: string;
  /** f_if: the item's value of the feature. */
  f: number;
  /** w_uf: the user's weight on the feature. */
  w: number;
}

/** How many terms a trace writes out one by one (the table under it lists them all). */
const SHOWN_TERMS = 6;

/** The terms, largest |w·f| first (ties: the given order). */
export function sortTerms(terms: readonly NamedTerm[]): NamedTerm[] {
  return terms
    .map((t, k) => ({ t, k, abs: Math.abs(t.w * t.f) }))
    .sort((a, b) => b.abs - a.abs || a.k - b.k)
    .map(({ t }) => t);
}

/** Σ_f w_f·f_f in the given order (plain loop). */
function contentSum(terms: readonly NamedTerm[]): number {
  let s = 0;
  for (const t of terms) s += t.w * t.f;
  return s;
}

/** The steps that show `w_u·f_i = Σ_f w_uf f_if` term by term, largest |product| first. */
function contentSteps(terms: readonly NamedTerm[], total: number): TraceStep[] {
  if (terms.length === 0) return [{ label: 'Content score', tex: '\\mathbf{w}_u\\cdot\\mathbf{f}_i = 0\\quad(\\text{the item has no features})' }];
  const sorted = sortTerms(terms);
  const shown = sorted.slice(0, SHOWN_TERMS);
  const rest = sorted.length - shown.length;
  return [
    {
      label: `Largest terms w·f of the item’s ${terms.length} feature${terms.length === 1 ? '' : 's'}`,
      tex:
        shown.map((t) => `${texText(t.name)}:\\ ${fmtOp(t.w)}\\cdot ${fmtOp(t.f)} = ${fmt(t.w * t.f)}`).join(',\\quad ') +
        (rest > 0 ? `,\\quad \\ldots\\ (${rest}\\ \\text{more})` : ''),
    },
    {
      label: 'Content score',
      tex: `\\mathbf{w}_u\\cdot\\mathbf{f}_i = \\sum_f w_{uf}\\,f_{if} = ${terms.length === 1 ? fmt(total) : `${texSum(sorted.map((t) => t.w * t.f))} = ${fmt(total)}`}`,
    },
  ];
}

function requireTerms(terms: readonly NamedTerm[]): void {
  terms.forEach((t, k) => {
    requireFinite(`f[${k}]`, t.f);
    requireFinite(`w[${k}]`, t.w);
  });
}

/**
 * Content-based rating prediction: the lessons' content score w_u·f_i on top of the user's mean.
 * `r̂_ui = r̄_u + w_u·f_i = r̄_u + Σ_f w_uf f_if`
 * `terms` are the item's stored features (f_if ≠ 0) with the user's weights (0 where the user has
 * none); every other feature has f_if = 0 and adds nothing.
 */
export function contentPrediction(input: { mean: number; terms: readonly NamedTerm[] }): Traced<number> {
  const { mean, terms } = input;
  requireFinite('r̄_u', mean);
  requireTerms(terms);
  const s = contentSum(terms);
  const value = mean + s;
  const steps: TraceStep[] = [
    { label: 'The user’s mean rating', tex: `\\bar r_u = ${fmt(mean)}` },
    ...contentSteps(terms, s),
    { label: 'Prediction', tex: `\\hat r_{ui} = \\bar r_u + \\mathbf{w}_u\\cdot\\mathbf{f}_i = ${fmt(mean)} + ${fmtOp(s)} = ${fmt(value)}` },
  ];
  return traced(
    value,
    '\\hat r_{ui} = \\bar r_u + \\mathbf{w}_u\\cdot\\mathbf{f}_i = \\bar r_u + \\sum_f w_{uf}\\,f_{if}',
    steps,
    'w_u is the user’s ridge-regression profile: the weights that best fit their ratings minus their mean from the features of the items they rated. A weight of 0 means they rated no item with that feature.',
  );
}

/**
 * Hybrid of biased MF and content: MF's prediction plus a content profile fitted on MF's residuals.
 * `r̂_ui = μ + b_u + b_i + q_u·p_i + w_u·f_i`
 */
export function hybridPrediction(input: { mu: number; bu: number; bi: number; q: readonly number[]; p: readonly number[]; terms: readonly NamedTerm[] }): Traced<number> {
  const { mu, bu, bi, q, p, terms } = input;
  requireFinite('μ', mu);
  requireFinite('b_u', bu);
  requireFinite('b_i', bi);
  requireSameLength('q_u', q, 'p_i', p);
  requireTerms(terms);
  const dot = dotTrace(q, p);
  const mf = mu + bu + bi + dot.value;
  const s = contentSum(terms);
  const value = mf + s;
  const steps: TraceStep[] = [
    { label: 'Interaction', tex: `\\mathbf{q}_u\\cdot\\mathbf{p}_i = ${dot.tex}` },
    { label: 'MF part', tex: `\\mu + b_u + b_i + \\mathbf{q}_u\\cdot\\mathbf{p}_i = ${joinSum([fmt(mu), fmtOp(bu), fmtOp(bi), fmtOp(dot.value)])} = ${fmt(mf)}` },
    ...contentSteps(terms, s),
    { label: 'Prediction', tex: `\\hat r_{ui} = ${fmt(mf)} + ${fmtOp(s)} = ${fmt(value)}` },
  ];
  return traced(
    value,
    '\\hat r_{ui} = \\underbrace{\\mu + b_u + b_i + \\mathbf{q}_u^{\\top}\\mathbf{p}_i}_{\\text{MF}} + \\underbrace{\\mathbf{w}_u\\cdot\\mathbf{f}_i}_{\\text{content}}',
    steps,
    'w_u is fitted by ridge regression on what MF gets wrong for this user (their training residuals). An item nobody rated has b_i = 0 and p_i = 0, so only the content part tells it apart.',
  );
}
