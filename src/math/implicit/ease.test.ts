import { describe, expect, it } from 'vitest';
import { csrFromColumns } from '../sparse';
import { checkEaseFits, EASE_MAX_ITEMS, easeBytes, easeScores, easeWeights, easeWeightsSteps, gramLowerSteps } from './ease';

/** X as a user-major CSR from (user, item) positives. */
function positives(pairs: [number, number][], nUsers: number, nItems: number) {
  return csrFromColumns(
    Int32Array.from(pairs.map((p) => p[0])),
    Int32Array.from(pairs.map((p) => p[1])),
    new Float32Array(pairs.length).fill(1),
    nUsers,
    nItems,
  );
}

// Three users, three items: u0 has items 0, 1; u1 has 1, 2; u2 has 0, 1, 2.
//   G = XᵀX = [[2, 2, 1], [2, 3, 2], [1, 2, 2]]   (G_02 = 1: only u2 has both 0 and 2)
//   G + λI (λ = 1) = [[3, 2, 1], [2, 4, 2], [1, 2, 3]], det = 3·8 − 2·4 + 1·0 = 16
//   P = adj/16 = [[8, −4, 0], [−4, 8, −4], [0, −4, 8]] / 16 = [[.5, −.25, 0], [−.25, .5, −.25], [0, −.25, .5]]
//   B_ij = −P_ij / P_jj (P_jj = 0.5), B_jj = 0: B = [[0, .5, 0], [.5, 0, .5], [0, .5, 0]]
//   Item 0 and item 2 co-occur once, yet B_02 = 0: given item 1, item 0 says nothing more about 2.
//   u0's scores: rows 0 + 1 of B = [0.5, 0.5, 0.5]; u1's: rows 1 + 2 = [0.5, 0.5, 0.5]; u2's: [0.5, 1, 0.5].
const X = positives(
  [
    [0, 0],
    [0, 1],
    [1, 1],
    [1, 2],
    [2, 0],
    [2, 1],
    [2, 2],
  ],
  3,
  3,
);

describe('EASE weights', () => {
  it('builds the lower triangle of G = XᵀX from the user-major positives', () => {
    const g = new Float64Array(9);
    for (const _ of gramLowerSteps(X, g));
    expect(Array.from(g)).toEqual([2, 0, 0, 2, 3, 0, 1, 2, 2]);
  });

  it('matches the hand-worked 3 × 3 case (λ = 1)', () => {
    const e = easeWeights(X, 1);
    expect(Array.from(e.weights).map((v) => +v.toFixed(12))).toEqual([0, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0]);
    expect(Array.from(e.pDiag).map((v) => +v.toFixed(12))).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(easeScores(e.weights, 3, [0, 1]))).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(easeScores(e.weights, 3, [1, 2]))).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(easeScores(e.weights, 3, [0, 1, 2]))).toEqual([0.5, 1, 0.5]);
  });

  it('reports progress through every phase, ending at 1', () => {
    const seen: string[] = [];
    let last = 0;
    const steps = easeWeightsSteps(X, 1);
    for (let r = steps.next(); !r.done; r = steps.next()) {
      if (seen.at(-1) !== r.value.phase) seen.push(r.value.phase);
      expect(r.value.fraction).toBeGreaterThanOrEqual(last);
      last = r.value.fraction;
    }
    expect(seen).toEqual(['cholesky', 'inverse', 'weights']);
    expect(last).toBe(1);
  });

  it('explains a singular G + λI (λ = 0 and an item without positives)', () => {
    const x = positives(
      [
        [0, 0],
        [1, 1],
      ],
      2,
      3,
    );
    expect(() => easeWeights(x, 0)).toThrow('EASE: XᵀX + λI is singular at item index 2 with λ = 0 (1 item has no positives); use λ > 0.');
    expect(() => easeWeights(x, 0.5)).not.toThrow();
  });

  it('refuses a catalogue above the limit, saying how much memory it would need and what fits', () => {
    expect(easeBytes(1000)).toBe(12_000_000);
    expect(() => checkEaseFits(EASE_MAX_ITEMS)).not.toThrow();
    expect(() => checkEaseFits(12_000)).toThrow(
      'EASE inverts a dense items × items matrix: 12,000 items would need 1.7 GB of memory (G and P in float64, n²·8 bytes, plus B in float32, n²·4 bytes) and about n³/2 = 8.6e+11 multiply–adds, above this lab\'s limit of 4,000 items (192 MB). Methods whose cost grows with the number of interactions fit this catalogue: item-kNN, implicit ALS, BPR-MF.',
    );
  });
});
