import type { ReactNode } from 'react';
import { NumberField } from './NumberField';
import { resizeGrid } from './parse';
import { SelectField } from './SelectField';

const counts = (max: number) => Array.from({ length: max }, (_, i) => String(i + 1));

interface Props {
  /** Plain name used in the accessible labels: "W" → "W row 1, column 2". */
  name: string;
  legend: ReactNode;
  values: readonly (readonly string[])[];
  onChange: (values: string[][]) => void;
  /** Words for the labels, e.g. 'user' / 'item'. */
  rowWord?: string;
  colWord?: string;
  /** Column headers (default 1, 2, …). */
  colHeaders?: readonly string[];
  /** Offer rows×columns selects up to this size. */
  maxShape?: { rows: number; cols: number };
}

/** A matrix as a grid of labelled number fields, optionally with selects for its shape. */
export function MatrixInput({ name, legend, values, onChange, rowWord = 'row', colWord = 'column', colHeaders, maxShape }: Props) {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  const set = (r: number, c: number, v: string) => onChange(values.map((row, i) => row.map((x, j) => (i === r && j === c ? v : x))));
  return (
    <fieldset className="matrix-input">
      <legend>{legend}</legend>
      {maxShape !== undefined && (
        <span className="matrix-shape">
          <SelectField className="shape-select" label={`${name} rows`} value={rows} base={1} options={counts(maxShape.rows)} onChange={(r) => onChange(resizeGrid(values, r, cols))} />
          <span aria-hidden="true">×</span>
          <SelectField className="shape-select" label={`${name} columns`} value={cols} base={1} options={counts(maxShape.cols)} onChange={(c) => onChange(resizeGrid(values, rows, c))} />
        </span>
      )}
      <div className="table-scroll matrix-scroll">
        <table className="matrix-grid">
          <thead>
            <tr>
              <td />
              {Array.from({ length: cols }, (_, c) => (
                <th key={c} scope="col">
                  {colHeaders?.[c] ?? c + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {values.map((row, r) => (
              <tr key={r}>
                <th scope="row">{r + 1}</th>
                {row.map((v, c) => (
                  <td key={c}>
                    <NumberField label={`${name} ${rowWord} ${r + 1}, ${colWord} ${c + 1}`} value={v} onChange={(x) => set(r, c, x)} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}
