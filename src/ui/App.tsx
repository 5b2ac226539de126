import { useCallback, useEffect, useMemo, useState } from 'react';
import { onWorkerRestart, sharedLabClient } from '../worker/client';
import type { BackendInfo, BackendName, DatasetMeta, ModelSummary, RecommenderMeta } from '../worker/api';
import { LabContext, errorMessage } from './labContext';
import { StatusBar } from './StatusBar';
import { pageCapabilities } from './pageCapabilities';
import { askForPersistenceOnce, storageIsPersistent } from './storagePersistence';
import { DatasetPanel } from './DatasetPanel';
import { ImportPanel } from './ImportPanel';
import { TrainPanel } from './TrainPanel';
import { ResultsPanel } from './ResultsPanel';
import { YouPanel } from './YouPanel';
import { ParityPanel } from './ParityPanel';
import { ModelPicker, modelLabel } from './ModelPicker';
import { mergeModels, type ModelEntry } from './modelEntries';
import { SimulatePanel } from './simulate/SimulatePanel';
import { EvaluatePanel } from './evaluate/EvaluatePanel';

const SELECTED_KEY = 'reclab.selectedDataset';
const BACKEND_KEY = 'reclab.backend';

export type BackendPreference = 'auto' | BackendName;

export function App() {
  // One worker for the page's lifetime (not per mount: StrictMode mounts twice in development).
  const client = useMemo(sharedLabClient, []);

  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [preference, setPreference] = useState<BackendPreference>(
    () => (localStorage.getItem(BACKEND_KEY) as BackendPreference | null) ?? 'auto',
  );
  const [datasets, setDatasets] = useState<DatasetMeta[]>([]);
  const [selected, setSelected] = useState<DatasetMeta | null>(null);
  const [methods, setMethods] = useState<RecommenderMeta[]>([]);
  /** Models of the selected dataset (kept this session, or stored in this browser), and the one shown. */
  const [models, setModels] = useState<ModelEntry[]>([]);
  const [activeModelId, setActiveModelId] = useState<string | null>(null);
  const [deletingModel, setDeletingModel] = useState<string | null>(null);
  const model = models.find((m) => m.summary.id === activeModelId)?.summary ?? null;
  const [activity, setActivity] = useState('Starting the compute worker…');
  const [error, setError] = useState<string | null>(null);
  /** How many times the worker was restarted after a crash: its session (backend, dataset, models) is set up again each time. */
  const [restarts, setRestarts] = useState(0);
  /** Whether the browser keeps the datasets when space runs low (asked for at the first import). */
  const [persistent, setPersistent] = useState<boolean | null>(null);

  useEffect(() => {
    void storageIsPersistent().then(setPersistent);
  }, []);
  const onImportStart = useCallback(() => {
    void askForPersistenceOnce().then(setPersistent);
  }, []);

  useEffect(() => onWorkerRestart(() => setRestarts((n) => n + 1)), []);

  useEffect(() => {
    let live = true;
    setBackend(null);
    client
      .initBackend(preference, pageCapabilities())
      .then((info) => live && setBackend(info))
      .catch((e: unknown) => live && setError(`Could not start a compute backend: ${errorMessage(e)}`));
    return () => {
      live = false;
    };
  }, [client, preference, restarts]);

  useEffect(() => {
    client.listMethods().then(setMethods, (e: unknown) => setError(`Could not list the methods: ${errorMessage(e)}`));
  }, [client]);

  /**
   * The selected dataset's models: those in memory and those stored in this browser. When the store
   * cannot be read, says so and lists the ones in memory.
   */
  const refreshModels = useCallback(async (): Promise<ModelEntry[]> => {
    const session = await client.listModels();
    let stored: Awaited<ReturnType<typeof client.listStoredModels>> = [];
    try {
      stored = await client.listStoredModels();
    } catch (e) {
      setError(`Could not read the models stored in this browser: ${errorMessage(e)}`);
    }
    const merged = mergeModels(session, stored);
    setModels(merged);
    return merged;
  }, [client]);

  const selectDataset = useCallback(
    async (id: string) => {
      setError(null);
      setActivity('Loading dataset…');
      try {
        const meta = await client.selectDataset(id);
        localStorage.setItem(SELECTED_KEY, id);
        setSelected(meta);
        const listed = await refreshModels();
        setActiveModelId(listed[listed.length - 1]?.summary.id ?? null);
        setActivity('Ready.');
      } catch (e) {
        setError(`Could not load the dataset: ${errorMessage(e)}`);
      }
    },
    [client, refreshModels],
  );

  const refreshDatasets = useCallback(async () => {
    const list = await client.listDatasets();
    setDatasets(list);
    return list;
  }, [client]);

  useEffect(() => {
    refreshDatasets()
      .then((list) => {
        const remembered = localStorage.getItem(SELECTED_KEY);
        const initial = list.find((d) => d.id === remembered) ?? list[0];
        if (initial) return selectDataset(initial.id);
      })
      .catch((e: unknown) => setError(`Could not read stored datasets: ${errorMessage(e)}`));
  }, [refreshDatasets, selectDataset]);

  // After a restart the new worker knows no dataset and no model: select the dataset again (without
  // clearing the error that told the user what happened) and say so in the status line.
  useEffect(() => {
    if (restarts === 0) return;
    let live = true;
    setModels([]);
    setActiveModelId(null);
    setActivity('The compute worker restarted; reloading the dataset…');
    (async () => {
      const list = await client.listDatasets();
      if (!live) return;
      setDatasets(list);
      const remembered = localStorage.getItem(SELECTED_KEY);
      const again = list.find((d) => d.id === remembered) ?? list[0];
      if (again) setSelected(await client.selectDataset(again.id));
      if (again && live) await refreshModels();
      if (live) setActivity('The compute worker restarted: the dataset is reloaded and its stored models are listed again.');
    })().catch((e: unknown) => live && setError(`The compute worker restarted but could not reload the dataset: ${errorMessage(e)}`));
    return () => {
      live = false;
    };
  }, [client, restarts, refreshModels]);

  const onImported = useCallback(
    async (meta: DatasetMeta) => {
      await refreshDatasets();
      await selectDataset(meta.id);
    },
    [refreshDatasets, selectDataset],
  );

  const onDeleted = useCallback(
    async (id: string) => {
      const list = await refreshDatasets();
      if (selected?.id === id && list[0]) await selectDataset(list[0].id);
    },
    [refreshDatasets, selectDataset, selected],
  );

  const onTrained = useCallback(
    async (summary: ModelSummary) => {
      await refreshModels();
      setActiveModelId(summary.id);
    },
    [refreshModels],
  );

  /** Shows a model; a stored one is restored into the worker first (a failure says why). */
  const chooseModel = useCallback(
    (id: string) => {
      setActiveModelId(id);
      const entry = models.find((m) => m.summary.id === id);
      if (!entry?.stored) return;
      setActivity(`Restoring ${modelLabel(entry.summary)}…`);
      client.loadStoredModel(id).then(
        () => setActivity('Ready.'),
        (e: unknown) => setError(`Could not restore the model: ${errorMessage(e)}`),
      );
    },
    [client, models],
  );

  /** Deletes a model from this browser and the session; the newest remaining one is shown if it was. */
  const deleteModel = useCallback(
    async (id: string) => {
      const entry = models.find((m) => m.summary.id === id);
      setDeletingModel(id);
      try {
        await client.deleteStoredModel(id);
        const listed = await refreshModels();
        if (activeModelId === id) setActiveModelId(listed[listed.length - 1]?.summary.id ?? null);
        setActivity(entry ? `Deleted ${modelLabel(entry.summary)}.` : 'Deleted the model.');
      } catch (e) {
        setError(`Could not delete the model: ${errorMessage(e)}`);
      } finally {
        setDeletingModel(null);
      }
    },
    [client, models, refreshModels, activeModelId],
  );

  const changePreference = (p: BackendPreference) => {
    localStorage.setItem(BACKEND_KEY, p);
    setPreference(p);
  };

  return (
    <LabContext.Provider value={client}>
      <header className="app-header">
        <h1>Recommender Lab</h1>
        <p className="tagline">
          Trains recommenders on your ratings, on your own GPU, and compares them. Nothing leaves this tab.
        </p>
      </header>
      <StatusBar backend={backend} activity={activity} error={error} />
      <main className="layout">
        <section aria-labelledby="data-heading" className="panel">
          <h2 id="data-heading">1. Data</h2>
          <DatasetPanel
            datasets={datasets}
            selected={selected}
            persistent={persistent}
            onSelect={selectDataset}
            onDeleted={onDeleted}
            onError={setError}
          />
          <ImportPanel onStart={onImportStart} onImported={onImported} onActivity={setActivity} onError={setError} />
        </section>
        <section aria-labelledby="train-heading" className="panel">
          <h2 id="train-heading">2. Train</h2>
          <TrainPanel
            dataset={selected}
            backend={backend}
            preference={preference}
            methods={methods}
            onPreference={changePreference}
            onTrained={onTrained}
            onBackendChange={setBackend}
            onActivity={setActivity}
            onError={setError}
          />
        </section>
        <section aria-labelledby="results-heading" className="panel wide">
          <h2 id="results-heading">3. Recommendations</h2>
          <ModelPicker models={models} activeId={model?.id ?? null} onChoose={chooseModel} onDelete={(id) => void deleteModel(id)} deleting={deletingModel} />
          <ResultsPanel dataset={selected} model={model} onError={setError} />
        </section>
        <section aria-labelledby="you-heading" className="panel wide">
          <h2 id="you-heading">4. You</h2>
          <YouPanel dataset={selected} model={model} onError={setError} />
        </section>
        <section aria-labelledby="evaluate-heading" className="panel wide">
          <h2 id="evaluate-heading">5. Evaluate</h2>
          <EvaluatePanel dataset={selected} methods={methods} backend={backend?.name ?? null} onActivity={setActivity} onError={setError} />
        </section>
        <section aria-labelledby="simulate-heading" className="panel wide">
          <h2 id="simulate-heading">6. Simulate</h2>
          <SimulatePanel dataset={selected} onActivity={setActivity} onError={setError} />
        </section>
        <section aria-labelledby="parity-heading" className="panel wide">
          <h2 id="parity-heading">7. Backend parity</h2>
          <ParityPanel onError={setError} />
        </section>
      </main>
    </LabContext.Provider>
  );
}
