import { useEffect, useMemo, useState } from 'react';
import { newJobId, proxyCallback } from '../worker/client';
import type { BackendInfo, DatasetMeta, EpochReport, InterruptedRun, ModelSummary, ParamValues, RecommenderMeta, TrainRequest } from '../worker/api';
import type { BackendPreference } from './App';
import { errorMessage, useLab } from './labContext';
import { formatBytes } from './format';
import { LossChart } from './LossChart';
import { EpochTable } from './EpochTable';
import { ParamForm } from './ParamForm';
import { Tex } from './examples/Tex';
import { groupByFamily, unmetNeeds } from './methodFamilies';
import { LayerTable } from './LayerTable';

interface Props {
  dataset: DatasetMeta | null;
  backend: BackendInfo | null;
  preference: BackendPreference;
  methods: RecommenderMeta[];
  onPreference(p: BackendPreference): void;
  onTrained(summary: ModelSummary): void;
  /** The backend changed under a run (the GPU failed and training went on with the next one). */
  onBackendChange(info: BackendInfo): void;
  onActivity(text: string): void;
  onError(message: string | null): void;
}

const METHOD_KEY = 'reclab.trainMethod';

/** Choose a method, set its parameters (a form generated from its schema), fit it with live progress and curves. */
export function TrainPanel({ dataset, backend, preference, methods, onPreference, onTrained, onBackendChange, onActivity, onError }: Props) {
  const lab = useLab();
  const [methodId, setMethodId] = useState(() => localStorage.getItem(METHOD_KEY) ?? 'biased-mf');
  const meta = useMemo(() => methods.find((m) => m.id === methodId) ?? methods[0] ?? null, [methods, methodId]);
  const [params, setParams] = useState<ParamValues | null>(null);
  const [valid, setValid] = useState(true);
  /** Once the user edits a setting, a backend change no longer resets the settings. */
  const [edited, setEdited] = useState(false);
  const [validationFraction, setValidationFraction] = useState(0.1);
  const [splitSeed, setSplitSeed] = useState(42);
  const [jobId, setJobId] = useState<string | null>(null);
  /** Fraction of training done; null while Automatic measures the backends (an indeterminate bar). */
  const [progress, setProgress] = useState<number | null>(0);
  const [epochs, setEpochs] = useState<EpochReport[]>([]);
  const [last, setLast] = useState<ModelSummary | null>(null);

  const backendName = backend?.name ?? null;
  const metaId = meta?.id ?? null;
  useEffect(() => {
    if (!backendName || !metaId || edited) return;
    lab.defaultParams(metaId, backendName).then(setParams, (e: unknown) => onError(errorMessage(e)));
  }, [lab, backendName, metaId, edited, onError]);

  const chooseMethod = (id: string) => {
    // choosing the method already shown keeps its settings (the defaults would not be fetched again)
    if (id === meta?.id) return;
    localStorage.setItem(METHOD_KEY, id);
    setMethodId(id);
    setParams(null);
    setEdited(false);
    setEpochs([]);
  };
  const edit = (next: ParamValues) => {
    setEdited(true);
    setParams(next);
  };

  // A run a reload or a crash cut short, offered for resuming (checked whenever the dataset changes).
  const [interrupted, setInterrupted] = useState<InterruptedRun | null>(null);
  const datasetId = dataset?.id ?? null;
  useEffect(() => {
    setInterrupted(null);
    if (!datasetId) return;
    let live = true;
    lab.interruptedRun().then(
      (run) => live && setInterrupted(run),
      () => undefined, // nothing to offer
    );
    return () => {
      live = false;
    };
  }, [lab, datasetId]);

  const discardInterrupted = async () => {
    setInterrupted(null);
    try {
      await lab.discardInterruptedRun();
    } catch (e) {
      onError(`Could not forget the interrupted run: ${errorMessage(e)}`);
    }
  };

  const train = (resume: InterruptedRun | null = null) => {
    if (resume) {
      const resumedMeta = methods.find((m) => m.id === resume.method);
      if (!resumedMeta) return;
      localStorage.setItem(METHOD_KEY, resume.method);
      setMethodId(resume.method);
      setParams(resume.params);
      setEdited(true);
      setValidationFraction(resume.validationFraction);
      setSplitSeed(resume.splitSeed);
      setInterrupted(null);
      return void runTraining(resumedMeta, { method: resume.method, params: resume.params, validationFraction: resume.validationFraction, splitSeed: resume.splitSeed, resume: true }, resume.curves);
    }
    if (!params || !meta) return;
    setInterrupted(null);
    return void runTraining(meta, { method: meta.id, params, validationFraction, splitSeed, defaults: !edited }, []);
  };

  const runTraining = async (meta: RecommenderMeta, request: TrainRequest, curves: EpochReport[]) => {
    if (!dataset) return;
    const id = newJobId('train');
    setJobId(id);
    setEpochs(curves);
    onError(null);
    const measuring = preference === 'auto' && meta.usesGpu ? ' (Automatic: first a short run on each backend, about 2 s, to find the fastest)' : '';
    setProgress(measuring ? null : 0);
    onActivity(`${request.resume ? `Resuming ${meta.name} on ${dataset.name} after epoch ${curves.length}` : `Training ${meta.name} on ${dataset.name}`}${measuring}…`);
    let note: string | undefined;
    try {
      const outcome = await lab.train(
        id,
        request,
        proxyCallback((r: EpochReport) => {
          note = r.note;
          setEpochs((list) => [...list, r]);
        }),
        proxyCallback((f: number) => setProgress(f)),
      );
      setProgress(1);
      const verb = outcome.stopped ? 'Stopped' : 'Trained';
      const done = meta.iterative
        ? `${verb} after ${outcome.epochsRun} epochs in ${outcome.seconds.toFixed(1)} s on ${outcome.backend}${note === undefined ? '' : ` (${note})`}.`
        : `${verb} ${meta.name} in ${outcome.seconds.toFixed(2)} s on ${outcome.backend}.`;
      const f = outcome.fallback;
      const c = outcome.choice;
      if (c) onBackendChange(c.backend);
      if (f) onBackendChange(f.backend);
      const chosen = c ? `Automatic: ${c.reason} (${c.reused ? 'measured earlier this session' : `measured in ${(c.ms / 1000).toFixed(1)} s`}). ` : '';
      onActivity(
        chosen +
          (f
            ? `${f.reason}. Went on with ${f.backend.name} ${f.resumedFromEpoch !== null ? `from the checkpoint after epoch ${f.resumedFromEpoch}` : 'from the start'}. ${done}`
            : done),
      );
      setLast(outcome.model);
      onTrained(outcome.model);
      if (outcome.checkpointError !== null) onError(outcome.checkpointError);
      if (outcome.storeError !== null) {
        onError(`The model is trained and kept for this session, but could not be stored in this browser (it will not survive a reload): ${outcome.storeError}`);
      }
    } catch (e) {
      // a method that is not iterative has nothing to keep when stopped part-way
      if (e instanceof Error && e.name === 'AbortError') onActivity(`Stopped: ${meta.name} was not fitted.`);
      else onError(`Training failed: ${errorMessage(e)}`);
    } finally {
      setJobId(null);
    }
  };

  const lastEpoch = epochs[epochs.length - 1];
  const lossLabel = lastEpoch?.lossLabel ?? 'Train MSE';
  const running = jobId !== null;
  const unmet = meta ? unmetNeeds(meta, dataset) : null;
  const gpuNote = meta && backendName && !edited ? (meta.backendDefaultsWhy?.[backendName] ?? null) : null;
  return (
    <div className="train">
      {interrupted && !running && (
        <div className="interrupted" role="region" aria-label="Interrupted training">
          <p>
            Training {interrupted.methodName} was cut short after epoch {interrupted.epoch} of {interrupted.epochs} (on {interrupted.backend},{' '}
            {new Date(interrupted.savedAt).toLocaleString()}): a reload or a crash. It can go on from there with the same settings, holdout and seed.
          </p>
          <button type="button" className="primary" onClick={() => train(interrupted)}>
            Resume from epoch {interrupted.epoch + 1}
          </button>{' '}
          <button type="button" onClick={() => void discardInterrupted()}>
            Discard
          </button>
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          train();
        }}
      >
        <div className="method-choice">
          <label htmlFor="train-method">Method</label>
          <select id="train-method" value={meta?.id ?? ''} onChange={(e) => chooseMethod(e.target.value)} disabled={running}>
            {groupByFamily(methods).map((g) => (
              <optgroup key={g.family} label={g.title}>
                {g.members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        {meta && (
          <div className="method-formula" aria-label="Formula">
            <Tex tex={meta.formula} />
            <p className="muted">
              {meta.summary}
              {!meta.usesGpu && ' Runs on the CPU.'}
            </p>
          </div>
        )}
        <fieldset disabled={running || !params} className="params">
          <legend>{meta?.name ?? 'Method'} settings</legend>
          {meta && params && <ParamForm specs={meta.params} values={params} onChange={edit} onValidity={setValid} idPrefix="train" />}
        </fieldset>
        {meta?.family === 'neural' && params && dataset && <LayerTable params={params} users={dataset.users} items={dataset.items} />}
        <fieldset disabled={running} className="params">
          <legend>Validation and backend</legend>
          <label>
            Validation fraction
            <input type="number" step="any" min={0} max={0.9} value={validationFraction} onChange={(e) => setValidationFraction(Number(e.target.value))} required />
          </label>
          <label>
            Validation seed
            <input type="number" step={1} min={0} value={splitSeed} onChange={(e) => setSplitSeed(Number(e.target.value))} required />
          </label>
          <label>
            Backend
            <select value={preference} onChange={(e) => onPreference(e.target.value as BackendPreference)}>
              <option value="auto">Automatic (fastest)</option>
              <option value="webgpu">WebGPU</option>
              <option value="webgl">WebGL</option>
              <option value="cpu">CPU</option>
            </select>
          </label>
        </fieldset>
        {backendName && meta?.backendDefaults && (
          <p className="muted">
            {edited ? 'Your settings. ' : `Defaults for ${backendName}: `}
            {gpuNote}
            {edited && (
              <button type="button" className="link" onClick={() => setEdited(false)} disabled={running}>
                Use the defaults for {backendName}
              </button>
            )}
          </p>
        )}
        {unmet && (
          <p className="warning" role="note" id="train-unmet">
            {unmet}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={running || !params || !valid || !dataset || !backend || unmet !== null} aria-describedby={unmet ? 'train-unmet' : undefined}>
            Train
          </button>
          <button type="button" onClick={() => jobId && void lab.cancel(jobId)} disabled={!running}>
            Stop
          </button>
        </div>
      </form>
      <label className="progress-block">
        Training progress
        {progress === null ? (
          <progress max={1} aria-valuetext="Measuring each backend" />
        ) : (
          <progress max={1} value={progress} aria-valuetext={`${Math.round(progress * 100)}%`} />
        )}
      </label>
      {meta?.iterative && <LossChart key={lossLabel} epochs={epochs} lossLabel={lossLabel} ratingErrors={meta.predictsRatings} />}
      {meta?.iterative && lastEpoch && (
        <dl className="epoch-stats" aria-label="Last epoch">
          <dt>Epoch</dt>
          <dd>
            {lastEpoch.epoch} / {String(params?.epochs ?? '')}
          </dd>
          <dt>{lossLabel}</dt>
          <dd>{lastEpoch.trainLoss.toFixed(4)}</dd>
          {Number.isFinite(lastEpoch.valRmse) && (
            <>
              <dt>Validation RMSE</dt>
              <dd>{lastEpoch.valRmse.toFixed(4)}</dd>
              <dt>Validation MAE</dt>
              <dd>{lastEpoch.valMae.toFixed(4)}</dd>
            </>
          )}
          <dt>Epoch time</dt>
          <dd>{(lastEpoch.epochMs / 1000).toFixed(2)} s</dd>
          <dt>Ratings/s</dt>
          <dd>{Math.round(lastEpoch.ratingsPerSec)}</dd>
          <dt>Backend</dt>
          <dd>{lastEpoch.backend}</dd>
          {lastEpoch.note !== undefined && (
            <>
              <dt>Threads</dt>
              <dd data-testid="epoch-note">{lastEpoch.note}</dd>
            </>
          )}
          <dt>tfjs tensors</dt>
          <dd>
            {lastEpoch.tensors} ({formatBytes(lastEpoch.bytes)})
          </dd>
        </dl>
      )}
      {meta?.iterative && epochs.length > 0 && <EpochTable epochs={epochs} />}
      {last && last.method === meta?.id && (
        <dl className="epoch-stats facts" aria-label="Fitted model">
          <dt>Fit time</dt>
          <dd>{(last.fitMs / 1000).toFixed(2)} s</dd>
          <dt>Backend</dt>
          <dd>{last.backend}</dd>
          {last.validation?.rmse != null && last.validation.mae != null && (
            <>
              <dt>Validation RMSE</dt>
              <dd data-testid="fitted-val-rmse">{last.validation.rmse.toFixed(4)}</dd>
              <dt>Validation MAE</dt>
              <dd>{last.validation.mae.toFixed(4)}</dd>
            </>
          )}
          {last.validation?.ndcgAt10 != null && last.validation.hitRateAt10 != null && (
            <>
              <dt>Validation nDCG@10</dt>
              <dd data-testid="fitted-val-ndcg">{last.validation.ndcgAt10.toFixed(4)}</dd>
              <dt>Validation hit rate@10</dt>
              <dd>{last.validation.hitRateAt10.toFixed(4)}</dd>
              {last.validation.rankedUsers !== undefined && last.validation.heldOutUsers !== undefined && last.validation.rankedUsers < last.validation.heldOutUsers && (
                <>
                  <dt>Ranked users</dt>
                  <dd>
                    a seeded sample of {last.validation.rankedUsers} of the {last.validation.heldOutUsers} held-out users
                  </dd>
                </>
              )}
            </>
          )}
          {last.facts.map((f) => (
            <FactRow key={f.label} label={f.label} value={f.value} />
          ))}
        </dl>
      )}
    </div>
  );
}

function FactRow({ label, value }: { label: string; value: number | string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : value}</dd>
    </>
  );
}
