import { useEffect, useId, useState } from 'react';
import type { SimulationReport } from '../../worker/api';
import { formatPercent } from '../format';
import { errorMessage, useLab } from '../labContext';
import { POLICY_COLOURS } from './CurveChart';
import { SlateTable } from './SlateTable';

/**
 * The end of a run: one row per policy (reward, regret, coverage, head share, popularity,
 * diversity, time), what the world was, and why the items of a chosen policy's last slate are there.
 */
export function SimulationResults({ report }: { report: SimulationReport }) {
  const lab = useLab();
  const pickId = useId();
  const [chosen, setChosen] = useState(0);
  const [labels, setLabels] = useState<string[]>([]);
  const [labelError, setLabelError] = useState<string | null>(null);
  const result = report.results[chosen] ?? report.results[0];
  const slate = result?.lastSlate ?? null;

  useEffect(() => {
    setLabels([]);
    setLabelError(null);
    if (!slate) return;
    let live = true;
    lab.itemLabels(slate.slots.map((s) => s.item)).then(
      (l) => live && setLabels(l),
      (e: unknown) => live && setLabelError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [lab, slate]);

  const best = Math.min(...report.results.map((r) => r.regret));
  return (
    <div className="sim-results">
      <p className="muted">
        {report.world.description} {report.partial ? `Stopped at step ${report.stepsRun} of ${report.settings.steps}.` : `${report.stepsRun} steps`}, slates of{' '}
        {report.settings.slateSize}, seed {report.settings.seed}, {report.settings.warmFraction > 0 ? `warm start with ${formatPercent(report.settings.warmFraction, 0)} of each user’s ratings` : 'cold start'}; {(report.ms / 1000).toFixed(1)} s.
      </p>
      <div className="table-scroll">
        <table className="sim-table">
          <caption>Results per policy</caption>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Clicks</th>
              <th scope="col">Regret</th>
              <th scope="col">Coverage</th>
              <th scope="col">
                <abbr title="Mean share of the catalogue shown per window of the curves (the steps between two points)">Coverage per window</abbr>
              </th>
              <th scope="col">Head share</th>
              <th scope="col">Popularity percentile</th>
              <th scope="col">Diversity</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {report.results.map((r, j) => (
              <tr key={`${r.label}-${j}`} data-policy={r.policy}>
                <th scope="row">
                  <span className="sim-swatch" style={{ background: POLICY_COLOURS[j % POLICY_COLOURS.length] }} aria-hidden="true" /> {r.label}
                </th>
                <td className="num">{r.reward}</td>
                <td className="num" data-metric="regret" data-value={r.regret}>
                  {r.regret.toFixed(1)}
                  {r.regret === best && report.results.length > 1 ? ' (lowest)' : ''}
                </td>
                <td className="num" data-metric="coverage" data-value={r.coverage}>
                  {formatPercent(r.coverage, 1)}
                </td>
                <td className="num" data-metric="windowCoverage" data-value={r.windowCoverage}>
                  {Number.isFinite(r.windowCoverage) ? formatPercent(r.windowCoverage, 1) : '—'}
                </td>
                <td className="num">{formatPercent(r.headShare, 1)}</td>
                <td className="num">{r.popularity.toFixed(3)}</td>
                <td className="num">{r.diversity.toFixed(3)}</td>
                <td className="num">{(r.ms / 1000).toFixed(2)} s</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.results.length > 0 && (
        <div className="sim-explain">
          <label htmlFor={pickId}>Explain the last slate of</label>{' '}
          <select id={pickId} value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
            {report.results.map((r, j) => (
              <option key={`${r.label}-${j}`} value={j}>
                {r.label}
              </option>
            ))}
          </select>
          {labelError && <p className="param-error">Could not name the items: {labelError}</p>}
          {result && slate ? <SlateTable result={result} slate={slate} labels={labels} /> : <p className="muted">No slate was recorded for this policy.</p>}
        </div>
      )}
    </div>
  );
}
