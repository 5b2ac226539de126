/**
 * Shapes of the simulator: the world that stands in for real users, the item features the policies
 * see, the settings of a run, the points it records and what it returns. Everything that leaves
 * the worker is structured-cloneable (numbers, strings, typed arrays, plain objects).
 */
import type { RatingsColumns } from '../data/types';

/**
 * How an expected score becomes a click probability.
 * - probit (explicit ratings): `p_ui = Φ((r̂_ui − τ) / σ)`, τ the "liked it" threshold on the rating scale;
 * - logistic (implicit feedback): `p_ui = 1 / (1 + e^{−(s_ui − c)/s})`.
 */
export type ClickLink = { kind: 'probit'; threshold: number; sigma: number } | { kind: 'logistic'; center: number; scale: number };

/**
 * The "true" users: a click probability for every (user, item), from a model fitted on all of the
 * dataset, and the dataset's ratings (the warm start hands a fraction of them to the policies).
 */
export interface World {
  nUsers: number;
  nItems: number;
  /** p_ui, row-major users × items. */
  probs: Float32Array;
  link: ClickLink;
  /** The dataset's ratings (only read by the warm start); null: cold start only. */
  ratings: RatingsColumns | null;
}

/**
 * What the policies know of the items: the item side of the world model, x_i = [p_i; b_i; 1].
 * The items are known, the users are not: a policy starts from nothing about a user (or from the
 * warm-start fraction of their ratings) and learns θ_u from the clicks it collects.
 */
export interface ItemFeatures {
  nItems: number;
  /** d: length of x_i (k factors + bias + constant). */
  d: number;
  /** x_i rows, nItems × d, row-major. */
  x: Float64Array;
  /** k: length of the item vectors p_i used for slate diversity. */
  k: number;
  /** p_i rows, nItems × k (the diversity of a slate is measured on these). */
  vectors: Float32Array;
}

/** One numeric knob of a policy, as the UI's form shows it. */
export interface PolicyKnob {
  key: string;
  label: string;
  help: string;
  default: number;
  min: number;
  max?: number;
  step?: number;
}

/** A policy as the UI lists it. */
export interface PolicyInfo {
  id: string;
  name: string;
  /** Its scoring rule (LaTeX). */
  formula: string;
  /** One or two sentences: what it does. */
  summary: string;
  knobs: readonly PolicyKnob[];
  /** What the per-slot `extra` number is: the UCB bonus, the sampled score, or nothing. */
  extra: 'bonus' | 'sampled' | null;
}

/** A policy to run, with its knob values (missing knobs take their defaults). */
export interface PolicyRun {
  id: string;
  knobs?: Record<string, number>;
  /** Shown in plots and tables (default: the policy's name with its knobs). */
  label?: string;
}

/** The settings of a run, shared by every policy in it (so the comparison is fair). */
export interface SimulationSettings {
  /** Users served (one slate each). */
  steps: number;
  /** n: items per slate. */
  slateSize: number;
  /** Seeds the arrivals, the warm start, the click noise and every policy's own draws. */
  seed: number;
  /** Fraction of each user's ratings handed to the policies before step 1 (0: cold start). */
  warmFraction: number;
  /** m: the population model θ_pop is refitted on all collected feedback every m steps. */
  refitEvery: number;
  /** A point of every curve is recorded every this many steps (and at the last step). */
  recordEvery: number;
  /** λ: precision of each user's prior N(θ_pop, λ⁻¹I) and the ridge of the population model. */
  priorPrecision: number;
  /**
   * Whether the population model has one offset c_i per item (p_ui ≈ x_i·θ_u + c_i, c_i ~ N(0, λ⁻¹)
   * a priori, learned from every user's feedback on item i). Default: DEFAULT_ITEM_OFFSETS (estimator.ts), off.
   */
  itemOffsets?: boolean;
  /** How the policies' features are scaled (features.ts); default 'none', the world model's own coordinates. */
  featureScaling?: 'none' | 'standardize' | 'whiten';
}

/** Why one item is on a slate. */
export interface SlotExplanation {
  /** 1-based position on the slate. */
  rank: number;
  item: number;
  /** x_i·θ̂_u: the estimated click probability (a linear estimate, may leave [0, 1]). */
  estimate: number;
  /** UCB: α·√(x_iᵀA_u⁻¹x_i); null for the other policies. */
  bonus: number | null;
  /** Thompson: x_i·θ̃ with θ̃ ~ N(θ̂_u, v²A_u⁻¹); null for the other policies. */
  sampled: number | null;
  /** ε-greedy or random: the slot was filled uniformly at random. */
  exploredAtRandom: boolean;
  /** The number the slate was ranked by (estimate, estimate + bonus, sampled score; NaN for random picks). */
  score: number;
  /** The world's p_ui (the policy never sees it). */
  trueProbability: number;
  clicked: boolean;
}

/** The explanation of one slate. */
export interface SlateExplanation {
  step: number;
  user: number;
  /** How many observations of this user the policy had before choosing. */
  userObservations: number;
  slots: SlotExplanation[];
}

/** One point of the curves of one policy. */
export interface SimulationPoint {
  step: number;
  /** Cumulative clicks. */
  reward: number;
  /** Cumulative expected regret Σ_t (Σ oracle p − Σ chosen p). */
  regret: number;
  /** Distinct items shown so far / items. */
  coverage: number;
  /** Distinct items shown since the previous point / items: how widely the policy recommends now. */
  windowCoverage: number;
  /** Share of the slots since the previous point filled with head items (top 10% by rating count). */
  headShare: number;
  /** Mean popularity percentile of the items shown since the previous point (1 = the most rated). */
  popularity: number;
  /** Mean intra-slate diversity since the previous point. */
  diversity: number;
}

/** Points of every policy at one record step (the live plots' batch). */
export interface PolicyPoint {
  /** Index of the policy in the run's list. */
  index: number;
  label: string;
  point: SimulationPoint;
  /** The slate of that step, explained. */
  slate: SlateExplanation | null;
}

/** The end of a run, per policy. */
export interface PolicyResult {
  policy: string;
  label: string;
  knobs: Record<string, number>;
  steps: number;
  /** Total clicks. */
  reward: number;
  /** Total expected regret. */
  regret: number;
  coverage: number;
  /** Mean over the run's windows (recordEvery steps) of the distinct items shown in the window / items. */
  windowCoverage: number;
  /** Share of every slot of the run filled with head items. */
  headShare: number;
  /** Mean popularity percentile of every item shown. */
  popularity: number;
  /** Mean intra-slate diversity over the run. */
  diversity: number;
  /** Wall time spent in this policy's steps, ms. */
  ms: number;
  points: SimulationPoint[];
  lastSlate: SlateExplanation | null;
}
