import { useId } from 'react';

interface Props {
  label: string;
  value: number;
  /** Option texts; option k has the value k + base. */
  options: readonly string[];
  base?: number;
  onChange: (value: number) => void;
  className?: string;
}

/**
 * A labelled select of indices. Labelled with htmlFor rather than by wrapping: a wrapped select's
 * accessible name would include its current option ("W rows 1").
 */
export function SelectField({ label, value, options, base = 0, onChange, className = 'select-field' }: Props) {
  const id = useId();
  return (
    <span className={className}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((text, i) => (
          <option key={i} value={i + base}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
}
