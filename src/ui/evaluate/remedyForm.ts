/** A run's balance remedy as a generated parameter form: the fields of each kind, and the conversion both ways. */
import { DEFAULT_POOL, defaultRemedy, remedyKind, remedyLabel, remedyProblem } from '../../evaluation/remedyText';
import type { RemedyKind } from '../../evaluation/remedyText';
import type { MethodRun, ParamSpec, ParamValues, RecommenderMeta, Remedy } from '../../worker/api';
import { validateParams } from '../ParamForm';

export { DEFAULT_POOL, REMEDY_KINDS, defaultRemedy, remedyKind, remedyLabel, remedyProblem } from '../../evaluation/remedyText';
export type { RemedyKind } from '../../evaluation/remedyText';

const pool: ParamSpec = {
  key: 'pool',
  label: 'Candidate pool',
  help: 'How many of each user’s best-scored candidates are re-ordered (the normalizations are over these). Items outside it are never listed.',
  type: 'integer',
  default: DEFAULT_POOL,
  min: 1,
  max: 100_000,
};
const seed: ParamSpec = { key: 'seed', label: 'Re-sampling seed', help: 'Seeds the random choices of the re-sampling.', type: 'integer', default: 42, min: 0, max: 2 ** 31 - 1 };

/** The fields of each remedy kind. */
export function remedySpecs(kind: RemedyKind): ParamSpec[] {
  switch (kind) {
    case 'rerank-popularity':
      return [
        {
          key: 'lambda',
          label: 'Penalty λ',
          help: 's′ = z(s) − λ·z(log(1 + n_i)), z-scores over the pool. 0 changes nothing; near 1 popularity weighs as much as relevance.',
          type: 'number',
          default: 0.8,
          min: 0,
          max: 100,
        },
        pool,
      ];
    case 'mmr':
      return [{ key: 'lambda', label: 'Diversity weight λ', help: '(1 − λ)·relevance − λ·(largest co-rating cosine to an item already listed). 0 changes nothing.', type: 'number', default: 0.3, min: 0, max: 1 }, pool];
    case 'calibrate':
      return [{ key: 'lambda', label: 'Calibration weight λ', help: '(1 − λ)·Σ relevance − λ·KL(user’s genre mix ‖ list’s genre mix). 0 changes nothing.', type: 'number', default: 0.5, min: 0, max: 1 }, pool];
    case 'downsample-head':
      return [{ key: 'keep', label: 'Share of head ratings kept', help: 'Each rating of a head item (the 10% most-rated) is kept with this probability; every tail rating is kept.', type: 'number', default: 0.5, min: 0.001, max: 1 }, seed];
    case 'upsample-tail':
      return [{ key: 'copies', label: 'Copies of a tail rating', help: 'Mean number of times each rating of a tail item is repeated (⌊c⌋, plus one more with probability c − ⌊c⌋).', type: 'number', default: 2, min: 1, max: 50 }, seed];
    case 'ipw':
      return [
        { key: 'eta', label: 'Propensity exponent η', help: 'p_i = (n_i / max n)^η: 0 weighs every rating the same, 1 in inverse proportion to the item’s popularity.', type: 'number', default: 0.5, min: 0, max: 3 },
        { key: 'clip', label: 'Clip', help: 'w = 1/max(p_i, clip): bounds the largest weight at 1/clip before the weights are scaled to mean 1.', type: 'number', default: 0.05, min: 0.001, max: 1 },
      ];
  }
}

/** A remedy's settings as form values. */
export function remedyValues(remedy: Remedy): ParamValues {
  switch (remedy.kind) {
    case 'rerank-popularity':
    case 'mmr':
    case 'calibrate':
      return { lambda: remedy.lambda, pool: remedy.pool ?? DEFAULT_POOL };
    case 'resample':
      return remedy.mode === 'downsample-head' ? { keep: remedy.keep, seed: remedy.seed } : { copies: remedy.copies, seed: remedy.seed };
    case 'ipw':
      return { eta: remedy.eta, clip: remedy.clip };
  }
}

/** The remedy of a kind from form values (a default pool is left out, so labels stay short). */
export function remedyFromValues(kind: RemedyKind, values: ParamValues): Remedy {
  const n = (key: string) => values[key] as number;
  const withPool = (r: { lambda: number }) => (n('pool') === DEFAULT_POOL ? r : { ...r, pool: n('pool') });
  switch (kind) {
    case 'rerank-popularity':
    case 'mmr':
    case 'calibrate':
      return { kind, ...withPool({ lambda: n('lambda') }) };
    case 'downsample-head':
      return { kind: 'resample', mode: kind, keep: n('keep'), seed: n('seed') };
    case 'upsample-tail':
      return { kind: 'resample', mode: kind, copies: n('copies'), seed: n('seed') };
    case 'ipw':
      return { kind, eta: n('eta'), clip: n('clip') };
  }
}

/** Why a remedy kind cannot be chosen for a method (null when it can), from its default settings. */
export function kindProblem(kind: RemedyKind, method: string, hasGenres: boolean | null): string | null {
  return remedyProblem(defaultRemedy(kind), { method, hasGenres });
}

/** Every problem of a run's remedy: its fields, then what the method or dataset cannot do. */
export function validateRemedy(run: MethodRun, hasGenres: boolean | null): string[] {
  if (!run.remedy) return [];
  const kind = remedyKind(run.remedy);
  const fields = validateParams(remedySpecs(kind), remedyValues(run.remedy));
  if (fields.length > 0) return fields;
  const problem = remedyProblem(run.remedy, { method: run.method, hasGenres });
  return problem === null ? [] : [problem];
}

/** The label a run is listed under: its own, else its method's name; then its remedy. */
export function runLabel(run: MethodRun, methods: readonly RecommenderMeta[]): string {
  return `${baseLabel(run, methods)}${run.remedy ? remedyLabel(run.remedy) : ''}`;
}

/** The run's own label, else its method's name (without the remedy). */
export function baseLabel(run: MethodRun, methods: readonly RecommenderMeta[]): string {
  const label = run.label?.trim();
  if (label) return label;
  return methods.find((m) => m.id === run.method)?.name ?? run.method;
}
