/**
 * Traced formulas of the implicit-feedback methods (EASE, implicit ALS), built with the lessons'
 * helpers (../formulas/trace), so an explanation shows the same numbers the model scored with.
 */
import { dotTrace, FormulaError, fmt, fmtOp, requireFinite, requireSameLength, sum, texSum, texText, traced, type TraceStep, type Traced } from '../formulas/trace';

/** How many of the largest terms a trace names. */
const TOP_TERMS = 3;

/** One of a user's positive items j and its weight B_ji toward the scored item i. */
export interface EaseTerm {
  /** Name of item j (plain text). */
  item: string;
  /** B_ji (with X_uj = 1). */
  weight: number;
}

/**
 * EASE score: the user's positives' weights toward item i, added up.
 * `s_ui = Σ_j X_uj B_ji = Σ_{j∈I_u} B_ji` (X binary; I_u = the user's positive items), with
 * `B = I − P·diagMat(1/diag(P))`, `P = (XᵀX + λI)⁻¹`. The terms are summed in the order given
 * (the scorer's order), so the value is the scorer's to the last bit before its float32 rounding.
 */
export function easeScore(input: { terms: readonly EaseTerm[]; lambda: number; item?: string }): Traced<number> {
  const { terms, lambda } = input;
  requireFinite('λ', lambda);
  terms.forEach((t, k) => requireFinite(`B[${k}]`, t.weight));
  const weights = terms.map((t) => t.weight);
  const value = sum(weights);
  const target = input.item === undefined ? 'i' : texText(input.item);
  const steps: TraceStep[] = [
    { label: 'The user’s positive items', tex: `|I_u| = ${terms.length}` },
    {
      label: 'Their weights toward the item, added',
      tex: terms.length === 0 ? `s_{u,${target}} = 0` : `s_{u,${target}} = \\sum_{j\\in I_u} B_{j,${target}} = ${texSum(weights)} = ${fmt(value)}`,
    },
  ];
  const top = terms
    .map((t, k) => ({ t, k }))
    .filter(({ t }) => t.weight !== 0)
    .sort((x, y) => Math.abs(y.t.weight) - Math.abs(x.t.weight) || x.k - y.k)
    .slice(0, TOP_TERMS);
  if (top.length > 0) {
    steps.push({
      label: `Largest ${top.length === 1 ? 'weight' : `${top.length} weights`}`,
      tex: top.map(({ t }) => `B_{${texText(t.item)},${target}} = ${fmt(t.weight)}`).join(',\\quad '),
    });
  }
  return traced(
    value,
    's_{ui} = \\sum_{j} X_{uj}\\,B_{ji},\\qquad B = I - P\\,\\mathrm{diagMat}(1 \\oslash \\mathrm{diag}\\,P),\\quad P = (X^{\\top}X + \\lambda I)^{-1}',
    steps,
    `λ = ${fmt(lambda)}. B_ii = 0, so an item never recommends itself; a negative B_ji means having j makes i less likely.`,
  );
}

/**
 * One EASE weight: how much having item j adds to item i's score.
 * `B_ji = −P_ji / P_ii` (j ≠ i), `P = (XᵀX + λI)⁻¹`; `G_ji = (XᵀX)_ji` is the number of users with
 * both items positive, shown for intuition (P_ji is not a function of G_ji alone).
 */
export function easeItemWeight(input: { pji: number; pii: number; coCount: number; j?: string; i?: string; lambda: number }): Traced<number> {
  const { pji, pii, coCount, lambda } = input;
  requireFinite('P_ji', pji);
  requireFinite('P_ii', pii);
  requireFinite('λ', lambda);
  if (!(pii > 0)) throw new FormulaError(`P_ii must be positive (P is positive definite), got ${pii}`);
  const j = input.j === undefined ? 'j' : texText(input.j);
  const i = input.i === undefined ? 'i' : texText(input.i);
  const value = -pji / pii;
  return traced(
    value,
    'B_{ji} = -\\frac{P_{ji}}{P_{ii}},\\qquad P = (X^{\\top}X + \\lambda I)^{-1}',
    [
      { label: 'Users with both items positive', tex: `G_{${j},${i}} = (X^{\\top}X)_{${j},${i}} = ${fmt(coCount)}` },
      { label: 'Entries of P', tex: `P_{${j},${i}} = ${fmt(pji, 6)},\\quad P_{${i},${i}} = ${fmt(pii, 6)}` },
      { label: 'Weight', tex: `B_{${j},${i}} = -\\frac{${fmt(pji, 6)}}{${fmt(pii, 6)}} = ${fmt(value)}` },
    ],
    `λ = ${fmt(lambda)}. P_ji is read back from the stored float32 weight (P_ji = −B_ji·P_ii), so its last digits are float32’s.`,
  );
}

/**
 * Implicit-ALS score: the user's and item's factor vectors, dotted.
 * `s_ui = x_u · y_i = Σ_f x_uf y_if`. The trace names the largest terms x_uf y_if.
 */
export function implicitAlsScore(x: readonly number[], y: readonly number[]): Traced<number> {
  requireSameLength('x_u', x, 'y_i', y);
  const dot = dotTrace(x, y);
  const totalAbs = dot.products.reduce((s, t) => s + Math.abs(t), 0);
  const top = dot.products
    .map((t, f) => ({ t, f }))
    .sort((p, q) => Math.abs(q.t) - Math.abs(p.t) || p.f - q.f)
    .slice(0, TOP_TERMS);
  const steps: TraceStep[] = [{ label: 'Dot product', tex: `\\mathbf{x}_u\\cdot\\mathbf{y}_i = ${dot.tex}` }];
  if (totalAbs > 0) {
    steps.push({
      label: `Top ${top.length} contributing factor${top.length === 1 ? '' : 's'}`,
      tex: top
        .map(({ t, f }) => `x_{${f + 1}}y_{${f + 1}} = ${fmtOp(x[f] as number)}\\cdot ${fmtOp(y[f] as number)} = ${fmt(t)}\\ (${fmt((100 * Math.abs(t)) / totalAbs, 1)}\\%)`)
        .join(',\\quad '),
    });
  }
  return traced(
    dot.value,
    's_{ui} = \\mathbf{x}_u^{\\top}\\mathbf{y}_i = \\sum_f x_{uf}\\,y_{if}',
    steps,
    totalAbs > 0 ? 'Percentages are each term’s share of Σ_f |x_f y_f|.' : undefined,
  );
}

/**
 * Implicit-ALS confidence of one observed pair (Hu, Koren & Volinsky 2008): `c_ui = 1 + α·r_ui`,
 * with preference `p_ui = 1` when r_ui > 0 (and c = 1, p = 0 for every unobserved pair).
 */
export function implicitAlsConfidence(input: { r: number; alpha: number }): Traced<number> {
  const { r, alpha } = input;
  requireFinite('r_ui', r);
  requireFinite('α', alpha);
  const value = 1 + alpha * r;
  return traced(value, 'c_{ui} = 1 + \\alpha\\, r_{ui}', [{ label: 'Confidence', tex: `c_{ui} = 1 + ${fmtOp(alpha)}\\cdot ${fmtOp(r)} = ${fmt(value)}` }]);
}
