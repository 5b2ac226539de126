/** Worker API, datasets: list, select, delete, and the import steps (sniff, parse, commit). */
import type { SniffOverrides, TextEncodingName } from '../data/detect';
import { dropOutsideScale } from '../data/dropOutside';
import type { RatingScale } from '../data/ratingScale';
import { listDatasets as listStored, loadDataset, deleteDataset as deleteStored } from '../data/dbDatasets';
import { saveOrExplain, storageFigures } from '../data/storageBudget';
import { DEMO_DATASET_ID } from '../data/demo';
import type { Dataset, DatasetMeta } from '../data/types';
import { checkRoomForImport, parseForImport, sniffForImport } from './importing';
import type { ImportRequest, ImportStageProgress, ScaledImportReport } from './importing';
import { db, demoDataset, forgetDataset, jobs, selectCurrent } from './session';
import type { SniffResult } from './types';

let pendingImport: Dataset | null = null;
let pendingScale: RatingScale | null = null;

export const datasetApi = {
  async listDatasets(): Promise<DatasetMeta[]> {
    return [demoDataset().meta, ...(await listStored(await db()))];
  },

  async selectDataset(id: string): Promise<DatasetMeta> {
    const dataset = id === DEMO_DATASET_ID ? demoDataset() : await loadDataset(await db(), id);
    selectCurrent(dataset);
    return dataset.meta;
  },

  async deleteDataset(id: string): Promise<void> {
    if (id === DEMO_DATASET_ID) throw new Error('The built-in demo dataset cannot be deleted.');
    await deleteStored(await db(), id);
    forgetDataset(id);
  },

  /**
   * Reads the head of a file: encoding, delimiter, header, a preview, and guessed column mappings;
   * `overrides` are the user's corrections (delimiter, header) in the preview. Refuses a binary file.
   */
  async sniff(file: Blob, encoding?: TextEncodingName, overrides?: SniffOverrides): Promise<SniffResult> {
    return sniffForImport(file, encoding, overrides);
  },

  /**
   * Parses a ratings file (and optionally a titles file) in full and holds the result, unsaved, until
   * `commitImport` or `discardImport`. Nothing is written to IndexedDB here. Refuses, before
   * parsing, a file that needs more browser storage than is free.
   */
  async parseImport(jobId: string, request: ImportRequest, onProgress: (p: ImportStageProgress) => void): Promise<ScaledImportReport> {
    pendingImport = null;
    pendingScale = null;
    const job = jobs.start(jobId);
    try {
      await checkRoomForImport(request);
      const { dataset, report } = await parseForImport(request, onProgress, job.signal);
      pendingImport = dataset;
      pendingScale = report.scale;
      return report;
    } finally {
      job.finish();
    }
  },

  /**
   * Stores the parsed import in one IndexedDB transaction; it is listed only once complete. With
   * `dropOutsideScale`, the ratings outside the file's scale are left out first (the user's choice).
   * When the browser runs out of storage the transaction rolls back and the error says how much
   * space the dataset needs (the parsed import is kept, to retry after freeing space).
   */
  async commitImport(options: { dropOutsideScale?: boolean } = {}): Promise<DatasetMeta> {
    if (!pendingImport) throw new Error('There is no parsed import to save.');
    let dataset = pendingImport;
    if (options.dropOutsideScale && pendingScale) dataset = dropOutsideScale(dataset, pendingScale.lowerBound, pendingScale.upperBound).dataset;
    if (dataset.ratings.ratings.length === 0) throw new Error('Dropping the ratings outside the scale leaves none: keep them, or discard the import.');
    const meta = await saveOrExplain(await db(), dataset, storageFigures);
    pendingImport = null;
    pendingScale = null;
    return meta;
  },

  discardImport(): void {
    pendingImport = null;
    pendingScale = null;
  },
};
