/**
 * A k-NN model fitted for rating prediction, user- or item-based, in Surprise's three variants
 * (KNNBasic, KNNWithMeans, KNNBaseline): its options and plain-data shape, fitKnnModel (μ, the
 * baseline when needed, the similarity values, the neighbour lists, the means) and the reverse
 * lists item-based scoring reads. Pure; the model is plain data.
 */
import { BASELINE_ALS_DEFAULTS, fitBaselineAls, globalMean, type BaselineAlsOptions } from '../baseline';
import type { Csr } from '../sparse';
import { computeNeighbourLists, type NeighbourListOptions, type NeighbourLists, type ProgressHooks } from './neighbourLists';
import { centreByColumnMeans, centreRowsByMean, residualsFromBaseline, rowMeans, type SimilarityKind } from './similarity';

/** 'user': neighbours are users who rated the item; 'item': neighbours are items the user rated. */
export type KnnKind = 'user' | 'item';
/** 'basic' = KNNBasic, 'means' = KNNWithMeans, 'baseline' = KNNBaseline. */
export type KnnVariant = 'basic' | 'means' | 'baseline';
/**
 * A kernel of `similarity.ts`, or one of two kernels on transformed values:
 * `adjustedCosine` = cosine of ratings minus the mean of the *other* entity (item-based: user means);
 * `pearsonBaseline` = cosine of baseline residuals r − b_ui with shrinkage (default β = 100), as Surprise's pearson_baseline
 * except that Surprise shrinks by (n−1)/(n−1+β) with min support ≥ 2: pass shrinkageOffset 1, minSupport 2 for exactly that.
 */
export type KnnSimilarity = SimilarityKind | 'adjustedCosine' | 'pearsonBaseline';

/** Options of `fitKnnModel`. */
export interface KnnOptions {
  kind: KnnKind;
  variant: KnnVariant;
  similarity: KnnSimilarity;
  /** Most neighbours used per prediction (Surprise default 40). */
  k: number;
  /** Fewest usable neighbours for a neighbourhood estimate; fewer → fallback (Surprise default 1). */
  minK: number;
  /** Pairs with fewer co-rated columns get no similarity (default 1). */
  minSupport?: number;
  /** β of `s·n/(n+β)` (default 100 for pearsonBaseline, else 0). */
  shrinkage?: number;
  /** 1: shrink by `(n−1)/(n−1+β)` as Surprise's pearson_baseline (default 0). */
  shrinkageOffset?: number;
  /** L, the neighbour-list cap (default `defaultListLength`). */
  listLength?: number;
  /** ALS options of the baseline (variant 'baseline' or similarity 'pearsonBaseline'); default Surprise's. */
  baseline?: BaselineAlsOptions;
}

/** Surprise's defaults for k and min_k. */
export const KNN_DEFAULTS = Object.freeze({ k: 40, minK: 1 });

/**
 * For item-based scoring of all items: for each item j, the lists that contain j —
 * `rows[p]` = the item i whose list has j at position `rank[p]`, with similarity `similarity[p]`
 * (p in `indptr[j] … indptr[j+1]`). The similarity is copied so that scoring reads memory in order.
 */
export interface ReverseLists {
  indptr: Int32Array;
  rows: Int32Array;
  rank: Int32Array;
  similarity: Float32Array;
}

/** A fitted k-NN model: plain typed arrays and numbers (structured-cloneable). */
export interface KnnModel {
  kind: KnnKind;
  variant: KnnVariant;
  similarity: KnnSimilarity;
  k: number;
  minK: number;
  nUsers: number;
  nItems: number;
  /** μ: mean training rating. */
  mu: number;
  /** The training ratings, users as rows. */
  byUser: Csr;
  /** Neighbour lists over users ('user') or items ('item'). */
  lists: NeighbourLists;
  /** Mean training rating of each list entity (users for 'user', items for 'item'); NaN when it has none. */
  means: Float64Array;
  /** b_u, b_i of the ALS baseline; length 0 when not fitted (variant ≠ 'baseline' and similarity ≠ 'pearsonBaseline'). */
  userBias: Float64Array;
  itemBias: Float64Array;
  /** Item-based only (else null): who lists whom, for `scoreAllItemsKnn`. */
  reverse: ReverseLists | null;
}

/**
 * Fits a k-NN model on the training ratings (`byUser`, `byItem` = the same ratings with users resp.
 * items as rows): μ, the ALS baseline when needed, the similarity values (raw, centred or baseline
 * residuals), the neighbour lists, the entity means and, item-based, the reverse lists.
 * `computeLists` computes the lists: `computeNeighbourLists` by default, or a kernel with the same
 * results injected by the caller (the WebAssembly one of src/model/wasmNeighbours.ts).
 */
export function fitKnnModel(
  byUser: Csr,
  byItem: Csr,
  opts: KnnOptions,
  hooks: ProgressHooks = {},
  computeLists: (rows: Csr, cols: Csr, opts: NeighbourListOptions, hooks?: ProgressHooks) => NeighbourLists = computeNeighbourLists,
): KnnModel {
  const { kind, variant, similarity } = opts;
  const nUsers = byUser.nRows;
  const nItems = byItem.nRows;
  const mu = globalMean(byUser);
  const needBaseline = variant === 'baseline' || similarity === 'pearsonBaseline';
  const bias = needBaseline
    ? fitBaselineAls(byUser, byItem, mu, opts.baseline ?? BASELINE_ALS_DEFAULTS)
    : { userBias: new Float64Array(0), itemBias: new Float64Array(0) };
  const rows = kind === 'user' ? byUser : byItem;
  const cols = kind === 'user' ? byItem : byUser;
  let simRows = rows;
  let simCols = cols;
  let kernel: SimilarityKind;
  if (similarity === 'adjustedCosine') {
    const colMeans = rowMeans(cols);
    simRows = centreByColumnMeans(rows, colMeans);
    simCols = centreRowsByMean(cols, colMeans);
    kernel = 'cosine';
  } else if (similarity === 'pearsonBaseline') {
    const rowBias = kind === 'user' ? bias.userBias : bias.itemBias;
    const colBias = kind === 'user' ? bias.itemBias : bias.userBias;
    simRows = residualsFromBaseline(rows, mu, rowBias, colBias);
    simCols = residualsFromBaseline(cols, mu, colBias, rowBias);
    kernel = 'cosine';
  } else {
    kernel = similarity;
  }
  const lists = computeLists(
    simRows,
    simCols,
    {
      kind: kernel,
      minSupport: opts.minSupport ?? 1,
      shrinkage: opts.shrinkage ?? (similarity === 'pearsonBaseline' ? 100 : 0),
      shrinkageOffset: opts.shrinkageOffset ?? 0,
      ...(opts.listLength === undefined ? {} : { listLength: opts.listLength }),
    },
    hooks,
  );
  return {
    kind,
    variant,
    similarity,
    k: Math.max(1, Math.floor(opts.k)),
    minK: Math.max(0, Math.floor(opts.minK)),
    nUsers,
    nItems,
    mu,
    byUser,
    lists,
    means: rowMeans(rows),
    userBias: bias.userBias,
    itemBias: bias.itemBias,
    reverse: kind === 'item' ? reverseLists(lists) : null,
  };
}

/** The transpose of the list graph: for each j, the (i, position) pairs with lists[i][position] = j. */
export function reverseLists(lists: NeighbourLists): ReverseLists {
  const { nRows, indptr: ptr, neighbours } = lists;
  const size = neighbours.length;
  const indptr = new Int32Array(nRows + 1);
  for (let p = 0; p < size; p++) indptr[(neighbours[p] as number) + 1]!++;
  for (let j = 0; j < nRows; j++) indptr[j + 1]! += indptr[j] as number;
  const next = indptr.slice(0, nRows);
  const rows = new Int32Array(size);
  const rank = new Int32Array(size);
  const similarity = new Float32Array(size);
  for (let i = 0; i < nRows; i++) {
    const from = ptr[i] as number;
    const to = ptr[i + 1] as number;
    for (let p = from; p < to; p++) {
      const q = next[neighbours[p] as number]!++;
      rows[q] = i;
      rank[q] = p - from;
      similarity[q] = lists.similarity[p] as number;
    }
  }
  return { indptr, rows, rank, similarity };
}
