import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../worker/api';
import { mergeModels } from './modelEntries';

function summary(id: string, createdAt: number, fitMs = 10): ModelSummary {
  return {
    id,
    datasetId: 'demo',
    method: id.split('-')[0] ?? id,
    methodName: id,
    params: {},
    backend: 'cpu',
    epochs: 0,
    fitMs,
    createdAt,
    facts: [],
    predictsRatings: false,
    scoreLabel: 'score',
    similarity: null,
    canFoldIn: false,
    validation: null,
    curves: [],
  };
}

describe('mergeModels', () => {
  it('lists each model once, oldest first, marking the stored ones with their size', () => {
    const session = [summary('mf-30-2', 30, 99), summary('knn-10-1', 10)];
    const stored = [
      { summary: summary('ease-5-1', 5), bytes: 2048 },
      { summary: summary('mf-30-2', 30), bytes: 512 },
    ];
    const merged = mergeModels(session, stored);
    expect(merged.map((m) => [m.summary.id, m.stored, m.bytes])).toEqual([
      ['ease-5-1', true, 2048],
      ['knn-10-1', false, null],
      ['mf-30-2', true, 512],
    ]);
    // The session's copy of a stored model is the one shown.
    expect(merged[2]?.summary.fitMs).toBe(99);
  });

  it('orders models created at the same time by id, and is empty for nothing', () => {
    expect(mergeModels([summary('b', 1), summary('a', 1)], []).map((m) => m.summary.id)).toEqual(['a', 'b']);
    expect(mergeModels([], [])).toEqual([]);
  });
});
