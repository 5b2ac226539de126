import { describe, expect, it } from 'vitest';
import type { Rng } from '../random';
import { downsampleHead, ipwWeights, popularityPropensity, upsampleTail } from './resample';

/** A generator that returns these numbers in turn (and fails the test when asked for more). */
function fixed(...values: number[]): Rng {
  let j = 0;
  return {
    next() {
      if (j >= values.length) throw new Error('drew more numbers than planned');
      return values[j++]!;
    },
  };
}

describe('re-sampling', () => {
  it('down-samples head rows with probability keep, one draw per head row', () => {
    // items (0, 1, 0, 2, 0), head = item 0. Draws for rows 0, 2, 4: 0.3 < 0.5 keep, 0.7 drop, 0.1 keep.
    expect(Array.from(downsampleHead([0, 1, 0, 2, 0], Uint8Array.of(1, 0, 0), 0.5, fixed(0.3, 0.7, 0.1)))).toEqual([0, 1, 3, 4]);
  });
  it('up-samples tail rows to c copies on average', () => {
    // c = 2.5: tail rows get 2 copies + 1 more when the draw < 0.5: row 1 (0.4) → 3, row 2 (0.6) → 2
    expect(Array.from(upsampleTail([0, 1, 2], Uint8Array.of(1, 0, 0), 2.5, fixed(0.4, 0.6)))).toEqual([0, 1, 1, 1, 2, 2]);
    // a whole c draws nothing
    expect(Array.from(upsampleTail([0, 1, 2], Uint8Array.of(1, 0, 0), 2, fixed()))).toEqual([0, 1, 1, 2, 2]);
    expect(() => upsampleTail([0], Uint8Array.of(0), 0.5, fixed())).toThrow(/copies/);
  });
});

describe('inverse-propensity weights', () => {
  it('p_i = (n_i / max n)^η', () => {
    // counts (4, 1, 0, 2), η ½: (1, √¼ = 0.5, 0, √½)
    const p = popularityPropensity([4, 1, 0, 2], 0.5);
    expect(Array.from(p.subarray(0, 3))).toEqual([1, 0.5, 0]);
    expect(p[3]).toBeCloseTo(Math.SQRT1_2, 12);
  });
  it('w = 1/max(p, clip), scaled to mean 1', () => {
    // rows of items (0, 1, 1, 3), clip 0.6: raw (1/1, 1/0.6, 1/0.6, 1/√½) = (1, 1.6667, 1.6667, 1.41421), Σ = 5.747547
    // scale 4 / 5.747547 = 0.695949 → (0.695949, 1.159915, 1.159915, 0.984221)
    const w = ipwWeights([0, 1, 1, 3], [1, 0.5, 0, Math.SQRT1_2], 0.6);
    [0.695949, 1.159915, 1.159915, 0.984221].forEach((v, t) => expect(w[t]).toBeCloseTo(v, 5));
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 5);
  });
});
