import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { balanceDiagnostics } from '../../math/balance';
import type { DatasetBalance, EvaluationReport, MethodRun } from '../../worker/api';
import { BalanceSection } from './BalanceSection';
import { RemedyField } from './RemedyField';
import { testMeta } from './testMeta.testutil';

const meta = testMeta;
const METHODS = [meta('popularity', 'Most popular')];

describe('the Balance section (server-rendered: markup only, no charts)', () => {
  it('shows the diagnostics, the sweep form and a trade-off table', () => {
    // items 0–3 rated (3, 2, 1, 1 times) by users 0–2
    const d = balanceDiagnostics([0, 0, 0, 1, 1, 2, 2], [0, 1, 2, 0, 1, 0, 3], 3, 5);
    const balance: DatasetBalance = { datasetId: 'd', ...d, itemsWithGenres: 0, genres: 0 };
    const runs: MethodRun[] = [{ method: 'popularity', params: {}, label: 'Most popular' }];
    const row = (lambda: number, ndcg: number, coverage: number) => ({
      label: `Most popular + popularity penalty λ=${lambda}`,
      method: 'popularity',
      params: {},
      backend: 'cpu',
      fitMs: 1,
      predictMs: 1,
      metrics: { ndcg, coverage, novelty: 5 },
      remedy: { kind: 'rerank-popularity' as const, lambda },
    });
    const report: EvaluationReport = {
      id: 'r',
      datasetId: 'd',
      splitId: 's',
      splitName: 'random',
      settings: { k: 10, relevanceThreshold: null },
      createdAt: 0,
      partial: false,
      rows: [row(0, 0.2, 0.1), row(1, 0.18, 0.3)],
    };
    const html = renderToStaticMarkup(
      createElement(BalanceSection, { balance, balanceError: null, runs, methods: METHODS, report, sweepDisabled: false, onSweep: () => {} }),
    );
    // head = ⌈0.1·4⌉ = 1 item with 3 of 7 ratings = 42.9%; item Gini of (1, 1, 2, 3): (−3 − 1 + 2 + 9)/(4·7) = 0.25
    expect(html).toContain('<strong>42.9%</strong> of the ratings go to the 10% most-rated items (1 of 4)');
    expect(html).toContain('<strong>0.250</strong>');
    expect(html).toContain('1 items of the index have none');
    expect(html).toContain('calibration remedy is not available');
    expect(html).toContain('Run λ sweep');
    expect(html).toContain('Most popular · popularity penalty');
    expect(html).toContain('×3.00'); // coverage 0.3 / 0.1
    expect(html).toContain('−10.0%'); // nDCG 0.18 / 0.2 − 1
  });

  it('offers the remedies a method can take, and says why the others are not available', () => {
    const html = renderToStaticMarkup(
      createElement(RemedyField, { run: { method: 'popularity', params: {}, remedy: { kind: 'ipw', eta: 0.5, clip: 0.05 } }, hasGenres: false, onChange: () => {}, idPrefix: 'r' }),
    );
    expect(html).toContain('Propensity exponent η');
    expect(html).toContain('biased MF only');
    expect(html).toMatch(/<option value="calibrate" disabled="">/);
  });
});
