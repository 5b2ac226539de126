import { describe, expect, it } from 'vitest';
import { bufferTooLarge, checkBufferFits } from './webgpuLimits';

// the spec's default limits: 128 MiB per storage binding, 256 MiB per buffer
const DEFAULTS = { maxStorageBufferBindingSize: 128 * 2 ** 20, maxBufferSize: 256 * 2 ** 20 };

describe('bufferTooLarge', () => {
  it('lets a buffer up to the smaller of the two limits through', () => {
    expect(bufferTooLarge(DEFAULTS, 128 * 2 ** 20, 'the table')).toBeNull();
    // a device whose buffer limit is the smaller one
    expect(bufferTooLarge({ maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 30 }, 1.5 * 2 ** 30, 'the table')).toBe(
      'the table take 1536 MiB in one buffer, and this GPU allows 1024 MiB per storage buffer',
    );
  });
  it('says how much is needed and allowed, in MiB', () => {
    // 25 000 000 ratings × 16 bytes = 400 000 000 bytes = 381.47 MiB → "381 MiB"
    expect(bufferTooLarge(DEFAULTS, 25_000_000 * 16, 'the ratings (25 000 000 × 16 bytes)')).toBe(
      'the ratings (25 000 000 × 16 bytes) take 381 MiB in one buffer, and this GPU allows 128 MiB per storage buffer',
    );
  });
});

describe('checkBufferFits', () => {
  it('throws the sentence, capitalised, with what to do instead', () => {
    expect(() => checkBufferFits(DEFAULTS, 2 ** 28, 'the factor tables', 'train on the CPU')).toThrow(
      'The factor tables take 256 MiB in one buffer, and this GPU allows 128 MiB per storage buffer: train on the CPU.',
    );
    expect(() => checkBufferFits(DEFAULTS, 100, 'the factor tables', 'train on the CPU')).not.toThrow();
  });
});
