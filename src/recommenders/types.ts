/**
 * The recommender contract. Every method is a unit of its own (a folder under src/recommenders/)
 * exporting one `Recommender`; `registry.ts` lists them. The worker, the UI's generated parameter
 * forms, the evaluation lab and the benchmark all iterate the registry, so adding a method touches
 * its folder and one registry line.
 */
import type { RatingsColumns } from '../data/types';
import type { Csr } from '../math/sparse';
import type { Traced } from '../math/formulas/trace';
import type { BackendName } from '../model/backend';
import type { EpochReport, TrainHooks } from '../model/params';

/** One parameter of a method, as its form field shows it. */
export type ParamSpec =
  | {
      key: string;
      label: string;
      help: string;
      type: 'integer' | 'number';
      default: number;
      min: number;
      max?: number;
      /** Input step (default 1 for integers, 'any' for numbers). */
      step?: number;
    }
  | { key: string; label: string; help: string; type: 'choice'; default: string; options: readonly { value: string; label: string }[] }
  | { key: string; label: string; help: string; type: 'boolean'; default: boolean };

/** Parameter values by key (structured-cloneable). */
export type ParamValues = Record<string, number | string | boolean>;

/** What the UI, the evaluation lab and the benchmark know of a method before fitting it. */
export interface RecommenderMeta {
  /** Stable id used by the registry, the benchmark's `--algo` and stored reports, e.g. 'item-knn'. */
  id: string;
  name: string;
  /** The lesson family it belongs to, for grouping in the UI. */
  family: 'baseline' | 'neighbourhood' | 'factorization' | 'implicit' | 'content' | 'neural' | 'sequence';
  /** The scoring formula as the UI shows it (LaTeX). */
  formula: string;
  /** One or two sentences: what it does and when it is good. */
  summary: string;
  params: readonly ParamSpec[];
  /** Which data it can learn from. */
  feedback: 'explicit' | 'implicit' | 'both';
  /** True when its scores are rating predictions (so RMSE/MAE apply). */
  predictsRatings: boolean;
  /** True when it trains on the tfjs GPU backends too (otherwise it always runs on the CPU). */
  usesGpu: boolean;
  /** True when it reports per-epoch curves (iterative training). */
  iterative: boolean;
  /** How the method's item–item similarity is shown, when it has one (e.g. { symbol: 'cos', … }). */
  similarity?: { symbol: string; description: string };
  /** Parameter values per backend where they differ from `params`' defaults. */
  backendDefaults?: Partial<Record<BackendName, ParamValues>>;
  /** Why each backend's defaults are what they are, one sentence each (the Train panel shows it under them). */
  backendDefaultsWhy?: Partial<Record<BackendName, string>>;
  /**
   * What it needs beyond (user, item, rating) rows. The UI and the evaluation lab say so plainly
   * when the dataset lacks it, and `fit` throws a clear Error.
   */
  needs?: { timestamps?: boolean; itemFeatures?: boolean };
}

/** Item side information, for every item of the dataset (rated in training or not). */
export interface ItemSide {
  /** Title per item (null where unknown), or null when the dataset has no titles file. */
  titles: readonly (string | null)[] | null;
  /** Genres (or any mapped feature labels) per item, or null when unknown. */
  genres: readonly (readonly string[])[] | null;
}

/** The training ratings a method is fitted on, with the sparse views built once and shared. */
export interface TrainSet {
  nUsers: number;
  nItems: number;
  /** Only the training rows, in the dataset's user/item index space. */
  ratings: RatingsColumns;
  ratingMin: number;
  ratingMax: number;
  implicit: boolean;
  /** μ: mean training rating. */
  globalMean: number;
  /** When each training rating was given (seconds since the epoch), aligned with `ratings`; null without timestamps. */
  timestamps: Float64Array | null;
  /** Titles and genres of every item, for content-based methods and cold start. */
  itemSide: ItemSide;
  /**
   * A weight per training rating, aligned with `ratings` (e.g. inverse-propensity weights from the
   * evaluation lab's balance remedies); absent = every rating weighs 1. Only biased MF reads it.
   */
  ratingWeights?: Float32Array | null;
  /** CSR with users as rows (built on first use, then cached). */
  byUser(): Csr;
  /** CSR with items as rows (built on first use, then cached). */
  byItem(): Csr;
}

/** Names of users and items for explanations (ids and titles from the files). */
export interface Namer {
  user(u: number): string;
  item(i: number): string;
}

/** Hooks a fit may call: per-epoch reports for iterative methods, progress, and a stop flag. */
export type FitHooks = TrainHooks<unknown>;

/** What a fit runs with. */
export interface FitContext {
  /** Where the method runs: 'cpu' (typed arrays) or a tfjs GPU backend. */
  backend: BackendName;
  /** The tfjs module when a GPU backend is in use (only the worker loads tfjs); null otherwise. */
  tf: typeof import('@tensorflow/tfjs') | null;
  hooks: FitHooks;
  /** Held-out ratings for per-epoch validation curves of iterative methods (null: none). */
  validation: RatingsColumns | null;
  names: Namer;
}

/** A table shown under an explanation's formula (e.g. the neighbours a k-NN prediction used). */
export interface ExplanationTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

/**
 * The real numbers behind one displayed value, laid out with the lessons' traced formulas
 * (src/math/formulas, the same code as the Worked examples). `trace.value` must equal the value
 * listed in the UI: a test checks it for every method.
 */
export interface Explanation {
  /** Which method produced the value. */
  method: string;
  /** One plain sentence: what is being explained and where its numbers come from. */
  intro: string;
  trace: Traced<number>;
  /** How the result is labelled, e.g. 'r̂', 'cos', 'score'. */
  resultLabel: string;
  tables: ExplanationTable[];
}

/** A (item, rating) pair given by a visitor in the "You" panel. */
export interface Rated {
  item: number;
  rating: number;
}

/** Scores for a visitor folded into a fitted model without retraining. */
export interface FoldedUser {
  /** Scores of every item (NaN where it cannot score). */
  scores: Float32Array;
  explain(item: number): Explanation;
  /** Plain sentence on how the visitor was folded in. */
  how: string;
}

/** A short fact about a fitted model for the UI, e.g. { label: 'μ', value: 3.53 }. */
export interface Fact {
  label: string;
  value: number | string;
}

/** Similar items of one item, best first. */
export interface Neighbour {
  item: number;
  similarity: number;
}

/** A fitted model: scoring, explanation, fold-in and serialization. */
export interface Fitted {
  readonly method: string;
  /** Rating prediction r̂_ui (unclipped), for methods with meta.predictsRatings. */
  predict?(user: number, item: number): number;
  /** Ranking scores of every item for `user`, higher = better; NaN = cannot score. */
  scoreItems(user: number): Float32Array;
  /** The numbers behind scoreItems(user)[item]. */
  explain(user: number, item: number): Explanation;
  /** Items most similar to `item` under the method's own similarity, when it has one. */
  similarItems?(item: number, k: number): Promise<Neighbour[]>;
  explainSimilarity?(a: number, b: number): Explanation;
  /** Scores for a visitor's own ratings, when the method can fold a new user in. */
  foldIn?(rated: readonly Rated[]): FoldedUser;
  facts(): Fact[];
  /** Everything needed to restore the model (structured-cloneable). */
  state(): unknown;
}

/** One method of the lab. */
export interface Recommender {
  meta: RecommenderMeta;
  fit(train: TrainSet, params: ParamValues, ctx: FitContext): Promise<Fitted>;
  /** Rebuilds a fitted model from `state()` and the same training set. */
  restore(state: unknown, train: TrainSet, ctx: FitContext): Fitted;
}

export type { EpochReport };
