import { useId, useState } from 'react';
import type { MethodRun, RecommenderMeta } from '../../worker/api';
import { kindProblem, runLabel } from './remedyForm';
import { DEFAULT_SWEEP, parseLambdas, sweepRuns } from './tradeoff';
import type { SweepKind } from './tradeoff';

const KINDS: readonly { kind: SweepKind; name: string }[] = [
  { kind: 'rerank-popularity', name: 'Popularity penalty' },
  { kind: 'mmr', name: 'MMR diversity' },
  { kind: 'calibrate', name: 'Genre calibration' },
];

export interface SweepFormProps {
  /** The chosen runs: the sweep takes its method and parameters from one of them. */
  runs: readonly MethodRun[];
  methods: readonly RecommenderMeta[];
  hasGenres: boolean | null;
  /** True while an evaluation runs or nothing can be run (no split). */
  disabled: boolean;
  /** Runs the sweep's runs as one evaluation (one fit, one row per λ). */
  onSweep(runs: MethodRun[]): void;
}

/**
 * A λ sweep of a re-ranker on one of the chosen runs: one evaluation with a row per λ (the method is
 * fitted once), whose accuracy–coverage trade-off curve is drawn below the table.
 */
export function SweepForm({ runs, methods, hasGenres, disabled, onSweep }: SweepFormProps) {
  const id = useId();
  const [index, setIndex] = useState(0);
  const [kind, setKind] = useState<SweepKind>('rerank-popularity');
  const [text, setText] = useState(DEFAULT_SWEEP.join(', '));
  const base = runs[Math.min(index, runs.length - 1)];
  const lambdas = parseLambdas(text, kind);
  const problem = base ? kindProblem(kind, base.method, hasGenres) : null;
  const error = typeof lambdas === 'string' ? lambdas : problem;
  return (
    <form
      className="sweep-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (base && typeof lambdas !== 'string' && problem === null) onSweep(sweepRuns(base, kind, lambdas, methods));
      }}
    >
      <h4 id={`${id}-title`}>λ sweep: the accuracy–coverage trade-off</h4>
      {runs.length === 0 ? (
        <p className="muted">Choose a method above first: the sweep re-ranks its lists at each λ.</p>
      ) : (
        <div className="sweep-fields">
          <div className="param-field">
            <label htmlFor={`${id}-run`}>Method run</label>
            <select id={`${id}-run`} value={Math.min(index, runs.length - 1)} onChange={(e) => setIndex(Number(e.target.value))} disabled={disabled}>
              {runs.map((r, i) => (
                <option key={i} value={i}>
                  {runLabel(r, methods)}
                </option>
              ))}
            </select>
            <span className="param-help">Its method and parameters are fitted once; its own remedy, if any, is left out.</span>
          </div>
          <div className="param-field">
            <label htmlFor={`${id}-kind`}>Re-ranker</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as SweepKind)} disabled={disabled}>
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.name}
                </option>
              ))}
            </select>
          </div>
          <div className="param-field sweep-lambdas">
            <label htmlFor={`${id}-lambdas`}>λ values</label>
            <input
              id={`${id}-lambdas`}
              type="text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              disabled={disabled}
              aria-invalid={error !== null}
              aria-describedby={`${id}-lambdas-help`}
            />
            <span id={`${id}-lambdas-help`} className={error !== null ? 'param-error' : 'param-help'}>
              {error ?? `${(lambdas as number[]).length} runs; λ = 0 is the method as it is.`}
            </span>
          </div>
          <button type="submit" className="sweep-run" disabled={disabled || error !== null || !base}>
            Run λ sweep
          </button>
        </div>
      )}
    </form>
  );
}
