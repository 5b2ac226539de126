import { describe, expect, it } from 'vitest';
import { createRng, randomInt, shuffleInPlace } from './random';

describe('createRng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(sa);
    expect(c.next()).not.toBe(sa[0]);
  });

  it('stays in [0, 1) and is roughly uniform', () => {
    const rng = createRng(7);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    // Mean of 10 000 uniforms: 0.5 ± 3·(1/√12)/√10000 ≈ 0.5 ± 0.0087.
    expect(Math.abs(sum / 10000 - 0.5)).toBeLessThan(0.0087);
  });
});

describe('SeededRng.state', () => {
  it('is the 32-bit state, and createRng(state) continues the same sequence', () => {
    const a = createRng(7);
    // mulberry32 adds 0x6d2b79f5 = 1 831 565 813 per draw: 7 + 3 · 1 831 565 813 = 5 494 697 446 ≡ 5 494 697 446 − 4 294 967 296 = 1 199 730 150 (mod 2³²)
    a.next();
    a.next();
    a.next();
    expect(a.state()).toBe(1199730150);
    const b = createRng(a.state());
    expect([b.next(), b.next()]).toEqual([a.next(), a.next()]);
  });
});

describe('shuffleInPlace', () => {
  it('permutes without losing elements, reproducibly', () => {
    const a = shuffleInPlace(createRng(1), Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
    const b = shuffleInPlace(createRng(1), Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(randomInt(createRng(3), 1)).toBe(0);
  });
});
