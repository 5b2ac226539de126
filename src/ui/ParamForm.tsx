import { useEffect, useId, useState } from 'react';
import type { ParamSpec, ParamValues } from '../worker/api';
import './evaluate/evaluate.css';

/**
 * A method's parameters as a form generated from its schema (`RecommenderMeta.params`). Number
 * fields keep what the user typed; a field that is not a number is passed on as NaN, so
 * `validateParams` (and `onValidity`) see every problem the form shows.
 */

/** The schema's defaults, then `overrides` for the keys the schema has (others are dropped). */
export function defaultParams(specs: readonly ParamSpec[], overrides?: Partial<ParamValues>): ParamValues {
  const values: ParamValues = {};
  for (const spec of specs) {
    const given = overrides?.[spec.key];
    values[spec.key] = given === undefined ? spec.default : given;
  }
  return values;
}

/** The short message shown next to a field, or null when `value` is acceptable for `spec`. */
export function paramError(spec: ParamSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Enter a number.';
      if (spec.type === 'integer' && !Number.isInteger(value)) return 'Must be a whole number.';
      const tooLow = value < spec.min;
      const tooHigh = spec.max !== undefined && value > spec.max;
      if (!tooLow && !tooHigh) return null;
      if (spec.max !== undefined) return `Must be between ${spec.min} and ${spec.max}.`;
      return `Must be at least ${spec.min}.`;
    }
    case 'choice':
      return spec.options.some((o) => o.value === value) ? null : `Choose one of: ${spec.options.map((o) => o.label).join(', ')}.`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Must be on or off.';
  }
}

/** Every problem of `values` against `specs`, as "Label: message" (empty when all are fine). */
export function validateParams(specs: readonly ParamSpec[], values: ParamValues): string[] {
  const problems: string[] = [];
  for (const spec of specs) {
    const error = paramError(spec, values[spec.key]);
    if (error !== null) problems.push(`${spec.label}: ${error}`);
  }
  return problems;
}

export interface ParamFormProps {
  specs: readonly ParamSpec[];
  values: ParamValues;
  onChange(next: ParamValues): void;
  disabled?: boolean;
  /** Prefix of the fields' ids; must be unique on the page (default: a generated id). */
  idPrefix?: string;
  /** Called with false while any field is invalid, true when all are fine (on mount and on change). */
  onValidity?(valid: boolean): void;
}

/** One labelled field per parameter: number inputs, selects and checkboxes, with help and inline errors. */
export function ParamForm({ specs, values, onChange, disabled = false, idPrefix, onValidity }: ParamFormProps) {
  const generated = useId();
  const prefix = idPrefix ?? `param${generated}`;
  const valid = validateParams(specs, values).length === 0;
  useEffect(() => {
    onValidity?.(valid);
  }, [valid, onValidity]);

  if (specs.length === 0) return <p className="muted param-none">This method has no parameters.</p>;
  const set = (key: string, value: number | string | boolean) => onChange({ ...values, [key]: value });
  return (
    <div className="param-form">
      {specs.map((spec) => {
        const id = `${prefix}-${spec.key}`;
        const helpId = `${id}-help`;
        const errorId = `${id}-error`;
        const value = values[spec.key];
        const error = paramError(spec, value);
        const describedBy = error === null ? helpId : `${errorId} ${helpId}`;
        const help = (
          <small id={helpId} className="param-help">
            {spec.help}
          </small>
        );
        const errorText = error !== null && (
          <span id={errorId} className="param-error">
            {error}
          </span>
        );
        if (spec.type === 'boolean') {
          return (
            <div key={spec.key} className="param-field param-check">
              <label htmlFor={id}>
                <input
                  id={id}
                  type="checkbox"
                  checked={value === true}
                  disabled={disabled}
                  aria-describedby={describedBy}
                  aria-invalid={error !== null || undefined}
                  onChange={(e) => set(spec.key, e.target.checked)}
                />
                {spec.label}
              </label>
              {errorText}
              {help}
            </div>
          );
        }
        return (
          <div key={spec.key} className="param-field">
            <label htmlFor={id}>{spec.label}</label>
            {spec.type === 'choice' ? (
              <select
                id={id}
                value={typeof value === 'string' ? value : ''}
                disabled={disabled}
                aria-describedby={describedBy}
                aria-invalid={error !== null || undefined}
                onChange={(e) => set(spec.key, e.target.value)}
              >
                {typeof value !== 'string' || !spec.options.some((o) => o.value === value) ? (
                  <option value={typeof value === 'string' ? value : ''} disabled>
                    Choose…
                  </option>
                ) : null}
                {spec.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <NumberInput
                id={id}
                step={spec.step ?? (spec.type === 'integer' ? 1 : 'any')}
                min={spec.min}
                max={spec.max}
                value={value}
                disabled={disabled}
                describedBy={describedBy}
                invalid={error !== null}
                onValue={(x) => set(spec.key, x)}
              />
            )}
            {errorText}
            {help}
          </div>
        );
      })}
    </div>
  );
}

const numberText = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : '');
const draftNumber = (text: string) => (text.trim() === '' ? NaN : Number(text));
const sameNumber = (a: number, b: unknown) => typeof b === 'number' && (a === b || (Number.isNaN(a) && Number.isNaN(b)));

interface NumberInputProps {
  id: string;
  step: number | 'any';
  min: number;
  max: number | undefined;
  value: unknown;
  disabled: boolean;
  describedBy: string;
  invalid: boolean;
  onValue(x: number): void;
}

/**
 * A number input that keeps the typed text (e.g. "0.50") while it means the current value, and shows
 * the value when it was changed from outside (e.g. reset to the defaults). Text that is not a
 * number is reported as NaN.
 */
function NumberInput({ id, step, min, max, value, disabled, describedBy, invalid, onValue }: NumberInputProps) {
  const [draft, setDraft] = useState(() => numberText(value));
  const shown = sameNumber(draftNumber(draft), value) ? draft : numberText(value);
  return (
    <input
      id={id}
      type="number"
      inputMode="decimal"
      step={step}
      min={min}
      max={max}
      value={shown}
      disabled={disabled}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      className={invalid ? 'invalid' : undefined}
      onChange={(e) => {
        setDraft(e.target.value);
        onValue(draftNumber(e.target.value));
      }}
    />
  );
}
