/** A fitted k-NN model: predictions, the neighbours behind each one, similar items and fold-in. */
import { BASELINE_ALS_DEFAULTS } from '../../math/baseline';
import { cosineSimilarity, jaccardSimilarity, pearsonCorrelation, type Traced } from '../../math/formulas';
import { baselineCentredPrediction, itemBasedPrediction, meanCentredPrediction, userBasedPrediction } from '../../math/formulas/neighbourhood';
import { fallbackEstimate, msdSimilarity, shrunkSimilarity } from '../../math/formulas/knnSteps';
import { knnNeighboursUsed, predictKnn, scoreAllItemsKnn } from '../../math/knn';
import type { KnnModel, KnnNeighboursUsed } from '../../math/knn';
import { rowMean } from '../../math/sparse';
import type { Csr } from '../../math/sparse';
import { checkIndex } from '../scoring';
import type { Explanation, FitContext, Fitted, Rated } from '../types';

/** What the fitted model keeps beyond the math model: the shrinkage settings, for explanations. */
export interface KnnState {
  model: KnnModel;
  shrinkage: number;
  shrinkageOffset: number;
  /** Rows = items, for item–item similarity explanations. */
  byItem: Csr;
}

const FALLBACK_SYMBOL = { basic: '\\mu', means: { user: '\\bar r_u', item: '\\bar r_i' }, baseline: 'b_{ui}' } as const;

/** The traced prediction from the neighbours the fast code used (equal to its value). */
function tracePrediction(model: KnnModel, used: KnnNeighboursUsed, name: (nb: number) => string): Traced<number> {
  const { prediction, neighbours } = used;
  if (prediction.fallback) {
    const symbol = model.variant === 'means' ? FALLBACK_SYMBOL.means[model.kind] : FALLBACK_SYMBOL[model.variant];
    return fallbackEstimate({ symbol, value: prediction.value, used: prediction.used, minK: model.minK });
  }
  const k = neighbours.length;
  const nbs = neighbours.map((n) => ({ id: name(n.index), similarity: n.similarity, rating: n.rating, mean: n.mean, baseline: n.baseline }));
  if (model.variant === 'basic') return model.kind === 'user' ? userBasedPrediction(nbs, k) : itemBasedPrediction(nbs, k);
  if (model.variant === 'means') return meanCentredPrediction({ mean: used.targetMean, neighbours: nbs, k, kind: model.kind });
  return baselineCentredPrediction({ baseline: used.targetBaseline, neighbours: nbs, k, kind: model.kind });
}

function neighbourTable(model: KnnModel, used: KnnNeighboursUsed, name: (nb: number) => string) {
  const extra = model.variant === 'means' ? ['their mean'] : model.variant === 'baseline' ? ['their baseline b'] : [];
  return {
    caption: `The ${used.neighbours.length} neighbour${used.neighbours.length === 1 ? '' : 's'} used, most similar first`,
    columns: [model.kind === 'user' ? 'user' : 'item', 'similarity s', 'before shrinkage', 'co-rated n', 'rating', ...extra],
    rows: used.neighbours.map((n) => [
      name(n.index),
      n.similarity,
      n.rawSimilarity,
      n.support,
      n.rating,
      ...(model.variant === 'means' ? [n.mean] : model.variant === 'baseline' ? [n.baseline] : []),
    ]),
  };
}

/** The model with one more user (a visitor) appended: their ratings as a last CSR row and their bias. */
function withVisitor(model: KnnModel, rated: readonly Rated[], visitorBias: number): KnnModel {
  const { byUser } = model;
  const sorted = [...rated].sort((a, b) => a.item - b.item);
  const nnz = byUser.indices.length;
  const indptr = new Int32Array(byUser.nRows + 2);
  indptr.set(byUser.indptr);
  indptr[byUser.nRows + 1] = nnz + sorted.length;
  const indices = new Int32Array(nnz + sorted.length);
  indices.set(byUser.indices);
  const values = new Float32Array(nnz + sorted.length);
  values.set(byUser.values);
  sorted.forEach((r, j) => {
    indices[nnz + j] = r.item;
    values[nnz + j] = r.rating;
  });
  let userBias = model.userBias;
  if (userBias.length > 0) {
    userBias = new Float64Array(model.nUsers + 1);
    userBias.set(model.userBias);
    userBias[model.nUsers] = visitorBias;
  }
  return { ...model, nUsers: model.nUsers + 1, byUser: { nRows: byUser.nRows + 1, nCols: byUser.nCols, indptr, indices, values }, userBias };
}

export function knnFitted(method: string, state: KnnState, ctx: FitContext): Fitted {
  const { model } = state;
  const userBased = model.kind === 'user';
  const nbName = (nb: number) => (userBased ? ctx.names.user(nb) : ctx.names.item(nb));
  const explainIn = (m: KnnModel, user: number, item: number, intro: string): Explanation => {
    const used = knnNeighboursUsed(m, user, item);
    return { method, intro, trace: tracePrediction(m, used, nbName), resultLabel: 'r̂', tables: used.neighbours.length > 0 ? [neighbourTable(m, used, nbName)] : [] };
  };
  const similarityKind = model.similarity;
  const fitted: Fitted = {
    method,
    predict: (u, i) => predictKnn(model, u, i).value,
    scoreItems(user) {
      checkIndex('user', user, model.nUsers);
      return scoreAllItemsKnn(model, user);
    },
    explain(user, item) {
      checkIndex('user', user, model.nUsers);
      checkIndex('item', item, model.nItems);
      const who = userBased ? `users most similar to ${ctx.names.user(user)} who rated ${ctx.names.item(item)}` : `items most similar to ${ctx.names.item(item)} that ${ctx.names.user(user)} rated`;
      return explainIn(model, user, item, `Why ${ctx.names.user(user)} gets ${ctx.names.item(item)}: the ${who}, weighted by ${similarityKind} similarity (shrunk by co-rated count).`);
    },
    facts: () => [
      { label: 'μ (training mean)', value: model.mu },
      { label: 'neighbour-list entries', value: model.lists.neighbours.length },
      { label: 'similarity', value: similarityKind },
    ],
    state: () => state,
  };
  if (userBased) return fitted;

  // Item-based: similar items are an item's own neighbour list; a visitor folds in as one more user.
  const { lists } = model;
  const listSimilarity = (a: number, b: number): number => {
    for (let p = lists.indptr[a] as number; p < (lists.indptr[a + 1] as number); p++) if (lists.neighbours[p] === b) return lists.similarity[p] as number;
    return NaN;
  };
  return {
    ...fitted,
    async similarItems(item, n) {
      checkIndex('item', item, model.nItems);
      const out = [];
      for (let p = lists.indptr[item] as number; p < (lists.indptr[item + 1] as number) && out.length < n; p++) {
        out.push({ item: lists.neighbours[p] as number, similarity: lists.similarity[p] as number });
      }
      return out;
    },
    explainSimilarity(a, b) {
      checkIndex('item', a, model.nItems);
      checkIndex('item', b, model.nItems);
      const trace = itemSimilarityTrace(state, a, b);
      const listed = listSimilarity(a, b);
      return {
        method,
        intro: `${ctx.names.item(a)} and ${ctx.names.item(b)} over the users who rated both (${similarityKind}${state.shrinkage > 0 ? ', then shrunk by how many they are' : ''})${Number.isNaN(listed) ? '; the pair is not in the neighbour list (similarity ≤ 0 or too little support)' : ''}.`,
        trace,
        resultLabel: 's',
        tables: [],
      };
    },
    foldIn(rated: readonly Rated[]) {
      let dev = 0;
      for (const r of rated) dev += r.rating - model.mu - (model.itemBias[r.item] ?? 0);
      const bias = model.userBias.length > 0 && rated.length > 0 ? dev / (BASELINE_ALS_DEFAULTS.regUser + rated.length) : 0;
      const visitor = withVisitor(model, rated, bias);
      const u = model.nUsers;
      const how = `Your ${rated.length} rating${rated.length === 1 ? '' : 's'} are used directly: each item is scored from the items most similar to it among those you rated${model.userBias.length > 0 ? ` (your baseline bias b_u = ${bias.toFixed(4)})` : ''}.`;
      return {
        scores: scoreAllItemsKnn(visitor, u),
        how,
        explain: (item: number) => explainIn(visitor, u, item, `${how} For ${ctx.names.item(item)}:`),
      };
    },
  };
}

/** The rows a and b of the item-major CSR over their co-rating users, as the similarity saw them. */
function itemSimilarityTrace(state: KnnState, a: number, b: number): Traced<number> {
  const { model, byItem } = state;
  const xs: number[] = [];
  const ys: number[] = [];
  const users: number[] = [];
  let p = byItem.indptr[a] as number;
  let q = byItem.indptr[b] as number;
  const pEnd = byItem.indptr[a + 1] as number;
  const qEnd = byItem.indptr[b + 1] as number;
  while (p < pEnd && q < qEnd) {
    const u = byItem.indices[p] as number;
    const v = byItem.indices[q] as number;
    if (u === v) {
      users.push(u);
      xs.push(byItem.values[p] as number);
      ys.push(byItem.values[q] as number);
      p++;
      q++;
    } else if (u < v) p++;
    else q++;
  }
  if (model.similarity === 'adjustedCosine') {
    users.forEach((u, j) => {
      const m = rowMean(model.byUser, u);
      xs[j] = Math.fround((xs[j] as number) - m);
      ys[j] = Math.fround((ys[j] as number) - m);
    });
  } else if (model.similarity === 'pearsonBaseline') {
    users.forEach((u, j) => {
      const bu = model.userBias[u] as number;
      xs[j] = Math.fround((xs[j] as number) - model.mu - bu - (model.itemBias[a] as number));
      ys[j] = Math.fround((ys[j] as number) - model.mu - bu - (model.itemBias[b] as number));
    });
  }
  const n = users.length;
  const raw =
    model.similarity === 'pearson'
      ? pearsonCorrelation(xs, ys)
      : model.similarity === 'msd'
        ? msdSimilarity(xs, ys)
        : model.similarity === 'jaccard'
          ? jaccardSimilarity(new Set(rowUsers(byItem, a)), new Set(rowUsers(byItem, b)))
          : cosineSimilarity(xs, ys);
  return shrunkSimilarity(raw, n, state.shrinkage, state.shrinkageOffset);
}

function rowUsers(m: Csr, r: number): number[] {
  return Array.from(m.indices.subarray(m.indptr[r] as number, m.indptr[r + 1] as number));
}
