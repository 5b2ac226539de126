import { describe, expect, it } from 'vitest';
import { predefinedSplit, splitDataOf } from '../evaluation/splits';
import { datasetFromParsed } from './meta';
import { HAVE_ML100K, ML100K_SKIP_REASON, ml100kBlob, ml100kColumns } from './ml100k.testutil';
import { parseRatingsFile } from './parseRatings';
import { parseTestRatingsFile } from './parseTestRatings';

const csv = { encoding: 'utf-8', delimiter: ',', hasHeader: true } as const;
const mapping = { user: 0, item: 1, rating: 2, timestamp: 3 };

describe('parseTestRatingsFile', () => {
  const userIds = ['u1', 'u2'];
  const itemIds = ['a', 'b', 'c'];

  it('maps ids through the training id maps, counting unknowns, duplicates and bad rows', async () => {
    const text = [
      'user,item,rating,time',
      'u1,b,4,100',
      'u2,a,x,100', // bad rating: line 3, column 3
      'u3,a,5,100', // unknown user
      'u1,z,2,100', // unknown item
      'u9,y,1,100', // both
      'u1,b,5,not a time', // repeats u1–b (kept: the last); the test file's timestamps are ignored
      'u2,c,3',
    ].join('\n');
    const p = await parseTestRatingsFile(new Blob([text]), { ...csv, mapping }, userIds, itemIds);
    expect(p.rowsRead).toBe(7);
    expect(p.badRowCount).toBe(2);
    expect(p.badRows).toEqual([
      { line: 3, column: 3, message: 'rating "x" is not a number', text: 'u2,a,x,100' },
      { line: 8, column: null, message: 'expected 4 fields, found 3', text: 'u2,c,3' },
    ]);
    expect(Array.from(p.test.users)).toEqual([0]);
    expect(Array.from(p.test.items)).toEqual([1]);
    expect(Array.from(p.test.ratings)).toEqual([5]);
    expect(p.summary).toEqual({ testRatings: 1, testUsers: 1, duplicates: 1, unknownUsers: 2, unknownItems: 2, unknownRows: 3 });
  });

  it('fails with ImportError when nothing matches the training data or nothing is readable', async () => {
    await expect(parseTestRatingsFile(new Blob(['user,item,rating,time\nx,y,1,0\nx,a,2,0\n']), { ...csv, mapping }, userIds, itemIds)).rejects.toThrow(
      'None of the 2 test ratings has a user and an item of the training data (1 unknown user id, 1 unknown item id)',
    );
    await expect(parseTestRatingsFile(new Blob(['user,item,rating,time\nu1,a,?,0\n']), { ...csv, mapping }, userIds, itemIds)).rejects.toThrow(
      'No usable rows: all 1 data rows were rejected. The first problem: line 2, column 3: rating "?" is not a number.',
    );
  });
});

describe.skipIf(!HAVE_ML100K)(HAVE_ML100K ? 'predefined split of MovieLens 100K u1.base / u1.test' : ML100K_SKIP_REASON, () => {
  const tab = { encoding: 'utf-8', delimiter: '\t', hasHeader: false } as const;

  it('maps u1.test through u1.base, counting the films u1.base never saw', async () => {
    const base = datasetFromParsed('u1.base', await parseRatingsFile(ml100kBlob('u1.base'), { ...tab, mapping }));
    const test = await parseTestRatingsFile(ml100kBlob('u1.test'), { ...tab, mapping }, base.userIds, base.itemIds);
    // Expected counts from the plain reader.
    const b = ml100kColumns('u1.base');
    const t = ml100kColumns('u1.test');
    const baseUsers = new Set(b.users);
    const baseItems = new Set(b.items);
    const unknownItems = new Set(Array.from(t.items).filter((i) => !baseItems.has(i)));
    const unknownUsers = new Set(Array.from(t.users).filter((u) => !baseUsers.has(u)));
    const unknownRows = Array.from(t.users).filter((u, k) => !baseUsers.has(u) || !baseItems.has(t.items[k] as number)).length;
    expect(unknownItems.size).toBeGreaterThan(0);
    expect(test.rowsRead).toBe(20_000);
    expect(test.summary).toMatchObject({ duplicates: 0, unknownUsers: unknownUsers.size, unknownItems: unknownItems.size, unknownRows, testRatings: 20_000 - unknownRows });
    const split = predefinedSplit(splitDataOf(base), test);
    // u1.base and u1.test are disjoint: train is the whole of u1.base.
    expect(split.summary.overlapRows).toBe(0);
    expect(split.summary.trainRatings).toBe(80_000);
    expect(split.summary.testRatings).toBe(20_000 - unknownRows);
  });

  it('imports u.data as the dataset and trains on exactly u1.base when u1.test is held out', async () => {
    const all = datasetFromParsed('u.data', await parseRatingsFile(ml100kBlob('u.data'), { ...tab, mapping }));
    const test = await parseTestRatingsFile(ml100kBlob('u1.test'), { ...tab, mapping }, all.userIds, all.itemIds);
    expect(test.summary).toMatchObject({ testRatings: 20_000, unknownRows: 0 });
    const split = predefinedSplit(splitDataOf(all), test);
    expect(split.summary.overlapRows).toBe(20_000);
    expect(split.train.length).toBe(80_000);
    // The train rows are u1.base's ratings.
    const key = (u: string, i: string): string => `${u}\t${i}`;
    const base = ml100kColumns('u1.base');
    const expected = new Set(Array.from(base.users, (u, k) => key(String(u + 1), String((base.items[k] as number) + 1))));
    const got = Array.from(split.train, (r) => key(all.userIds[all.ratings.users[r] as number] as string, all.itemIds[all.ratings.items[r] as number] as string));
    expect(got.filter((g) => !expected.has(g))).toEqual([]);
  });
});
