import type { ScaledImportReport as ImportReport } from '../worker/importing';
import { describeScale, outOfScaleMessage } from '../data/ratingScale';

interface Props {
  report: ImportReport;
  /** Store the good rows; with `dropOutsideScale`, leave out the ratings outside the file's scale. */
  onKeep(dropOutsideScale: boolean): void;
  onDiscard(): void;
}

/** A cell of text from a file: shown as text (never as HTML), cut by CSS with an ellipsis, whole on hover. */
function Cell({ text, code = false }: { text: string; code?: boolean }) {
  return (
    <span className="cell-text" title={text}>
      {code ? <code>{text}</code> : text}
    </span>
  );
}

/**
 * What a parse found when some rows could not be used or some ratings lie outside the file's scale:
 * the user keeps the good rows (with or without the out-of-scale ratings) or discards all.
 */
export function ImportReportView({ report, onKeep, onDiscard }: Props) {
  const bad = [...report.badRows.map((b) => ({ ...b, file: 'ratings' })), ...(report.titles?.badRows ?? []).map((b) => ({ ...b, file: 'titles' }))];
  const totalBad = report.badRowCount + (report.titles?.badRowCount ?? 0);
  const scale = report.scale;
  const outside = scale ? outOfScaleMessage(scale) : null;
  return (
    <div className="report" role="region" aria-label="Import review">
      <p>
        Read {report.rowsRead} rows: {report.ratings} usable ratings from {report.users} users on {report.items} items
        {scale && <>, rating scale {describeScale(scale)}</>}.{' '}
        {totalBad > 0 && <strong>{totalBad} rows could not be used</strong>}
        {report.duplicates > 0 && <> {totalBad > 0 ? 'and' : 'Of the rows,'} {report.duplicates} were duplicates (the last of each was kept)</>}
        {(totalBad > 0 || report.duplicates > 0) && '.'}
      </p>
      {outside && scale && (
        <p className="warning" role="alert">
          {outside} Keep them, or drop them?
        </p>
      )}
      {bad.length > 0 && (
        <div className="table-scroll">
          <table className="bad-rows">
            <caption>First unusable rows</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              {bad.map((b, i) => (
                <tr key={i}>
                  <td>{b.file}</td>
                  <td>{b.line}</td>
                  <td>{b.column ?? ''}</td>
                  <td>
                    <Cell text={b.message} />
                  </td>
                  <td>
                    <Cell text={b.text} code />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => onKeep(false)} disabled={report.ratings === 0}>
          {scale && scale.outside > 0 ? `Keep all ${report.ratings} ratings` : `Keep the ${report.ratings} good ratings`}
        </button>
        {scale && scale.outside > 0 && (
          <button type="button" onClick={() => onKeep(true)} disabled={scale.outside >= report.ratings}>
            Drop the {scale.outside} outside {describeScale(scale)}
          </button>
        )}
        <button type="button" onClick={onDiscard}>
          Discard everything
        </button>
      </div>
    </div>
  );
}
