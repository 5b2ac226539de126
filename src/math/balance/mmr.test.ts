import { describe, expect, it } from 'vitest';
import { csrFromColumns } from '../sparse';
import { coRatingCosine, mmrRerank } from './mmr';

// items × users: item 0 {0, 1, 2}, item 1 {0, 1, 2}, item 2 {3}, item 3 {0, 3}
const items = Int32Array.of(0, 0, 0, 1, 1, 1, 2, 3, 3);
const users = Int32Array.of(0, 1, 2, 0, 1, 2, 3, 0, 3);
const byItem = csrFromColumns(items, users, new Float32Array(9).fill(1), 4, 4);

describe('coRatingCosine', () => {
  it('|U_i ∩ U_j| / √(|U_i|·|U_j|)', () => {
    const sim = coRatingCosine(byItem);
    const out = new Float64Array(4);
    sim(0, Int32Array.of(0, 1, 2, 3), out);
    // cos(0,0) = 3/3, cos(0,1) = 3/3, cos(0,2) = 0, cos(0,3) = 1/√(3·2)
    expect(Array.from(out)).toEqual([1, 1, 0, 1 / Math.sqrt(6)]);
    sim(3, Int32Array.of(2), out);
    expect(out[0]).toBeCloseTo(1 / Math.sqrt(2), 12); // {0,3} ∩ {3} = 1 of √(2·1)
  });
});

describe('mmrRerank', () => {
  const pool = Int32Array.of(0, 1, 2, 3);
  const rel = Float64Array.of(1, 0.9, 0.5, 0.4);
  it('picks by (1 − λ)·rel − λ·max sim to the picked, worked by hand', () => {
    // λ 0.5. Step 1: 0.5·rel → item 0. max sims then (·, 1, 0, 1/√6 = 0.4082).
    // Step 2: item 1: 0.45 − 0.5 = −0.05; item 2: 0.25 − 0 = 0.25; item 3: 0.2 − 0.2041 = −0.0041 → item 2.
    //   max sims: item 1 stays 1; item 3 max(0.4082, cos(2,3) = 0.7071) = 0.7071.
    // Step 3: item 1: −0.05; item 3: 0.2 − 0.3536 = −0.1536 → item 1.
    expect(Array.from(mmrRerank(pool, rel, 3, 0.5, coRatingCosine(byItem)))).toEqual([0, 2, 1]);
  });
  it('λ = 0 keeps the order; λ = 1 only avoids similar items', () => {
    expect(Array.from(mmrRerank(pool, rel, 3, 0, coRatingCosine(byItem)))).toEqual([0, 1, 2]);
    // λ 1: all 0 → item 0 (first); then −max sim: item 1 −1, item 2 0, item 3 −0.41 → item 2; then item 1 −1, item 3 −0.71 → item 3
    expect(Array.from(mmrRerank(pool, rel, 3, 1, coRatingCosine(byItem)))).toEqual([0, 2, 3]);
  });
});
