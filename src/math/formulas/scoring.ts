/** Scoring models: content-based, biased MF, sigmoid, a single neuron, the neural scorer, the dot-product prediction. */
import { misprintNote } from './misprints';
import {
  dotTrace,
  FormulaError,
  fmt,
  fmtOp,
  requireFinite,
  requireMatrix,
  requireSameLength,
  requireVector,
  texVec,
  traced,
  type TraceStep,
  type Traced,
} from './trace';

/**
 * Content-based score: the user's taste profile dotted with the item's features.
 * `s(u, i) = w_u · f_i = Σ_k w_uk f_ik`
 */
export function contentBasedScore(wu: readonly number[], fi: readonly number[]): Traced<number> {
  requireSameLength('w_u', wu, 'f_i', fi);
  const dot = dotTrace(wu, fi);
  return traced(dot.value, 's(u,i) = \\mathbf{w}_u\\cdot\\mathbf{f}_i = \\sum_k w_{uk}\\, f_{ik}', [
    { label: 'Score', tex: `\\mathbf{w}_u\\cdot\\mathbf{f}_i = ${dot.tex}` },
  ]);
}

/**
 * Logistic sigmoid. `σ(x) = 1 / (1 + e^{−x})`, computed stably for large |x|.
 */
export function sigmoid(x: number): Traced<number> {
  requireFinite('x', x);
  const e = Math.exp(-x);
  const value = x >= 0 ? 1 / (1 + e) : Math.exp(x) / (1 + Math.exp(x));
  const negX = x < 0 ? `-(${fmt(x)})` : `-${fmt(x)}`;
  const steps: TraceStep[] = [
    { label: 'Exponential', tex: `e^{${negX}} = ${fmt(e)}` },
    { label: 'Sigmoid', tex: `\\sigma(${fmt(x)}) = \\frac{1}{1 + ${fmtOp(e)}} = \\frac{1}{${fmt(1 + e)}} = ${fmt(value)}` },
  ];
  return traced(value, '\\sigma(x) = \\frac{1}{1 + e^{-x}}', steps, misprintNote('sigmoid', [x]));
}

/** Either a weight vector of length n or a 1×n matrix; anything else is rejected with the shapes. */
export type Weight = readonly number[] | readonly (readonly number[])[];

function shapeOf(W: Weight): string {
  if (!Array.isArray(W)) return 'not an array';
  if (W.every((w) => typeof w === 'number')) return `a vector of length ${W.length}`;
  if (W.every((w) => Array.isArray(w))) {
    const rows = W as readonly (readonly number[])[];
    const cols = new Set(rows.map((r) => r.length));
    return cols.size === 1 ? `${rows.length}×${rows[0]!.length}` : `ragged (row lengths ${rows.map((r) => r.length).join(', ')})`;
  }
  return 'a mix of numbers and rows';
}

/**
 * Normalises W to its single row of n weights, or throws a FormulaError that names the shapes
 * and the shape that would work. `xName` is how the input vector is called in messages.
 */
function weightRow(W: Weight, n: number, xName: string): { row: number[]; shapeTex: string } {
  if (!Array.isArray(W) || W.length === 0) throw new FormulaError(`W is empty: it needs ${n} weights, one per entry of ${xName}`);
  if (W.every((w) => typeof w === 'number')) {
    const row = W as readonly number[];
    if (row.length !== n) {
      throw new FormulaError(`W has ${row.length} entries but ${xName} has ${n}: W·x is undefined; use a weight vector of length ${n} (or a 1×${n} matrix)`);
    }
    requireVector('W', row);
    return { row: [...row], shapeTex: `\\mathbf{w}\\in\\mathbb{R}^{${n}}\\ (\\text{used as } 1\\times ${n})` };
  }
  const shape = shapeOf(W);
  if (!W.every((w) => Array.isArray(w))) throw new FormulaError(`W is ${shape}: give a vector of ${n} weights or a 1×${n} matrix`);
  const rows = W as readonly (readonly number[])[];
  if (shape.startsWith('ragged')) throw new FormulaError(`W is ${shape}: a matrix needs rows of equal length; use a 1×${n} weight`);
  const r = rows.length;
  const c = rows[0]!.length;
  if (r === 1 && c === n) {
    requireMatrix('W', rows);
    return { row: [...rows[0]!], shapeTex: `W\\in\\mathbb{R}^{1\\times ${n}}` };
  }
  if (c === n) {
    throw new FormulaError(`W is ${r}×${c} and ${xName} has ${n} entries: W·x is a ${r}-vector, not a single score; use a 1×${n} weight (one output)`);
  }
  if (c === 1 && r === n) {
    throw new FormulaError(`W is ${r}×1 (a column) but ${xName} has ${n} entries: W·x is undefined (${r}×1 times ${n}×1); use its transpose, a 1×${n} weight`);
  }
  throw new FormulaError(`W is ${r}×${c} but ${xName} has ${n} entries: W·x is undefined; use a 1×${n} weight`);
}

function neuronSteps(row: readonly number[], x: readonly number[], b: number, wName: string, xName: string): { value: number; z: number; steps: TraceStep[]; note: string | undefined } {
  const dot = dotTrace(row, x);
  const z = dot.value + b;
  const sig = sigmoid(z);
  const steps: TraceStep[] = [
    { label: 'Weighted sum', tex: `${wName}\\,${xName} = ${dot.tex}` },
    { label: 'Add the bias', tex: `z = ${fmt(dot.value)} + ${fmtOp(b)} = ${fmt(z)}` },
    ...sig.steps,
  ];
  return { value: sig.value, z, steps, note: sig.note };
}

/**
 * A single neuron with sigmoid output (lesson example 4).
 * `y = σ(Σ_k W_k u_k + b)`; W is a vector of the same length as u, or a 1×n matrix.
 */
export function neuronOutput(input: { u: readonly number[]; W: Weight; b: number }): Traced<number> {
  requireVector('u', input.u);
  requireFinite('b', input.b);
  const n = input.u.length;
  const { row, shapeTex } = weightRow(input.W, n, 'u');
  const r = neuronSteps(row, input.u, input.b, 'W', '\\mathbf{u}');
  return traced(
    r.value,
    'y = \\sigma\\!\\left(\\sum_k W_k u_k + b\\right)',
    [{ label: 'Shapes', tex: `${shapeTex},\\quad \\mathbf{u} = ${texVec(input.u)}\\in\\mathbb{R}^{${n}}` }, ...r.steps],
    r.note,
  );
}

/**
 * Neural scorer on concatenated embeddings (lesson example 3).
 * `ŷ_ui = σ(W·[h_u; h_i] + b)`, with [h_u; h_i] ∈ ℝ^{2d} and W a vector of length 2d or a 1×2d matrix.
 * Any other W shape (e.g. 3×3) → FormulaError stating both shapes and the shape that works.
 */
export function neuralScore(input: { hu: readonly number[]; hi: readonly number[]; W: Weight; b: number }): Traced<number> {
  requireVector('h_u', input.hu);
  requireVector('h_i', input.hi);
  requireFinite('b', input.b);
  const x = [...input.hu, ...input.hi];
  const n = x.length;
  const { row, shapeTex } = weightRow(input.W, n, '[h_u; h_i]');
  const r = neuronSteps(row, x, input.b, 'W', '[\\mathbf{h}_u;\\mathbf{h}_i]');
  const steps: TraceStep[] = [
    { label: 'Concatenate', tex: `[\\mathbf{h}_u;\\mathbf{h}_i] = [${texVec(input.hu)};\\,${texVec(input.hi)}] = ${texVec(x)}` },
    {
      label: 'Shapes',
      tex: `${shapeTex},\\quad [\\mathbf{h}_u;\\mathbf{h}_i]\\in\\mathbb{R}^{${n}} \\;\\Rightarrow\\; W[\\mathbf{h}_u;\\mathbf{h}_i]\\in\\mathbb{R}^{1}`,
    },
    ...r.steps,
  ];
  return traced(
    r.value,
    '\\hat y_{ui} = \\sigma\\!\\left(W\\,[\\mathbf{h}_u;\\mathbf{h}_i] + b\\right)',
    steps,
    r.note,
    misprintNote('neuralScore', x),
  );
}

/** How many of the largest |q_k p_k| the biased-MF trace lists. */
const TOP_TERMS = 3;

/**
 * Biased matrix-factorisation prediction.
 * `r̂_ui = μ + b_u + b_i + q_u · p_i`
 * The trace lists the top contributing terms q_k p_k of the interaction (largest |q_k p_k| first).
 */
export function biasedMfPrediction(input: { mu: number; bu: number; bi: number; q: readonly number[]; p: readonly number[] }): Traced<number> {
  const { mu, bu, bi, q, p } = input;
  requireFinite('μ', mu);
  requireFinite('b_u', bu);
  requireFinite('b_i', bi);
  requireSameLength('q_u', q, 'p_i', p);
  const dot = dotTrace(q, p);
  const value = mu + bu + bi + dot.value;
  const totalAbs = dot.products.reduce((s, t) => s + Math.abs(t), 0);
  const top = dot.products
    .map((t, k) => ({ t, k }))
    .sort((x, y) => Math.abs(y.t) - Math.abs(x.t) || x.k - y.k)
    .slice(0, TOP_TERMS);
  const steps: TraceStep[] = [
    { label: 'Interaction', tex: `\\mathbf{q}_u\\cdot\\mathbf{p}_i = ${dot.tex}` },
    {
      label: `Top ${top.length} contributing term${top.length === 1 ? '' : 's'} of q·p`,
      tex: top
        .map(
          ({ t, k }) =>
            `q_{${k + 1}}p_{${k + 1}} = ${fmtOp(q[k] as number)}\\cdot ${fmtOp(p[k] as number)} = ${fmt(t)}${totalAbs > 0 ? `\\ (${fmt((100 * Math.abs(t)) / totalAbs, 1)}\\%)` : ''}`,
        )
        .join(',\\quad '),
    },
    {
      label: 'Prediction',
      tex: `\\hat r_{ui} = ${fmt(mu)} + ${fmtOp(bu)} + ${fmtOp(bi)} + ${fmtOp(dot.value)} = ${fmt(value)}`,
    },
  ];
  return traced(
    value,
    '\\hat r_{ui} = \\mu + b_u + b_i + \\mathbf{q}_u^{\\top}\\mathbf{p}_i',
    steps,
    totalAbs > 0 ? 'Percentages are each term’s share of Σ_k |q_k p_k|.' : undefined,
    misprintNote('biasedMfPrediction', [mu, bu, bi, ...q, ...p]),
  );
}

export interface DotProductPredictionValue {
  /** r̂_ui = U_u · V_{:,i} */
  prediction: number;
  /** The observed entry R_ui (1 = interacted, 0 = no recorded interaction). */
  target: number;
  /** (R_ui − r̂_ui)² */
  squaredError: number;
}

/**
 * Dot-product prediction on a binary user–item matrix (lesson example 9).
 *
 * R is m×n binary (rows = users, columns = items; 1 = the user interacted with the item). A
 * factorisation R ≈ U V puts each user in a row of U (m×k) and each item in a column of V (k×n),
 * so the prediction for (u, i) is the u-th row of U dotted with the i-th column of V, and the
 * squared-error loss compares it with the observed entry:
 * `r̂_ui = U_{u,:} · V_{:,i} = Σ_f U_uf V_fi`,  `L_ui = (R_ui − r̂_ui)²`.
 * `user` and `item` are 0-based indices; the trace prints them 1-based.
 */
export function dotProductPrediction(input: {
  R: readonly (readonly number[])[];
  U: readonly (readonly number[])[];
  V: readonly (readonly number[])[];
  user: number;
  item: number;
}): Traced<DotProductPredictionValue> {
  const { R, U, V, user, item } = input;
  const [m, n] = requireMatrix('R', R);
  const [mu, ku] = requireMatrix('U', U);
  const [kv, nv] = requireMatrix('V', V);
  if (mu !== m) throw new FormulaError(`U has ${mu} rows but R has ${m} users: U needs one row per user (${m}×k)`);
  if (nv !== n) throw new FormulaError(`V has ${nv} columns but R has ${n} items: V needs one column per item (k×${n})`);
  if (kv !== ku) throw new FormulaError(`U is ${mu}×${ku} but V is ${kv}×${nv}: U·V needs U's columns (${ku}) to equal V's rows (${kv})`);
  if (!Number.isInteger(user) || user < 0 || user >= m) throw new FormulaError(`user ${user} is out of range: R has users 0…${m - 1}`);
  if (!Number.isInteger(item) || item < 0 || item >= n) throw new FormulaError(`item ${item} is out of range: R has items 0…${n - 1}`);
  const uRow = U[user]!;
  const vCol = V.map((row) => row[item] as number);
  const target = R[user]![item]!;
  const dot = dotTrace(uRow, vCol);
  const err = target - dot.value;
  const squaredError = err * err;
  const binary = R.every((row) => row.every((x) => x === 0 || x === 1));
  const u1 = user + 1;
  const i1 = item + 1;
  const steps: TraceStep[] = [
    { label: 'Shapes', tex: `R\\in\\{0,1\\}^{${m}\\times ${n}},\\quad U\\in\\mathbb{R}^{${m}\\times ${ku}},\\quad V\\in\\mathbb{R}^{${kv}\\times ${n}}` },
    { label: `Row ${u1} of U and column ${i1} of V`, tex: `U_{${u1},:} = ${texVec(uRow)},\\quad V_{:,${i1}} = ${texVec(vCol)}` },
    { label: 'Prediction', tex: `\\hat r_{${u1},${i1}} = U_{${u1},:}\\cdot V_{:,${i1}} = ${dot.tex}` },
    { label: 'Observed entry', tex: `R_{${u1},${i1}} = ${fmt(target)}` },
    { label: 'Squared error', tex: `L = (R_{${u1},${i1}} - \\hat r_{${u1},${i1}})^2 = (${fmt(target)} - ${fmtOp(dot.value)})^2 = ${fmtOp(err)}^2 = ${fmt(squaredError)}` },
  ];
  return traced(
    { prediction: dot.value, target, squaredError },
    '\\hat r_{ui} = U_{u,:}\\cdot V_{:,i} = \\sum_f U_{uf}V_{fi},\\qquad L_{ui} = (R_{ui} - \\hat r_{ui})^2',
    steps,
    binary ? 'R is implicit feedback: 1 = interacted, 0 = no recorded interaction (not necessarily a dislike).' : undefined,
  );
}

