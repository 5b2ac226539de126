/** Worker API, the evaluation lab: splits of the selected dataset, and comparison runs over them. */
import { deleteSplit as deleteStoredSplit, listEvaluations as listStoredEvaluations, listSplits as listStoredSplits, loadSplit, saveEvaluation, saveSplit } from '../data/dbEvaluations';
import type { ColumnMapping } from '../data/detect';
import type { ImportProgress } from '../data/parseRatings';
import { parseTestRatingsFile } from '../data/parseTestRatings';
import { runEvaluation } from '../evaluation/runner';
import type { EvaluationProgress } from '../evaluation/runner';
import { makeSplit, predefinedSplit, splitDataOf, splitName } from '../evaluation/splits';
import type { EvaluationReport, EvaluationRow, EvaluationSettings, MethodRun, Split, SplitInfo, SplitSettings } from '../evaluation/types';
import { balanceDiagnostics } from '../math/balance';
import type { BalanceDiagnostics } from '../math/balance';
import type { FileReadOptions } from './importing';
import { db, ensureBackend, fitContext, jobs, requireDataset, tfQueue } from './session';
import { throttle } from './throttle';

/** The popularity balance of a dataset, and whether its items have genres (calibration needs them). */
export interface DatasetBalance extends BalanceDiagnostics {
  datasetId: string;
  /** Items with at least one genre, and the number of distinct genres. */
  itemsWithGenres: number;
  genres: number;
}

let splitCounter = 0;
const newId = (prefix: string) => `${prefix}-${Date.now()}-${++splitCounter}`;

/** A split record from a protocol's result. */
function splitRecord(datasetId: string, settings: SplitSettings, name: string, result: Omit<Split, 'id' | 'datasetId' | 'name' | 'settings' | 'createdAt'>): Split {
  return { id: newId('split'), datasetId, name, settings, createdAt: Date.now(), ...result };
}

export const evaluationApi = {
  /** Stored splits of the selected dataset, newest first. */
  async listSplits(): Promise<SplitInfo[]> {
    return listStoredSplits(await db(), requireDataset().dataset.meta.id);
  },

  /** Draws a split of the selected dataset by a protocol (seeded) and stores it with the dataset. */
  async createSplit(settings: SplitSettings): Promise<SplitInfo> {
    const { dataset } = requireDataset();
    const result = makeSplit(dataset, settings);
    return saveSplit(await db(), splitRecord(dataset.meta.id, settings, splitName(settings), result));
  },

  /**
   * A predefined split: the selected dataset is the train file; `file` is its test file (e.g.
   * u1.base + u1.test), read with the given options; ids map through the dataset's id maps and
   * unknown users/items are counted in the split's summary.
   */
  async createPredefinedSplit(
    jobId: string,
    file: Blob,
    fileName: string,
    options: FileReadOptions & { mapping: ColumnMapping },
    onProgress: (p: ImportProgress) => void,
  ): Promise<SplitInfo> {
    const { dataset } = requireDataset();
    const job = jobs.start(jobId);
    try {
      const parsed = await parseTestRatingsFile(file, options, dataset.userIds, dataset.itemIds, throttle(onProgress, 100), job.signal);
      const settings: SplitSettings = { protocol: 'predefined', seed: 0, testFraction: 0, minUserRatings: 0, lastN: 0 };
      const result = predefinedSplit(splitDataOf(dataset), parsed);
      return await saveSplit(await db(), splitRecord(dataset.meta.id, settings, splitName(settings, fileName), result));
    } finally {
      job.finish();
    }
  },

  async deleteSplit(id: string): Promise<void> {
    await deleteStoredSplit(await db(), id);
  },

  /**
   * Fits every run on the split's training rows and measures it on its test ratings, one after
   * another, streaming each finished row; the report is stored with the dataset and split. Cancel
   * keeps the finished rows (partial report).
   */
  async evaluate(
    jobId: string,
    splitId: string,
    runs: MethodRun[],
    settings: EvaluationSettings,
    onProgress: (p: EvaluationProgress) => void,
    onRow: (row: EvaluationRow) => void,
  ): Promise<EvaluationReport> {
    const { dataset } = requireDataset();
    if (runs.length === 0) throw new Error('Choose at least one method to evaluate.');
    const split = await loadSplit(await db(), splitId);
    if (split.datasetId !== dataset.meta.id) throw new Error('That split belongs to another dataset.');
    const job = jobs.start(jobId);
    try {
      const { rows, partial } = await tfQueue.run(async () => {
        await ensureBackend();
        const progress = throttle(onProgress, 100);
        const out = await runEvaluation(
          { dataset, split, runs, settings, contextFor: (meta, hooks) => fitContext(meta, dataset, hooks, null) },
          { onProgress: progress, onRow, signal: job.signal },
        );
        progress.flush();
        return out;
      });
      const report: EvaluationReport = {
        id: '',
        datasetId: dataset.meta.id,
        splitId: split.id,
        splitName: split.name,
        settings,
        createdAt: Date.now(),
        rows,
        partial,
      };
      return rows.length > 0 ? await saveEvaluation(await db(), report) : report;
    } finally {
      job.finish();
    }
  },

  /**
   * Diagnostics of the selected dataset's popularity balance over all its ratings (src/math/balance:
   * the long-tail curves, head shares — head = the top 10% most-rated — and Gini coefficients of
   * ratings per item and per user).
   */
  datasetBalance(): DatasetBalance {
    const { dataset } = requireDataset();
    const { users, items } = dataset.ratings;
    const genres = dataset.genres ?? [];
    return {
      datasetId: dataset.meta.id,
      ...balanceDiagnostics(users, items, dataset.meta.users, dataset.meta.items),
      itemsWithGenres: genres.filter((g) => g.length > 0).length,
      genres: new Set(genres.flat()).size,
    };
  },

  /** Stored reports of the selected dataset (of one split when given), newest first. */
  async listEvaluations(splitId?: string): Promise<EvaluationReport[]> {
    return listStoredEvaluations(await db(), requireDataset().dataset.meta.id, splitId);
  },
};
