/** A λ sweep of a re-ranker: the runs it adds, and the accuracy–coverage curves a report's rows draw. */
import type { EvaluationReport, EvaluationRow, MethodRun, RecommenderMeta } from '../../worker/api';
import { DEFAULT_POOL, baseLabel, remedyLabel } from './remedyForm';

/** The re-rankers a sweep can vary. */
export type SweepKind = 'rerank-popularity' | 'mmr' | 'calibrate';

/** The default λ grid of a popularity-penalty sweep (the penalty trades smoothly up to ≈ 1, then collapses). */
export const DEFAULT_SWEEP = [0, 0.25, 0.5, 0.75, 0.8, 0.9, 1, 2];

/**
 * The λ values of a sweep typed as "0, 0.5, 1" (commas or spaces), ascending and distinct; or an
 * error message. MMR and calibration take λ in [0, 1].
 */
export function parseLambdas(text: string, kind: SweepKind): number[] | string {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return 'Enter at least one λ, e.g. 0, 0.5, 1.';
  const values: number[] = [];
  for (const p of parts) {
    const x = Number(p);
    if (!Number.isFinite(x) || x < 0) return `“${p}” is not a number ≥ 0.`;
    if (kind !== 'rerank-popularity' && x > 1) return `λ must be between 0 and 1 for this re-ranker; “${p}” is not.`;
    values.push(x);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * One run per λ: the base run's method and parameters (its own remedy, if any, is replaced) with
 * the re-ranker at that λ, labelled with the base run's label (runLabel adds the remedy: "<base
 * label> + <remedy>"). They share one fit in the runner.
 */
export function sweepRuns(base: MethodRun, kind: SweepKind, lambdas: readonly number[], methods: readonly RecommenderMeta[]): MethodRun[] {
  const name = baseLabel(base, methods);
  return lambdas.map((lambda) => {
    const remedy = { kind, lambda };
    return { method: base.method, params: { ...base.params }, label: name, remedy };
  });
}

/** One point of a trade-off curve. */
export interface TradeOffPoint {
  lambda: number;
  label: string;
  ndcg: number;
  coverage: number;
  novelty: number | null;
}

/** The points of one method configuration under one re-ranker, λ ascending. */
export interface TradeOffCurve {
  /** e.g. "EASE · popularity penalty". */
  name: string;
  kind: SweepKind;
  points: TradeOffPoint[];
}

const KIND_NAMES: Record<SweepKind, string> = { 'rerank-popularity': 'popularity penalty', mmr: 'MMR', calibrate: 'genre calibration' };

/**
 * The report's sweeps as curves: rows of the same method and parameters with a re-ranker of one
 * kind (at least two re-ranked rows with different λ; a row of the same configuration with no
 * remedy adds the λ = 0 point when the sweep has none),
 * each point its nDCG@k, coverage and novelty. Failed rows and rows missing nDCG or coverage are left out.
 */
export function tradeOffCurves(report: EvaluationReport): TradeOffCurve[] {
  const config = (row: EvaluationRow) => `${row.method}\u0000${JSON.stringify(Object.entries(row.params).sort(([a], [b]) => a.localeCompare(b)))}`;
  const usable = report.rows.filter((r) => r.error === undefined && typeof r.metrics.ndcg === 'number' && typeof r.metrics.coverage === 'number');
  const point = (row: EvaluationRow, lambda: number): TradeOffPoint => ({
    lambda,
    label: row.label,
    ndcg: row.metrics.ndcg!,
    coverage: row.metrics.coverage!,
    novelty: row.metrics.novelty ?? null,
  });
  const groups = new Map<string, { kind: SweepKind; name: string; points: Map<number, TradeOffPoint>; reranked: number }>();
  for (const row of usable) {
    const r = row.remedy;
    if (!r || (r.kind !== 'rerank-popularity' && r.kind !== 'mmr' && r.kind !== 'calibrate') || (r.pool !== undefined && r.pool !== DEFAULT_POOL)) continue;
    const key = `${config(row)}\u0000${r.kind}`;
    let g = groups.get(key);
    if (!g) {
      const suffix = remedyLabel(r);
      const name = row.label.endsWith(suffix) ? row.label.slice(0, -suffix.length) : row.label;
      groups.set(key, (g = { kind: r.kind, name: `${name} · ${KIND_NAMES[r.kind]}`, points: new Map(), reranked: 0 }));
    }
    if (!g.points.has(r.lambda)) {
      g.points.set(r.lambda, point(row, r.lambda));
      g.reranked++;
    }
  }
  for (const row of usable) {
    if (row.remedy) continue;
    for (const kind of Object.keys(KIND_NAMES) as SweepKind[]) {
      const g = groups.get(`${config(row)}\u0000${kind}`);
      if (g && !g.points.has(0)) g.points.set(0, point(row, 0));
    }
  }
  return [...groups.values()]
    .filter((g) => g.reranked >= 2)
    .map((g) => ({ name: g.name, kind: g.kind, points: [...g.points.values()].sort((a, b) => a.lambda - b.lambda) }));
}

/** Each point against the curve's λ = 0 point: coverage ratio and relative nDCG change (null without a λ = 0 point). */
export function relativeToBase(curve: TradeOffCurve): { coverageRatio: number; ndcgChange: number }[] | null {
  const base = curve.points.find((p) => p.lambda === 0);
  if (!base || base.coverage === 0 || base.ndcg === 0) return null;
  return curve.points.map((p) => ({ coverageRatio: p.coverage / base.coverage, ndcgChange: p.ndcg / base.ndcg - 1 }));
}
