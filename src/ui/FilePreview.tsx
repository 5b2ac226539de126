import { useId } from 'react';
import type { ColumnMapping, Delimiter, FileSniff, TextEncodingName, TitleMapping } from '../worker/api';
import type { SniffOverrides } from '../data/detect';

export interface PreviewState {
  file: File;
  sniff: FileSniff;
  encoding: TextEncodingName;
  delimiter: Delimiter;
  hasHeader: boolean;
  ratingsMapping: ColumnMapping;
  titlesMapping: TitleMapping;
  invalidUtf8At: { line: number; column: number } | null;
}

const DELIMITERS: { value: Delimiter; label: string }[] = [
  { value: ',', label: 'comma ,' },
  { value: '\t', label: 'tab' },
  { value: ';', label: 'semicolon ;' },
  { value: '|', label: 'pipe |' },
  { value: '::', label: 'double colon ::' },
];

const ENCODINGS: { value: TextEncodingName; label: string }[] = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Latin-1 (Windows-1252)' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
];

interface Props {
  kind: 'ratings' | 'titles';
  state: PreviewState;
  onChange(next: PreviewState): void;
  onEncoding(encoding: TextEncodingName): void;
  /** Read the file again with the user's delimiter or header choice (the preview and column guesses follow). */
  onResniff(overrides: SniffOverrides): void;
}

/** A cell of text from a file: shown as text (never as HTML), cut by CSS with an ellipsis, whole on hover. */
function Cell({ text }: { text: string }) {
  return (
    <span className="cell-text" title={text}>
      {text}
    </span>
  );
}

/** The first rows of a file and the controls that say how to read it and which column is which. */
export function FilePreview({ kind, state, onChange, onEncoding, onResniff }: Props) {
  const id = useId();
  const { sniff } = state;
  const columns = sniff.header.map((h, i) => ({ value: i, label: `${i + 1}: ${h}` }));

  const columnSelect = (label: string, value: number | null, optional: string | null, set: (v: number | null) => void) => (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => set(e.target.value === '' ? null : Number(e.target.value))}>
        {optional !== null && <option value="">{optional}</option>}
        {columns.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );

  const rm = state.ratingsMapping;
  const tm = state.titlesMapping;
  return (
    <fieldset className="preview">
      <legend>
        {kind === 'ratings' ? 'Ratings' : 'Item titles'}: {state.file.name}
      </legend>
      {sniff.encoding === null && (
        <p className="warning" role="alert">
          This file is not valid UTF-8
          {state.invalidUtf8At ? ` (first at line ${state.invalidUtf8At.line}, byte ${state.invalidUtf8At.column})` : ''}. It will be read as
          Latin-1 (Windows-1252), common for older files such as MovieLens u.item; choose another encoding below if the preview looks
          wrong.
        </p>
      )}
      <div className="controls">
        <label>
          Encoding
          <select value={state.encoding} onChange={(e) => onEncoding(e.target.value as TextEncodingName)}>
            {ENCODINGS.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Delimiter
          <select value={state.delimiter} onChange={(e) => onResniff({ delimiter: e.target.value as Delimiter, hasHeader: state.hasHeader })}>
            {DELIMITERS.map((d) => (
              <option key={d.label} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={state.hasHeader} onChange={(e) => onResniff({ delimiter: state.delimiter, hasHeader: e.target.checked })} />
          First row is a header
        </label>
      </div>
      {!sniff.certain && (
        <p className="hint">The delimiter or the header row is a guess: check the first rows below, and change the delimiter if the columns look wrong.</p>
      )}
      <div className="controls">
        {kind === 'ratings' ? (
          <>
            {columnSelect('User column', rm.user, null, (v) => onChange({ ...state, ratingsMapping: { ...rm, user: v ?? 0 } }))}
            {columnSelect('Item column', rm.item, null, (v) => onChange({ ...state, ratingsMapping: { ...rm, item: v ?? 0 } }))}
            {columnSelect('Rating column', rm.rating, 'none: implicit feedback (value 1)', (v) =>
              onChange({ ...state, ratingsMapping: { ...rm, rating: v } }),
            )}
            {columnSelect('Timestamp column', rm.timestamp, 'none', (v) => onChange({ ...state, ratingsMapping: { ...rm, timestamp: v } }))}
          </>
        ) : (
          <>
            {columnSelect('Item id column', tm.item, null, (v) => onChange({ ...state, titlesMapping: { ...tm, item: v ?? 0 } }))}
            {columnSelect('Title column', tm.title, null, (v) => onChange({ ...state, titlesMapping: { ...tm, title: v ?? 0 } }))}
            {columnSelect('Genres column (A|B|C lists)', tm.genres, 'none', (v) => onChange({ ...state, titlesMapping: { ...tm, genres: v } }))}
            <label>
              Genre flag columns (0/1)
              <select
                value={tm.flags ? String(tm.flags.from) : ''}
                onChange={(e) =>
                  onChange({ ...state, titlesMapping: { ...tm, flags: e.target.value === '' ? null : { from: Number(e.target.value), to: columns.length - 1 } } })
                }
              >
                <option value="">none</option>
                {columns.slice(0, -1).map((c) => (
                  <option key={c.value} value={c.value}>
                    columns {c.value + 1}–{columns.length} ({columns.length - c.value} flags)
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
      </div>
      <div className="table-scroll preview-rows">
        <table aria-describedby={`${id}-caption`}>
          <caption id={`${id}-caption`}>First rows of {state.file.name}</caption>
          <thead>
            <tr>
              {sniff.header.map((h, i) => (
                <th key={i} scope="col">
                  <Cell text={h} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sniff.previewRows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) => (
                  <td key={c}>
                    <Cell text={cell} />
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
