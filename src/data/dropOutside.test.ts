import { describe, expect, it } from 'vitest';
import { dropOutsideScale } from './dropOutside';
import { buildDatasetMeta } from './meta';
import type { Dataset } from './types';
import { streamRows } from './streamRows';

describe('dropOutsideScale', () => {
  it('drops ratings outside the bounds, removes users and items left with none, and renumbers the rest', () => {
    const ratings = { users: Int32Array.from([0, 1, 2, 1]), items: Int32Array.from([0, 1, 2, 0]), ratings: Float32Array.from([4, -3, 5, 50]) };
    const userIds = ['ann', 'bob', 'cat'];
    const itemIds = ['Heat', 'Alien', 'Up'];
    const dataset: Dataset = {
      meta: buildDatasetMeta({ name: 'd', ratings, userIds, itemIds, implicit: false, hasTitles: true, hasTimestamps: true }),
      ratings,
      timestamps: Float64Array.from([10, 20, 30, 40]),
      userIds,
      itemIds,
      titles: ['Heat (1995)', 'Alien (1979)', null],
      genres: [['Crime'], ['Sci-Fi'], []],
    };
    const { dataset: d, dropped } = dropOutsideScale(dataset, 0, 5);
    expect(dropped).toBe(2);
    expect(d.userIds).toEqual(['ann', 'cat']);
    expect(d.itemIds).toEqual(['Heat', 'Up']);
    expect(Array.from(d.ratings.users)).toEqual([0, 1]);
    expect(Array.from(d.ratings.items)).toEqual([0, 1]);
    expect(Array.from(d.ratings.ratings)).toEqual([4, 5]);
    expect(Array.from(d.timestamps ?? [])).toEqual([10, 30]);
    expect(d.titles).toEqual(['Heat (1995)', null]);
    expect(d.genres).toEqual([['Crime'], []]);
    expect(d.meta).toMatchObject({ users: 2, items: 2, ratings: 2, ratingMin: 4, ratingMax: 5 });
    expect(dropOutsideScale(d, 0, 5).dataset).toBe(d);
  });
});

describe('CR-only line ends however the bytes are cut', () => {
  it('gives the same rows and lines for every chunk size', async () => {
    const bytes = new TextEncoder().encode('h1,h2\r1,a\r\r2,"b\rc"\r3,d\r\n4,e');
    for (const size of [1, 2, 3, 5, 1000]) {
      const parts: Uint8Array<ArrayBuffer>[] = [];
      for (let o = 0; o < bytes.length; o += size) parts.push(bytes.slice(o, o + size));
      const rows: string[][] = [];
      const lines: number[] = [];
      for await (const b of streamRows(new Blob(parts), { encoding: 'utf-8', delimiter: ',', hasHeader: true })) {
        rows.push(...b.rows);
        lines.push(...b.lines);
      }
      expect(rows, `size ${size}`).toEqual([['1', 'a'], ['2', 'b\nc'], ['3', 'd'], ['4', 'e']]);
      expect(lines, `size ${size}`).toEqual([2, 4, 6, 7]);
    }
  });
});
