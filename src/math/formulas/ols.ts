/** Ordinary least squares via the normal equations — traced, with a diagnosis when XᵀX is singular. */
import { solveLinearSystem } from '../linalg';
import { misprintNote } from './misprints';
import { FormulaError, fmt, fmtOp, requireMatrix, requireVector, sum, texColumn, texMat, traced, type TraceStep, type Traced } from './trace';

/** The design matrix given either as feature columns (x1, x2, …) or as observation rows. */
export type Design = { columns: readonly (readonly number[])[] } | { rows: readonly (readonly number[])[] };

/** Relative tolerance for deciding that a column depends on the others. */
const DEPENDENCE_TOLERANCE = 1e-9;

/**
 * Ordinary least squares. `β = (XᵀX)⁻¹ Xᵀ y`, solved as the normal equations `XᵀX β = Xᵀy`
 * with solveLinearSystem (never by forming the inverse).
 * With `intercept: true` a column of ones is prepended, so β = (β₀, β₁, …) with β₀ the intercept.
 * The trace shows X, XᵀX, Xᵀy, β and the fitted values.
 * If XᵀX is singular the value is null (no numbers are invented) and the note says why:
 * which column is a combination of which (e.g. 'x2 = x1 + 1, so with an intercept column the
 * columns of X are linearly dependent'), or that there are fewer observations than coefficients.
 */
export function ordinaryLeastSquares(X: Design, y: readonly number[], options: { intercept: boolean }): Traced<number[] | null> {
  requireVector('y', y);
  let columns: number[][];
  if ('columns' in X) {
    const [, n] = requireMatrix('X (as columns)', X.columns);
    if (n !== y.length) throw new FormulaError(`each column of X has ${n} entries but y has ${y.length}: they need one entry per observation`);
    columns = X.columns.map((c) => [...c]);
  } else {
    const [n, p] = requireMatrix('X (as rows)', X.rows);
    if (n !== y.length) throw new FormulaError(`X has ${n} rows but y has ${y.length} entries: they need one row per observation`);
    columns = Array.from({ length: p }, (_, j) => X.rows.map((r) => r[j] as number));
  }
  const names = columns.map((_, j) => `x${j + 1}`);
  if (options.intercept) {
    columns = [y.map(() => 1), ...columns];
    names.unshift('1');
  }
  const n = y.length;
  const p = columns.length;
  const rows = Array.from({ length: n }, (_, i) => columns.map((c) => c[i] as number));
  const xtx = columns.map((ci) => columns.map((cj) => sum(ci.map((v, k) => v * (cj[k] as number)))));
  const xty = columns.map((c) => sum(c.map((v, k) => v * (y[k] as number))));
  const betaNames = options.intercept ? ['\\beta_0', ...names.slice(1).map((_, j) => `\\beta_{${j + 1}}`)] : names.map((_, j) => `\\beta_{${j + 1}}`);
  const steps: TraceStep[] = [
    {
      label: options.intercept ? 'Design matrix (first column = intercept)' : 'Design matrix (no intercept)',
      tex: `X = ${texMat(rows)},\\quad \\mathbf{y} = ${texColumn(y)}`,
    },
    {
      label: 'Gram matrix',
      tex: `X^{\\top}X = ${texMat(xtx)}${p === 2 ? `,\\quad \\det = ${fmt(xtx[0]![0]!)}\\cdot ${fmtOp(xtx[1]![1]!)} - ${fmtOp(xtx[0]![1]!)}\\cdot ${fmtOp(xtx[1]![0]!)} = ${fmt(xtx[0]![0]! * xtx[1]![1]! - xtx[0]![1]! * xtx[1]![0]!)}` : ''}`,
    },
    { label: 'Moment vector', tex: `X^{\\top}\\mathbf{y} = ${texColumn(xty)}` },
  ];
  const formula = '\\boldsymbol\\beta = (X^{\\top}X)^{-1}X^{\\top}\\mathbf{y}';
  const beta = solveLinearSystem(xtx, xty);
  if (beta === null) {
    steps.push({ label: 'Solve', tex: 'X^{\\top}X \\text{ is singular: } (X^{\\top}X)^{-1} \\text{ does not exist}' });
    return traced(null, formula, steps, explainSingular(columns, names, n, options.intercept));
  }
  const fitted = rows.map((r) => sum(r.map((v, j) => v * (beta[j] as number))));
  const rss = sum(fitted.map((f, i) => (f - (y[i] as number)) ** 2));
  steps.push(
    {
      label: 'Solve the normal equations',
      tex: `X^{\\top}X\\,\\boldsymbol\\beta = X^{\\top}\\mathbf{y} \\;\\Rightarrow\\; ${beta.map((b, j) => `${betaNames[j]} = ${fmt(b)}`).join(',\\ ')}`,
    },
    {
      label: 'Fitted values',
      tex: `\\hat{\\mathbf{y}} = X\\boldsymbol\\beta = ${texColumn(fitted)},\\quad \\sum_k (\\hat y_k - y_k)^2 ${rss <= 1e-20 * Math.max(1, sum(y.map((v) => v * v))) ? '\\approx 0' : `= ${fmt(rss)}`}`,
    },
    { label: 'Result', tex: `\\boldsymbol\\beta = ${texColumn(beta)}` },
  );
  return traced(
    beta,
    formula,
    steps,
    options.intercept ? 'β₀ is the intercept (the column of ones), then β₁, β₂, … for x1, x2, ….' : undefined,
    misprintNote('ordinaryLeastSquares', [...columns.flat(), ...y]),
  );
}

/**
 * Finds the first column that is a linear combination of earlier ones (reduced row echelon form of X)
 * and describes the dependency, e.g. 'x2 = x1 + 1'.
 */
function explainSingular(columns: readonly number[][], names: readonly string[], n: number, intercept: boolean): string {
  const p = columns.length;
  const base = 'XᵀX is singular, so β = (XᵀX)⁻¹Xᵀy does not exist (infinitely many β fit equally well).';
  const dep = findDependency(columns);
  let why: string;
  if (dep === null) {
    why = p > n ? `There are ${p} coefficients but only ${n} observations, so the columns of X cannot be independent.` : 'The columns of X are (numerically) linearly dependent.';
  } else if (dep.combo.length === 0) {
    why = `${names[dep.column]} is all zeros, so it carries no information and its coefficient is arbitrary.`;
  } else {
    const rhs = describeCombination(dep.combo, names);
    const usesIntercept = intercept && dep.combo.some((c) => c.index === 0);
    why = `${names[dep.column]} = ${rhs}, so ${usesIntercept ? 'with an intercept column ' : ''}the columns of X are linearly dependent.`;
    why += usesIntercept ? ` Drop ${names[dep.column]} or the intercept.` : ` Drop ${names[dep.column]}.`;
    if (p > n) why += ` (Also: ${p} coefficients but only ${n} observations.)`;
  }
  return `${base} ${why}`;
}

interface Dependency {
  column: number;
  /** column = Σ coef · columns[index] */
  combo: { index: number; coef: number }[];
}

function findDependency(columns: readonly number[][]): Dependency | null {
  const n = columns[0]?.length ?? 0;
  const p = columns.length;
  // Work on an n×p matrix; eliminate column by column.
  const m = Array.from({ length: n }, (_, i) => columns.map((c) => c[i] as number));
  let scale = 0;
  for (const row of m) for (const v of row) scale = Math.max(scale, Math.abs(v));
  const tol = DEPENDENCE_TOLERANCE * Math.max(scale, 1);
  const pivotCols: number[] = [];
  let r = 0;
  for (let c = 0; c < p; c++) {
    let best = -1;
    for (let i = r; i < n; i++) if (Math.abs(m[i]![c]!) > tol && (best < 0 || Math.abs(m[i]![c]!) > Math.abs(m[best]![c]!))) best = i;
    if (best < 0) {
      // Column c is a combination of the pivot columns: in RREF, its entries in the pivot rows are the coefficients.
      return { column: c, combo: pivotCols.map((pc, row) => ({ index: pc, coef: m[row]![c]! })).filter((t) => Math.abs(t.coef) > tol) };
    }
    [m[r], m[best]] = [m[best]!, m[r]!];
    const piv = m[r]!;
    const pv = piv[c]!;
    for (let j = 0; j < p; j++) piv[j] = piv[j]! / pv;
    for (let i = 0; i < n; i++) {
      if (i === r) continue;
      const f = m[i]![c]!;
      if (f === 0) continue;
      for (let j = 0; j < p; j++) m[i]![j] = m[i]![j]! - f * piv[j]!;
    }
    pivotCols.push(c);
    r++;
  }
  return null;
}

/** 'x1 + 1', '2·x1 − x3', '3' — the intercept column is named '1' and prints as a constant. */
function describeCombination(combo: readonly { index: number; coef: number }[], names: readonly string[]): string {
  const num = (x: number) => fmt(Math.abs(x)).replace(/\s*\\times\s*10\^\{(-?\d+)\}/, 'e$1');
  const sorted = [...combo].sort((a, b) => (names[a.index] === '1' ? 1 : 0) - (names[b.index] === '1' ? 1 : 0) || a.index - b.index);
  return sorted
    .map(({ index, coef }, k) => {
      const name = names[index] as string;
      const mag = name === '1' ? num(coef) : Math.abs(Math.abs(coef) - 1) < 1e-9 ? name : `${num(coef)}·${name}`;
      const sign = coef < 0 ? (k === 0 ? '−' : ' − ') : k === 0 ? '' : ' + ';
      return `${sign}${mag}`;
    })
    .join('');
}
