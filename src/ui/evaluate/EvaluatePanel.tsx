import { useCallback, useEffect, useState } from 'react';
import { newJobId, proxyCallback } from '../../worker/client';
import type {
  BackendName,
  DatasetBalance,
  DatasetMeta,
  EvaluationProgress,
  EvaluationReport,
  EvaluationRow,
  EvaluationSettings,
  ImportProgress,
  MethodRun,
  RecommenderMeta,
  SplitInfo,
  SplitSettings,
} from '../../worker/api';
import { errorMessage, useLab } from '../labContext';
import { SplitForm } from './SplitForm';
import { MethodPicker, runLabel } from './MethodPicker';
import { ComparisonTable } from './ComparisonTable';
import { MetricBars } from './MetricBars';
import { BalanceSection } from './BalanceSection';

interface Props {
  dataset: DatasetMeta | null;
  methods: RecommenderMeta[];
  backend: BackendName | null;
  onActivity(text: string): void;
  onError(message: string | null): void;
}

/** The first runs offered: the baselines everything must beat. */
const STARTER_METHODS = ['popularity', 'baseline'];

/**
 * The evaluation lab: choose a split of the selected dataset and a set of methods with their
 * parameters, run them in the worker (progress, Cancel), and compare them in one table and chart.
 * Reports are stored with the dataset and split, so a reload shows the last one again.
 */
export function EvaluatePanel({ dataset, methods, backend, onActivity, onError }: Props) {
  const lab = useLab();
  const [splits, setSplits] = useState<SplitInfo[]>([]);
  const [splitId, setSplitId] = useState<string | null>(null);
  const [testFile, setTestFile] = useState<File | null>(null);
  const [runs, setRuns] = useState<MethodRun[]>([]);
  const [runsValid, setRunsValid] = useState(true);
  const [k, setK] = useState(10);
  const [threshold, setThreshold] = useState<number | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<EvaluationProgress | null>(null);
  const [liveRows, setLiveRows] = useState<EvaluationRow[]>([]);
  const [report, setReport] = useState<EvaluationReport | null>(null);
  const [balance, setBalance] = useState<DatasetBalance | null>(null);
  const [balanceError, setBalanceError] = useState<string | null>(null);
  const running = jobId !== null;
  const datasetId = dataset?.id ?? null;

  // The selected dataset's popularity balance (the Balance section; genres decide whether calibration can run).
  useEffect(() => {
    setBalance(null);
    setBalanceError(null);
    if (!datasetId) return;
    let live = true;
    lab.datasetBalance().then(
      (b) => live && b.datasetId === datasetId && setBalance(b),
      (e: unknown) => live && setBalanceError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [lab, datasetId]);

  const refreshSplits = useCallback(async () => {
    const list = await lab.listSplits();
    setSplits(list);
    return list;
  }, [lab]);

  useEffect(() => {
    setReport(null);
    setSplits([]);
    setSplitId(null);
    if (!datasetId) return;
    let live = true;
    refreshSplits().then(
      (list) => live && setSplitId(list[0]?.id ?? null),
      (e: unknown) => live && onError(`Could not read the stored splits: ${errorMessage(e)}`),
    );
    return () => {
      live = false;
    };
  }, [datasetId, refreshSplits, onError]);

  // The last stored report of the chosen split.
  useEffect(() => {
    setReport(null);
    if (!splitId) return;
    let live = true;
    lab.listEvaluations(splitId).then(
      (list) => live && setReport(list[0] ?? null),
      (e: unknown) => live && onError(`Could not read the stored evaluations: ${errorMessage(e)}`),
    );
    return () => {
      live = false;
    };
  }, [lab, splitId, onError]);

  // Offer the baselines first, once the methods are known.
  useEffect(() => {
    if (methods.length === 0) return;
    setRuns((current) => {
      if (current.length > 0) return current;
      return methods
        .filter((m) => STARTER_METHODS.includes(m.id))
        .map((m) => ({ method: m.id, params: Object.fromEntries(m.params.map((p) => [p.key, m.backendDefaults?.[backend ?? 'cpu']?.[p.key] ?? p.default])), label: m.name }));
    });
  }, [methods, backend]);

  const createSplit = async (settings: SplitSettings) => {
    onError(null);
    try {
      let info: SplitInfo;
      if (settings.protocol === 'predefined') {
        if (!testFile) throw new Error('Choose the test file first.');
        onActivity(`Reading the test file ${testFile.name}…`);
        const { sniff, ratingsMapping } = await lab.sniff(testFile);
        info = await lab.createPredefinedSplit(
          newJobId('split'),
          testFile,
          testFile.name,
          { encoding: sniff.encoding ?? 'windows-1252', delimiter: sniff.delimiter, hasHeader: sniff.hasHeader, mapping: ratingsMapping },
          proxyCallback((_p: ImportProgress) => {}),
        );
      } else {
        info = await lab.createSplit(settings);
      }
      await refreshSplits();
      setSplitId(info.id);
      onActivity(`Split "${info.name}": ${info.summary.trainRatings} train, ${info.summary.testRatings} test ratings.`);
    } catch (e) {
      onError(`Could not create the split: ${errorMessage(e)}`);
    }
  };

  const deleteSplit = async (id: string) => {
    try {
      await lab.deleteSplit(id);
      const list = await refreshSplits();
      if (id === splitId) setSplitId(list[0]?.id ?? null);
    } catch (e) {
      onError(`Could not delete the split: ${errorMessage(e)}`);
    }
  };

  /** Evaluates `list` (the chosen runs, or a λ sweep's runs) on the chosen split. */
  const run = async (list: readonly MethodRun[] = runs) => {
    if (!splitId || list.length === 0) return;
    const id = newJobId('evaluate');
    setJobId(id);
    setLiveRows([]);
    setProgress(null);
    onError(null);
    const settings: EvaluationSettings = { k, relevanceThreshold: threshold };
    const named = list.map((r) => ({ ...r, label: runLabel(r, methods) }));
    onActivity(`Evaluating ${list.length} method${list.length === 1 ? '' : 's'} on ${dataset?.name ?? 'the dataset'}…`);
    try {
      const result = await lab.evaluate(
        id,
        splitId,
        named,
        settings,
        proxyCallback((p: EvaluationProgress) => setProgress(p)),
        proxyCallback((row: EvaluationRow) => setLiveRows((rows) => [...rows, row])),
      );
      setReport(result);
      onActivity(result.partial ? `Evaluation cancelled after ${result.rows.length} of ${list.length} methods; the finished rows are kept.` : `Evaluated ${result.rows.length} methods.`);
    } catch (e) {
      onError(`Evaluation failed: ${errorMessage(e)}`);
    } finally {
      setJobId(null);
    }
  };

  if (!dataset) return <p>Select a dataset first.</p>;
  const shown: EvaluationReport | null = running
    ? { id: 'live', datasetId: dataset.id, splitId: splitId ?? '', splitName: '', settings: { k, relevanceThreshold: threshold }, createdAt: 0, rows: liveRows, partial: true }
    : report;
  const splitChosen = splits.find((s) => s.id === splitId) ?? null;
  return (
    <div className="evaluate">
      <div className="columns">
        <div>
          <SplitForm
            splits={splits}
            selectedId={splitId}
            onSelect={setSplitId}
            onDelete={(id) => void deleteSplit(id)}
            onCreate={(s) => void createSplit(s)}
            hasTimestamps={dataset.hasTimestamps}
            onPredefinedFile={setTestFile}
            disabled={running}
          />
        </div>
        <div>
          <h3>Methods</h3>
          <MethodPicker
            methods={methods}
            runs={runs}
            onChange={setRuns}
            backend={backend}
            disabled={running}
            onValidity={setRunsValid}
            dataset={dataset}
            hasGenres={balance === null ? null : balance.itemsWithGenres > 0}
          />
        </div>
      </div>
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          k (top-k lists)
          <input type="number" min={1} max={1000} step={1} value={k} onChange={(e) => setK(Math.max(1, Math.round(Number(e.target.value) || 1)))} disabled={running} />
        </label>
        <label className="check">
          <input type="checkbox" checked={threshold !== null} onChange={(e) => setThreshold(e.target.checked ? 4 : null)} disabled={running} />
          Only test ratings ≥ a threshold are relevant
        </label>
        {threshold !== null && (
          <label>
            Relevance threshold
            <input type="number" step="any" value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} disabled={running} />
          </label>
        )}
        <button type="submit" className="primary" disabled={running || !splitChosen || runs.length === 0 || !runsValid}>
          Run evaluation
        </button>
        <button type="button" onClick={() => jobId && void lab.cancel(jobId)} disabled={!running}>
          Cancel
        </button>
      </form>
      {!splitChosen && <p className="muted">Create a split first: the methods are fitted on its train part and measured on its test part.</p>}
      <label className="progress-block">
        Evaluation progress
        <progress max={1} value={progress?.fraction ?? 0} aria-valuetext={`${Math.round((progress?.fraction ?? 0) * 100)}%`} />
        {running && progress && (
          <span className="muted">
            {progress.stage === 'fitting' ? 'Fitting' : 'Measuring'} {progress.label} ({progress.run + 1} of {progress.runs})
          </span>
        )}
      </label>
      {shown && shown.rows.length > 0 && (
        <>
          <p className="muted">
            {running ? 'Rows so far' : `Split ${shown.splitName}; ${new Date(shown.createdAt).toLocaleString()}${shown.partial ? ' (cancelled: partial)' : ''}`}. Ranking: top {shown.settings.k} of
            the items each user did not rate in training; relevant ={' '}
            {shown.settings.relevanceThreshold === null ? 'every test item of the user' : `test items rated ≥ ${shown.settings.relevanceThreshold}`}. RMSE/MAE clip predictions to the
            rating scale.
          </p>
          <ComparisonTable report={shown} methods={methods} datasetName={dataset.name} />
          <MetricBars report={shown} />
        </>
      )}
      <BalanceSection
        balance={balance}
        balanceError={balanceError}
        runs={runs}
        methods={methods}
        report={shown}
        sweepDisabled={running || !splitChosen}
        onSweep={(list) => void run(list)}
      />
    </div>
  );
}
