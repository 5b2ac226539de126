import 'katex/dist/katex.min.css';
import { useEffect, useId } from 'react';
import type { BackendName, DatasetMeta, MethodRun, ParamValues, RecommenderMeta } from '../../worker/api';
import { groupByFamily, unmetNeeds } from '../methodFamilies';
import { Tex } from '../examples/Tex';
import { ParamForm, defaultParams, validateParams } from '../ParamForm';
import { RemedyField } from './RemedyField';
import { runLabel, validateRemedy } from './remedyForm';
import './evaluate.css';

/** The label a run is listed under: its own, else its method's name; then its balance remedy, if any. */
export { runLabel };

/** `base`, or "base (2)", "base (3)", … : the first not among `taken`. */
export function uniqueLabel(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) {
    const label = `${base} (${n})`;
    if (!taken.includes(label)) return label;
  }
}

/**
 * Every problem of the runs (bad parameter values, unknown methods, a remedy the method or dataset
 * cannot take), as "Run label: Field: message". `hasGenres`: whether the dataset's items have genres.
 */
export function validateRuns(runs: readonly MethodRun[], methods: readonly RecommenderMeta[], hasGenres: boolean | null = null): string[] {
  const problems: string[] = [];
  for (const run of runs) {
    const meta = methods.find((m) => m.id === run.method);
    const label = runLabel(run, methods);
    if (!meta) problems.push(`${label}: unknown method "${run.method}"`);
    else for (const p of validateParams(meta.params, run.params)) problems.push(`${label}: ${p}`);
    for (const p of validateRemedy(run, hasGenres)) problems.push(`${label}: ${p}`);
  }
  return problems;
}

/** The run with this remedy (none when undefined). */
function withRemedy(run: MethodRun, remedy: MethodRun['remedy']): MethodRun {
  const { remedy: _old, ...rest } = run;
  return remedy ? { ...rest, remedy } : rest;
}

export interface MethodPickerProps {
  methods: readonly RecommenderMeta[];
  /** The chosen runs, in the order the comparison lists them (controlled). */
  runs: readonly MethodRun[];
  onChange(runs: MethodRun[]): void;
  /** The backend whose parameter defaults (RecommenderMeta.backendDefaults) new runs start from. */
  backend?: BackendName | null;
  disabled?: boolean;
  /** Called with false while any run has an invalid parameter, true when all are fine. */
  onValidity?(valid: boolean): void;
  /** The dataset the runs are for: methods it cannot serve (no timestamps, no titles) say why and cannot be checked. */
  dataset?: DatasetMeta | null;
  /** Whether the dataset's items have genres (genre calibration needs them); null while unknown. */
  hasGenres?: boolean | null;
}

/**
 * The lab's methods grouped by family, each with its formula and summary. Checking a method adds a
 * run with its default parameters; "Add another configuration" adds the same method again.
 */
export function MethodPicker({ methods, runs, onChange, backend = null, disabled = false, onValidity, dataset = null, hasGenres = null }: MethodPickerProps) {
  const id = useId();
  const valid = validateRuns(runs, methods, hasGenres).length === 0;
  useEffect(() => {
    onValidity?.(valid);
  }, [valid, onValidity]);

  const labels = runs.map((r) => runLabel(r, methods));
  const freshParams = (meta: RecommenderMeta) => defaultParams(meta.params, backend ? meta.backendDefaults?.[backend] : undefined);

  const toggle = (meta: RecommenderMeta, on: boolean) => {
    if (on) onChange([...runs, { method: meta.id, params: freshParams(meta), label: uniqueLabel(meta.name, labels) }]);
    else onChange(runs.filter((r) => r.method !== meta.id));
  };
  const addAnother = (meta: RecommenderMeta) => {
    // Right after the method's last run, starting from its parameters (one is then changed, usually).
    let last = -1;
    runs.forEach((r, i) => {
      if (r.method === meta.id) last = i;
    });
    const from = runs[last];
    const run: MethodRun = { method: meta.id, params: from ? { ...from.params } : freshParams(meta), label: uniqueLabel(meta.name, labels) };
    onChange([...runs.slice(0, last + 1), run, ...runs.slice(last + 1)]);
  };
  const update = (index: number, patch: Partial<MethodRun>) => onChange(runs.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const remove = (index: number) => onChange(runs.filter((_, i) => i !== index));

  return (
    <div className="method-picker">
      {groupByFamily(methods).map(({ family, title, members }) => {
        return (
          <fieldset key={family} className="method-family" disabled={disabled}>
            <legend>{title}</legend>
            <div className="method-grid">
              {members.map((meta) => {
                const mine = runs.flatMap((r, index) => (r.method === meta.id ? [{ run: r, index }] : []));
                const checkId = `${id}-${meta.id}`;
                const unmet = unmetNeeds(meta, dataset);
                return (
                  <div
                    key={meta.id}
                    className={`method-card${mine.length > 0 ? ' checked' : ''}${meta.params.length > 0 ? ' has-params' : ''}`}
                    data-method={meta.id}
                  >
                    <div className="method-head">
                      <input
                        type="checkbox"
                        id={checkId}
                        checked={mine.length > 0}
                        disabled={unmet !== null && mine.length === 0}
                        aria-describedby={`${checkId}-summary`}
                        onChange={(e) => toggle(meta, e.target.checked)}
                      />
                      <label htmlFor={checkId} className="method-name">
                        {meta.name}
                      </label>
                      <span className="method-tags">
                        <span className="method-tag">{meta.feedback === 'both' ? 'explicit or implicit' : meta.feedback}</span>
                        {meta.usesGpu && <span className="method-tag">GPU</span>}
                      </span>
                    </div>
                    <div className="method-formula">
                      <Tex tex={meta.formula} display />
                    </div>
                    <p id={`${checkId}-summary`} className="method-summary">
                      {meta.summary}
                      {!meta.predictsRatings && <span className="method-note"> It ranks items without predicting ratings, so RMSE and MAE do not apply.</span>}
                    </p>
                    {unmet && (
                      <p className="method-unmet" role="note">
                        {unmet}
                      </p>
                    )}
                    {mine.map(({ run, index }, n) => {
                      const runId = `${checkId}-run${n}`;
                      const label = labels[index] ?? meta.name;
                      const duplicate = labels.indexOf(label) !== index;
                      return (
                        <div key={index} className="method-run" role="group" aria-label={`Configuration: ${label}`}>
                          <div className="method-run-head">
                            <div className="param-field method-run-label">
                              <label htmlFor={`${runId}-label`}>Row label</label>
                              <input
                                id={`${runId}-label`}
                                type="text"
                                value={run.label ?? ''}
                                placeholder={meta.name}
                                aria-describedby={duplicate ? `${runId}-dup` : undefined}
                                onChange={(e) => update(index, { label: e.target.value === '' ? undefined : e.target.value })}
                              />
                              {duplicate && (
                                <span id={`${runId}-dup`} className="param-error">
                                  Another row has this label.
                                </span>
                              )}
                            </div>
                            <button type="button" className="ev-small" aria-label={`Remove ${label}`} onClick={() => remove(index)}>
                              Remove
                            </button>
                          </div>
                          <ParamForm
                            specs={meta.params}
                            values={run.params}
                            idPrefix={runId}
                            disabled={disabled}
                            onChange={(params: ParamValues) => update(index, { params })}
                          />
                          <RemedyField
                            run={run}
                            hasGenres={hasGenres}
                            idPrefix={runId}
                            disabled={disabled}
                            onChange={(remedy) => onChange(runs.map((r, i) => (i === index ? withRemedy(r, remedy) : r)))}
                          />
                          {run.remedy && <p className="muted remedy-listed">Listed as “{label}”.</p>}
                        </div>
                      );
                    })}
                    {mine.length > 0 && (
                      <button type="button" className="ev-small method-add" onClick={() => addAnother(meta)}>
                        Add another configuration<span className="ev-sr-only"> of {meta.name}</span>
                      </button>
                    )}
                  </div>
                );
              })}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
