/**
 * Seeded pseudo-random numbers. Every random choice in the lab (demo data, initial embeddings,
 * shuffles, validation split) draws from one of these, so the same seed gives the same result.
 */

/** A seeded generator of uniform numbers in [0, 1). */
export interface Rng {
  /** Next uniform number in [0, 1). */
  next(): number;
}

/** A generator whose place in its sequence can be saved: createRng(rng.state()) goes on exactly where it is. */
export interface SeededRng extends Rng {
  /** The 32-bit state now (a training checkpoint keeps it). */
  state(): number;
}

/**
 * mulberry32: a small 32-bit generator, good enough for shuffles and initialisation.
 * `seed` is any integer; it is reduced to 32 bits.
 */
export function createRng(seed: number): SeededRng {
  let state = seed >>> 0;
  return {
    state: () => state,
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

/** A standard normal draw (Box–Muller), scaled: N(mean, std²). */
export function randomNormal(rng: Rng, mean = 0, std = 1): number {
  let u = rng.next();
  while (u <= Number.EPSILON) u = rng.next();
  const v = rng.next();
  return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(rng: Rng, a: T): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = a[i] as number;
    a[i] = a[j] as number;
    a[j] = tmp;
  }
  return a;
}
