/**
 * The evaluation lab's protocol runner: one split, several methods. Every method is fitted on the
 * same training rows and measured on the same test ratings, one after another, so the table
 * compares like with like. The worker supplies the fit context (backend, tfjs).
 */
import type { Dataset } from '../data/types';
import { findRecommender } from '../recommenders/registry';
import { trainSetFromDataset } from '../recommenders/trainSet';
import type { FitContext, Fitted, FitHooks, RecommenderMeta, TrainSet } from '../recommenders/types';
import { measureFitted } from './measure';
import { checkRemedy, fitKey, listMakerFor, trainingFor } from './remedies';
import { remedyLabel } from './remedyText';
import type { EvaluationRow, EvaluationSettings, MethodRun, Split } from './types';

/** Where an evaluation is: which run, which stage, and the overall fraction done. */
export interface EvaluationProgress {
  /** 0-based index of the run in progress. */
  run: number;
  runs: number;
  label: string;
  stage: 'fitting' | 'measuring';
  /** Overall fraction in [0, 1] (each run counts equally; fitting and measuring half each). */
  fraction: number;
}

export interface RunnerHooks {
  onProgress?(p: EvaluationProgress): void;
  /** Each finished row, as soon as it is measured (the table fills in live). */
  onRow?(row: EvaluationRow): void;
  signal: AbortSignal;
}

export interface RunnerInput {
  dataset: Dataset;
  split: Split;
  runs: readonly MethodRun[];
  settings: EvaluationSettings;
  /** The context to fit a method with, given the hooks the runner wants called. */
  contextFor(meta: RecommenderMeta, hooks: FitHooks): FitContext;
}

/** The split's training rows as a TrainSet (shared by every run, so the CSRs are built once). */
export function trainSetOf(dataset: Dataset, split: Split): TrainSet {
  return trainSetFromDataset(dataset, split.train);
}

/**
 * Default row labels: the method's name followed by its remedy (e.g. "Biased matrix factorization +
 * popularity penalty λ=0.5"), then "name (2)", "name (3)" for repeats. A run's own label is kept as it is.
 */
export function labelRuns(runs: readonly MethodRun[]): string[] {
  const seen = new Map<string, number>();
  return runs.map((r) => {
    const base = r.label ?? `${findRecommender(r.method).meta.name}${r.remedy ? remedyLabel(r.remedy) : ''}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';

/** The optional row fields: the remedy, and whether the fit was shared with the run before. */
function extras(run: MethodRun, fitShared: boolean): Pick<EvaluationRow, 'remedy' | 'fitShared'> {
  return { ...(run.remedy ? { remedy: run.remedy } : {}), ...(fitShared ? { fitShared } : {}) };
}

/**
 * Fits and measures each run in order. A method that fails gets a row with its error and the
 * others go on; a cancel stops at once and returns the rows finished so far with partial = true
 * (the run in progress is dropped, never measured half-trained).
 *
 * Balance remedies (src/evaluation/remedies.ts): a re-sampling or IPW remedy fits the method on its
 * own training set; a re-ranker changes the lists only. Measurement always uses the split's own
 * training rows (what each user rated is excluded, popularity is counted there). A run whose method,
 * parameters and training data equal the previous run's reuses that fitted model (a λ sweep fits once).
 */
export async function runEvaluation(input: RunnerInput, hooks: RunnerHooks): Promise<{ rows: EvaluationRow[]; partial: boolean }> {
  const { dataset, split, runs, settings } = input;
  const train = trainSetOf(dataset, split);
  const labels = labelRuns(runs);
  const rows: EvaluationRow[] = [];
  const stopped = () => hooks.signal.aborted;
  let last: { key: string; fitted: Fitted; fitMs: number; backend: string } | null = null;
  for (let r = 0; r < runs.length; r++) {
    if (stopped()) return { rows, partial: true };
    const run = runs[r]!;
    const label = labels[r]!;
    const report = (stage: EvaluationProgress['stage'], f: number) =>
      hooks.onProgress?.({ run: r, runs: runs.length, label, stage, fraction: (r + (stage === 'fitting' ? 0 : 0.5) + 0.5 * Math.min(1, f)) / runs.length });
    let row: EvaluationRow;
    let backend = 'cpu';
    try {
      const recommender = findRecommender(run.method);
      checkRemedy(run, train);
      const key = fitKey(run);
      const shared = last !== null && last.key === key ? last : null;
      let fitted: Fitted;
      let fitMs: number;
      if (shared) {
        ({ fitted, fitMs, backend } = shared);
      } else {
        last = null; // free the previous model before fitting the next
        const ctx = input.contextFor(recommender.meta, { onProgress: (f) => report('fitting', f), shouldStop: stopped });
        backend = ctx.backend;
        report('fitting', 0);
        const started = performance.now();
        fitted = await recommender.fit(trainingFor(train, run.remedy), run.params, ctx);
        fitMs = performance.now() - started;
        if (stopped()) return { rows, partial: true };
        last = { key, fitted, fitMs, backend };
      }
      report('measuring', 0);
      const lists = listMakerFor(run.remedy, train);
      const m = await measureFitted(fitted, recommender.meta, train, split.test, settings, { onProgress: (f) => report('measuring', f), shouldStop: stopped }, lists);
      row = { label, method: run.method, params: run.params, backend, fitMs, predictMs: m.predictMs, metrics: m.metrics, ...extras(run, shared !== null) };
    } catch (e) {
      if (isAbort(e) || stopped()) return { rows, partial: true };
      row = { label, method: run.method, params: run.params, backend, fitMs: NaN, predictMs: NaN, metrics: {}, error: e instanceof Error ? e.message : String(e), ...extras(run, false) };
    }
    rows.push(row);
    hooks.onRow?.(row);
  }
  return { rows, partial: false };
}
