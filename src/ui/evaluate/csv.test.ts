import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../worker/api';
import { csvField, csvFileName, reportToCsv } from './csv';
import { testMeta } from './testMeta.testutil';

const meta = testMeta;

const METHODS = [meta('popularity', 'Most popular', false), meta('item-mean', 'Damped item mean', true)];

const REPORT: EvaluationReport = {
  id: 'r1',
  datasetId: 'd1',
  splitId: 's1',
  splitName: 'random 20% (seed 42)',
  settings: { k: 10, relevanceThreshold: null },
  createdAt: 0,
  partial: false,
  rows: [
    {
      label: 'Most popular + popularity penalty λ=0.5',
      method: 'popularity',
      params: {},
      remedy: { kind: 'rerank-popularity', lambda: 0.5 },
      backend: 'cpu',
      fitMs: 2.5,
      predictMs: 130,
      metrics: { precision: 0.1, recall: 0.123456789, ndcg: 0.2, map: 0.05, hitRate: 0.6, mrr: 0.3, coverage: 0.04, novelty: 9.5, diversity: NaN, avgPopularity: 312.25 },
    },
    {
      label: 'Mean, "damped", β=10',
      method: 'item-mean',
      params: { beta: 10, note: 'a,b' },
      backend: 'cpu',
      fitMs: 1,
      predictMs: 0.1,
      metrics: { rmse: 1.0234, mae: 0.81, precision: 0 },
    },
    { label: 'Line\nbreak', method: 'gone', params: {}, backend: 'webgpu', fitMs: NaN, predictMs: NaN, metrics: {}, error: 'Out of memory' },
  ],
};

describe('reportToCsv', () => {
  it('writes a header and one row per run, quoting as RFC 4180 and keeping numbers unrounded', () => {
    expect(reportToCsv(REPORT, METHODS)).toBe(
      'label,method,method_name,params,remedy,backend,fit_ms,predict_ms,rmse,mae,precision@10,recall@10,ndcg@10,map@10,hitRate@10,mrr@10,coverage,novelty,diversity,avgPopularity,error\r\n' +
        'Most popular + popularity penalty λ=0.5,popularity,Most popular,{},"{""kind"":""rerank-popularity"",""lambda"":0.5}",cpu,2.5,130,,,0.1,0.123456789,0.2,0.05,0.6,0.3,0.04,9.5,,312.25,\r\n' +
        '"Mean, ""damped"", β=10",item-mean,Damped item mean,"{""beta"":10,""note"":""a,b""}",,cpu,1,0.1,1.0234,0.81,0,,,,,,,,,,\r\n' +
        '"Line\nbreak",gone,,{},,webgpu,,,,,,,,,,,,,,,Out of memory\r\n',
    );
  });

  it('names ranking columns by the report’s k', () => {
    const header = reportToCsv({ ...REPORT, settings: { k: 5, relevanceThreshold: 4 }, rows: [] }, METHODS);
    expect(header).toBe(
      'label,method,method_name,params,remedy,backend,fit_ms,predict_ms,rmse,mae,precision@5,recall@5,ndcg@5,map@5,hitRate@5,mrr@5,coverage,novelty,diversity,avgPopularity,error\r\n',
    );
  });
});

describe('csvField', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });
});

describe('csvFileName', () => {
  it('joins the dataset and split names, file-safe', () => {
    expect(csvFileName('MovieLens 100K', 'random 20% (seed 42)')).toBe('evaluation-movielens-100k-random-20-seed-42.csv');
    expect(csvFileName('Café ratings', 'u1.test')).toBe('evaluation-café-ratings-u1-test.csv');
    expect(csvFileName('', '***')).toBe('evaluation.csv');
  });
});
