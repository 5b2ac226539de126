import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkRoomForImport } from './importing';

/** 1000 rows of 8 bytes under a header: 1001 line breaks, 8017 bytes, read whole as the head. */
const file = new Blob(['user,item,rating\n', 'u1,i1,5\n'.repeat(1000)]);
const options = (timestamp: number | null) => ({ ratingsOptions: { encoding: 'utf-8' as const, delimiter: ',' as const, hasHeader: true, mapping: { user: 0, item: 1, rating: 2, timestamp } } });

describe('checkRoomForImport', () => {
  afterEach(() => vi.unstubAllGlobals());

  const withStorage = (quota: number, usage: number) => vi.stubGlobal('navigator', { storage: { estimate: () => Promise.resolve({ quota, usage }) } });

  it('refuses before parsing when the rows (12 bytes each) need more than is free', async () => {
    withStorage(20_000, 10_000); // 10 000 bytes free; 1001 rows × 12 = 12 012 needed
    await expect(checkRoomForImport({ ratingsFile: file, ...options(null) })).rejects.toThrow(
      'This file needs about 13 kB of browser storage; only 10 kB are free. Free space by deleting datasets you no longer need',
    );
  });

  it('lets it through when it fits, and counts timestamps at 20 bytes a row', async () => {
    withStorage(30_000, 10_000); // 20 000 free
    await expect(checkRoomForImport({ ratingsFile: file, ...options(null) })).resolves.toBeUndefined();
    // with a timestamp column: 1001 × 20 = 20 020 > 20 000
    await expect(checkRoomForImport({ ratingsFile: file, ...options(3) })).rejects.toThrow('This file needs about 21 kB of browser storage; only 20 kB are free.');
  });

  it('lets it through when the browser gives no figures', async () => {
    vi.stubGlobal('navigator', {});
    await expect(checkRoomForImport({ ratingsFile: file, ...options(null) })).resolves.toBeUndefined();
  });
});
