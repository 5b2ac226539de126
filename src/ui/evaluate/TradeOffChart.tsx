import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { EvaluationReport } from '../../worker/api';
import { formatPercent } from '../format';
import { relativeToBase, tradeOffCurves } from './tradeoff';
import type { TradeOffCurve } from './tradeoff';

/** nDCG@k against catalogue coverage, one point per λ (joined in order of coverage), uPlot. */
function CurvePlot({ curve, k }: { curve: TradeOffCurve; k: number }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const sorted = [...curve.points].sort((a, b) => a.coverage - b.coverage || a.lambda - b.lambda);
    const chart = new uPlot(
      {
        width: Math.max(300, el.clientWidth || 520),
        height: 240,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [{ label: 'catalogue coverage (%)' }, { label: `nDCG@${k}` }],
        series: [{ label: 'coverage %' }, { label: `nDCG@${k}`, stroke: '#2563eb', width: 2, points: { show: true, size: 8, fill: '#2563eb' } }],
      },
      [sorted.map((p) => p.coverage * 100), sorted.map((p) => p.ndcg)],
      el,
    );
    return () => chart.destroy();
  }, [curve, k]);
  return <div ref={host} className="chart" role="img" aria-label={`Trade-off of ${curve.name}: nDCG@${k} against coverage, one point per λ; the table lists the points`} />;
}

/**
 * The trade-off curves of the report's λ sweeps (see tradeOffCurves): a plot of accuracy against
 * coverage and, as its text alternative and for reading off values, a table of the points with
 * each one's coverage ratio and nDCG change against λ = 0.
 */
export function TradeOffChart({ report }: { report: EvaluationReport }) {
  const curves = useMemo(() => tradeOffCurves(report), [report]);
  const k = report.settings.k;
  if (curves.length === 0) return null;
  return (
    <div className="tradeoff">
      {curves.map((curve) => {
        const rel = relativeToBase(curve);
        return (
          <figure key={curve.name} className="chart-figure" data-curve={curve.kind}>
            <figcaption>
              <strong>{curve.name}</strong>: accuracy against catalogue coverage as λ grows.
            </figcaption>
            <CurvePlot curve={curve} k={k} />
            <table className="balance-table tradeoff-table">
              <caption className="ev-sr-only">Points of the trade-off curve {curve.name}</caption>
              <thead>
                <tr>
                  <th scope="col">λ</th>
                  <th scope="col">nDCG@{k}</th>
                  <th scope="col">Coverage</th>
                  <th scope="col">Novelty</th>
                  {rel && <th scope="col">Coverage vs λ = 0</th>}
                  {rel && <th scope="col">nDCG vs λ = 0</th>}
                </tr>
              </thead>
              <tbody>
                {curve.points.map((p, j) => (
                  <tr key={p.lambda} data-lambda={p.lambda}>
                    <th scope="row">{p.lambda}</th>
                    <td className="num" data-metric="ndcg" data-value={p.ndcg}>
                      {p.ndcg.toFixed(4)}
                    </td>
                    <td className="num" data-metric="coverage" data-value={p.coverage}>
                      {formatPercent(p.coverage, 1)}
                    </td>
                    <td className="num">{p.novelty === null ? '—' : p.novelty.toFixed(3)}</td>
                    {rel && <td className="num">×{rel[j]!.coverageRatio.toFixed(2)}</td>}
                    {rel && <td className="num">{`${rel[j]!.ndcgChange >= 0 ? '+' : '−'}${formatPercent(Math.abs(rel[j]!.ndcgChange), 1)}`}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
        );
      })}
    </div>
  );
}
