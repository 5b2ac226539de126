/**
 * The last finished simulation of each dataset, kept in this browser's localStorage so a reload
 * shows it again (results never leave the browser). A report is small: the curves' points and one
 * explained slate per policy.
 */
import type { SimulationReport } from '../../worker/api';

const KEY_PREFIX = 'recommender-lab:simulation:';

/** Stores `report` as its dataset's last run; quietly keeps the old one when storage is full. */
export function storeReport(report: SimulationReport): void {
  try {
    localStorage.setItem(KEY_PREFIX + report.datasetId, JSON.stringify(report));
  } catch {
    /* storage full or disabled: the run is still on screen */
  }
}

/** The last stored run of a dataset, or null (none, or unreadable). */
export function loadStoredReport(datasetId: string): SimulationReport | null {
  try {
    const text = localStorage.getItem(KEY_PREFIX + datasetId);
    if (!text) return null;
    const report = JSON.parse(text) as SimulationReport;
    if (report.datasetId !== datasetId || !Array.isArray(report.results)) return null;
    // runs stored before the per-window coverage existed show it as unknown (NaN)
    const known = (v: unknown) => (typeof v === 'number' ? v : NaN);
    return {
      ...report,
      world: { ...report.world, features: report.world?.features ?? 'vectors' },
      results: report.results.map((r) => ({ ...r, windowCoverage: known(r.windowCoverage), points: r.points.map((p) => ({ ...p, windowCoverage: known(p.windowCoverage) })) })),
    };
  } catch {
    return null;
  }
}

/** Forgets a dataset's last run (when the dataset is deleted, nothing of it stays behind). */
export function forgetStoredReport(datasetId: string): void {
  try {
    localStorage.removeItem(KEY_PREFIX + datasetId);
  } catch {
    /* storage disabled: nothing was stored */
  }
}
