/** Result shapes the worker returns: plain, structured-cloneable objects. */
import type { BackendName } from '../model/backend';
import type { BadRow, ImportProgress } from '../data/parseRatings';
import type { ColumnMapping, FileSniff, TitleMapping } from '../data/detect';
import type { DatasetMeta } from '../data/types';

export type { ImportProgress };

/** A sniffed file and the column mapping guessed for it. */
export interface SniffResult {
  sniff: FileSniff;
  ratingsMapping: ColumnMapping;
  titlesMapping: TitleMapping;
  /** Where the file first breaks UTF-8, when it was checked whole and found not to be UTF-8. */
  invalidUtf8At: { line: number; column: number } | null;
}

/** What a parse found, before the user decides to keep it. */
export interface ImportReport {
  name: string;
  rowsRead: number;
  users: number;
  items: number;
  ratings: number;
  duplicates: number;
  badRowCount: number;
  badRows: BadRow[];
  /** Rows of the titles file, and how many of the dataset's items got a title. */
  titles: { rowsRead: number; matched: number; badRowCount: number; badRows: BadRow[] } | null;
  ratingMin: number;
  ratingMax: number;
  implicit: boolean;
  seconds: number;
}

export interface Recommendation {
  item: number;
  itemId: string;
  title: string | null;
  /** r̂ clipped to the dataset's rating scale. */
  predictedRating: number;
  /** The raw model score r̂ = μ + b_u + b_i + q_u·p_i. */
  score: number;
}

export interface SimilarItem {
  item: number;
  itemId: string;
  title: string | null;
  similarity: number;
}

/** A similar-items query's answer, with where and how fast it was computed. */
export interface SimilarItemsResult {
  items: SimilarItem[];
  backend: BackendName;
  ms: number;
  /** How many items were compared against. */
  catalogue: number;
}

export interface ItemMatch {
  item: number;
  itemId: string;
  title: string | null;
  ratings: number;
}

export interface TrainOutcome {
  epochsRun: number;
  stopped: boolean;
  backend: BackendName;
  seconds: number;
}

export interface ModelSummary {
  datasetId: string;
  backend: BackendName;
  epochs: number;
  factors: number;
  mu: number;
}

export type { DatasetMeta };

/** One backend's losses over the same few training steps (same seed, same data). */
export interface ParityRow {
  backend: BackendName;
  available: boolean;
  reason: string;
  losses: number[];
  ms: number;
}

/** The item an explanation is about. */
export interface ExplainedItem {
  item: number;
  itemId: string;
  title: string | null;
}

/** The terms of r̂_ui = μ + b_u + b_i + q_u·p_i for one item. */
export interface MfTerms {
  item: ExplainedItem;
  mu: number;
  bu: number;
  bi: number;
  q: number[];
  p: number[];
}

/**
 * The real numbers behind one displayed value, for the UI to lay out with the lesson's formulas.
 * One variant per kind of score; memory-based CF (neighbours, similarities, ratings) adds another.
 */
export type Explanation =
  /** A trained user's score. */
  | ({ kind: 'mf'; userId: string } & MfTerms)
  /** A visitor's score, with b_u and q_u solved from their ratings (item vectors fixed). */
  | ({ kind: 'foldIn'; rated: number; lambda: number } & MfTerms)
  /** cos(p_a, p_b) of two learned item vectors. */
  | { kind: 'cosine'; a: ExplainedItem; b: ExplainedItem; pa: number[]; pb: number[] };
