/**
 * Shapes of the evaluation lab: split protocols and settings, stored splits, and the comparison
 * report. Plain, structured-cloneable data (typed arrays are transferred or stored as they are).
 */
import type { RatingsColumns } from '../data/types';

/**
 * How a dataset's ratings are divided into train and test:
 * - `random`: a fraction of all ratings, drawn uniformly;
 * - `per-user`: a fraction of each user's ratings (users with too few ratings stay wholly in train);
 * - `temporal`: each user's last n ratings by timestamp (needs timestamps);
 * - `msr`: stratified by item, 75/25 (microsoft/recommenders' `python_stratified_split(filter_by='item')`,
 *   the protocol of its benchmark notebooks);
 * - `cold-users` / `cold-items` (cold start): a seeded fraction (testFraction) of the users / items
 *   held out entirely, all their ratings in test and none in train (src/evaluation/coldSplits.ts;
 *   their summaries add `coldUsers` and `coldItems` counts);
 * - `predefined`: a separate test file mapped through the train set's id maps.
 */
export type SplitProtocol = 'random' | 'per-user' | 'temporal' | 'msr' | 'cold-users' | 'cold-items' | 'predefined';

/** The settings that, with the dataset, determine a split exactly. */
export interface SplitSettings {
  protocol: SplitProtocol;
  /** Seeds the split's own rng (not the training seed). */
  seed: number;
  /** random / per-user: the fraction held out for test, in (0, 1). msr uses 0.25. */
  testFraction: number;
  /** per-user / temporal / msr: users with fewer ratings than this stay wholly in train. */
  minUserRatings: number;
  /** temporal: how many of each user's latest ratings go to test. */
  lastN: number;
}

/** What a split did with the data, for the user to read. */
export interface SplitSummary {
  trainRatings: number;
  testRatings: number;
  /** Users with at least one test rating. */
  testUsers: number;
  /** per-user / temporal: users kept wholly in train for having too few ratings (msr: items). */
  usersKeptInTrain: number;
  /** predefined: test rows whose user or item is not in the train file (counted, not scored). */
  unknownUsers: number;
  unknownItems: number;
  /** predefined: test rows dropped because their user or item is unknown. */
  unknownRows: number;
  /** predefined: dataset rows left out of train because the test file rates the same (user, item) pair. */
  overlapRows?: number;
  /** predefined: earlier test-file rows of a repeated (user, item) pair, dropped (the last one is kept). */
  testDuplicates?: number;
  /** cold-users / cold-items: users with ratings, all of them in test (cold-users: the held-out users). */
  coldUsers?: number;
  /** cold-users / cold-items: items with ratings, all of them in test (cold-items: the held-out items). */
  coldItems?: number;
}

/** A split, as data: train rows are indices into the dataset's columns; test ratings are columns. */
export interface Split {
  id: string;
  datasetId: string;
  /** Human name, e.g. "random 10% (seed 42)" or "u1.test". */
  name: string;
  settings: SplitSettings;
  createdAt: number;
  /** Row indices (into the dataset's rating columns) used for training, ascending. */
  train: Int32Array;
  /** Test ratings in the dataset's user/item index space (for predefined splits, from the test file). */
  test: RatingsColumns;
  summary: SplitSummary;
}

/** A split's description without its arrays, for lists. */
export type SplitInfo = Omit<Split, 'train' | 'test'>;

/** Every metric the comparison table can show; ranking metrics are @k. */
export type MetricName =
  | 'rmse'
  | 'mae'
  | 'precision'
  | 'recall'
  | 'ndcg'
  | 'map'
  | 'hitRate'
  | 'mrr'
  | 'coverage'
  | 'novelty'
  | 'diversity'
  | 'avgPopularity';

/** Settings of an evaluation run beyond the split. */
export interface EvaluationSettings {
  /** k of the ranking metrics (default 10). */
  k: number;
  /** When set, only test ratings ≥ this count as relevant; null = every test item is relevant. */
  relevanceThreshold: number | null;
}

/**
 * A popularity-balance remedy applied to one method run (src/evaluation/remedies.ts; formulas in
 * src/math/balance). λ = 0 is "no remedy" for every re-ranker.
 * - re-ranking (post-processing of the method's scores before the top k, any method), over the
 *   user's `pool` best-scored candidates (default 200): `rerank-popularity` (s' = z(s) − λ·z(log(1 + n_i))),
 *   `mmr` ((1 − λ)·relevance − λ·max co-rating cosine to the items already listed), `calibrate`
 *   (Steck 2018: (1 − λ)·Σ relevance − λ·KL(p‖q̃) of the genre mixes; needs genres);
 * - re-sampling the training rows: `downsample-head` keeps each head-item rating with probability
 *   `keep` (any method); `upsample-tail` repeats each tail-item rating `copies` times on average
 *   (biased MF only: a duplicated row weighs a rating in an SGD loss, and means nothing to a method
 *   that builds a rating matrix);
 * - `ipw`: inverse-propensity weights of biased MF's loss, p_i = (n_i/max n)^η, w = 1/max(p_i, clip)
 *   scaled to mean 1.
 * The head is the ⌈10%⌉ most-rated items of the training rows.
 */
export type Remedy =
  | { kind: 'rerank-popularity'; lambda: number; pool?: number }
  | { kind: 'mmr'; lambda: number; pool?: number }
  | { kind: 'calibrate'; lambda: number; pool?: number }
  | { kind: 'resample'; mode: 'downsample-head'; keep: number; seed: number }
  | { kind: 'resample'; mode: 'upsample-tail'; copies: number; seed: number }
  | { kind: 'ipw'; eta: number; clip: number };

/** One method (with its parameter values) to fit and measure. */
export interface MethodRun {
  /** Registry id of the method. */
  method: string;
  params: Record<string, number | string | boolean>;
  /** Row label; defaults to the method's name followed by the remedy (e.g. "… + popularity penalty λ=0.5"). */
  label?: string;
  /** A balance remedy applied to this run; absent = the method as it is. */
  remedy?: Remedy;
}

/** One row of the comparison table. NaN (or null) where a metric does not apply. */
export interface EvaluationRow {
  label: string;
  method: string;
  params: Record<string, number | string | boolean>;
  backend: string;
  fitMs: number;
  /** Time to predict the test ratings and rank every test user's candidates, ms. */
  predictMs: number;
  metrics: Partial<Record<MetricName, number>>;
  /** Set when the method failed on this split; metrics are then empty. */
  error?: string;
  /** The run's balance remedy, when it had one. */
  remedy?: Remedy;
  /**
   * True when the run reused the model fitted for the run before it (same method, parameters and
   * training data: only the re-ranking differs); fitMs is then that fit's time.
   */
  fitShared?: boolean;
}

/** A finished (or cancelled) evaluation: stored with the dataset and split. */
export interface EvaluationReport {
  id: string;
  datasetId: string;
  splitId: string;
  splitName: string;
  settings: EvaluationSettings;
  createdAt: number;
  rows: EvaluationRow[];
  /** True when cancelled before every method ran. */
  partial: boolean;
}
