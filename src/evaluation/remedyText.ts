/**
 * The balance remedies as the evaluation table and the method picker name them: labels, defaults,
 * and what a remedy cannot do on a method or dataset. Pure (types only), shared by the runner and the UI.
 */
import type { Remedy } from './types';

export type RemedyKind = 'rerank-popularity' | 'mmr' | 'calibrate' | 'downsample-head' | 'upsample-tail' | 'ipw';

/** The kind of a remedy, with the two re-sampling modes apart. */
export function remedyKind(remedy: Remedy): RemedyKind {
  return remedy.kind === 'resample' ? remedy.mode : remedy.kind;
}

/** Default size of the candidate pool the re-rankers re-order (each user's best-scored candidates). */
export const DEFAULT_POOL = 200;

/** Methods whose loss sums over rating rows, so a rating can be weighted (IPW) or repeated (up-sampling). */
export const ROW_LOSS_METHODS: readonly string[] = ['biased-mf'];

/** Every remedy with a one-line description, in the order the picker offers them. */
export const REMEDY_KINDS: readonly { kind: RemedyKind; name: string; description: string }[] = [
  {
    kind: 'rerank-popularity',
    name: 'Popularity penalty (re-rank)',
    description: 'Re-ranks each user’s pool of best-scored candidates (200 by default) by z(score) − λ·z(log(1 + ratings of the item)), z-scores over the pool.',
  },
  { kind: 'mmr', name: 'MMR diversity (re-rank)', description: 'Builds each list greedily by (1 − λ)·relevance − λ·(largest co-rating cosine to an item already listed).' },
  {
    kind: 'calibrate',
    name: 'Calibrate to genres (re-rank)',
    description: 'Steck 2018: builds each list greedily by (1 − λ)·relevance − λ·KL(user’s genre mix ‖ list’s genre mix). Needs item genres.',
  },
  { kind: 'downsample-head', name: 'Down-sample the head (train)', description: 'Trains on all tail ratings and a seeded share of the ratings of the 10% most-rated items.' },
  {
    kind: 'upsample-tail',
    name: 'Up-sample the tail (train)',
    description: 'Repeats each rating of a tail item (outside the 10% most-rated) c times on average. Biased MF only: a repeated rating weighs c times in its loss.',
  },
  {
    kind: 'ipw',
    name: 'Inverse-propensity weights (train)',
    description: 'Weighs each rating of biased MF’s loss by 1/max(p_i, clip), p_i = (n_i / max n)^η, scaled to mean 1. On the CPU and GPU trainers alike.',
  },
];

/** A remedy of this kind with its default settings. */
export function defaultRemedy(kind: RemedyKind): Remedy {
  switch (kind) {
    case 'rerank-popularity':
      return { kind, lambda: 0.8 };
    case 'mmr':
      return { kind, lambda: 0.3 };
    case 'calibrate':
      return { kind, lambda: 0.5 };
    case 'downsample-head':
      return { kind: 'resample', mode: kind, keep: 0.5, seed: 42 };
    case 'upsample-tail':
      return { kind: 'resample', mode: kind, copies: 2, seed: 42 };
    case 'ipw':
      return { kind, eta: 0.5, clip: 0.05 };
  }
}

const num = (x: number) => String(Number(x.toPrecision(6)));

/** How a row's label names its remedy, e.g. " + popularity penalty λ=0.5" (appended to the method's label). */
export function remedyLabel(remedy: Remedy): string {
  const pool = 'pool' in remedy && remedy.pool !== undefined && remedy.pool !== DEFAULT_POOL ? `, pool ${remedy.pool}` : '';
  switch (remedy.kind) {
    case 'rerank-popularity':
      return ` + popularity penalty λ=${num(remedy.lambda)}${pool}`;
    case 'mmr':
      return ` + MMR λ=${num(remedy.lambda)}${pool}`;
    case 'calibrate':
      return ` + genre calibration λ=${num(remedy.lambda)}${pool}`;
    case 'resample':
      return remedy.mode === 'downsample-head'
        ? ` + head down-sampled (keep ${num(remedy.keep * 100)}%, seed ${remedy.seed})`
        : ` + tail up-sampled (×${num(remedy.copies)}, seed ${remedy.seed})`;
    case 'ipw':
      return ` + IPW η=${num(remedy.eta)} clip=${num(remedy.clip)}`;
  }
}

/** What the remedy can be applied to, for the picker's option list. */
export interface RemedyContext {
  /** The run's method id. */
  method: string;
  /** Whether the dataset has item genres (null: not known yet). */
  hasGenres: boolean | null;
}

/**
 * Why this remedy cannot run (a plain sentence), or null when it can: a setting out of range, a
 * training remedy on a method whose loss is not a sum over rating rows, calibration without genres.
 */
export function remedyProblem(remedy: Remedy, ctx: RemedyContext): string | null {
  const rowLoss = ROW_LOSS_METHODS.includes(ctx.method);
  switch (remedy.kind) {
    case 'rerank-popularity':
    case 'mmr':
    case 'calibrate': {
      if (!(remedy.lambda >= 0 && Number.isFinite(remedy.lambda))) return 'λ must be a number ≥ 0.';
      if (remedy.kind !== 'rerank-popularity' && remedy.lambda > 1) return 'λ must be between 0 and 1: it is the weight of the remedy against relevance (1 − λ).';
      if (remedy.pool !== undefined && !(Number.isInteger(remedy.pool) && remedy.pool >= 1)) return 'The pool must be a whole number ≥ 1.';
      if (remedy.kind === 'calibrate' && ctx.hasGenres === false) return 'Calibration needs item genres, and this dataset has none (import a titles file with genres, such as MovieLens’s u.item).';
      return null;
    }
    case 'resample':
      if (!Number.isInteger(remedy.seed)) return 'The seed must be a whole number.';
      if (remedy.mode === 'downsample-head') return remedy.keep > 0 && remedy.keep <= 1 ? null : 'The share of head ratings kept must be in (0, 1].';
      if (!rowLoss) return 'Up-sampling repeats rating rows, which only weighs a loss summed over rows (biased MF); this method builds a rating matrix, where a repeated (user, item) pair means nothing. Use down-sampling instead.';
      return remedy.copies >= 1 && Number.isFinite(remedy.copies) ? null : 'The mean number of copies must be ≥ 1.';
    case 'ipw':
      if (!rowLoss) return 'Inverse-propensity weights weigh each rating of a loss summed over rating rows: biased MF only.';
      if (!(remedy.eta >= 0 && Number.isFinite(remedy.eta))) return 'η must be a number ≥ 0.';
      return remedy.clip > 0 && remedy.clip <= 1 ? null : 'The clip must be in (0, 1].';
  }
}
