/**
 * The worker's state, in one place: the compute backend, the database, the selected dataset and
 * the fitted models (several at once, by id, so they can be compared). The API modules read and
 * change it only through these functions.
 */
import * as tf from '@tensorflow/tfjs';
import { openLabDb } from '../data/db';
import { generateDemoDataset } from '../data/demo';
import type { Dataset, RatingsColumns } from '../data/types';
import { selectBackend } from '../model/backend';
import type { BackendInfo, BackendName } from '../model/backend';
import type { FitContext, Fitted, FitHooks, Namer, RecommenderMeta } from '../recommenders/types';
import { createSerialQueue } from './queue';
import { createJobs } from './jobs';
import { buildRatedIndex } from './ratedIndex';
import type { RatedIndex } from './ratedIndex';
import type { ModelSummary } from './types';

/** All tfjs work runs through this queue (tfjs scopes are global; interleaved calls would corrupt disposal). */
export const tfQueue = createSerialQueue();
/** Cancellable long calls by job id. */
export const jobs = createJobs();

let backend: BackendInfo | null = null;
/** What the page asked for: 'auto' (measure, then train on the fastest) or a pinned backend. */
let preference: 'auto' | BackendName = 'auto';
/** Backends the page reported as unavailable, with the reason shown to the user. */
let unavailable: Partial<Record<BackendName, string>> = {};
let dbPromise: ReturnType<typeof openLabDb> | null = null;
let demo: Dataset | null = null;
let current: { dataset: Dataset; rated: RatedIndex } | null = null;

export const db = () => (dbPromise ??= openLabDb());
export const demoDataset = () => (demo ??= generateDemoDataset());

/** The backend in use (chosen on first need when the page has not chosen one). Call inside tfQueue. */
export async function ensureBackend(): Promise<BackendInfo> {
  return backend ?? (backend = await selectBackend(tf, 'auto', unavailable));
}
export function currentBackend(): BackendInfo | null {
  return backend;
}
export function setBackend(info: BackendInfo | null): void {
  backend = info;
}
export function backendPreference(): 'auto' | BackendName {
  return preference;
}
export function setBackendPreference(next: 'auto' | BackendName): void {
  preference = next;
}
export function setUnavailable(next: Partial<Record<BackendName, string>>): void {
  unavailable = next;
}
export function unavailableBackends(): Partial<Record<BackendName, string>> {
  return unavailable;
}

export function selectCurrent(dataset: Dataset): void {
  current = { dataset, rated: buildRatedIndex(dataset.ratings, dataset.meta.users) };
}
export function forgetDataset(id: string): void {
  if (current?.dataset.meta.id === id) current = null;
  for (const [key, m] of models) if (m.summary.datasetId === id) models.delete(key);
}
export function requireDataset(): { dataset: Dataset; rated: RatedIndex } {
  if (!current) throw new Error('No dataset is selected.');
  return current;
}

/** Names of users and items as the files give them (title when known), for explanations. */
export function namerFor(dataset: Dataset): Namer {
  return {
    user: (u) => `user ${dataset.userIds[u] ?? u}`,
    item: (i) => dataset.titles?.[i] ?? `item ${dataset.itemIds[i] ?? i}`,
  };
}

/**
 * The context a method is fitted (and later queried) with. `backend` is read when used: the GPU
 * backend in use for methods that train on the GPU, 'cpu' for the others.
 */
export function fitContext(meta: RecommenderMeta, dataset: Dataset, hooks: FitHooks, validation: RatingsColumns | null): FitContext {
  return {
    get backend(): BackendName {
      return meta.usesGpu ? (backend?.name ?? 'cpu') : 'cpu';
    },
    tf,
    hooks,
    validation,
    names: namerFor(dataset),
  };
}

/** A fitted model kept by the session. */
export interface SessionModel {
  summary: ModelSummary;
  fitted: Fitted;
}

/** At most this many fitted models are kept; the oldest goes first. */
export const MAX_MODELS = 12;
const models = new Map<string, SessionModel>();
let modelCounter = 0;

/** A model id unique across sessions (models are stored): method, time, a per-session counter. */
export function newModelId(method: string): string {
  modelCounter += 1;
  return `${method}-${Date.now()}-${modelCounter}`;
}
export function keepModel(model: SessionModel): void {
  models.set(model.summary.id, model);
  while (models.size > MAX_MODELS) {
    const oldest = models.keys().next().value;
    if (oldest === undefined) break;
    models.delete(oldest);
  }
}
export function dropModel(id: string): boolean {
  return models.delete(id);
}
/** Models fitted on the selected dataset, oldest first. */
export function modelsOfCurrent(): SessionModel[] {
  const id = current?.dataset.meta.id;
  return [...models.values()].filter((m) => m.summary.datasetId === id);
}
/** The model kept in memory under this id, whatever its dataset (undefined when none). */
export function keptModel(id: string): SessionModel | undefined {
  return models.get(id);
}

export { tf };
