import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/** Line colours of the policies, in run order (distinguishable, and dashed from the sixth on). */
export const POLICY_COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#6b7280', '#ea580c', '#0891b2', '#a16207'];

export interface CurveSeries {
  label: string;
  values: (number | null)[];
}

interface Props {
  /** Short title, e.g. "Cumulative regret". */
  title: string;
  yLabel: string;
  /** The x values (simulation steps), shared by every series. */
  steps: number[];
  series: CurveSeries[];
  /** One sentence for screen readers and the caption: what the curve shows. */
  description: string;
}

/**
 * One metric of a simulation against the step, a line per policy, drawn with uPlot. The chart is
 * rebuilt when the set of series changes and updated in place (setData) as points stream in.
 */
export function CurveChart({ title, yLabel, steps, series, description }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = series.map((s) => s.label).join('\u0000');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const names = labels === '' ? [] : labels.split('\u0000');
    const chart = new uPlot(
      {
        width: Math.max(280, el.clientWidth || 420),
        height: 200,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [{ label: 'step' }, { label: yLabel, size: 60 }],
        series: [
          { label: 'step' },
          ...names.map((label, j) => ({ label, stroke: POLICY_COLOURS[j % POLICY_COLOURS.length], width: 2, dash: j >= POLICY_COLOURS.length ? [5, 4] : undefined })),
        ],
      },
      [[], ...names.map(() => [])],
      el,
    );
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
  }, [labels, yLabel]);

  useEffect(() => {
    plot.current?.setData([steps, ...series.map((s) => s.values)]);
  }, [steps, series]);

  return (
    <figure className="chart-figure sim-chart">
      <figcaption>
        <strong>{title}</strong> <span className="muted">{description}</span>
      </figcaption>
      <div ref={host} className="chart" role="img" aria-label={`${title} per step, one line per policy: ${description} The results table lists the final values.`} />
    </figure>
  );
}
