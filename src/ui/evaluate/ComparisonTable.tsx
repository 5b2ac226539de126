import { useId, useMemo, useState } from 'react';
import type { EvaluationReport, EvaluationRow, MetricName, RecommenderMeta } from '../../worker/api';
import { csvFileName, reportToCsv } from './csv';
import { METRICS, formatMs, formatParams, metricValue, missingReason } from './metrics';
import './evaluate.css';

export { reportToCsv } from './csv';

/** The sortable columns: the run's label, every metric, the timings and the backend. */
type SortKey = 'label' | MetricName | 'fitMs' | 'predictMs' | 'backend';
type Direction = 'ascending' | 'descending';

const TEXT_KEYS: readonly SortKey[] = ['label', 'backend'];
/** Columns where lower is better: sorted ascending on the first click, their minimum is "best". */
const LOWER_IS_BETTER = new Set<SortKey>([...METRICS.filter((m) => m.lowerIsBetter).map((m) => m.key), 'fitMs', 'predictMs']);

function sortValue(row: EvaluationRow, key: SortKey): number | string | null {
  if (key === 'label') return row.label;
  if (key === 'backend') return row.backend;
  if (key === 'fitMs' || key === 'predictMs') return Number.isFinite(row[key]) ? row[key] : null;
  return metricValue(row, key);
}

/** Row order for a sort: failed runs and missing values last whichever the direction; ties keep the report's order. */
function sortRows(rows: readonly EvaluationRow[], key: SortKey, direction: Direction): EvaluationRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: row.error === undefined ? sortValue(row, key) : null }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const c = typeof a.value === 'string' || typeof b.value === 'string' ? String(a.value).localeCompare(String(b.value)) : a.value - b.value;
      return c === 0 ? a.index - b.index : sign * c;
    })
    .map((x) => x.row);
}

/** The best value of a numeric column over the runs that did not fail, or null when fewer than two differ. */
function bestValue(rows: readonly EvaluationRow[], key: SortKey): number | null {
  const values: number[] = [];
  for (const row of rows) {
    const v = row.error === undefined ? sortValue(row, key) : null;
    if (typeof v === 'number') values.push(v);
  }
  if (values.length < 2) return null;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo === hi) return null;
  return LOWER_IS_BETTER.has(key) ? lo : hi;
}

export interface ComparisonTableProps {
  report: EvaluationReport;
  /** For method names and which methods predict ratings. */
  methods: readonly RecommenderMeta[];
  /** The dataset's name, for the CSV's file name (default: the report's datasetId). */
  datasetName?: string;
}

/** One row per run and a column per metric; sortable headers, best values marked, CSV export. */
export function ComparisonTable({ report, methods, datasetName }: ComparisonTableProps) {
  const id = useId();
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction } | null>(null);
  const k = report.settings.k;
  const rows = useMemo(() => (sort ? sortRows(report.rows, sort.key, sort.direction) : report.rows), [report.rows, sort]);
  const best = useMemo(() => {
    const out = new Map<SortKey, number | null>();
    for (const m of METRICS) out.set(m.key, bestValue(report.rows, m.key));
    out.set('fitMs', bestValue(report.rows, 'fitMs'));
    out.set('predictMs', bestValue(report.rows, 'predictMs'));
    return out;
  }, [report.rows]);
  const anyBest = [...best.values()].some((v) => v !== null);

  const sortBy = (key: SortKey) =>
    setSort((s) => {
      if (s?.key === key) return { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' };
      return { key, direction: LOWER_IS_BETTER.has(key) || TEXT_KEYS.includes(key) ? 'ascending' : 'descending' };
    });

  const header = (key: SortKey, text: string, title: string) => {
    const active = sort?.key === key ? sort.direction : undefined;
    const first = LOWER_IS_BETTER.has(key) || TEXT_KEYS.includes(key) ? 'ascending' : 'descending';
    return (
      <th key={key} scope="col" aria-sort={active} data-metric={key} className={key === 'label' ? 'cmp-label' : undefined}>
        <button type="button" className="cmp-sort" title={title} onClick={() => sortBy(key)}>
          {text}
          <span className="cmp-sort-mark" aria-hidden="true">
            {active === 'ascending' ? '▲' : active === 'descending' ? '▼' : '↕'}
          </span>
          <span className="ev-sr-only">, sort {active === undefined ? first : active === 'ascending' ? 'descending' : 'ascending'}</span>
        </button>
      </th>
    );
  };

  const numberCell = (row: EvaluationRow, key: SortKey, value: number | null, text: string, reason: string) => {
    if (value === null) {
      return (
        <td key={key} data-metric={key} data-value="" className="num cmp-missing" title={reason}>
          <span aria-hidden="true">—</span>
          <span className="ev-sr-only">{reason}</span>
        </td>
      );
    }
    const isBest = row.error === undefined && best.get(key) === value;
    return (
      <td key={key} data-metric={key} data-value={value} className={isBest ? 'num cmp-best' : 'num'} data-best={isBest || undefined}>
        {isBest ? (
          <strong>
            <span aria-hidden="true" className="cmp-best-mark">
              ★{' '}
            </span>
            {text}
            <span className="ev-sr-only"> (best)</span>
          </strong>
        ) : (
          text
        )}
      </td>
    );
  };

  const download = () => {
    const blob = new Blob(['\uFEFF', reportToCsv(report, methods)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = csvFileName(datasetName ?? report.datasetId, report.splitName);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const relevance = report.settings.relevanceThreshold === null ? 'every test item is relevant' : `test ratings ≥ ${report.settings.relevanceThreshold} are relevant`;
  return (
    <div className="comparison">
      <div className="cmp-toolbar">
        <p className="muted cmp-settings">
          Split <span className="cmp-split" title={report.splitName}>{report.splitName}</span> · ranking metrics at k = {k} · {relevance}
        </p>
        <button type="button" onClick={download} disabled={report.rows.length === 0}>
          Export CSV
        </button>
      </div>
      {report.partial && <p className="warning">Cancelled before every method ran: the table lists the runs that finished.</p>}
      {report.rows.length === 0 ? (
        <p className="muted">No runs in this report.</p>
      ) : (
        <div className="ev-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
          <table className="cmp-table">
            <caption id={`${id}-caption`}>Comparison of {report.rows.length} runs on {report.splitName}</caption>
            <thead>
              <tr>
                {header('label', 'Run', 'Sort by run label')}
                {METRICS.map((m) => header(m.key, m.short(k), `${m.full(k)} (${m.lowerIsBetter ? 'lower' : 'higher'} is better)`))}
                {header('fitMs', 'Fit time', 'Time to fit the method on the training ratings (lower is better)')}
                {header('predictMs', 'Prediction time', 'Time to predict the test ratings and rank every test user’s candidates (lower is better)')}
                {header('backend', 'Backend', 'Where the method ran')}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const name = methods.find((m) => m.id === row.method)?.name ?? row.method;
                const params = formatParams(row.params);
                const title = `${row.label}\n${name}${params ? `: ${params}` : ''}`;
                return (
                  <tr key={report.rows.indexOf(row)} data-method={row.method} data-label={row.label} className={row.error === undefined ? undefined : 'cmp-failed'}>
                    <th scope="row" className="cmp-label" title={title}>
                      <span className="cmp-label-text">{row.label}</span>
                      {(params || name !== row.label) && (
                        <span className="cmp-params">
                          {name !== row.label ? name : ''}
                          {name !== row.label && params ? ': ' : ''}
                          {params}
                        </span>
                      )}
                    </th>
                    {row.error !== undefined ? (
                      <td colSpan={METRICS.length} className="cmp-error" data-metric="error" title={row.error}>
                        Failed: {row.error}
                      </td>
                    ) : (
                      METRICS.map((m) => {
                        const v = metricValue(row, m.key);
                        return numberCell(row, m.key, v, v === null ? '' : m.format(v), missingReason(row, m, methods, k));
                      })
                    )}
                    {numberCell(
                      row,
                      'fitMs',
                      Number.isFinite(row.fitMs) ? row.fitMs : null,
                      // a re-ranked run reuses the fit of the run before it (same method, parameters and data)
                      row.fitShared ? `${formatMs(row.fitMs)} (same fit as the run before)` : formatMs(row.fitMs),
                      'Not timed: the run failed before this step.',
                    )}
                    {numberCell(row, 'predictMs', Number.isFinite(row.predictMs) ? row.predictMs : null, formatMs(row.predictMs), 'Not timed: the run failed before this step.')}
                    <td data-metric="backend" data-value={row.backend}>
                      {row.backend}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {anyBest && (
        <p className="muted cmp-legend">
          <span aria-hidden="true">★ </span>Bold with a star: the best value of its column. Hover a header for what it measures, a “—” for why it is
          missing.
        </p>
      )}
    </div>
  );
}
