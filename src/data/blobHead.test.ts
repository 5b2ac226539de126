import { describe, expect, it, vi } from 'vitest';
import { blobHead, HEAD_BYTES } from './blobHead';

describe('blobHead', () => {
  it('reads a Blob head once and gives each caller the bytes it asks for', async () => {
    const bytes = Uint8Array.from({ length: HEAD_BYTES + 10 }, (_, k) => k % 251);
    const blob = new Blob([bytes]);
    const slice = vi.spyOn(blob, 'slice');
    expect(Array.from(await blobHead(blob, 4))).toEqual([0, 1, 2, 3]);
    expect((await blobHead(blob)).length).toBe(HEAD_BYTES);
    expect(slice).toHaveBeenCalledTimes(1);
    expect(Array.from(await blobHead(blob, HEAD_BYTES + 10))).toEqual(Array.from(bytes));
    expect((await blobHead(new Blob(['ab']), 4096)).length).toBe(2);
  });
});
