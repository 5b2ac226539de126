/**
 * "Automatic means fastest": turning a short calibration run of each backend into a choice and a
 * sentence. Pure: the measuring itself is the worker's (worker/calibration.ts).
 */
import type { BackendInfo, BackendName } from './backend';

/** One backend's calibration run. */
export interface CalibrationRow {
  backend: BackendName;
  /**
   * Training ratings per second measured (an epoch is every training rating once, whatever the
   * method makes of it), or null: unavailable, failed, or no progress within its share of the time.
   */
  ratingsPerSec: number | null;
  /** Why there is no figure, or how it ran (the trainer's note, e.g. its threads); '' when nothing to add. */
  note: string;
  /** Wall time of the run, set-up included, ms. */
  ms: number;
}

/** What Automatic chose, and why (shown in the status line). */
export interface BackendChoice {
  rows: CalibrationRow[];
  backend: BackendInfo;
  /** E.g. "webgpu 0.71 M ratings/s, cpu 6.2 M ratings/s → cpu". */
  reason: string;
  /** Wall time of the calibration, ms (0 when the figures were measured earlier this session). */
  ms: number;
  /** True when the figures were measured earlier this session for the same data, method and settings. */
  reused: boolean;
}

/** A progress report seen during a calibration run: when (ms) and the fraction of the run's work done. */
export interface ProgressSample {
  t: number;
  fraction: number;
}

/**
 * Throughput from progress reports, set-up excluded: rate = (f_last − f_first) · work / (t_last − t_first)
 * between the first and last report (`work` = ratings of the whole run, so f · work is ratings done).
 * With one usable report, f · work / (t − startedAt) (set-up included: a lower bound). Null when
 * no report shows any work done.
 */
export function rateFromProgress(samples: readonly ProgressSample[], work: number, startedAt: number): number | null {
  const useful = samples.filter((s) => s.fraction > 0);
  const first = useful[0];
  const last = useful[useful.length - 1];
  if (!first || !last) return null;
  if (last.t > first.t && last.fraction > first.fraction) return ((last.fraction - first.fraction) * work) / ((last.t - first.t) / 1000);
  return last.t > startedAt ? (last.fraction * work) / ((last.t - startedAt) / 1000) : null;
}

/**
 * The fastest backend measured; on a tie, or when none has a figure, the first of `order` that has a
 * figure or, failing that, the last of `order` (the CPU, which always works).
 */
export function chooseFastest(rows: readonly CalibrationRow[], order: readonly BackendName[]): BackendName {
  const rank = (b: BackendName) => order.indexOf(b);
  const measured = rows.filter((r): r is CalibrationRow & { ratingsPerSec: number } => r.ratingsPerSec !== null);
  measured.sort((a, b) => b.ratingsPerSec - a.ratingsPerSec || rank(a.backend) - rank(b.backend));
  return measured[0]?.backend ?? order[order.length - 1] ?? 'cpu';
}

/** A rate for people, three significant figures at most: 21 M, 1.23 M, 17.7 k, 950. */
export function formatRate(perSec: number): string {
  const short = (x: number) => String(Number(x.toPrecision(3)));
  // (999 999 rounds to 1.00 M, not 1000 k)
  if (perSec >= 999_500) return `${short(perSec / 1e6)} M`;
  if (perSec >= 999.5) return `${short(perSec / 1e3)} k`;
  return String(Math.round(perSec));
}

/**
 * The choice as one line, each backend's figure in order then the winner, e.g.
 * "webgpu 1.2 M ratings/s, cpu (2 threads) 21 M ratings/s → cpu"; a backend without a figure says why.
 */
export function describeChoice(rows: readonly CalibrationRow[], chosen: BackendName): string {
  const parts = rows.map((r) => {
    const how = r.ratingsPerSec !== null && r.note !== '' ? ` (${r.note})` : '';
    return r.ratingsPerSec !== null ? `${r.backend}${how} ${formatRate(r.ratingsPerSec)} ratings/s` : `${r.backend}: ${r.note}`;
  });
  return `${parts.join(', ')} → ${chosen}`;
}
