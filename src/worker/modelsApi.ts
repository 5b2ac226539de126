/** Worker API, stored models: list the selected dataset's, restore one, delete one. */
import { deleteStoredModel, obtainModel, storedOfCurrent } from './storedModels';
import type { ModelSummary, StoredModelEntry } from './types';

export const modelsApi = {
  /** Models of the selected dataset stored in this browser (they survive a reload), oldest first. */
  listStoredModels(): Promise<StoredModelEntry[]> {
    return storedOfCurrent();
  },

  /**
   * Restores a stored model of the selected dataset into the session (a no-op when it is already
   * in memory) and returns its summary. Throws a clear Error when it cannot be restored.
   */
  async loadStoredModel(id: string): Promise<ModelSummary> {
    return (await obtainModel(id)).summary;
  },

  /** Deletes a model from this browser's store and from the session. */
  deleteStoredModel(id: string): Promise<void> {
    return deleteStoredModel(id);
  },
};
