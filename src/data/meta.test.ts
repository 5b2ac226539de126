import { describe, expect, it } from 'vitest';
import { buildDatasetMeta, datasetFromParsed } from './meta';
import type { ParsedRatings } from './parseRatings';

const columns = { users: Int32Array.from([0, 1, 1]), items: Int32Array.from([0, 0, 2]), ratings: Float32Array.from([4, 2.5, 5]) };

describe('buildDatasetMeta', () => {
  it('counts users, items, ratings, range and sparsity', () => {
    const m = buildDatasetMeta({ name: 'x', ratings: columns, userIds: ['a', 'b'], itemIds: ['p', 'q', 'r'], implicit: false, hasTitles: false, createdAt: 7 });
    // sparsity = 1 − 3 / (2·3) = 0.5
    expect(m).toEqual({ id: '', name: 'x', createdAt: 7, users: 2, items: 3, ratings: 3, ratingMin: 2.5, ratingMax: 5, implicit: false, sparsity: 0.5, builtIn: false, hasTitles: false, hasTimestamps: false });
  });

  it('handles an empty dataset', () => {
    const empty = { users: new Int32Array(0), items: new Int32Array(0), ratings: new Float32Array(0) };
    const m = buildDatasetMeta({ name: 'e', ratings: empty, userIds: [], itemIds: [], implicit: true, hasTitles: false, createdAt: 1 });
    expect([m.ratingMin, m.ratingMax, m.sparsity]).toEqual([0, 0, 1]);
  });
});

describe('datasetFromParsed', () => {
  it('attaches titles by item id', () => {
    const parsed: ParsedRatings = { columns, timestamps: null, userIds: ['a', 'b'], itemIds: ['p', 'q', 'r'], rowsRead: 3, duplicates: 0, badRowCount: 0, badRows: [], ratingMin: 2.5, ratingMax: 5, implicit: false, scale: null };
    const titles = { byId: new Map([['q', { title: 'Q film', genres: ['Drama'] }]]), rowsRead: 1, badRowCount: 0, badRows: [] };
    const d = datasetFromParsed('mine', parsed, titles);
    expect(d.titles).toEqual([null, 'Q film', null]);
    expect(d.genres).toEqual([[], ['Drama'], []]);
    expect(d.meta.hasTitles).toBe(true);
    expect(d.meta.users).toBe(2);
    expect(datasetFromParsed('mine', parsed).titles).toBeNull();
    expect([d.timestamps, d.meta.hasTimestamps]).toEqual([null, false]);
  });

  it('carries the timestamps and sets hasTimestamps', () => {
    const timestamps = Float64Array.from([100, 200, 300]);
    const parsed: ParsedRatings = { columns, timestamps, userIds: ['a', 'b'], itemIds: ['p', 'q', 'r'], rowsRead: 3, duplicates: 0, badRowCount: 0, badRows: [], ratingMin: 2.5, ratingMax: 5, implicit: false, scale: null };
    const d = datasetFromParsed('timed', parsed);
    expect(d.timestamps).toBe(timestamps);
    expect(d.meta.hasTimestamps).toBe(true);
  });
});
