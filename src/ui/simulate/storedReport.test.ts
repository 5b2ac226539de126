import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulationReport } from '../../worker/api';
import { forgetStoredReport, loadStoredReport, storeReport } from './storedReport';

/** A Map-backed stand-in for the browser's localStorage (the tests run in Node). */
class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
}

const report = (datasetId: string): SimulationReport => ({ datasetId, results: [] }) as unknown as SimulationReport;

describe('stored simulation runs', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    (globalThis as { localStorage?: unknown }).localStorage = storage;
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('keeps one run per dataset under its own key', () => {
    storeReport(report('a'));
    storeReport(report('b'));
    expect([...storage.map.keys()]).toEqual(['recommender-lab:simulation:a', 'recommender-lab:simulation:b']);
    expect(loadStoredReport('a')?.datasetId).toBe('a');
  });

  it('forgets a deleted dataset’s run and only that one', () => {
    storeReport(report('a'));
    storeReport(report('b'));
    forgetStoredReport('a');
    expect(loadStoredReport('a')).toBeNull();
    expect(loadStoredReport('b')?.datasetId).toBe('b');
    expect([...storage.map.keys()]).toEqual(['recommender-lab:simulation:b']);
  });
});
