/** The comparison's metric columns: names, direction and display format, shared by the table, the bars and the CSV. */
import type { EvaluationRow, MetricName, RecommenderMeta } from '../../worker/api';
import { formatPercent } from '../format';

export interface MetricColumn {
  key: MetricName;
  /** Column header, e.g. "nDCG@10". */
  short(k: number): string;
  /** What it measures, for the header's title and the chart. */
  full(k: number): string;
  lowerIsBetter: boolean;
  /** True for the ranking metrics measured at k (their CSV column is key@k). */
  atK: boolean;
  /** True for RMSE and MAE (they need rating predictions). */
  ratingMetric: boolean;
  format(x: number): string;
}

const fixed = (digits: number) => (x: number) => x.toFixed(digits);

export const METRICS: readonly MetricColumn[] = [
  { key: 'rmse', short: () => 'RMSE', full: () => 'Root mean squared error of the predicted test ratings', atK: false, lowerIsBetter: true, ratingMetric: true, format: fixed(4) },
  { key: 'mae', short: () => 'MAE', full: () => 'Mean absolute error of the predicted test ratings', atK: false, lowerIsBetter: true, ratingMetric: true, format: fixed(4) },
  { key: 'precision', short: (k) => `P@${k}`, full: (k) => `Precision at ${k}: share of the top ${k} that are relevant test items`, atK: true, lowerIsBetter: false, ratingMetric: false, format: fixed(4) },
  { key: 'recall', short: (k) => `R@${k}`, full: (k) => `Recall at ${k}: share of a user’s relevant test items found in the top ${k}`, atK: true, lowerIsBetter: false, ratingMetric: false, format: fixed(4) },
  { key: 'ndcg', short: (k) => `nDCG@${k}`, full: (k) => `Normalised discounted cumulative gain at ${k}: relevant items count more the higher they are listed`, atK: true, lowerIsBetter: false, ratingMetric: false, format: fixed(4) },
  { key: 'map', short: (k) => `MAP@${k}`, full: (k) => `Mean average precision at ${k}`, atK: true, lowerIsBetter: false, ratingMetric: false, format: fixed(4) },
  { key: 'hitRate', short: (k) => `HR@${k}`, full: (k) => `Hit rate at ${k}: share of test users with at least one relevant item in their top ${k}`, atK: true, lowerIsBetter: false, ratingMetric: false, format: fixed(4) },
  { key: 'mrr', short: (k) => `MRR@${k}`, full: (k) => `Mean reciprocal rank of the first relevant item within the top ${k}`, atK: true, lowerIsBetter: false, ratingMetric: false, format: fixed(4) },
  { key: 'coverage', short: () => 'Coverage', full: (k) => `Catalogue coverage: share of the items that appear in some user’s top ${k}`, atK: false, lowerIsBetter: false, ratingMetric: false, format: (x) => formatPercent(x, 1) },
  { key: 'novelty', short: () => 'Novelty', full: () => 'Novelty: how little known the recommended items are (higher = less mainstream)', atK: false, lowerIsBetter: false, ratingMetric: false, format: fixed(3) },
  { key: 'diversity', short: () => 'Diversity', full: () => 'Diversity: how different the items of each top list are from one another', atK: false, lowerIsBetter: false, ratingMetric: false, format: fixed(4) },
  { key: 'avgPopularity', short: () => 'Avg. popularity', full: () => 'Average popularity: mean number of training ratings of the recommended items (lower = less mainstream)', atK: false, lowerIsBetter: true, ratingMetric: false, format: fixed(1) },
];

export function metricColumn(key: MetricName): MetricColumn {
  return METRICS.find((m) => m.key === key)!;
}

/** A row's value of a metric, or null when it is missing, null or NaN. */
export function metricValue(row: EvaluationRow, key: MetricName): number | null {
  const x = row.metrics[key];
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** Why a row has no value for a metric (for the "—" cell's title). */
export function missingReason(row: EvaluationRow, column: MetricColumn, methods: readonly RecommenderMeta[], k: number): string {
  if (row.error !== undefined) return `The run failed: ${row.error}`;
  const meta = methods.find((m) => m.id === row.method);
  if (column.ratingMetric && meta && !meta.predictsRatings) return `${meta.name} ranks items without predicting ratings, so ${column.short(k)} does not apply.`;
  return `${column.short(k)} was not measured for this run (it does not apply, or no test user qualified).`;
}

/** A duration in ms as "850 ms" or "12.34 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Parameter values as "k=40, shrink=100". */
export function formatParams(params: Record<string, number | string | boolean>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}
