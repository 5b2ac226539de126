import type { ReactNode } from 'react';
import { NumberField } from './NumberField';

interface Props {
  /** Plain name used in the accessible labels: "w_u" → "w_u entry 1". */
  name: string;
  /** Visible legend (may be KaTeX). */
  legend: ReactNode;
  values: readonly string[];
  onChange: (values: string[]) => void;
  /** Show buttons to add or remove entries (so length mismatches can be tried). */
  resizable?: boolean;
  maxLength?: number;
}

/** A vector as a row of labelled number fields. */
export function VectorInput({ name, legend, values, onChange, resizable = true, maxLength = 12 }: Props) {
  const set = (i: number, v: string) => onChange(values.map((x, j) => (j === i ? v : x)));
  return (
    <fieldset className="vector-input">
      <legend>{legend}</legend>
      <span className="vector-row">
        <span aria-hidden="true">(</span>
        {values.map((v, i) => (
          <NumberField key={i} label={`${name} entry ${i + 1}`} value={v} onChange={(x) => set(i, x)} />
        ))}
        <span aria-hidden="true">)</span>
      </span>
      {resizable && (
        <span className="vector-size">
          <button type="button" className="small" aria-label={`Add an entry to ${name}`} disabled={values.length >= maxLength} onClick={() => onChange([...values, '0'])}>
            +
          </button>
          <button type="button" className="small" aria-label={`Remove the last entry of ${name}`} disabled={values.length <= 1} onClick={() => onChange(values.slice(0, -1))}>
            −
          </button>
        </span>
      )}
    </fieldset>
  );
}
