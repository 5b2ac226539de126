import { describe, expect, it } from 'vitest';
import { csrFromColumns } from '../sparse';
import { calibratedRerank, calibrationKl, genreIndex, userGenreDistribution } from './calibration';

describe('genres', () => {
  it('indexes genre labels per item, repeats dropped', () => {
    const g = genreIndex([['A'], ['A'], ['B'], ['A', 'B', 'A'], []]);
    expect(g.names).toEqual(['A', 'B']);
    expect(Array.from(g.indptr)).toEqual([0, 1, 2, 3, 5, 5]);
    expect(Array.from(g.indices)).toEqual([0, 0, 1, 0, 1]);
  });
  it('p(g|u) = mean over the rated items with genres of p(g|i) = 1/|G_i|', () => {
    // user 0 rated items 0 (A), 3 (A, B) and 4 (no genres): p(A) = (1 + 0.5)/2 = 0.75, p(B) = 0.5/2 = 0.25
    const g = genreIndex([['A'], ['A'], ['B'], ['A', 'B'], []]);
    const byUser = csrFromColumns(Int32Array.of(0, 0, 0, 1), Int32Array.of(0, 3, 4, 2), Float32Array.of(5, 4, 3, 1), 2, 5);
    expect(Array.from(userGenreDistribution(byUser, 0, g))).toEqual([0.75, 0.25]);
    expect(Array.from(userGenreDistribution(byUser, 1, g))).toEqual([0, 1]);
  });
});

describe('calibrationKl', () => {
  it('KL(p‖(1 − α)q + αp)', () => {
    // p = (½, ½), q = (1, 0), α 0.01: q̃ = (0.995, 0.005);
    // ½ ln(0.5/0.995) + ½ ln(0.5/0.005) = ½(−0.688135) + ½(4.605170) = 1.958518
    expect(calibrationKl([0.5, 0.5], [1, 0], 0.01)).toBeCloseTo(1.958518, 6);
    expect(calibrationKl([0.5, 0.5], [0.5, 0.5], 0.01)).toBe(0);
  });
});

describe('calibratedRerank', () => {
  const genres = genreIndex([['A'], ['A'], ['B'], ['A', 'B']]);
  const pool = Int32Array.of(0, 1, 2, 3);
  const rel = Float64Array.of(1, 0.9, 0.5, 0.4);
  const p = Float64Array.of(0.5, 0.5);
  it('greedy (1 − λ)·rel − λ·KL, worked by hand', () => {
    // λ 0.5. Step 1: items 0, 1 give q = (1, 0), item 2 q = (0, 1): KL 1.958518 each →
    //   0.5 − 0.979259 = −0.479, 0.45 − 0.979 = −0.529, 0.25 − 0.979 = −0.729; item 3 q = p, KL 0 → 0.2. Pick 3.
    // Step 2 (sum (½, ½), one item): item 0 → q = (0.75, 0.25), q̃ = (0.7475, 0.2525),
    //   KL = ½ ln(0.5/0.7475) + ½ ln(0.5/0.2525) = 0.140535 → 0.5 − 0.070268 = 0.4297; item 1 0.3797; item 2 0.1797. Pick 0.
    expect(Array.from(calibratedRerank(pool, rel, 2, 0.5, p, genres))).toEqual([3, 0]);
  });
  it('λ = 0 keeps the order', () => {
    expect(Array.from(calibratedRerank(pool, rel, 3, 0, p, genres))).toEqual([0, 1, 2]);
  });
});
