import { Tex } from './Tex';
import { NoteView } from './NoteView';
import type { Outcome } from './outcome';

/** One number of the result, shown as "label = text" with the hook data-testid="result-<example>-<name>". */
export interface ResultLine<T> {
  name: string;
  label: string;
  format: (value: T) => string;
}

interface Props<T> {
  /** Example number (or another name), for the test hooks. */
  example: number | string;
  /** Optional sub-heading, e.g. 'Cosine similarity'. */
  title?: string;
  outcome: Outcome<T>;
  results: readonly ResultLine<T>[];
}

/** A traced formula laid out as formula → substitution steps → result (+ note), or the reason it has no result. */
export function TraceView<T>({ example, title, outcome, results }: Props<T>) {
  const hook = `${example}-${results[0]?.name ?? 'result'}`;
  return (
    <div className="trace">
      {title !== undefined && <h3>{title}</h3>}
      {outcome.kind === 'ok' ? (
        <>
          <div className="trace-formula" aria-label="Formula" role="group">
            <Tex tex={outcome.trace.formula} display />
          </div>
          {outcome.trace.steps.length > 0 && (
            <ol className="trace-steps" aria-label="Substitution">
              {outcome.trace.steps.map((s, i) => (
                <li key={i}>
                  <span className="step-label">{s.label}</span>
                  <span className="step-tex">
                    <Tex tex={s.tex} />
                  </span>
                </li>
              ))}
            </ol>
          )}
          <p className="trace-result">
            {results.map((r) => (
              <span key={r.name} className="result-line">
                {r.label} = <strong data-testid={`result-${example}-${r.name}`}>{r.format(outcome.trace.value)}</strong>
              </span>
            ))}
          </p>
          <NoteView note={outcome.trace.note} />
        </>
      ) : outcome.kind === 'error' ? (
        <p className="error" role="alert" data-testid={`error-${hook}`}>
          {outcome.message}
        </p>
      ) : (
        <p className="warning" data-testid={`invalid-${hook}`}>
          No result yet — {outcome.message}
        </p>
      )}
    </div>
  );
}
