/**
 * What the content-based method and the MF + content hybrid share: the feature parameters, building
 * the features (or saying plainly why not), fitting profiles with progress and yields, the feature
 * table of an explanation, and similar items by the cosine of the feature vectors.
 */
import { buildItemFeatures, contentTerms, fitProfiles, sortTerms } from '../../math/content';
import type { FittedProfiles, ItemFeatures, NamedTerm, SparseRows, SparseVector } from '../../math/content';
import { cosineSimilarity } from '../../math/formulas';
import { createYielder } from '../../model/batches';
import { YIELD_EVERY_MS } from '../../model/loop';
import type { Csr } from '../../math/sparse';
import { num } from '../params';
import { checkIndex } from '../scoring';
import type { Explanation, ExplanationTable, FitHooks, Namer, Neighbour, ParamSpec, ParamValues, TrainSet } from '../types';

/**
 * Defaults of the feature and ridge settings (content-based and the hybrid), measured on MovieLens
 * 100K u1.base → u1.test (genres from u.item, 544 title words with df ≥ 2), RMSE unclipped:
 * content-based λ 1 / 3 / 10 / 15 / 30 / 100 at title weight 1: 1.0760 / 1.0516 / 1.0411 / 1.0406 /
 * 1.0426 / 1.0506; at λ 10, title weight 0 (genres only) / 0.5 / 1 / 1.5 / 2 / 3: 1.0423 / 1.0419 /
 * 1.0411 / 1.0408 / 1.0416 / 1.0461 (the user's mean alone: 1.0630). The hybrid at λ 1 / 5 / 10 /
 * 15 / 50, title weight 1: 0.9358 / 0.9180 / 0.9156 / 0.9153 / 0.9175 (its MF part alone 0.9256).
 * On the demo data (planted genre tastes, random titles) content-based prefers a smaller λ (0.858 at
 * λ 5, 0.879 at 10, 0.897 at 15), so λ = 10 rather than ML-100K's flat optimum near 15.
 */
export const CONTENT_DEFAULTS = { lambda: 10, titleWeight: 1, minDf: 2, maxWords: 1000 } as const;

/** The parameters of the features and of the ridge profile (content-based and the hybrid). */
export function contentParams(): ParamSpec[] {
  return [
    {
      key: 'lambda',
      label: 'Ridge λ',
      help: 'Weight of λ‖w_u‖² in each user’s profile fit: larger pulls the feature weights toward 0 (safer for users with few ratings).',
      type: 'number',
      default: CONTENT_DEFAULTS.lambda,
      min: 0.001,
      max: 1e6,
    },
    {
      key: 'titleWeight',
      label: 'Title weight',
      help: 'Weight of the title words’ (unit-length) TF-IDF block next to the genres’ 1s. 0 uses genres only.',
      type: 'number',
      default: CONTENT_DEFAULTS.titleWeight,
      min: 0,
      max: 100,
    },
    {
      key: 'minDf',
      label: 'Min titles per word',
      help: 'A title word becomes a feature only when at least this many titles contain it.',
      type: 'integer',
      default: CONTENT_DEFAULTS.minDf,
      min: 1,
      max: 100_000,
    },
    {
      key: 'maxWords',
      label: 'Max title words',
      help: 'At most this many title words become features (those in the most titles). 0 uses genres only.',
      type: 'integer',
      default: CONTENT_DEFAULTS.maxWords,
      min: 0,
      max: 100_000,
    },
  ];
}

/**
 * The item features of the training set under the checked parameter values. Throws an Error that
 * says what to import when the dataset has no genres and no usable title words.
 */
export function featuresFor(train: TrainSet, values: ParamValues, methodName: string): ItemFeatures {
  const { titles, genres } = train.itemSide;
  const hasGenres = genres !== null && genres.some((g) => g.length > 0);
  const hasTitles = titles !== null && titles.some((t) => t !== null && t.trim() !== '');
  if (!hasGenres && !hasTitles) {
    throw new Error(
      `${methodName} needs item features: import a titles file with genres for this dataset (e.g. MovieLens u.item or movies.csv); it has no genres and no titles to build features from.`,
    );
  }
  const features = buildItemFeatures({ titles, genres }, train.nItems, {
    titleWeight: num(values, 'titleWeight'),
    minDf: num(values, 'minDf'),
    maxWords: num(values, 'maxWords'),
  });
  if (features.nCols === 0 && (num(values, 'titleWeight') === 0 || num(values, 'maxWords') === 0)) {
    throw new Error(
      `${methodName} needs item features: this dataset has no genres, and title words are switched off (title weight ${num(values, 'titleWeight')}, at most ${num(values, 'maxWords')} words). Raise both above 0, or import a titles file with genres.`,
    );
  }
  if (features.nCols === 0) {
    throw new Error(
      `${methodName} needs item features: this dataset has no genres, and no title word is in at least ${num(values, 'minDf')} titles and not in all of them (with title weight ${num(values, 'titleWeight')} and at most ${num(values, 'maxWords')} words). Import a titles file with genres, or lower the minimum number of titles per word.`,
    );
  }
  return features;
}

/** An Error named 'AbortError' (what a stop request causes before anything is fitted). */
function abortError(what: string): Error {
  const e = new Error(`${what} was stopped before it finished.`);
  e.name = 'AbortError';
  return e;
}

/**
 * Runs fitProfiles, reporting progress from `from` to `to` (fractions of the whole fit) and
 * yielding to the event loop about every YIELD_EVERY_MS. When `stoppable`, a stop request throws
 * an AbortError (a half-fitted set of profiles is not kept).
 */
export async function fitProfilesAsync(
  features: SparseRows,
  byUser: Csr,
  lambda: number,
  target: (user: number, item: number, rating: number) => number,
  hooks: FitHooks,
  progress: { from: number; to: number; stoppable: boolean; what: string },
): Promise<FittedProfiles> {
  const run = fitProfiles(features, byUser, lambda, target);
  const yielder = createYielder();
  let last = performance.now();
  const nUsers = Math.max(1, byUser.nRows);
  try {
    for (;;) {
      const step = run.next();
      if (step.done) return step.value;
      if (performance.now() - last >= YIELD_EVERY_MS) {
        hooks.onProgress?.(progress.from + ((progress.to - progress.from) * step.value) / nUsers);
        await yielder.yield();
        last = performance.now();
        if (progress.stoppable && hooks.shouldStop?.() === true) throw abortError(progress.what);
      }
    }
  } finally {
    yielder.close();
  }
}

/** The named terms w·f of `item`'s features under profile w. */
export function namedTerms(features: ItemFeatures, item: number, w: SparseVector): NamedTerm[] {
  return contentTerms(features, item, w).map((t) => ({ name: features.names[t.feature] as string, f: t.value, w: t.weight }));
}

/** The table of an item's features behind a content score, largest |w·f| first. */
export function featureTable(terms: readonly NamedTerm[], itemName: string): ExplanationTable {
  return {
    caption:
      terms.length === 0
        ? `${itemName} has no features (no genres, no kept title words), so the content part is 0`
        : `The ${terms.length} feature${terms.length === 1 ? '' : 's'} of ${itemName}, largest |w·f| first (every other feature has f = 0)`,
    columns: ['feature', 'f_i (item’s value)', 'w_u (user’s weight)', 'w·f'],
    rows: sortTerms(terms).map((t) => [t.name, t.f, t.w, t.w * t.f]),
  };
}

/** ‖f_i‖₂ of every item. */
export function featureNorms(features: SparseRows): Float64Array {
  const out = new Float64Array(features.nRows);
  for (let i = 0; i < features.nRows; i++) {
    let s = 0;
    for (let p = features.indptr[i] as number; p < (features.indptr[i + 1] as number); p++) s += (features.values[p] as number) ** 2;
    out[i] = Math.sqrt(s);
  }
  return out;
}

/** The items most similar to `item` by `cos(f_a, f_b)`, similarity > 0 only, best first (ties: lower index). */
export function similarByFeatures(features: SparseRows, norms: Float64Array, item: number, n: number): Neighbour[] {
  checkIndex('item', item, features.nRows);
  const na = norms[item] as number;
  if (!(na > 0) || n < 1) return [];
  const dense = new Float64Array(features.nCols);
  for (let p = features.indptr[item] as number; p < (features.indptr[item + 1] as number); p++) dense[features.indices[p] as number] = features.values[p] as number;
  const found: Neighbour[] = [];
  for (let j = 0; j < features.nRows; j++) {
    if (j === item || !((norms[j] as number) > 0)) continue;
    let dot = 0;
    for (let p = features.indptr[j] as number; p < (features.indptr[j + 1] as number); p++) dot += (features.values[p] as number) * (dense[features.indices[p] as number] as number);
    if (dot > 0) found.push({ item: j, similarity: dot / (na * (norms[j] as number)) });
  }
  found.sort((a, b) => b.similarity - a.similarity || a.item - b.item);
  return found.slice(0, n);
}

/** The traced cosine of two items' feature vectors, written over the features either one has. */
export function explainFeatureSimilarity(method: string, features: ItemFeatures, a: number, b: number, names: Namer): Explanation {
  checkIndex('item', a, features.nRows);
  checkIndex('item', b, features.nRows);
  const cols = new Set<number>();
  for (const i of [a, b]) for (let p = features.indptr[i] as number; p < (features.indptr[i + 1] as number); p++) cols.add(features.indices[p] as number);
  const order = [...cols].sort((x, y) => x - y);
  const vector = (i: number) => {
    const v = new Map<number, number>();
    for (let p = features.indptr[i] as number; p < (features.indptr[i + 1] as number); p++) v.set(features.indices[p] as number, features.values[p] as number);
    return order.map((c) => v.get(c) ?? 0);
  };
  for (const i of [a, b]) {
    if (features.indptr[i + 1] === features.indptr[i]) throw new Error(`${names.item(i)} has no features (no genres, no kept title words): its cosine with any item is undefined.`);
  }
  const va = vector(a);
  const vb = vector(b);
  return {
    method,
    intro: `Cosine of the feature vectors of ${names.item(a)} and ${names.item(b)} (genres as 1s, title words by TF-IDF), over the ${order.length} features either has.`,
    trace: cosineSimilarity(va, vb),
    resultLabel: 'cos',
    tables: [
      {
        caption: 'Their features',
        columns: ['feature', names.item(a), names.item(b)],
        rows: order.map((c, k) => [features.names[c] as string, va[k] as number, vb[k] as number]),
      },
    ],
  };
}
