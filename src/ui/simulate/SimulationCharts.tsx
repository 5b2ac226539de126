import { useMemo } from 'react';
import type { PolicyPoint } from '../../worker/api';
import { CurveChart, POLICY_COLOURS } from './CurveChart';
import type { CurveSeries } from './CurveChart';

/** The curves the panel draws, each a field of SimulationPoint. */
const CURVES = [
  { key: 'regret', title: 'Cumulative regret', y: 'expected clicks lost', description: 'Clicks the oracle (who knows every p) would have expected, minus the policy’s; lower is better.' },
  { key: 'reward', title: 'Cumulative reward', y: 'clicks', description: 'Clicks collected so far.' },
  { key: 'coverage', title: 'Catalogue coverage', y: 'share of items', description: 'Share of the catalogue shown at least once.' },
  {
    key: 'windowCoverage',
    title: 'Coverage per window',
    y: 'share of items',
    description: 'Share of the catalogue shown since the previous point: how widely the policy recommends now (on a small catalogue every policy soon shows every item once).',
  },
  { key: 'headShare', title: 'Head share', y: 'share of slots', description: 'Share of recent slots filled with the 10% most-rated items: the rich-get-richer loop pushes it up.' },
  { key: 'popularity', title: 'Popularity of what is shown', y: 'percentile', description: 'Mean popularity percentile of recently shown items (1 = the most rated).' },
  { key: 'diversity', title: 'Diversity within a slate', y: '1 − cosine', description: 'Mean pairwise 1 − cosine of the item vectors on one slate.' },
] as const;

/** Points per policy, in run order (the live batches appended). */
export type Streams = PolicyPoint[][];

/** The policies' legend and one chart per curve, for the points so far; nothing before the first point. */
export function SimulationCharts({ streams, labels }: { streams: Streams; labels: readonly string[] }) {
  const steps = useMemo(() => (streams[0] ?? []).map((p) => p.point.step), [streams]);
  const curves = useMemo(
    () =>
      CURVES.map((c) => ({
        ...c,
        series: labels.map((label, j): CurveSeries => ({ label, values: (streams[j] ?? []).map((p) => p.point[c.key]) })),
      })),
    [streams, labels],
  );
  if (steps.length === 0) return null;
  return (
    <>
      <ul className="sim-legend" aria-label="Policies in the charts">
        {labels.map((label, j) => (
          <li key={`${label}-${j}`}>
            <span className="sim-swatch" style={{ background: POLICY_COLOURS[j % POLICY_COLOURS.length] }} aria-hidden="true" /> {label}
          </li>
        ))}
      </ul>
      <div className="sim-charts">
        {curves.map((c) => (
          <CurveChart key={c.key} title={c.title} yLabel={c.y} description={c.description} steps={steps} series={c.series} />
        ))}
      </div>
    </>
  );
}
