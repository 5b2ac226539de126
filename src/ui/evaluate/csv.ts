/** The comparison as CSV (RFC 4180): one header row, one row per run, numbers unrounded. */
import type { EvaluationReport, RecommenderMeta } from '../../worker/api';
import { METRICS } from './metrics';

/** One field, quoted when it holds a quote, comma or line break (quotes doubled). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A number as the shortest text that reads back to it; empty when missing or not finite. */
function csvNumber(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? String(x) : '';
}

/**
 * Columns: label, method (registry id), method_name, params (JSON), remedy (JSON, empty when none),
 * backend, fit_ms, predict_ms, then every metric by its key (ranking metrics as key@k), then error.
 * Lines end with CRLF.
 */
export function reportToCsv(report: EvaluationReport, methods: readonly RecommenderMeta[]): string {
  const k = report.settings.k;
  const metricHeaders = METRICS.map((m) => (m.atK ? `${m.key}@${k}` : m.key));
  const header = ['label', 'method', 'method_name', 'params', 'remedy', 'backend', 'fit_ms', 'predict_ms', ...metricHeaders, 'error'];
  const lines = [header];
  for (const row of report.rows) {
    lines.push([
      row.label,
      row.method,
      methods.find((m) => m.id === row.method)?.name ?? '',
      JSON.stringify(row.params),
      row.remedy ? JSON.stringify(row.remedy) : '',
      row.backend,
      csvNumber(row.fitMs),
      csvNumber(row.predictMs),
      ...METRICS.map((m) => csvNumber(row.metrics[m.key])),
      row.error ?? '',
    ]);
  }
  return lines.map((fields) => fields.map(csvField).join(',') + '\r\n').join('');
}

/** "evaluation-movielens-100k-random-20-seed-42.csv": the dataset's and the split's names, made file-safe. */
export function csvFileName(datasetName: string, splitName: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '');
  const parts = ['evaluation', slug(datasetName), slug(splitName)].filter((p) => p !== '');
  return `${parts.join('-')}.csv`;
}
