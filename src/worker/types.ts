/** Result shapes the worker returns: plain, structured-cloneable objects. */
import type { BackendInfo, BackendName } from '../model/backend';
import type { BackendChoice } from '../model/backendChoice';
import type { EpochReport } from '../model/params';
import type { BadRow, ImportProgress } from '../data/parseRatings';
import type { ColumnMapping, FileSniff, TitleMapping } from '../data/detect';
import type { DatasetMeta } from '../data/types';
import type { Fact, ParamValues } from '../recommenders/types';

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
  /** For rating predictors: the score clipped to the dataset's rating scale; null otherwise. */
  predictedRating: number | null;
  /** The method's raw score (for MF, r̂ = μ + b_u + b_i + q_u·p_i). */
  score: number;
}

/** Who answers the "You" panel: popularity, the content of what you rated, or the trained model's fold-in. */
export type YouStage = 'popularity' | 'content' | 'model';

/** A "You" pick: a recommendation, and a note when nobody in the dataset has rated the item. */
export interface YouPick extends Recommendation {
  /** Ratings of the item in the dataset. */
  ratings: number;
  /** E.g. "No one has rated this yet; recommended from its features." (null for rated items). */
  note: string | null;
}

/** One stage of the "You" cascade as the panel lists it. */
export interface YouStageInfo {
  stage: YouStage;
  /** E.g. "Popularity", "Content of what you rated", "Trained model (Biased MF)". */
  label: string;
  /** When it answers on this dataset and model, e.g. "no ratings", "1–4 ratings", "5 ratings or more". */
  when: string;
  /** False when the stage is skipped here. */
  available: boolean;
  /** Why it is skipped (null when available). */
  reason: string | null;
}

/** The "You" panel's answer: who answers and why, and the picks. */
export interface YouAnswer {
  stage: YouStage;
  /** Who answers, in a few words, e.g. "the content of what you rated". */
  answering: string;
  /** Plain sentences: how many ratings you gave, who answers because of that, and who takes over when. */
  why: string;
  /** How the answering method used your ratings (its own fold-in sentence). */
  how: string;
  /** At how many ratings the trained model takes over (null: no trained model that can fold you in). */
  modelAt: number | null;
  /** The cascade on this dataset and model, in order; `available` false when it is skipped (and why). */
  stages: YouStageInfo[];
  /** How the scores are labelled ('score' for popularity counts, 'r̂' for rating predictions). */
  scoreLabel: string;
  recommendations: YouPick[];
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

/** What a training request asks for: a method, its parameters, and the held-out rows for the curves. */
export interface TrainRequest {
  method: string;
  params: ParamValues;
  /** Fraction of the ratings held out (random holdout) for validation curves and figures; 0 = none. */
  validationFraction: number;
  /** Seeds the validation holdout (apart from the method's own seed). */
  splitSeed: number;
  /** Go on from the stored checkpoint of an interrupted run of this method and holdout (its settings win). */
  resume?: boolean;
  /**
   * The params are the defaults the page showed for its backend (not edited): on a backend the
   * Automatic choice measures or picks, that backend's own defaults are used instead.
   */
  defaults?: boolean;
}

export interface TrainOutcome {
  model: ModelSummary;
  epochsRun: number;
  stopped: boolean;
  backend: BackendName;
  seconds: number;
  /** On the Automatic backend: each backend's measured figure and the one chosen (null when nothing was measured). */
  choice: BackendChoice | null;
  /**
   * When the GPU backend failed mid-run: which, why, the epoch training went on from (null: from
   * the start, e.g. a method without checkpoints) and the backend it finished on.
   */
  fallback: { from: BackendName; reason: string; resumedFromEpoch: number | null; backend: BackendInfo } | null;
  /** Why the model could not be stored in this browser (it is still kept for this session); null when it was stored. */
  storeError: string | null;
  /** Why checkpoints could not be stored during the run (a reload could not have resumed it), or null. */
  checkpointError: string | null;
}

/** A fitted model kept by the worker, as the UI lists it. */
export interface ModelSummary {
  id: string;
  datasetId: string;
  method: string;
  methodName: string;
  params: ParamValues;
  backend: BackendName;
  /** Epochs completed (iterative methods; 0 for the others). */
  epochs: number;
  fitMs: number;
  createdAt: number;
  facts: Fact[];
  predictsRatings: boolean;
  /** How scores are labelled: 'r̂' for rating predictions, 'score' otherwise. */
  scoreLabel: string;
  /** How item–item similarity is shown, when the method has one. */
  similarity: { symbol: string; description: string } | null;
  canFoldIn: boolean;
  /**
   * Figures on the held-out rows: RMSE / MAE for rating predictors, and nDCG@10 / hit rate@10 of
   * every method's top-10 (every held-out item relevant; training items not recommended), ranked for
   * `rankedUsers` of the `heldOutUsers` users with held-out ratings (a seeded sample of at most
   * VALIDATION_RANKING_USERS, src/worker/validationSample.ts; absent in models stored before).
   */
  validation: {
    ratings: number;
    rmse: number | null;
    mae: number | null;
    ndcgAt10: number | null;
    hitRateAt10: number | null;
    rankedUsers?: number;
    heldOutUsers?: number;
  } | null;
  /** The per-epoch reports of the fit (empty for methods that are not iterative). */
  curves: EpochReport[];
}

/** A model stored in this browser, as the model list shows it. */
export interface StoredModelEntry {
  summary: ModelSummary;
  /** Estimated stored size of its state. */
  bytes: number;
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

export type { Explanation, ExplanationTable } from '../recommenders/types';
