/** Worker API, datasets: list, select, delete, and the import steps (sniff, parse, commit). */
import type { TextEncodingName } from '../data/detect';
import { saveDataset, listDatasets as listStored, loadDataset, deleteDataset as deleteStored } from '../data/db';
import { DEMO_DATASET_ID } from '../data/demo';
import type { Dataset, DatasetMeta } from '../data/types';
import { parseForImport, sniffForImport } from './importing';
import type { ImportRequest, ImportStageProgress } from './importing';
import { db, demoDataset, forgetDataset, jobs, selectCurrent } from './session';
import type { ImportReport, SniffResult } from './types';

let pendingImport: Dataset | null = null;

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
};
