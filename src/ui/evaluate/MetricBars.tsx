import { useEffect, useId, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { EvaluationReport, MetricName } from '../../worker/api';
import { formatPercent } from '../format';
import { METRICS, metricColumn, metricValue } from './metrics';
import './evaluate.css';

/** The metric shown first, when the report has it. */
const PREFERRED: readonly MetricName[] = ['ndcg', 'precision', 'rmse'];

const shorten = (s: string, n = 18) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface MetricBarsProps {
  report: EvaluationReport;
  /** The metric shown first (default nDCG@k, else the first the report has). */
  initialMetric?: MetricName;
}

/** One metric across the report's runs as a bar chart (uPlot), with a select to choose the metric. */
export function MetricBars({ report, initialMetric }: MetricBarsProps) {
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const k = report.settings.k;
  const available = useMemo(
    () => METRICS.filter((m) => report.rows.some((r) => r.error === undefined && metricValue(r, m.key) !== null)).map((m) => m.key),
    [report.rows],
  );
  const [chosen, setChosen] = useState<MetricName | null>(initialMetric ?? null);
  const metric = chosen !== null && available.includes(chosen) ? chosen : (PREFERRED.find((m) => available.includes(m)) ?? available[0] ?? null);
  const column = metric === null ? null : metricColumn(metric);

  const bars = useMemo(() => {
    if (metric === null) return { labels: [] as string[], values: [] as number[], skipped: [] as string[] };
    const labels: string[] = [];
    const values: number[] = [];
    const skipped: string[] = [];
    for (const row of report.rows) {
      const v = row.error === undefined ? metricValue(row, metric) : null;
      if (v === null) skipped.push(row.label);
      else {
        labels.push(row.label);
        values.push(v);
      }
    }
    return { labels, values, skipped };
  }, [report.rows, metric]);

  useEffect(() => {
    const el = host.current;
    if (!el || !column || bars.values.length === 0) return;
    const { labels, values } = bars;
    const n = values.length;
    const top = Math.max(...values);
    const rotate = n > 6 ? -30 : 0;
    const chart = new uPlot(
      {
        width: Math.max(300, el.clientWidth || 600),
        height: 280,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, n - 0.5] },
          y: { range: [0, top > 0 ? top * 1.15 : 1] },
        },
        axes: [
          {
            splits: () => labels.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => shorten(labels[i] ?? '')),
            rotate,
            size: rotate ? 90 : 40,
            grid: { show: false },
          },
          { label: column.short(k), ...(column.key === 'coverage' ? { values: (_u: uPlot, splits: number[]) => splits.map((v) => formatPercent(v, 0)) } : {}), size: 60 },
        ],
        series: [
          {},
          {
            label: column.short(k),
            fill: '#93c5fd',
            stroke: '#1d4ed8',
            width: 1,
            paths: uPlot.paths.bars!({ size: [0.6, 90], align: 0 }),
            points: { show: false },
          },
        ],
        hooks: {
          draw: [
            (u) => {
              // Each bar's value above it, so the chart reads without hovering.
              const ctx = u.ctx;
              ctx.save();
              ctx.fillStyle = '#1f2937';
              ctx.font = `${Math.round(12 * devicePixelRatio)}px system-ui, sans-serif`;
              ctx.textAlign = 'center';
              ctx.textBaseline = 'bottom';
              values.forEach((v, i) => {
                ctx.fillText(column.format(v), u.valToPos(i, 'x', true), u.valToPos(v, 'y', true) - 4 * devicePixelRatio);
              });
              ctx.restore();
            },
          ],
        },
      },
      [labels.map((_, i) => i), values],
      el,
    );
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.setSize({ width: Math.max(300, el.clientWidth), height: 280 }));
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      chart.destroy();
    };
  }, [bars, column, k]);

  if (metric === null || column === null) return <p className="muted">No run of this report has a metric to chart.</p>;
  const direction = column.lowerIsBetter ? 'lower is better' : 'higher is better';
  const described = bars.labels.map((label, i) => `${label} ${column.format(bars.values[i]!)}`).join(', ');
  return (
    <figure className="metric-bars chart-figure">
      <div className="controls">
        <label htmlFor={`${id}-metric`}>Metric</label>
        <select id={`${id}-metric`} value={metric} onChange={(e) => setChosen(e.target.value as MetricName)}>
          {available.map((key) => {
            const m = metricColumn(key);
            return (
              <option key={key} value={key}>
                {m.short(k)}
              </option>
            );
          })}
        </select>
      </div>
      <div ref={host} className="chart metric-bars-chart" role="img" aria-label={`${column.short(k)} per run (${direction}): ${described}.`} />
      <figcaption className="muted">
        {column.full(k)}; {direction}.
        {bars.skipped.length > 0 && ` Not shown (no value): ${bars.skipped.join(', ')}.`}
      </figcaption>
    </figure>
  );
}
