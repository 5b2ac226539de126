/// <reference lib="webworker" />
/**
 * The lab's worker: owns the dataset in memory, IndexedDB, the tfjs backend and the trained model.
 * Every tfjs call runs through one serial queue; every long call takes a job id and can be cancelled.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { TextEncodingName } from '../data/detect';
import { openLabDb, saveDataset, listDatasets as listStored, loadDataset, deleteDataset as deleteStored } from '../data/db';
import { DEMO_DATASET_ID, generateDemoDataset } from '../data/demo';
import type { Dataset, DatasetMeta } from '../data/types';
import { selectBackend } from '../model/backend';
import type { BackendInfo, BackendName } from '../model/backend';
import { DEFAULT_TRAIN_PARAMS, defaultTrainParamsFor } from '../model/params';
import type { EpochReport, TrainHooks, TrainParams } from '../model/params';
import { trainMfCpu } from '../model/cpuTrainer';
import { trainMfTfjs } from '../model/tfjsTrainer';
import { similarItemsCpu, similarItemsTfjs } from '../model/similarity';
import type { MfModel } from '../math/mf';
import { scoreAllItems, topN } from '../math/mf';
import { foldInUser } from '../math/foldIn';
import { createSerialQueue } from './queue';
import { throttle } from './throttle';
import { createJobs } from './jobs';
import { buildRatedIndex, ratedMask } from './ratedIndex';
import type { RatedIndex } from './ratedIndex';
import { parseForImport, sniffForImport } from './importing';
import type { ImportRequest, ImportStageProgress } from './importing';
import { describeItem, scoreItemsForVector, searchItems, toRecommendation } from './recommending';
import { explainFoldInScore, explainItemCosine, explainMfScore } from './explaining';
import type { Explanation, ImportReport, ItemMatch, ModelSummary, ParityRow, Recommendation, SimilarItemsResult, SniffResult, TrainOutcome } from './types';

const tfQueue = createSerialQueue();
const jobs = createJobs();

let backend: BackendInfo | null = null;
/** Backends the page reported as unavailable, with the reason shown to the user. */
let unavailable: Partial<Record<BackendName, string>> = {};
let dbPromise: ReturnType<typeof openLabDb> | null = null;
let demo: Dataset | null = null;
let current: { dataset: Dataset; rated: RatedIndex } | null = null;
let model: { model: MfModel; summary: ModelSummary } | null = null;
let pendingImport: Dataset | null = null;

const db = () => (dbPromise ??= openLabDb());
const demoDataset = () => (demo ??= generateDemoDataset());

function requireDataset() {
  if (!current) throw new Error('No dataset is selected.');
  return current;
}
/** The trained model, when it belongs to the selected dataset. */
function currentModel() {
  return model && current && model.summary.datasetId === current.dataset.meta.id ? model : null;
}
function requireModel() {
  const m = currentModel();
  if (!m) throw new Error('Train a model on this dataset first.');
  return m.model;
}

/** Trains on `name`: the lab's typed-array trainer for 'cpu', tfjs on the current GPU backend otherwise. */
function trainOn(name: BackendName, dataset: Dataset, params: TrainParams, hooks: TrainHooks): Promise<MfModel> {
  const { users, items } = dataset.meta;
  return name === 'cpu'
    ? trainMfCpu(dataset.ratings, users, items, params, hooks)
    : trainMfTfjs(tf, dataset.ratings, users, items, params, hooks, name);
}

export const labApi = {
  /** The training settings a backend starts with (few large Adam steps on a GPU, sparse SGD on the CPU). */
  defaultTrainParams(backendName: BackendName): TrainParams {
    return defaultTrainParamsFor(backendName);
  },

  /** Picks the compute backend (WebGPU → WebGL → the lab's CPU trainer), smoke-tested before use. */
  async initBackend(preference: 'auto' | BackendName, page: { webgl: boolean }): Promise<BackendInfo> {
    return tfQueue.run(async () => {
      unavailable = page.webgl ? {} : { webgl: 'webgl: WebGL is disabled for this page (a canvas could not get a WebGL context)' };
      backend = await selectBackend(tf, preference, unavailable);
      return backend;
    });
  },

  async listDatasets(): Promise<DatasetMeta[]> {
    return [demoDataset().meta, ...(await listStored(await db()))];
  },

  async selectDataset(id: string): Promise<DatasetMeta> {
    const dataset = id === DEMO_DATASET_ID ? demoDataset() : await loadDataset(await db(), id);
    current = { dataset, rated: buildRatedIndex(dataset.ratings, dataset.meta.users) };
    return dataset.meta;
  },

  async deleteDataset(id: string): Promise<void> {
    if (id === DEMO_DATASET_ID) throw new Error('The built-in demo dataset cannot be deleted.');
    await deleteStored(await db(), id);
    if (current?.dataset.meta.id === id) current = null;
    if (model?.summary.datasetId === id) model = null;
  },

  /** Reads the head of a file: encoding, delimiter, header, a preview, and guessed column mappings. */
  async sniff(file: Blob, encoding?: TextEncodingName): Promise<SniffResult> {
    return sniffForImport(file, encoding);
  },

  /**
   * Parses a ratings file (and optionally a titles file) in full and holds the result, unsaved, until
   * `commitImport` or `discardImport`. Nothing is written to IndexedDB here.
   */
  async parseImport(jobId: string, request: ImportRequest, onProgress: (p: ImportStageProgress) => void): Promise<ImportReport> {
    pendingImport = null;
    const job = jobs.start(jobId);
    try {
      const { dataset, report } = await parseForImport(request, onProgress, job.signal);
      pendingImport = dataset;
      return report;
    } finally {
      job.finish();
    }
  },

  /** Stores the parsed import in one IndexedDB transaction; it is listed only once complete. */
  async commitImport(): Promise<DatasetMeta> {
    if (!pendingImport) throw new Error('There is no parsed import to save.');
    const meta = await saveDataset(await db(), pendingImport);
    pendingImport = null;
    return meta;
  },

  discardImport(): void {
    pendingImport = null;
  },

  cancel(jobId: string): boolean {
    return jobs.cancel(jobId);
  },

  /** Trains biased MF on the selected dataset. Stop (cancel) keeps the model trained so far. */
  async train(
    jobId: string,
    params: TrainParams,
    onEpoch: (report: EpochReport) => void,
    onProgress: (fraction: number) => void,
  ): Promise<TrainOutcome> {
    const { dataset } = requireDataset();
    const job = jobs.start(jobId);
    try {
      return await tfQueue.run(async () => {
        const info = backend ?? (backend = await selectBackend(tf, 'auto', unavailable));
        const started = performance.now();
        let epochsRun = 0;
        const progress = throttle(onProgress, 100);
        const hooks = {
          onEpoch: (r: EpochReport) => {
            epochsRun = r.epoch;
            onEpoch(r);
          },
          onProgress: progress,
          shouldStop: () => job.signal.aborted,
        };
        const trained = await trainOn(info.name, dataset, params, hooks);
        progress.flush();
        model = {
          model: trained,
          summary: { datasetId: dataset.meta.id, backend: info.name, epochs: epochsRun, factors: params.factors, mu: trained.mu },
        };
        return { epochsRun, stopped: job.signal.aborted, backend: info.name, seconds: (performance.now() - started) / 1000 };
      });
    } finally {
      job.finish();
    }
  },

  /**
   * Trains the same model (demo data, default settings, same seed) for `steps` steps on each backend
   * this browser has, recording every step's loss, then restores the backend that was in use.
   * Cancelling stops it and returns the rows measured so far.
   */
  async compareBackends(jobId: string, steps: number): Promise<ParityRow[]> {
    const job = jobs.start(jobId);
    return tfQueue.run(async () => {
      const data = demoDataset();
      // enough epochs for `steps` steps; maxSteps ends the run
      const params: TrainParams = { ...DEFAULT_TRAIN_PARAMS, epochs: steps };
      const rows: ParityRow[] = [];
      const previous = backend;
      try {
        for (const name of ['cpu', 'webgpu', 'webgl'] as const) {
          if (job.signal.aborted) break;
          const info = await selectBackend(tf, name, unavailable);
          if (info.name !== name) {
            rows.push({ backend: name, available: false, reason: info.reasons.join('; '), losses: [], ms: 0 });
            continue;
          }
          const losses: number[] = [];
          const hooks = {
            onStep: (r: { loss: number }) => void losses.push(r.loss),
            maxSteps: steps,
            shouldStop: () => job.signal.aborted,
          };
          const started = performance.now();
          await trainOn(name, data, params, hooks);
          rows.push({ backend: name, available: true, reason: '', losses, ms: performance.now() - started });
        }
      } finally {
        job.finish();
        const restored = await selectBackend(tf, previous?.name ?? 'auto', unavailable);
        backend = previous && restored.name === previous.name ? previous : restored;
      }
      return rows;
    });
  },

  /** The learned model's summary, or null when the selected dataset has none yet. */
  modelSummary(): ModelSummary | null {
    return currentModel()?.summary ?? null;
  },

  /** The numbers behind a recommendation's score: μ, b_u, b_i, q_u, p_i. */
  explainScore(user: number, item: number): Explanation {
    return explainMfScore(requireDataset().dataset, requireModel(), user, item);
  },

  /** The numbers behind a "similar items" entry: both learned item vectors. */
  explainSimilarity(a: number, b: number): Explanation {
    return explainItemCosine(requireDataset().dataset, requireModel(), a, b);
  },

  /** The numbers behind a "Picks for you" score: the folded-in bias and vector, and p_i, b_i. */
  explainFoldIn(rated: { item: number; rating: number }[], item: number, lambda: number): Explanation {
    return explainFoldInScore(requireDataset().dataset, requireModel(), rated, item, lambda);
  },

  /** Finds a user's dense index by the id in the file. */
  findUser(userId: string): number | null {
    const i = requireDataset().dataset.userIds.indexOf(userId);
    return i < 0 ? null : i;
  },

  /** Top-n items for a user by r̂, excluding what the user already rated. */
  recommend(user: number, n: number): Recommendation[] {
    const { dataset, rated } = requireDataset();
    const m = requireModel();
    if (!Number.isInteger(user) || user < 0 || user >= m.nUsers) throw new Error(`No user with index ${user}.`);
    const best = topN(scoreAllItems(m, user), n, ratedMask(rated, user, m.nItems));
    return best.map(({ item, score }) => toRecommendation(dataset, item, score));
  },

  /** Items most similar to `item` by cosine similarity of learned item vectors, and how long it took where. */
  async similarItems(item: number, k: number): Promise<SimilarItemsResult> {
    const { dataset } = requireDataset();
    const m = requireModel();
    return tfQueue.run(async () => {
      const where: BackendName = backend?.name ?? 'cpu';
      const started = performance.now();
      const lists =
        where === 'cpu'
          ? similarItemsCpu(m.itemFactors, m.nItems, m.factors, [item], k)
          : await similarItemsTfjs(tf, m.itemFactors, m.nItems, m.factors, [item], k);
      const items = (lists[0] ?? []).map(({ item: j, similarity }) => ({ ...describeItem(dataset, j), similarity }));
      return { items, backend: where, ms: performance.now() - started, catalogue: m.nItems };
    });
  },

  /** Items whose title (or id) contains the query, most-rated first. */
  searchItems(query: string, limit: number): ItemMatch[] {
    return searchItems(requireDataset().dataset, query, limit);
  },

  /**
   * Recommendations for a visitor's own ratings, folded into the trained model with item vectors
   * fixed (regularised least squares for their bias and vector), with no retraining.
   */
  foldInRecommend(rated: { item: number; rating: number }[], n: number, lambda: number): { bias: number; vector: number[]; recommendations: Recommendation[] } {
    const { dataset } = requireDataset();
    const m = requireModel();
    const { bias, vector } = foldInUser(m, rated, lambda);
    const scores = scoreItemsForVector(m, bias, vector);
    const exclude = new Uint8Array(m.nItems);
    for (const r of rated) exclude[r.item] = 1;
    const recommendations = topN(scores, n, exclude).map(({ item, score }) => toRecommendation(dataset, item, score));
    return { bias, vector: Array.from(vector), recommendations };
  },
};

Comlink.expose(labApi);
