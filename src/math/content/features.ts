/**
 * Item feature vectors for content-based methods, from an item's genres and the words of its title.
 * Pure (no DOM, no tfjs); float64 throughout. Rows are sparse (CSR): a catalogue has many features
 * (every genre and up to maxWords title words) but each item only a handful.
 */
import { titleWords } from './tokens';

/** A sparse matrix, one row per item, float64 values. Row r's entries are `indices[indptr[r] … indptr[r+1])`, ascending. */
export interface SparseRows {
  nRows: number;
  nCols: number;
  /** Length nRows + 1. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** The title block before weighting: the vocabulary and each title's L2-normalised TF-IDF row. */
export interface TitleTfIdf {
  /** The kept words, most frequent (largest df) first, ties alphabetical. */
  vocabulary: string[];
  /** df(t): number of titles containing word t, per vocabulary entry. */
  df: Int32Array;
  /** idf(t) = ln(N / df(t)), per vocabulary entry. */
  idf: Float64Array;
  /** N: the number of items that have a title. */
  documents: number;
  /** x̂_i = x_i / ‖x_i‖₂ per item (an empty row when the item has no title or no kept word). */
  rows: SparseRows;
}

/** Settings of the feature vectors. */
export interface FeatureOptions {
  /** Weight of the title block relative to the genre block (0: genres only). */
  titleWeight: number;
  /** Keep only words found in at least this many titles. */
  minDf: number;
  /** Keep at most this many words (the most frequent); 0: no title block. */
  maxWords: number;
}

/** Item features: one row per item, the genre block (columns 0 … nGenres−1) then the title block. */
export interface ItemFeatures extends SparseRows {
  /** Number of genre columns (they come first). */
  nGenres: number;
  /** Display name of every column: 'genre: Action', 'word: river'. */
  names: string[];
  /** The title block's document frequencies and idf, per word column (length nCols − nGenres). */
  wordDf: Int32Array;
  wordIdf: Float64Array;
  /** N of the idf: the number of items with a title. */
  titledItems: number;
  titleWeight: number;
}

/**
 * TF-IDF rows of the titles (null = no title). With N = the number of items that have a title
 * (a non-empty string), `df(t)` = the number of those titles containing word t (titleWords), and
 * `tf(t, i)` = how often t occurs in title i:
 * `x_it = tf(t, i) · ln(N / df(t))`,   `x̂_i = x_i / ‖x_i‖₂` (x̂_i = 0 when x_i = 0).
 * The vocabulary keeps the words with `minDf ≤ df(t) < N` (a word in every title has idf 0, so
 * it is left out), at most `maxWords` of them: the largest df first, ties in alphabetical order.
 * Columns are numbered in that order.
 */
export function titleTfIdf(titles: readonly (string | null)[], minDf: number, maxWords: number): TitleTfIdf {
  if (!Number.isInteger(minDf) || minDf < 1) throw new Error(`titleTfIdf: minDf must be a whole number ≥ 1, got ${minDf}`);
  if (!Number.isInteger(maxWords) || maxWords < 0) throw new Error(`titleTfIdf: maxWords must be a whole number ≥ 0, got ${maxWords}`);
  const words: (string[] | null)[] = titles.map((t) => (t === null || t.trim() === '' ? null : titleWords(t)));
  let documents = 0;
  const dfOf = new Map<string, number>();
  for (const ws of words) {
    if (ws === null) continue;
    documents++;
    for (const w of new Set(ws)) dfOf.set(w, (dfOf.get(w) ?? 0) + 1);
  }
  const kept = [...dfOf.entries()]
    .filter(([, df]) => df >= minDf && df < documents)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxWords);
  const vocabulary = kept.map(([w]) => w);
  const column = new Map(vocabulary.map((w, c) => [w, c]));
  const df = Int32Array.from(kept, ([, d]) => d);
  const idf = Float64Array.from(kept, ([, d]) => Math.log(documents / d));

  const indptr = new Int32Array(titles.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  words.forEach((ws, i) => {
    const tf = new Map<number, number>();
    for (const w of ws ?? []) {
      const c = column.get(w);
      if (c !== undefined) tf.set(c, (tf.get(c) ?? 0) + 1);
    }
    const cols = [...tf.keys()].sort((a, b) => a - b);
    const x = cols.map((c) => (tf.get(c) as number) * (idf[c] as number));
    let norm = 0;
    for (const v of x) norm += v * v;
    norm = Math.sqrt(norm);
    if (norm > 0) {
      cols.forEach((c, j) => {
        indices.push(c);
        values.push((x[j] as number) / norm);
      });
    }
    indptr[i + 1] = indices.length;
  });
  return {
    vocabulary,
    df,
    idf,
    documents,
    rows: { nRows: titles.length, nCols: vocabulary.length, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) },
  };
}

/**
 * The feature vector of every item: `f_i = [g_i ; α · x̂_i]`, where g_i is the one-hot genre block
 * (`g_ig = 1` when item i has genre label g, one column per distinct label, labels in code-point
 * order), x̂_i the item's L2-normalised title TF-IDF row (titleTfIdf) and α = titleWeight.
 * `genres` or `titles` may be null (the dataset has none): that block is empty. Only non-zero
 * entries are stored. `nItems` items; side arrays shorter than that leave the rest featureless.
 */
export function buildItemFeatures(
  side: { titles: readonly (string | null)[] | null; genres: readonly (readonly string[])[] | null },
  nItems: number,
  options: FeatureOptions,
): ItemFeatures {
  const { titleWeight, minDf, maxWords } = options;
  if (!(titleWeight >= 0) || !Number.isFinite(titleWeight)) throw new Error(`buildItemFeatures: titleWeight must be a finite number ≥ 0, got ${titleWeight}`);
  const genreOf = (i: number): readonly string[] => side.genres?.[i] ?? [];
  const labels = new Set<string>();
  for (let i = 0; i < nItems; i++) for (const g of genreOf(i)) if (g !== '') labels.add(g);
  const genreNames = [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const genreColumn = new Map(genreNames.map((g, c) => [g, c]));
  const nGenres = genreNames.length;

  const titles = Array.from({ length: nItems }, (_, i) => side.titles?.[i] ?? null);
  const tfidf = titleWeight > 0 && side.titles !== null ? titleTfIdf(titles, minDf, maxWords) : null;
  const nWords = tfidf?.vocabulary.length ?? 0;

  const indptr = new Int32Array(nItems + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < nItems; i++) {
    const cols = [...new Set(genreOf(i).filter((g) => g !== '').map((g) => genreColumn.get(g) as number))].sort((a, b) => a - b);
    for (const c of cols) {
      indices.push(c);
      values.push(1);
    }
    if (tfidf) {
      const r = tfidf.rows;
      for (let p = r.indptr[i] as number; p < (r.indptr[i + 1] as number); p++) {
        indices.push(nGenres + (r.indices[p] as number));
        values.push(titleWeight * (r.values[p] as number));
      }
    }
    indptr[i + 1] = indices.length;
  }
  return {
    nRows: nItems,
    nCols: nGenres + nWords,
    indptr,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    nGenres,
    names: [...genreNames.map((g) => `genre: ${g}`), ...(tfidf?.vocabulary ?? []).map((w) => `word: ${w}`)],
    wordDf: tfidf?.df ?? new Int32Array(0),
    wordIdf: tfidf?.idf ?? new Float64Array(0),
    titledItems: tfidf?.documents ?? 0,
    titleWeight,
  };
}

/** The stored entries of row r: column indices and values (views, not copies). */
export function rowOf(m: SparseRows, r: number): { indices: Int32Array; values: Float64Array } {
  const from = m.indptr[r] as number;
  const to = m.indptr[r + 1] as number;
  return { indices: m.indices.subarray(from, to), values: m.values.subarray(from, to) };
}

/** Number of items whose feature row is not empty. */
export function itemsWithFeatures(m: SparseRows): number {
  let n = 0;
  for (let r = 0; r < m.nRows; r++) if ((m.indptr[r + 1] as number) > (m.indptr[r] as number)) n++;
  return n;
}
