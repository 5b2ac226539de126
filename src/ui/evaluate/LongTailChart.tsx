import { useEffect, useId, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { SideBalance } from '../../worker/api';
import { formatPercent } from '../format';

/** Ranks (1-based) at which the table samples the curve: the top 1%, 5%, 10%, 20%, 50% and all. */
export function curveSampleRanks(n: number): number[] {
  if (n === 0) return [];
  const ranks = [0.01, 0.05, 0.1, 0.2, 0.5, 1].map((f) => Math.max(1, Math.ceil(f * n - 1e-9)));
  return [...new Set(ranks)];
}

/**
 * The long-tail curve of one side (items or users): ratings per entity sorted descending (left
 * axis) and the cumulative share of all ratings (right axis), drawn with uPlot, with the curve
 * sampled in a table as its text alternative.
 */
export function LongTailChart({ side, noun }: { side: SideBalance; noun: 'items' | 'users' }) {
  const id = useId();
  const host = useRef<HTMLDivElement>(null);
  const singular = noun === 'items' ? 'item' : 'user';
  const data = useMemo((): uPlot.AlignedData => {
    const n = side.sortedCounts.length;
    const x = Float64Array.from({ length: n }, (_, r) => r + 1);
    return [x, Float64Array.from(side.sortedCounts), Float64Array.from(side.cumulativeShare, (c) => c * 100)];
  }, [side]);

  useEffect(() => {
    const el = host.current;
    if (!el || side.rated === 0) return;
    const chart = new uPlot(
      {
        width: Math.max(300, el.clientWidth || 560),
        height: 240,
        scales: { x: { time: false }, '%': { range: [0, 100] } },
        axes: [{ label: `${singular} rank (most-rated first)` }, { label: `ratings per ${singular}` }, { scale: '%', side: 1, label: 'cumulative share of ratings (%)', grid: { show: false } }],
        series: [
          { label: 'rank' },
          { label: `ratings of the ${singular}`, stroke: '#2563eb', width: 2, fill: 'rgba(37, 99, 235, 0.12)', points: { show: false } },
          { label: 'cumulative share %', stroke: '#dc2626', width: 2, scale: '%', points: { show: false } },
        ],
      },
      data,
      el,
    );
    return () => chart.destroy();
  }, [data, side.rated, singular]);

  const ranks = curveSampleRanks(side.rated);
  return (
    <figure className="chart-figure balance-curve">
      <div ref={host} className="chart" role="img" aria-label={`Long-tail curve of ratings per ${singular}: see the table below for its points`} />
      <figcaption className="muted">
        {side.rated} {noun} with ratings, most-rated first; the red line is the share of all ratings held by the top r. The curve’s points:
      </figcaption>
      <table className="balance-table" aria-describedby={`${id}-note`}>
        <caption className="ev-sr-only">The long-tail curve of {noun}, sampled</caption>
        <thead>
          <tr>
            <th scope="col">Top</th>
            <th scope="col">Rank r</th>
            <th scope="col">Ratings of the r-th {singular}</th>
            <th scope="col">Share of all ratings held by the top r</th>
          </tr>
        </thead>
        <tbody>
          {ranks.map((r) => (
            <tr key={r}>
              <th scope="row">{formatPercent(r / side.rated, r / side.rated < 0.1 ? 1 : 0)}</th>
              <td className="num">{r}</td>
              <td className="num">{side.sortedCounts[r - 1]}</td>
              <td className="num">{formatPercent(side.cumulativeShare[r - 1] ?? NaN, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p id={`${id}-note`} className="ev-sr-only">
        Ranks count only {noun} with at least one rating.
      </p>
    </figure>
  );
}
