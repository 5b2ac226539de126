import { useEffect, useMemo, useState } from 'react';
import { newJobId, proxyCallback } from '../../worker/client';
import type { DatasetMeta, PolicyInfo, PolicyPoint, SimulationProgress, SimulationReport, SimulationSettings, WorldChoices, WorldSettings } from '../../worker/api';
import { errorMessage, useLab } from '../labContext';
import { PolicyPicker, knobProblem, pickPolicy, toPolicyRuns } from './PolicyPicker';
import type { PickedPolicy } from './PolicyPicker';
import { RunSettings, settingsProblem } from './RunSettings';
import { SimulationCharts } from './SimulationCharts';
import type { Streams } from './SimulationCharts';
import { SimulationResults } from './SimulationResults';
import { loadStoredReport, storeReport } from './storedReport';
import './simulate.css';

interface Props {
  dataset: DatasetMeta | null;
  onActivity(text: string): void;
  onError(message: string | null): void;
}

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

  if (!dataset) return <p>Select a dataset first.</p>;
  if (!settings) return <p className="muted">Loading the simulator…</p>;

  const problem = knobProblem(picked, infos) ?? settingsProblem(settings, dataset);
  const canPlant = choices?.planted ?? false;
  const canGenres = choices?.genres ?? false;

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
        <RunSettings
          settings={settings}
          onSettings={setSettings}
          running={running}
          canPlant={canPlant}
          canGenres={canGenres}
          truth={truth}
          onTruth={setTruth}
          features={features}
          onFeatures={setFeatures}
        />
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
      <SimulationCharts streams={shownStreams} labels={shownLabels} />
      {!running && report && <SimulationResults report={report} />}
    </div>
  );
}
