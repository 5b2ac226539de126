/** Traced formulas of the neural recommenders: the output neuron, and the neural scorer split into its two terms. */
import { sigmoid } from '../formulas/scoring';
import { dotTrace, fmt, fmtOp, requireFinite, requireSameLength, requireVector, traced } from '../formulas/trace';
import type { TraceStep, Traced } from '../formulas/trace';

/**
 * The output neuron on the last hidden layer: `ŷ = σ(z)`, `z = Σ_j w_j a_j + b`, where a is the
 * output layer's input (the last hidden activations a⁽ᴸ⁾, then the GMF product p_u ⊙ q_i in NeuMF).
 * `hiddenWidth` (default: all of a) says how many leading entries are hidden activations, for the
 * step labels.
 */
export function neuralOutput(input: { a: readonly number[]; w: readonly number[]; b: number; hiddenWidth?: number; layers?: string }): Traced<number> {
  const { a, w, b } = input;
  requireSameLength('a', a, 'w', w);
  requireFinite('b', b);
  const hiddenWidth = input.hiddenWidth ?? a.length;
  const dot = dotTrace(w, a);
  const z = dot.value + b;
  const sig = sigmoid(z);
  const steps: TraceStep[] = [];
  if (input.layers !== undefined) steps.push({ label: 'Layers', tex: input.layers });
  steps.push(
    {
      label: hiddenWidth < a.length ? `Weighted sum of the last layer (${hiddenWidth}) and the GMF product (${a.length - hiddenWidth})` : `Weighted sum of the last layer (${a.length} units)`,
      tex: `\\sum_j w_j a_j = ${dot.tex}`,
    },
    { label: 'Add the bias', tex: `z = ${fmt(dot.value)} + ${fmtOp(b)} = ${fmt(z)}` },
    ...sig.steps,
  );
  return traced(sig.value, '\\hat y_{ui} = \\sigma\\!\\left(\\sum_j w_j a_j + b\\right)', steps, sig.note);
}

/**
 * The neural scorer `ŷ_ui = σ(w·[h_u; h_i] + b)` written as its two halves: w = [w_u; w_i], so
 * `w·[h_u; h_i] = w_u·h_u + w_i·h_i` and `ŷ_ui = σ(w_u·h_u + w_i·h_i + b)`. The user term w_u·h_u
 * is the same for every item, so it shifts all of a user's scores alike and never changes their
 * order: every user's ranking is the order of the item terms w_i·h_i (+ b), the same for everyone.
 */
export function neuralScorerTerms(input: { hu: readonly number[]; hi: readonly number[]; wu: readonly number[]; wi: readonly number[]; b: number }): Traced<number> {
  const { hu, hi, wu, wi, b } = input;
  requireVector('h_u', hu);
  requireSameLength('w_u', wu, 'h_u', hu);
  requireSameLength('w_i', wi, 'h_i', hi);
  requireFinite('b', b);
  const user = dotTrace(wu, hu);
  const item = dotTrace(wi, hi);
  const z = user.value + item.value + b;
  const sig = sigmoid(z);
  const steps: TraceStep[] = [
    { label: 'User term (the same for every item)', tex: `\\mathbf{w}_u\\cdot\\mathbf{h}_u = ${user.tex}` },
    { label: 'Item term', tex: `\\mathbf{w}_i\\cdot\\mathbf{h}_i = ${item.tex}` },
    { label: 'Add them and the bias', tex: `z = ${fmt(user.value)} + ${fmtOp(item.value)} + ${fmtOp(b)} = ${fmt(z)}` },
    ...sig.steps,
  ];
  return traced(
    sig.value,
    '\\hat y_{ui} = \\sigma\\!\\left(\\mathbf{w}\\cdot[\\mathbf{h}_u;\\mathbf{h}_i] + b\\right) = \\sigma\\!\\left(\\mathbf{w}_u\\cdot\\mathbf{h}_u + \\mathbf{w}_i\\cdot\\mathbf{h}_i + b\\right)',
    steps,
    'w·[h_u; h_i] separates into a user term plus an item term. The user term moves all of this user’s scores together, so it cannot change their order: every user gets the same ranking, by w_i·h_i — a popularity-like model. Modelling a user–item interaction needs a hidden layer (NCF) or a product such as h_u ⊙ h_i.',
    sig.note,
  );
}

/**
 * One hidden unit with ReLU: `a_j = max(0, Σ_k W_kj x_k + b_j)` (x the layer's input, W_{·j} the
 * unit's column of weights).
 */
export function reluUnit(input: { x: readonly number[]; w: readonly number[]; b: number }): Traced<number> {
  const { x, w, b } = input;
  requireSameLength('x', x, 'w', w);
  requireFinite('b', b);
  const dot = dotTrace(w, x);
  const pre = dot.value + b;
  const value = pre > 0 ? pre : 0;
  return traced(value, 'a_j = \\max\\!\\left(0, \\sum_k W_{kj} x_k + b_j\\right)', [
    { label: 'Weighted sum', tex: `\\sum_k W_{kj} x_k = ${dot.tex}` },
    { label: 'Add the bias', tex: `${fmt(dot.value)} + ${fmtOp(b)} = ${fmt(pre)}` },
    { label: 'ReLU', tex: `a_j = \\max(0, ${fmt(pre)}) = ${fmt(value)}` },
  ]);
}
