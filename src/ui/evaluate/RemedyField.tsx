import { useId } from 'react';
import type { MethodRun, Remedy } from '../../worker/api';
import { ParamForm, validateParams } from '../ParamForm';
import { REMEDY_KINDS, defaultRemedy, kindProblem, remedyFromValues, remedyKind, remedyProblem, remedySpecs, remedyValues } from './remedyForm';
import type { RemedyKind } from './remedyForm';

export interface RemedyFieldProps {
  run: MethodRun;
  /** Whether the dataset's items have genres (null while unknown). */
  hasGenres: boolean | null;
  onChange(remedy: Remedy | undefined): void;
  /** Prefix of the fields' ids (unique on the page). */
  idPrefix: string;
  disabled?: boolean;
}

/**
 * A run's balance remedy: a select of the remedies (those the method or dataset cannot take are
 * disabled, and listed with the reason), then the chosen remedy's settings as a generated form.
 */
export function RemedyField({ run, hasGenres, onChange, idPrefix, disabled = false }: RemedyFieldProps) {
  const id = useId();
  const selectId = `${idPrefix}-remedy`;
  const kind = run.remedy ? remedyKind(run.remedy) : null;
  const chosen = kind === null ? null : REMEDY_KINDS.find((r) => r.kind === kind) ?? null;
  const unavailable = REMEDY_KINDS.flatMap((r) => {
    const problem = kindProblem(r.kind, run.method, hasGenres);
    return problem === null ? [] : [{ ...r, problem }];
  });
  // field errors are shown by the form; a problem of the method or dataset is said here
  const fieldsValid = run.remedy !== undefined && kind !== null && validateParams(remedySpecs(kind), remedyValues(run.remedy)).length === 0;
  const problem = run.remedy && fieldsValid ? remedyProblem(run.remedy, { method: run.method, hasGenres }) : null;
  return (
    <div className="remedy-field">
      <div className="param-field remedy-select">
        <label htmlFor={selectId}>
          Balance remedy
        </label>
        <select
          id={selectId}
          value={kind ?? ''}
          disabled={disabled}
          aria-describedby={`${id}-desc`}
          onChange={(e) => onChange(e.target.value === '' ? undefined : defaultRemedy(e.target.value as RemedyKind))}
        >
          <option value="">None</option>
          {REMEDY_KINDS.map((r) => (
            <option key={r.kind} value={r.kind} disabled={unavailable.some((u) => u.kind === r.kind) && r.kind !== kind}>
              {r.name}
            </option>
          ))}
        </select>
        <span id={`${id}-desc`} className="param-help">
          {chosen ? chosen.description : 'Optional: re-rank this method’s lists, or re-sample or weigh its training data, to balance popular and long-tail items.'}
          {unavailable.length > 0 && ` Not available here: ${unavailable.map((u) => `${u.name} (${u.problem})`).join(' ')}`}
        </span>
      </div>
      {run.remedy && kind !== null && (
        <ParamForm
          key={kind}
          specs={remedySpecs(kind)}
          values={remedyValues(run.remedy)}
          idPrefix={`${idPrefix}-remedy`}
          disabled={disabled}
          onChange={(values) => onChange(remedyFromValues(kind, values))}
        />
      )}
      {problem !== null && (
        <p className="param-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
