/** A fitted implicit-ALS model: dot-product scores, their traces, cosine neighbours and exact fold-in. */
import { cosineSimilarity } from '../../math/formulas';
import { implicitAlsFoldIn, gramPlusRidge } from '../../math/implicit/ials';
import { implicitAlsScore } from '../../math/implicit/formulas';
import { checkIndex } from '../scoring';
import type { Explanation, FitContext, Fitted, Neighbour, Rated } from '../types';
import { implicitAlsMeta } from './meta';

/** Everything a fitted model needs (structured-cloneable). */
export interface ImplicitAlsState {
  nUsers: number;
  nItems: number;
  factors: number;
  /** x_u, users × k row-major. */
  userFactors: Float32Array;
  /** y_i, items × k row-major. */
  itemFactors: Float32Array;
  alpha: number;
  lambda: number;
  /** The binarization threshold, or null on implicit data. */
  positiveAt: number | null;
  positivesRule: string;
  /** Iterations run (fewer than asked when stopped). */
  iterations: number;
  /** The objective per positive after the last iteration. */
  loss: number;
}

/** Rows of the factor-contribution table. */
const TABLE_ROWS = 8;

const rowOf = (table: Float32Array, r: number, k: number): number[] => Array.from(table.subarray(r * k, (r + 1) * k));

/** Σ_f v_f w_f in float64, in order f = 0 … k−1 (as the traced dot product adds them). */
function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, k: number): number {
  let s = 0;
  for (let f = 0; f < k; f++) s += (a[ao + f] as number) * (b[bo + f] as number);
  return s;
}

export function implicitAlsFitted(state: ImplicitAlsState, ctx: FitContext): Fitted {
  const { nUsers, nItems, factors: k, userFactors: X, itemFactors: Y } = state;
  const name = ctx.names.item;

  const scoresFor = (x: Float32Array, xo: number): Float32Array => {
    const out = new Float32Array(nItems);
    for (let i = 0; i < nItems; i++) out[i] = dot(x, xo, Y, i * k, k);
    return out;
  };

  const explainVector = (x: number[], item: number, intro: string): Explanation => {
    checkIndex('item', item, nItems);
    const y = rowOf(Y, item, k);
    const terms = x.map((v, f) => ({ f, x: v, y: y[f] as number, t: v * (y[f] as number) }));
    const totalAbs = terms.reduce((s, t) => s + Math.abs(t.t), 0);
    const shown = [...terms].sort((p, q) => Math.abs(q.t) - Math.abs(p.t) || p.f - q.f).slice(0, TABLE_ROWS);
    return {
      method: implicitAlsMeta.id,
      intro,
      trace: implicitAlsScore(x, y),
      resultLabel: 'score',
      tables: [
        {
          caption: `The ${shown.length} largest of the ${k} factor products x_f·y_f (by |x_f y_f|)`,
          columns: ['factor f', 'x_uf', 'y_if', 'x_uf·y_if', 'share of Σ|x·y|'],
          rows: shown.map((t) => [t.f + 1, t.x, t.y, t.t, totalAbs > 0 ? Math.abs(t.t) / totalAbs : 0]),
        },
      ],
    };
  };

  const norms = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) norms[i] = Math.sqrt(dot(Y, i * k, Y, i * k, k));
  let gram: Float64Array | null = null;

  const confidence = `c = 1 + α = ${1 + state.alpha} on positives, 1 elsewhere`;
  return {
    method: implicitAlsMeta.id,
    scoreItems(user) {
      checkIndex('user', user, nUsers);
      return scoresFor(X, user * k);
    },
    explain(user, item) {
      checkIndex('user', user, nUsers);
      return explainVector(
        rowOf(X, user, k),
        item,
        `Why ${ctx.names.user(user)} gets ${name(item)}: the dot product of their ${k}-factor vectors x_u and y_i, learned by implicit ALS from 0/1 preferences (${state.positivesRule}; ${confidence}; λ = ${state.lambda}).`,
      );
    },
    async similarItems(item, n) {
      checkIndex('item', item, nItems);
      const na = norms[item] as number;
      if (na === 0) return [];
      const out: Neighbour[] = [];
      for (let j = 0; j < nItems; j++) {
        const nb = norms[j] as number;
        if (j === item || nb === 0) continue;
        out.push({ item: j, similarity: dot(Y, item * k, Y, j * k, k) / (na * nb) });
      }
      out.sort((p, q) => q.similarity - p.similarity || p.item - q.item);
      return out.slice(0, n);
    },
    explainSimilarity(a, b) {
      checkIndex('item', a, nItems);
      checkIndex('item', b, nItems);
      return {
        method: implicitAlsMeta.id,
        intro: `Cosine of the learned item vectors of ${name(a)} and ${name(b)}: their dot product over the product of their norms.`,
        trace: cosineSimilarity(rowOf(Y, a, k), rowOf(Y, b, k)),
        resultLabel: 'cos',
        tables: [],
      };
    },
    foldIn(rated: readonly Rated[]) {
      for (const r of rated) checkIndex('item', r.item, nItems);
      const kept = rated.filter((r) => state.positiveAt === null || r.rating >= state.positiveAt);
      const positives = [...new Set(kept.map((r) => r.item))].sort((p, q) => p - q);
      gram ??= gramPlusRidge(Y, nItems, k, state.lambda);
      const x = Float32Array.from(implicitAlsFoldIn(Y, gram, k, positives, state.alpha));
      const rule = state.positiveAt === null ? 'every item you rated is a positive' : `your ratings ≥ ${state.positiveAt} are positives`;
      const how = `Your x_u was solved exactly with the item vectors fixed: ${rule} (${positives.length} of ${rated.length}), (YᵀY + λI + Σ α y_i y_iᵀ) x_u = Σ (1 + α) y_i.`;
      const xs = Array.from(x);
      return {
        scores: scoresFor(x, 0),
        how,
        explain: (item: number) => explainVector(xs, item, `${how} Then the score of ${name(item)} is x_u·y_i.`),
      };
    },
    facts: () => [
      { label: 'factors k', value: k },
      { label: 'iterations', value: state.iterations },
      { label: 'objective per positive', value: state.loss },
    ],
    state: (): ImplicitAlsState => state,
  };
}
