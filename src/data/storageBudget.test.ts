import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLabDb } from './db';
import { listDatasets, loadDataset, saveDataset } from './dbDatasets';
import { buildDatasetMeta } from './meta';
import {
  StorageQuotaError,
  estimateStoredBytesOfFile,
  freeBytes,
  isQuotaExceeded,
  quotaMessage,
  refusalBeforeImport,
  saveOrExplain,
  storageSize,
  storedBytes,
} from './storageBudget';
import type { Dataset } from './types';

describe('stored size', () => {
  it('is 12 bytes per rating (20 with timestamps) plus the id and title strings', () => {
    const base = { userIds: ['u1', 'u2'], itemIds: ['i1'], titles: null, timestamps: null, ratings: { ratings: new Float32Array(1000) } };
    // 1000 × 12 + (8 + 2) + (8 + 2) + (8 + 2)
    expect(storedBytes(base)).toBe(12_030);
    expect(storedBytes({ ...base, timestamps: new Float64Array(1000) })).toBe(20_030);
    // a title with a character beyond Latin-1 counts 2 bytes a character; a missing title nothing
    expect(storedBytes({ ...base, titles: ['Ωmega'] })).toBe(12_030 + 8 + 10);
    expect(storedBytes({ ...base, itemIds: ['i1', 'i2'], titles: [null, 'Heat'] })).toBe(12_040 + 8 + 4);
  });

  it('of a file, from the line breaks in its head: MovieLens 100K u.data (1 979 173 bytes, 100 000 lines)', () => {
    // 64 KiB of u.data holds about 3 311 lines (19.79 bytes a line): ⌈1 979 173 · 3311 / 65 536⌉ = 99 992 rows
    expect(estimateStoredBytesOfFile(1_979_173, 65_536, 3311, false)).toBe(99_992 * 12);
    expect(estimateStoredBytesOfFile(1_979_173, 65_536, 3311, false)).toBe(1_199_904);
    expect(estimateStoredBytesOfFile(1_979_173, 65_536, 3311, true)).toBe(1_999_840);
    // a whole small file read as its own head: its lines exactly
    expect(estimateStoredBytesOfFile(120, 120, 10, false)).toBe(120);
    expect(estimateStoredBytesOfFile(0, 0, 0, false)).toBe(0);
  });
});

describe('storage messages', () => {
  it('free bytes are quota minus usage, unknown without a quota', () => {
    expect(freeBytes({ quota: 50_000_000, usage: 12_500_000 })).toBe(37_500_000);
    expect(freeBytes({ quota: 10, usage: 20 })).toBe(0);
    expect(freeBytes({})).toBeNull();
    expect(freeBytes(null)).toBeNull();
  });

  it('sizes in megabytes with one decimal, in whole kilobytes below 0.1 MB', () => {
    expect(storageSize(1_199_904)).toBe('1.2 MB');
    expect(storageSize(37_500_000)).toBe('37.5 MB');
    expect(storageSize(100_000)).toBe('0.1 MB');
    expect(storageSize(12_012)).toBe('13 kB');
    expect(storageSize(0)).toBe('0 kB');
  });

  it('refuses a file that needs more than is free, before parsing', () => {
    expect(refusalBeforeImport(2_000_560, { quota: 3_000_000, usage: 1_500_000 })).toBe(
      'This file needs about 2.0 MB of browser storage; only 1.5 MB are free. Free space by deleting datasets you no longer need, or by clearing other sites’ data in the browser’s settings, then import again.',
    );
    expect(refusalBeforeImport(1_500_000, { quota: 3_000_000, usage: 1_500_000 })).toBeNull();
    expect(refusalBeforeImport(2_000_560, null)).toBeNull(); // no figures: try, and catch the quota error
  });

  it('explains a quota error with the size needed and the space free', () => {
    expect(quotaMessage(12_030_000, { quota: 20_000_000, usage: 15_000_000 })).toBe(
      'Not enough browser storage: this dataset needs about 12.0 MB and about 5.0 MB are free. Nothing was stored. Delete datasets you no longer need (or clear other sites’ data in the browser’s settings) and import again.',
    );
    expect(quotaMessage(12_030_000, null)).toMatch(/^Not enough browser storage: this dataset needs about 12\.0 MB\. Nothing was stored\./);
  });

  it('recognises a QuotaExceededError itself, as a cause, or as the transaction error', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(isQuotaExceeded(quota)).toBe(true);
    expect(isQuotaExceeded(new Error('save failed', { cause: quota }))).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', target: { error: quota } })).toBe(true);
    expect(isQuotaExceeded(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
  });
});

let dbCounter = 0;

/** n ratings over 50 users × 40 items. */
function dataset(n: number, name: string, createdAt: number): Dataset {
  const users = Int32Array.from({ length: n }, (_, k) => k % 50);
  const items = Int32Array.from({ length: n }, (_, k) => (k * 7) % 40);
  const ratings = Float32Array.from({ length: n }, (_, k) => 1 + (k % 5));
  const userIds = Array.from({ length: 50 }, (_, u) => `u${u}`);
  const itemIds = Array.from({ length: 40 }, (_, i) => `i${i}`);
  const columns = { users, items, ratings };
  return {
    meta: buildDatasetMeta({ name, ratings: columns, userIds, itemIds, implicit: false, hasTitles: false, hasTimestamps: false, createdAt }),
    ratings: columns,
    timestamps: null,
    userIds,
    itemIds,
    titles: null,
    genres: null,
  };
}

describe('a save that runs out of storage', () => {
  afterEach(() => vi.restoreAllMocks());

  const figures = () => Promise.resolve({ quota: 100_000, usage: 99_000 });

  it('when a put is refused: rolls back, lists only the earlier dataset, and says how much is needed', async () => {
    const db = await openLabDb(`budget-db-${++dbCounter}`);
    const earlier = await saveDataset(db, dataset(2000, 'earlier', 1));
    const listed = await listDatasets(db);
    const put = IDBObjectStore.prototype.put;
    let chunkPuts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'chunks' && ++chunkPuts === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const big = dataset(150_000, 'too big', 2); // 3 chunks: the second put fails
    // 150 000 × 12 + u0…u49 (50 × 8 + 140 characters) + i0…i39 (40 × 8 + 110 characters) = 1 800 970 bytes
    expect(storedBytes(big)).toBe(1_800_970);
    const saving = saveOrExplain(db, big, figures);
    await expect(saving).rejects.toBeInstanceOf(StorageQuotaError);
    await expect(saving).rejects.toThrow('Not enough browser storage: this dataset needs about 1.8 MB and about 1 kB are free. Nothing was stored.');
    vi.restoreAllMocks();
    expect(await listDatasets(db)).toEqual(listed);
    expect(await db.count('chunks')).toBe(1); // the earlier dataset's one chunk
    expect(await db.count('meta')).toBe(1);
    expect(await db.count('idmaps')).toBe(1);
    expect((await loadDataset(db, earlier.id)).ratings.ratings.length).toBe(2000);
    db.close();
  }, 30_000); // fake-indexeddb clones 1.8 MB: slow on a loaded machine

  it('when the transaction aborts with QuotaExceededError after every put: the same', async () => {
    const db = await openLabDb(`budget-db-${++dbCounter}`);
    await saveDataset(db, dataset(2000, 'earlier', 1));
    const listed = await listDatasets(db);
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const request = put.apply(this, args);
      // the browser aborts at commit, with the transaction's error a QuotaExceededError
      if (this.name === 'meta') request.addEventListener('success', () => (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError'));
      return request;
    });
    const saving = saveOrExplain(db, dataset(150_000, 'too big', 2), figures);
    await expect(saving).rejects.toThrow(/^Not enough browser storage: this dataset needs about 1\.8 MB/);
    vi.restoreAllMocks();
    expect(await listDatasets(db)).toEqual(listed);
    expect(await db.count('chunks')).toBe(1);
    db.close();
  }, 30_000);

  it('passes other errors through unchanged', async () => {
    const db = await openLabDb(`budget-db-${++dbCounter}`);
    const broken = dataset(100, 'broken', 1);
    broken.meta = { ...broken.meta, ratings: 99 };
    await expect(saveOrExplain(db, broken, figures)).rejects.toThrow('Cannot save dataset "broken": meta.ratings is 99 but there are 100 rows.');
    db.close();
  });
});
