import type { ImportReport } from '../worker/api';

/** What a parse found when some rows could not be used: the user keeps the good rows or discards all. */
export function ImportReportView({ report, onKeep, onDiscard }: { report: ImportReport; onKeep(): void; onDiscard(): void }) {
  const bad = [...report.badRows.map((b) => ({ ...b, file: 'ratings' })), ...(report.titles?.badRows ?? []).map((b) => ({ ...b, file: 'titles' }))];
  const totalBad = report.badRowCount + (report.titles?.badRowCount ?? 0);
  return (
    <div className="report" role="region" aria-label="Import review">
      <p>
        Read {report.rowsRead} rows: {report.ratings} usable ratings from {report.users} users on {report.items} items.{' '}
        <strong>{totalBad} rows could not be used</strong>
        {report.duplicates > 0 && <> and {report.duplicates} were duplicates (the last of each was kept)</>}.
      </p>
      <table>
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
              <td>{b.message}</td>
              <td>
                <code>{b.text}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="primary" onClick={onKeep} disabled={report.ratings === 0}>
          Keep the {report.ratings} good ratings
        </button>
        <button type="button" onClick={onDiscard}>
          Discard everything
        </button>
      </div>
    </div>
  );
}
