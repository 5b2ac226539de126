/** The model list the UI shows: the models kept in memory this session and the stored ones, merged. */
import type { ModelSummary, StoredModelEntry } from '../worker/api';

/** One model of the list: its summary, and whether (and how large) it is stored in this browser. */
export interface ModelEntry {
  summary: ModelSummary;
  stored: boolean;
  /** Estimated stored size; null when it is not stored. */
  bytes: number | null;
}

/**
 * Session models and stored models as one list, each model once (a stored model restored into the
 * session is one entry, marked stored), oldest first by creation time, then by id.
 */
export function mergeModels(session: readonly ModelSummary[], stored: readonly StoredModelEntry[]): ModelEntry[] {
  const byId = new Map<string, ModelEntry>();
  for (const summary of session) byId.set(summary.id, { summary, stored: false, bytes: null });
  for (const s of stored) byId.set(s.summary.id, { summary: byId.get(s.summary.id)?.summary ?? s.summary, stored: true, bytes: s.bytes });
  return [...byId.values()].sort((a, b) => a.summary.createdAt - b.summary.createdAt || (a.summary.id < b.summary.id ? -1 : a.summary.id > b.summary.id ? 1 : 0));
}
