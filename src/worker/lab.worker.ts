/// <reference lib="webworker" />
/**
 * The lab's worker: owns the dataset in memory, IndexedDB, the tfjs backend and the trained model.
 * Every tfjs call runs through one serial queue; every long call takes a job id and can be cancelled.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { sniffFile, guessRatingsMapping, guessTitlesMapping } from '../data/detect';
import type { ColumnMapping, TextEncodingName, TitleMapping, Delimiter } from '../data/detect';
import { parseRatingsFile } from '../data/parseRatings';
import type { ImportProgress } from '../data/parseRatings';
import { attachTitles, parseTitlesFile } from '../data/parseTitles';
import { openLabDb, saveDataset, listDatasets as listStored, loadDataset, deleteDataset as deleteStored } from '../data/db';
import { DEMO_DATASET_ID, generateDemoDataset } from '../data/demo';
import { buildDatasetMeta } from '../data/db';
import type { Dataset, DatasetMeta } from '../data/types';
import { selectBackend } from '../model/backend';
import type { BackendInfo, BackendName } from '../model/backend';
import { DEFAULT_TRAIN_PARAMS } from '../model/params';
import type { EpochReport, TrainParams } from '../model/params';
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
import type { ImportReport, ItemMatch, ModelSummary, Recommendation, SimilarItem, SniffResult, TrainOutcome } from './types';

const tfQueue = createSerialQueue();
const jobs = createJobs();

let backend: BackendInfo | null = null;
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
function requireModel() {
  if (!model || !current || model.summary.datasetId !== current.dataset.meta.id) {
    throw new Error('Train a model on this dataset first.');
  }
  return model.model;
}

interface FileReadOptions {
  encoding: TextEncodingName;
  delimiter: Delimiter;
  hasHeader: boolean;
}

export const labApi = {
  /** The training settings the lab starts with. */
  defaultTrainParams(): TrainParams {
    return { ...DEFAULT_TRAIN_PARAMS };
  },

  /** Picks the compute backend (WebGPU → WebGL → the lab's CPU trainer), smoke-tested before use. */
  async initBackend(preference: 'auto' | BackendName): Promise<BackendInfo> {
    return tfQueue.run(async () => {
      backend = await selectBackend(tf, preference);
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
    const sniff = await sniffFile(file, encoding);
    return { sniff, ratingsMapping: guessRatingsMapping(sniff), titlesMapping: guessTitlesMapping(sniff) };
  },

  /**
   * Parses a ratings file (and optionally a titles file) in full and holds the result, unsaved, until
   * `commitImport` or `discardImport`. Nothing is written to IndexedDB here.
   */
  async parseImport(
    jobId: string,
    name: string,
    ratingsFile: Blob,
    ratingsOptions: FileReadOptions & { mapping: ColumnMapping },
    titlesFile: Blob | null,
    titlesOptions: (FileReadOptions & { mapping: TitleMapping }) | null,
    onProgress: (p: ImportProgress & { stage: 'ratings' | 'titles' }) => void,
  ): Promise<ImportReport> {
    pendingImport = null;
    const job = jobs.start(jobId);
    const started = performance.now();
    try {
      const ratingsProgress = throttle((p: ImportProgress) => onProgress({ ...p, stage: 'ratings' }), 100);
      const parsed = await parseRatingsFile(ratingsFile, ratingsOptions, ratingsProgress, job.signal);
      ratingsProgress.flush();
      let titles: ImportReport['titles'] = null;
      let attached: ReturnType<typeof attachTitles> | null = null;
      if (titlesFile && titlesOptions) {
        const titlesProgress = throttle((p: ImportProgress) => onProgress({ ...p, stage: 'titles' }), 100);
        const parsedTitles = await parseTitlesFile(titlesFile, titlesOptions, titlesProgress, job.signal);
        titlesProgress.flush();
        attached = attachTitles(parsed.itemIds, parsedTitles);
        titles = {
          rowsRead: parsedTitles.rowsRead,
          matched: attached.matched,
          badRowCount: parsedTitles.badRowCount,
          badRows: parsedTitles.badRows,
        };
      }
      const dataset: Dataset = {
        meta: buildDatasetMeta({
          name,
          userIds: parsed.userIds,
          itemIds: parsed.itemIds,
          ratings: parsed.columns,
          ratingMin: parsed.ratingMin,
          ratingMax: parsed.ratingMax,
          implicit: parsed.implicit,
          hasTitles: attached !== null,
        }),
        ratings: parsed.columns,
        userIds: parsed.userIds,
        itemIds: parsed.itemIds,
        titles: attached?.titles ?? null,
        genres: attached?.genres ?? null,
      };
      pendingImport = dataset;
      return {
        name,
        rowsRead: parsed.rowsRead,
        users: dataset.meta.users,
        items: dataset.meta.items,
        ratings: dataset.meta.ratings,
        duplicates: parsed.duplicates,
        badRowCount: parsed.badRowCount,
        badRows: parsed.badRows,
        titles,
        ratingMin: parsed.ratingMin,
        ratingMax: parsed.ratingMax,
        implicit: parsed.implicit,
        seconds: (performance.now() - started) / 1000,
      };
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
        const info = backend ?? (backend = await selectBackend(tf, 'auto'));
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
        const { users, items } = dataset.meta;
        const trained =
          info.name === 'cpu'
            ? await trainMfCpu(dataset.ratings, users, items, params, hooks)
            : await trainMfTfjs(tf, dataset.ratings, users, items, params, hooks, info.name);
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

  /** The learned model's summary, or null when the selected dataset has none yet. */
  modelSummary(): ModelSummary | null {
    return model && current && model.summary.datasetId === current.dataset.meta.id ? model.summary : null;
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

  /** Items most similar to `item` by cosine similarity of learned item vectors. */
  async similarItems(item: number, k: number): Promise<SimilarItem[]> {
    const { dataset } = requireDataset();
    const m = requireModel();
    const lists =
      backend?.name === 'cpu' || !backend
        ? similarItemsCpu(m.itemFactors, m.nItems, m.factors, [item], k)
        : await tfQueue.run(() => similarItemsTfjs(tf, m.itemFactors, m.nItems, m.factors, [item], k));
    return (lists[0] ?? []).map(({ item: j, similarity }) => ({
      item: j,
      itemId: dataset.itemIds[j] ?? String(j),
      title: dataset.titles?.[j] ?? null,
      similarity,
    }));
  },

  /** Items whose title (or id) contains the query, most-rated first. */
  searchItems(query: string, limit: number): ItemMatch[] {
    const { dataset } = requireDataset();
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const counts = itemCounts(dataset);
    const matches: ItemMatch[] = [];
    for (let i = 0; i < dataset.meta.items; i++) {
      const title = dataset.titles?.[i] ?? null;
      const id = dataset.itemIds[i] ?? String(i);
      if ((title ?? '').toLowerCase().includes(q) || id.toLowerCase() === q) {
        matches.push({ item: i, itemId: id, title, ratings: counts[i] ?? 0 });
      }
    }
    return matches.sort((a, b) => b.ratings - a.ratings || a.item - b.item).slice(0, limit);
  },

  /**
   * Recommendations for a visitor's own ratings, folded into the trained model with item vectors
   * fixed (regularised least squares for their bias and vector), with no retraining.
   */
  foldInRecommend(rated: { item: number; rating: number }[], n: number, lambda: number): { bias: number; vector: number[]; recommendations: Recommendation[] } {
    const { dataset } = requireDataset();
    const m = requireModel();
    const { bias, vector } = foldInUser(m, rated, lambda);
    const scores = new Float32Array(m.nItems);
    for (let i = 0; i < m.nItems; i++) {
      let dot = 0;
      for (let f = 0; f < m.factors; f++) dot += vector[f]! * m.itemFactors[i * m.factors + f]!;
      scores[i] = m.mu + bias + m.itemBias[i]! + dot;
    }
    const exclude = new Uint8Array(m.nItems);
    for (const r of rated) exclude[r.item] = 1;
    const recommendations = topN(scores, n, exclude).map(({ item, score }) => toRecommendation(dataset, item, score));
    return { bias, vector: Array.from(vector), recommendations };
  },
};

const countsCache = new WeakMap<Dataset, Int32Array>();
function itemCounts(dataset: Dataset): Int32Array {
  let counts = countsCache.get(dataset);
  if (!counts) {
    counts = new Int32Array(dataset.meta.items);
    for (const i of dataset.ratings.items) counts[i]!++;
    countsCache.set(dataset, counts);
  }
  return counts;
}

function toRecommendation(dataset: Dataset, item: number, score: number): Recommendation {
  const { ratingMin, ratingMax } = dataset.meta;
  return {
    item,
    itemId: dataset.itemIds[item] ?? String(item),
    title: dataset.titles?.[item] ?? null,
    predictedRating: Math.min(ratingMax, Math.max(ratingMin, score)),
    score,
  };
}

Comlink.expose(labApi);
