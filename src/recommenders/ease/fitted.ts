/** A fitted EASE model: scores from the weight matrix B, their traced sums, similar items and fold-in. */
import { easeItemWeight, easeScore } from '../../math/implicit/formulas';
import { easeScores } from '../../math/implicit/ease';
import type { EaseWeights } from '../../math/implicit/ease';
import type { Csr } from '../../math/sparse';
import { checkIndex } from '../scoring';
import type { Explanation, ExplanationTable, FitContext, Fitted, Neighbour, Rated } from '../types';
import { easeMeta } from './meta';

/** Everything a fitted EASE model needs (structured-cloneable). */
export interface EaseState {
  ease: EaseWeights;
  nUsers: number;
  /** The training positives X, users × items and items × users (0/1). */
  byUser: Csr;
  byItem: Csr;
  /** The binarization threshold, or null on implicit data (every row a positive). */
  positiveAt: number | null;
  /** Plain sentence: which training rows were positives. */
  positivesRule: string;
}

/** Rows of the contributions table (the rest are summarised in the caption). */
const TABLE_ROWS = 20;

const rowItems = (m: Csr, r: number): Int32Array => m.indices.subarray(m.indptr[r] as number, m.indptr[r + 1] as number);

/** |U_a ∩ U_b|: users with both items positive (G_ab). */
function coCount(byItem: Csr, a: number, b: number): number {
  const ua = rowItems(byItem, a);
  const ub = rowItems(byItem, b);
  let n = 0;
  for (let p = 0, q = 0; p < ua.length && q < ub.length; ) {
    const x = ua[p] as number;
    const y = ub[q] as number;
    if (x === y) {
      n++;
      p++;
      q++;
    } else if (x < y) p++;
    else q++;
  }
  return n;
}

export function easeFitted(state: EaseState, ctx: FitContext): Fitted {
  const { ease, byUser, byItem, nUsers } = state;
  const n = ease.nItems;
  const B = ease.weights;
  const name = ctx.names.item;

  /** The traced score of `item` from the positive items `positives` (ascending, as the scorer sums them). */
  const explainFrom = (positives: ArrayLike<number>, item: number, intro: string): Explanation => {
    checkIndex('item', item, n);
    const terms = Array.from(positives, (j) => ({ j, item: name(j), weight: B[j * n + item] as number }));
    const totalAbs = terms.reduce((s, t) => s + Math.abs(t.weight), 0);
    const shown = [...terms].sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight) || x.j - y.j).slice(0, TABLE_ROWS);
    const table: ExplanationTable = {
      caption:
        terms.length <= TABLE_ROWS
          ? `Each positive item’s weight toward ${name(item)}, largest |B| first`
          : `The ${TABLE_ROWS} largest of ${terms.length} weights toward ${name(item)} (by |B|)`,
      columns: ['positive item j', 'B_ji', 'share of Σ|B|'],
      rows: shown.map((t) => [t.item, t.weight, totalAbs > 0 ? Math.abs(t.weight) / totalAbs : 0]),
    };
    return {
      method: easeMeta.id,
      intro,
      trace: easeScore({ terms, lambda: ease.lambda, item: name(item) }),
      resultLabel: 'score',
      tables: terms.length > 0 ? [table] : [],
    };
  };

  const lambdaWords = `λ = ${ease.lambda}`;
  return {
    method: easeMeta.id,
    scoreItems(user) {
      checkIndex('user', user, nUsers);
      return easeScores(B, n, rowItems(byUser, user));
    },
    explain(user, item) {
      checkIndex('user', user, nUsers);
      const positives = rowItems(byUser, user);
      return explainFrom(
        positives,
        item,
        `Why ${ctx.names.user(user)} gets ${name(item)}: EASE adds up the learned weight B_ji toward ${name(item)} of each of the ${positives.length} items ${ctx.names.user(user)} has as positives (${state.positivesRule}). B comes from P = (XᵀX + λI)⁻¹ with ${lambdaWords}: B_ji = −P_ji / P_ii, B_ii = 0.`,
      );
    },
    async similarItems(item, k) {
      checkIndex('item', item, n);
      const out: Neighbour[] = [];
      for (let j = 0; j < n; j++) {
        const w = B[j * n + item] as number;
        if (j !== item && w > 0) out.push({ item: j, similarity: w });
      }
      out.sort((x, y) => y.similarity - x.similarity || x.item - y.item);
      return out.slice(0, k);
    },
    explainSimilarity(a, b) {
      checkIndex('item', a, n);
      checkIndex('item', b, n);
      // similarity of b to a = B_ba, the weight of having b toward a (a column of B)
      const pii = ease.pDiag[a] as number;
      const weight = a === b ? 0 : (B[b * n + a] as number);
      return {
        method: easeMeta.id,
        intro: `How much having ${name(b)} adds to ${name(a)}’s score: the EASE weight B_ji with j = ${name(b)}, i = ${name(a)}, from P = (XᵀX + λI)⁻¹ (${lambdaWords}).`,
        trace: easeItemWeight({ pji: -weight * pii, pii, coCount: coCount(byItem, b, a), j: name(b), i: name(a), lambda: ease.lambda }),
        resultLabel: 'B',
        tables: [],
      };
    },
    foldIn(rated: readonly Rated[]) {
      for (const r of rated) checkIndex('item', r.item, n);
      const kept = rated.filter((r) => state.positiveAt === null || r.rating >= state.positiveAt);
      const positives = Int32Array.from(new Set(kept.map((r) => r.item))).sort();
      const rule = state.positiveAt === null ? 'every item you rated counts as a positive' : `your ratings ≥ ${state.positiveAt} count as positives`;
      const how = `No retraining: ${rule} (${positives.length} of ${rated.length}), and each item’s score adds up their EASE weights toward it.`;
      return {
        scores: easeScores(B, n, positives),
        how,
        explain: (item: number) => explainFrom(positives, item, `${how} For ${name(item)}:`),
      };
    },
    facts: () => [
      { label: 'λ', value: ease.lambda },
      { label: 'positives', value: byUser.indices.length },
      { label: 'weight matrix B', value: `${n} × ${n}` },
    ],
    state: (): EaseState => state,
  };
}
