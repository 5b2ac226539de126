import { describe, expect, it } from 'vitest';
import type { EvaluationReport, EvaluationRow, MethodRun } from '../../worker/api';
import { validateRuns } from './MethodPicker';
import { curveSampleRanks } from './LongTailChart';
import { kindProblem, remedyFromValues, remedySpecs, remedyValues, runLabel, validateRemedy } from './remedyForm';
import { parseLambdas, relativeToBase, sweepRuns, tradeOffCurves } from './tradeoff';
import { testMeta } from './testMeta.testutil';

const meta = testMeta;
const METHODS = [meta('ease', 'EASE'), meta('biased-mf', 'Biased MF')];

describe('remedy form', () => {
  it('converts a remedy to form values and back, leaving the default pool out', () => {
    expect(remedyValues({ kind: 'mmr', lambda: 0.3 })).toEqual({ lambda: 0.3, pool: 200 });
    expect(remedyFromValues('mmr', { lambda: 0.3, pool: 200 })).toEqual({ kind: 'mmr', lambda: 0.3 });
    expect(remedyFromValues('rerank-popularity', { lambda: 1, pool: 50 })).toEqual({ kind: 'rerank-popularity', lambda: 1, pool: 50 });
    expect(remedyFromValues('upsample-tail', { copies: 3, seed: 7 })).toEqual({ kind: 'resample', mode: 'upsample-tail', copies: 3, seed: 7 });
    expect(remedySpecs('ipw').map((s) => s.key)).toEqual(['eta', 'clip']);
  });
  it('labels runs with their remedy and validates it', () => {
    const run: MethodRun = { method: 'ease', params: {}, label: 'EASE', remedy: { kind: 'rerank-popularity', lambda: 0.5 } };
    expect(runLabel(run, METHODS)).toBe('EASE + popularity penalty λ=0.5');
    expect(runLabel({ method: 'ease', params: {} }, METHODS)).toBe('EASE');
    expect(validateRemedy({ ...run, remedy: { kind: 'rerank-popularity', lambda: Number.NaN } }, true)).toEqual(['Penalty λ: Enter a number.']);
    expect(validateRemedy({ ...run, remedy: { kind: 'ipw', eta: 0.5, clip: 0.05 } }, true)[0]).toMatch(/biased MF only/);
    expect(validateRuns([{ ...run, remedy: { kind: 'calibrate', lambda: 0.5 } }], METHODS, false)[0]).toMatch(/^EASE \+ genre calibration λ=0.5: Calibration needs item genres/);
    expect(kindProblem('ipw', 'biased-mf', null)).toBeNull();
    expect(kindProblem('calibrate', 'ease', null)).toBeNull(); // unknown genres: allowed until known
  });
});

describe('λ sweep', () => {
  it('parses λ lists', () => {
    expect(parseLambdas('1, 0 0.5,,0.5', 'rerank-popularity')).toEqual([0, 0.5, 1]);
    expect(parseLambdas('', 'mmr')).toMatch(/at least one/);
    expect(parseLambdas('0, x', 'mmr')).toMatch(/“x” is not a number/);
    expect(parseLambdas('0, 2', 'mmr')).toMatch(/between 0 and 1/);
  });
  it('adds one run per λ with the base run’s method and parameters', () => {
    const base: MethodRun = { method: 'ease', params: { lambda: 500 }, label: 'EASE', remedy: { kind: 'mmr', lambda: 0.3 } };
    const runs = sweepRuns(base, 'rerank-popularity', [0, 0.5], METHODS);
    expect(runs).toEqual([
      { method: 'ease', params: { lambda: 500 }, label: 'EASE', remedy: { kind: 'rerank-popularity', lambda: 0 } },
      { method: 'ease', params: { lambda: 500 }, label: 'EASE', remedy: { kind: 'rerank-popularity', lambda: 0.5 } },
    ]);
  });
  it('draws a curve per configuration and re-ranker; a plain row of the same configuration is λ = 0', () => {
    const row = (label: string, remedy: EvaluationRow['remedy'], ndcg: number, coverage: number, params = { lambda: 500 }): EvaluationRow => ({
      label,
      method: 'ease',
      params,
      backend: 'cpu',
      fitMs: 1,
      predictMs: 1,
      metrics: { ndcg, coverage, novelty: 8 },
      ...(remedy ? { remedy } : {}),
    });
    const report: EvaluationReport = {
      id: 'r',
      datasetId: 'd',
      splitId: 's',
      splitName: 'msr',
      settings: { k: 10, relevanceThreshold: null },
      createdAt: 0,
      partial: false,
      rows: [
        row('EASE', undefined, 0.5, 0.2),
        row('EASE + popularity penalty λ=1', { kind: 'rerank-popularity', lambda: 1 }, 0.45, 0.5),
        row('EASE + popularity penalty λ=0.5', { kind: 'rerank-popularity', lambda: 0.5 }, 0.49, 0.3),
        row('EASE + MMR λ=0.3', { kind: 'mmr', lambda: 0.3 }, 0.5, 0.21), // one point: no curve
        row('EASE other + popularity penalty λ=1', { kind: 'rerank-popularity', lambda: 1 }, 0.3, 0.4, { lambda: 100 }), // other params: alone
      ],
    };
    const curves = tradeOffCurves(report);
    expect(curves).toHaveLength(1);
    expect(curves[0]!.name).toBe('EASE · popularity penalty');
    expect(curves[0]!.points.map((p) => [p.lambda, p.ndcg, p.coverage])).toEqual([
      [0, 0.5, 0.2],
      [0.5, 0.49, 0.3],
      [1, 0.45, 0.5],
    ]);
    const rel = relativeToBase(curves[0]!)!;
    // coverage 0.5 / 0.2 = 2.5×; nDCG 0.45 / 0.5 − 1 = −10%
    expect(rel[2]!.coverageRatio).toBeCloseTo(2.5, 12);
    expect(rel[2]!.ndcgChange).toBeCloseTo(-0.1, 12);
  });
});

describe('long-tail table', () => {
  it('samples the top 1%, 5%, 10%, 20%, 50% and all', () => {
    expect(curveSampleRanks(1682)).toEqual([17, 85, 169, 337, 841, 1682]);
    expect(curveSampleRanks(5)).toEqual([1, 3, 5]);
    expect(curveSampleRanks(0)).toEqual([]);
  });
});
