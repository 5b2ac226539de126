/** Traced formulas of the next-item sequence model (explanations in the lab). */
import { dotTrace, fmt, fmtOp, requireFinite, requireSameLength, traced } from '../formulas/trace';
import type { TraceStep, Traced } from '../formulas/trace';

/** How many of the largest |h_k o_k| the trace lists. */
export const SEQ_TOP_TERMS = 3;

/** One term h_k·o_k of the dot product (k 0-based). */
export interface DotTerm {
  k: number;
  h: number;
  o: number;
  product: number;
}

/** The terms h_k·o_k ordered by |h_k·o_k|, largest first (ties: lower k first), at most `n`. */
export function largestTerms(h: readonly number[], o: readonly number[], n: number): DotTerm[] {
  return h
    .map((hk, k) => ({ k, h: hk, o: o[k] as number, product: hk * (o[k] as number) }))
    .sort((a, b) => Math.abs(b.product) - Math.abs(a.product) || a.k - b.k)
    .slice(0, Math.max(0, n));
}

/**
 * The next-item score of item i after the cell has read a user's sequence:
 * `s_i = h_T · o_i + c_i = Σ_k h_{T,k} o_{i,k} + c_i`, with h_T the final hidden state, o_i the
 * item's output vector and c_i its output bias. The trace lists the dot product, its largest
 * terms, and the sum (products summed in order k = 1…H, then c_i added).
 */
export function nextItemScore(input: { h: readonly number[]; o: readonly number[]; c: number }): Traced<number> {
  const { h, o, c } = input;
  requireSameLength('h_T', h, 'o_i', o);
  requireFinite('c_i', c);
  const dot = dotTrace(h, o);
  const value = dot.value + c;
  const totalAbs = dot.products.reduce((s, t) => s + Math.abs(t), 0);
  const top = largestTerms(h, o, SEQ_TOP_TERMS);
  const steps: TraceStep[] = [
    { label: 'Final hidden state · output vector', tex: `\\mathbf{h}_T\\cdot\\mathbf{o}_i = ${dot.tex}` },
    {
      label: `Largest ${top.length} term${top.length === 1 ? '' : 's'} of h·o`,
      tex: top
        .map(
          ({ k, h: hk, o: ok, product }) =>
            `h_{${k + 1}}o_{${k + 1}} = ${fmtOp(hk)}\\cdot ${fmtOp(ok)} = ${fmt(product)}${totalAbs > 0 ? `\\ (${fmt((100 * Math.abs(product)) / totalAbs, 1)}\\%)` : ''}`,
        )
        .join(',\\quad '),
    },
    { label: 'Score', tex: `s_i = ${fmt(dot.value)} + ${fmtOp(c)} = ${fmt(value)}` },
  ];
  return traced(
    value,
    's_i = \\mathbf{h}_T^{\\top}\\mathbf{o}_i + c_i = \\sum_k h_{T,k}\\,o_{i,k} + c_i',
    steps,
    totalAbs > 0 ? 'Percentages are each term’s share of Σ_k |h_k o_k|.' : 'h_T is the zero vector (nothing was read), so the score is the item’s bias alone.',
  );
}
