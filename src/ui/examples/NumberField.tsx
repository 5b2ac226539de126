import { useId, type ReactNode } from 'react';
import { fieldError } from './parse';

interface Props {
  /** Accessible name, e.g. "w_u entry 1". */
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Visible label text; without it the label is for assistive technology only. */
  visible?: ReactNode;
  /** Empty means "not given" (e.g. not rated) rather than an error. */
  allowEmpty?: boolean;
  placeholder?: string;
  className?: string;
}

/** A number typed as text (so partial entries survive), with an inline error when it is not a number. */
export function NumberField({ label, value, onChange, visible, allowEmpty = false, placeholder, className }: Props) {
  const errorId = useId();
  const error = fieldError(value, allowEmpty);
  const input = (
    <input
      type="text"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      className={error === undefined ? 'num-input' : 'num-input invalid'}
      aria-label={label}
      aria-invalid={error !== undefined}
      aria-describedby={error === undefined ? undefined : errorId}
      placeholder={placeholder}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <span className={className === undefined ? 'num-field' : `num-field ${className}`}>
      {visible === undefined ? input : (
        <label className="num-label">
          <span>{visible}</span>
          {input}
        </label>
      )}
      {error !== undefined && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
