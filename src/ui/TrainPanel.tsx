import { useEffect, useState } from 'react';
import { newJobId, proxyCallback } from '../worker/client';
import type { BackendInfo, DatasetMeta, EpochReport, ModelSummary, TrainParams } from '../worker/api';
import type { BackendPreference } from './App';
import { errorMessage, useLab } from './labContext';
import { formatBytes } from './format';
import { LossChart } from './LossChart';
import { EpochTable } from './EpochTable';

interface Props {
  dataset: DatasetMeta | null;
  backend: BackendInfo | null;
  preference: BackendPreference;
  onPreference(p: BackendPreference): void;
  onTrained(summary: ModelSummary | null): void;
  onActivity(text: string): void;
  onError(message: string | null): void;
}

type NumericParam = Exclude<keyof TrainParams, 'optimizer'>;
const FIELDS: { key: NumericParam; label: string; step: string; min: number; max?: number }[] = [
  { key: 'factors', label: 'Factors (embedding size)', step: '1', min: 1, max: 512 },
  { key: 'epochs', label: 'Epochs', step: '1', min: 1, max: 500 },
  { key: 'learningRate', label: 'Learning rate', step: 'any', min: 0 },
  { key: 'regularization', label: 'Regularization λ', step: 'any', min: 0 },
  { key: 'batchSize', label: 'Batch size', step: '1', min: 1 },
  { key: 'validationFraction', label: 'Validation fraction', step: 'any', min: 0, max: 0.9 },
  { key: 'seed', label: 'Seed', step: '1', min: 0 },
];

/** Training settings, Train / Stop, a progress bar, live curves and per-epoch figures. */
export function TrainPanel({ dataset, backend, preference, onPreference, onTrained, onActivity, onError }: Props) {
  const lab = useLab();
  const [params, setParams] = useState<TrainParams | null>(null);
  /** Once the user edits a setting, a backend change no longer resets the settings. */
  const [edited, setEdited] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [epochs, setEpochs] = useState<EpochReport[]>([]);

  const backendName = backend?.name ?? null;
  useEffect(() => {
    if (!backendName || edited) return;
    lab.defaultTrainParams(backendName).then(setParams, (e: unknown) => onError(errorMessage(e)));
  }, [lab, backendName, edited, onError]);

  const edit = (next: TrainParams) => {
    setEdited(true);
    setParams(next);
  };

  const train = async () => {
    if (!params || !dataset) return;
    const id = newJobId('train');
    setJobId(id);
    setEpochs([]);
    setProgress(0);
    onError(null);
    onActivity(`Training on ${dataset.name}…`);
    try {
      const outcome = await lab.train(
        id,
        params,
        proxyCallback((r: EpochReport) => setEpochs((list) => [...list, r])),
        proxyCallback((f: number) => setProgress(f)),
      );
      onActivity(
        `${outcome.stopped ? 'Stopped' : 'Trained'} after ${outcome.epochsRun} epochs in ${outcome.seconds.toFixed(1)} s on ${outcome.backend}.`,
      );
      onTrained(await lab.modelSummary());
    } catch (e) {
      onError(`Training failed: ${errorMessage(e)}`);
    } finally {
      setJobId(null);
    }
  };

  const last = epochs[epochs.length - 1];
  const running = jobId !== null;
  return (
    <div className="train">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void train();
        }}
      >
        <fieldset disabled={running || !params} className="params">
          <legend>Biased matrix factorization: r̂ = μ + b_u + b_i + q_u·p_i</legend>
          {params &&
            FIELDS.map((f) => (
              <label key={f.key}>
                {f.label}
                <input
                  type="number"
                  step={f.step}
                  min={f.min}
                  max={f.max}
                  value={params[f.key]}
                  onChange={(e) => edit({ ...params, [f.key]: Number(e.target.value) })}
                  required
                />
              </label>
            ))}
          {params && (
            <label>
              Optimizer
              <select value={params.optimizer} onChange={(e) => edit({ ...params, optimizer: e.target.value as TrainParams['optimizer'] })}>
                <option value="adam">Adam</option>
                <option value="sgd">SGD</option>
              </select>
            </label>
          )}
          <label>
            Backend
            <select value={preference} onChange={(e) => onPreference(e.target.value as BackendPreference)}>
              <option value="auto">Automatic (WebGPU → WebGL → CPU)</option>
              <option value="webgpu">WebGPU</option>
              <option value="webgl">WebGL</option>
              <option value="cpu">CPU (typed arrays)</option>
            </select>
          </label>
        </fieldset>
        {backendName && (
          <p className="muted">
            {edited ? 'Your settings. ' : `Defaults for ${backendName}: `}
            {!edited &&
              (backendName === 'cpu'
                ? 'SGD, which updates only the rows in each batch, so a step costs the same however large the catalogue.'
                : 'few, large Adam steps, since each GPU step touches the whole embedding tables.')}
            {edited && (
              <button type="button" className="link" onClick={() => setEdited(false)} disabled={running}>
                Use the defaults for {backendName}
              </button>
            )}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={running || !params || !dataset || !backend}>
            Train
          </button>
          <button type="button" onClick={() => jobId && void lab.cancel(jobId)} disabled={!running}>
            Stop
          </button>
        </div>
      </form>
      <label className="progress-block">
        Training progress
        <progress max={1} value={progress} aria-valuetext={`${Math.round(progress * 100)}%`} />
      </label>
      <LossChart epochs={epochs} />
      {last && (
        <dl className="epoch-stats" aria-label="Last epoch">
          <dt>Epoch</dt>
          <dd>
            {last.epoch} / {params?.epochs}
          </dd>
          <dt>Train MSE</dt>
          <dd>{last.trainLoss.toFixed(4)}</dd>
          <dt>Validation RMSE</dt>
          <dd>{last.valRmse.toFixed(4)}</dd>
          <dt>Validation MAE</dt>
          <dd>{last.valMae.toFixed(4)}</dd>
          <dt>Epoch time</dt>
          <dd>{(last.epochMs / 1000).toFixed(2)} s</dd>
          <dt>Ratings/s</dt>
          <dd>{Math.round(last.ratingsPerSec)}</dd>
          <dt>Backend</dt>
          <dd>{last.backend}</dd>
          <dt>tfjs tensors</dt>
          <dd>
            {last.tensors} ({formatBytes(last.bytes)})
          </dd>
        </dl>
      )}
      {epochs.length > 0 && <EpochTable epochs={epochs} />}
    </div>
  );
}
