import { useEffect, useMemo, useState } from 'react';
import { newJobId, proxyCallback } from '../../worker/client';
import type { DatasetMeta, PolicyInfo, PolicyPoint, SimulationProgress, SimulationReport, SimulationSettings, WorldChoices, WorldSettings } from '../../worker/api';
import { errorMessage, useLab } from '../labContext';
import { CurveChart, POLICY_COLOURS } from './CurveChart';
import type { CurveSeries } from './CurveChart';
import { PolicyPicker, knobProblem, pickPolicy, toPolicyRuns } from './PolicyPicker';
import type { PickedPolicy } from './PolicyPicker';
import { SimulationResults } from './SimulationResults';
import { loadStoredReport, storeReport } from './storedReport';
import './simulate.css';

interface Props {
  dataset: DatasetMeta | null;
  onActivity(text: string): void;
  onError(message: string | null): void;
}

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
type Streams = PolicyPoint[][];

/**
 * The simulator: policies serving simulated users of the selected dataset, step by step, with the
 * curves drawn as they run, Stop, the results per policy and why each item of a last slate was
 * chosen. The last finished run of each dataset is kept in this browser (localStorage) and shown
 * again after a reload.
 */
export function SimulatePanel({ dataset, onActivity, onError }: Props) {
  const lab = useLab();
  const [infos, setInfos] = useState<PolicyInfo[]>([]);
  const [settings, setSettings] = useState<SimulationSettings | null>(null);
  const [picked, setPicked] = useState<PickedPolicy[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<SimulationProgress | null>(null);
  const [streams, setStreams] = useState<Streams>([]);
  const [labels, setLabels] = useState<string[]>([]);
  const [report, setReport] = useState<SimulationReport | null>(null);
  const [choices, setChoices] = useState<WorldChoices | null>(null);
  const [truth, setTruth] = useState<WorldSettings['truth']>('fitted');
  const [features, setFeatures] = useState<WorldSettings['features']>('vectors');
  const running = jobId !== null;
  const datasetId = dataset?.id ?? null;

  useEffect(() => {
    let live = true;
    Promise.all([lab.simulationPolicies(), lab.simulationDefaults()]).then(
      ([list, defaults]) => {
        if (!live) return;
        setInfos(list);
        setSettings(defaults.settings);
        setPicked(list.map((info) => pickPolicy(info)));
      },
      (e: unknown) => live && onError(`Could not read the simulator's policies: ${errorMessage(e)}`),
    );
    return () => {
      live = false;
    };
  }, [lab, onError]);

  // The last run on this dataset, if this browser kept one, and the worlds it offers.
  useEffect(() => {
    setStreams([]);
    setLabels([]);
    setReport(datasetId ? loadStoredReport(datasetId) : null);
    setChoices(null);
    if (!datasetId) return;
    let live = true;
    lab.simulationWorldChoices().then(
      (c) => {
        if (!live) return;
        setChoices(c);
        setTruth(c.initial.truth);
        setFeatures(c.initial.features);
      },
      (e: unknown) => live && onError(`Could not read the simulator's worlds: ${errorMessage(e)}`),
    );
    return () => {
      live = false;
    };
  }, [lab, datasetId, onError]);

  // The policies' knobs follow what they know of the items (the values measured best for it).
  useEffect(() => {
    if (!choices || infos.length === 0) return;
    const world = choices.knobs[features];
    setPicked((current) =>
      (current.length > 0 ? current : infos.map((info) => pickPolicy(info))).map((p) => {
        const info = infos.find((i) => i.id === p.id);
        return info ? { ...p, knobs: { ...Object.fromEntries(info.knobs.map((k) => [k.key, k.default])), ...(world[p.id] ?? {}) } } : p;
      }),
    );
  }, [choices, infos, features]);

  const shownStreams: Streams = useMemo(
    () => (running || !report ? streams : report.results.map((r, index) => r.points.map((point) => ({ index, label: r.label, point, slate: null })))),
    [running, report, streams],
  );
  const shownLabels = running || !report ? labels : report.results.map((r) => r.label);
  const steps = useMemo(() => (shownStreams[0] ?? []).map((p) => p.point.step), [shownStreams]);
  const curves = useMemo(
    () =>
      CURVES.map((c) => ({
        ...c,
        series: shownLabels.map((label, j): CurveSeries => ({ label, values: (shownStreams[j] ?? []).map((p) => p.point[c.key]) })),
      })),
    [shownStreams, shownLabels],
  );

  if (!dataset) return <p>Select a dataset first.</p>;
  if (!settings) return <p className="muted">Loading the simulator…</p>;

  const problem = knobProblem(picked, infos) ?? settingsProblem(settings, dataset);
  const canPlant = choices?.planted ?? false;
  const canGenres = choices?.genres ?? false;
  const setField = (key: keyof SimulationSettings, value: number) => setSettings({ ...settings, [key]: value });

  const run = async () => {
    if (problem) return;
    const id = newJobId('simulate');
    setJobId(id);
    setProgress(null);
    setStreams(picked.map(() => []));
    setLabels(picked.map((p) => infos.find((i) => i.id === p.id)?.name ?? p.id));
    onError(null);
    onActivity(`Simulating ${picked.length} policies for ${settings.steps} steps on ${dataset.name}…`);
    try {
      const result = await lab.simulate(
        id,
        { ...settings, world: { truth: canPlant ? truth : 'fitted', features: canGenres ? features : 'vectors' } },
        toPolicyRuns(picked),
        proxyCallback((p: SimulationProgress) => setProgress(p)),
        proxyCallback((batch: PolicyPoint[]) => {
          setLabels((current) => {
            const next = [...current];
            for (const b of batch) next[b.index] = b.label;
            return next;
          });
          setStreams((current) => {
            const next = current.map((s) => s);
            for (const b of batch) next[b.index] = [...(next[b.index] ?? []), b];
            return next;
          });
        }),
      );
      setReport(result);
      storeReport(result);
      onActivity(result.partial ? `Simulation stopped at step ${result.stepsRun} of ${settings.steps}; the curves so far are kept.` : `Simulated ${settings.steps} steps in ${(result.ms / 1000).toFixed(1)} s.`);
    } catch (e) {
      onError(`Simulation failed: ${errorMessage(e)}`);
    } finally {
      setJobId(null);
    }
  };

  const fraction = progress ? (progress.stage === 'world' ? 0.1 * progress.fraction : 0.1 + 0.9 * progress.fraction) : 0;
  return (
    <div className="simulate">
      <p className="muted sim-intro">
        A model fitted on all of this dataset stands in for its users: when a simulated user is shown a slate, each item is clicked with the probability
        that model gives. The policies know the items (their vectors from that model, or only their genres) but not the users: they learn each user’s taste from the clicks
        they collect, so what they show decides what they can learn. Every policy sees the same users in the same order with the same seed.
      </p>
      <form
        className="sim-settings"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset disabled={running}>
          <legend>Run</legend>
          {canPlant && (
            <label className="sim-setting">
              <span className="sim-setting-label">Simulated users</span>
              <select value={truth} onChange={(e) => setTruth(e.target.value === 'planted' ? 'planted' : 'fitted')}>
                <option value="fitted">A model fitted on all the ratings</option>
                <option value="planted">The demo’s planted taste clusters</option>
              </select>
              <span className="param-help">
                Where the true click probabilities come from: biased MF fitted on every rating, or the rule the demo data was generated from (each
                user’s cluster loves two genres and dislikes one, plus each film’s quality), before its noise.
              </span>
            </label>
          )}
          {canGenres && (
            <label className="sim-setting">
              <span className="sim-setting-label">What the policies know of each item</span>
              <select value={features} onChange={(e) => setFeatures(e.target.value === 'genres' ? 'genres' : 'vectors')}>
                <option value="vectors">Its vector from the fitted model</option>
                <option value="genres">Only its genres</option>
              </select>
              <span className="param-help">
                The fitted vectors already hold what every rating taught about each item, its quality included. With genres only, two films of the same
                genres look alike: each film’s own quality must be learned by showing it, which is where exploring pays. Switching sets the policies’
                knobs to the values measured best for that choice.
              </span>
            </label>
          )}
          <NumberSetting label="Steps (users served)" value={settings.steps} min={1} max={1_000_000} step={1} onChange={(v) => setField('steps', v)} help="One simulated user arrives per step and is shown one slate." />
          <NumberSetting label="Slate size n" value={settings.slateSize} min={1} max={100} step={1} onChange={(v) => setField('slateSize', v)} help="Items shown per step." />
          <NumberSetting label="Seed" value={settings.seed} min={0} step={1} onChange={(v) => setField('seed', v)} help="The same seed gives the same run." />
          <NumberSetting
            label="Warm start (share of each user’s ratings)"
            value={settings.warmFraction}
            min={0}
            max={0.9}
            step={0.05}
            onChange={(v) => setField('warmFraction', v)}
            help="0 is a cold start: the policies know nothing of any user. A share of the ratings handed over first starts them warm."
          />
          <NumberSetting
            label="Refit the population model every m steps"
            value={settings.refitEvery}
            min={1}
            step={1}
            onChange={(v) => setField('refitEvery', v)}
            help="θ_pop, the prior every user starts from, is refitted on all the feedback collected so far: the feedback loop."
          />
          <NumberSetting label="Prior precision λ" value={settings.priorPrecision} min={0.001} step="any" onChange={(v) => setField('priorPrecision', v)} help="How strongly each user starts at θ_pop: larger λ needs more clicks to move." />
          <NumberSetting label="Record a point every" value={settings.recordEvery} min={1} step={1} onChange={(v) => setField('recordEvery', v)} help="Steps between the points of the curves." />
        </fieldset>
        <fieldset disabled={running} className="sim-policy-set">
          <legend>Policies</legend>
          <PolicyPicker infos={infos} picked={picked} onChange={setPicked} disabled={running} />
        </fieldset>
        <div className="controls">
          <button type="submit" className="primary" disabled={running || problem !== null || picked.length === 0}>
            Simulate
          </button>
          <button type="button" onClick={() => jobId && void lab.cancel(jobId)} disabled={!running}>
            Stop simulation
          </button>
          {problem && (
            <span className="param-error" role="alert">
              {problem}
            </span>
          )}
        </div>
      </form>
      <label className="progress-block">
        Simulation progress
        <progress max={1} value={fraction} aria-valuetext={`${Math.round(fraction * 100)}%`} />
        {running && progress && <span className="muted">{progress.stage === 'world' ? 'Fitting the world model on all ratings…' : `Simulating: ${Math.round(progress.fraction * 100)}%`}</span>}
      </label>
      {steps.length > 0 && (
        <ul className="sim-legend" aria-label="Policies in the charts">
          {shownLabels.map((label, j) => (
            <li key={`${label}-${j}`}>
              <span className="sim-swatch" style={{ background: POLICY_COLOURS[j % POLICY_COLOURS.length] }} aria-hidden="true" /> {label}
            </li>
          ))}
        </ul>
      )}
      {steps.length > 0 && (
        <div className="sim-charts">
          {curves.map((c) => (
            <CurveChart key={c.key} title={c.title} yLabel={c.y} description={c.description} steps={steps} series={c.series} />
          ))}
        </div>
      )}
      {!running && report && <SimulationResults report={report} />}
    </div>
  );
}

/** A plain-language problem with the run settings, or null. */
function settingsProblem(s: SimulationSettings, dataset: DatasetMeta): string | null {
  const whole = (v: number) => Number.isInteger(v) && v >= 1;
  if (!whole(s.steps)) return 'Steps must be a whole number ≥ 1.';
  if (!whole(s.slateSize)) return 'The slate size must be a whole number ≥ 1.';
  if (s.slateSize >= dataset.items) return `The slate size must be below the number of items (${dataset.items}).`;
  if (!Number.isInteger(s.seed) || s.seed < 0) return 'The seed must be a whole number ≥ 0.';
  if (!(s.warmFraction >= 0 && s.warmFraction < 1)) return 'The warm-start share must be in [0, 1).';
  if (!whole(s.refitEvery)) return 'Refit every m steps: m must be a whole number ≥ 1.';
  if (!whole(s.recordEvery)) return 'Record every: a whole number ≥ 1.';
  if (!(s.priorPrecision > 0)) return 'The prior precision λ must be > 0.';
  return null;
}

function NumberSetting(props: { label: string; value: number; min: number; max?: number; step: number | 'any'; help: string; onChange(v: number): void }) {
  const { label, value, min, max, step, help, onChange } = props;
  return (
    <label className="sim-setting">
      <span className="sim-setting-label">{label}</span>
      <input type="number" value={Number.isFinite(value) ? value : ''} min={min} max={max} step={step} onChange={(e) => onChange(e.target.value === '' ? NaN : Number(e.target.value))} />
      <span className="param-help">{help}</span>
    </label>
  );
}
