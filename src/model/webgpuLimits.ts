/// <reference types="@webgpu/types" />
/**
 * WebGPU reports a buffer too large for the device only as an asynchronous validation error, after
 * which every dispatch that uses it silently does nothing: the lab's kernels check their buffers
 * against the device's limits before creating them, and refuse with a sentence that says what and how
 * much. (Defaults per the spec: 128 MiB per storage binding, 256 MiB per buffer; real GPUs often allow
 * more, and tfjs asks for the adapter's own limits.)
 */

/** The two limits a storage buffer must respect. */
export type BufferLimits = Pick<GPUSupportedLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize'>;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MiB`;

/**
 * Null when a storage buffer of `bytes` fits `limits`, else why not, e.g. "the ratings (25 000 000 × 16
 * bytes) take 381 MiB in one buffer, and this GPU allows 128 MiB per storage buffer".
 */
export function bufferTooLarge(limits: BufferLimits, bytes: number, what: string): string | null {
  const allowed = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  if (bytes <= allowed) return null;
  return `${what} take ${mib(bytes)} in one buffer, and this GPU allows ${mib(allowed)} per storage buffer`;
}

/** Throws bufferTooLarge's sentence and what to do instead when a buffer of `bytes` does not fit. */
export function checkBufferFits(limits: BufferLimits, bytes: number, what: string, instead: string): void {
  const why = bufferTooLarge(limits, bytes, what);
  if (why !== null) throw new Error(`${why.charAt(0).toUpperCase()}${why.slice(1)}: ${instead}.`);
}
