/**
 * Every random number of a simulation comes from the run's one seed: each stream (arrivals, warm
 * start, each policy's own draws) has a seed derived from it by name, and the click noise of the
 * k-th showing of item i to user u is a pure function of (seed, u, i, k), so every policy sees the
 * same coin for the same showing.
 */
import { createRng } from '../math/random';

/** The murmur3 32-bit finaliser: a bijective mix of a 32-bit integer. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seed for the stream called `name` of a run seeded `seed` (FNV-1a of the name, mixed with the seed). */
export function deriveSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  for (let j = 0; j < name.length; j++) {
    h ^= name.charCodeAt(j);
    h = Math.imul(h, 0x01000193);
  }
  return mix32((h ^ mix32(seed >>> 0)) >>> 0);
}

/**
 * The uniform number in [0, 1) that decides the `occurrence`-th showing (0-based) of `item` to
 * `user`: clicked when it is below p_ui. The same for every policy of a run.
 */
export function clickNoise(seed: number, user: number, item: number, occurrence: number): number {
  const key = mix32(mix32(mix32((seed >>> 0) ^ 0x9e3779b9) ^ user) + Math.imul(item, 0x27d4eb2d) + occurrence);
  return createRng(key).next();
}
