import { describe, expect, it } from 'vitest';
import { invertSpd } from '../gaussian';
import { createRng, randomNormal } from '../random';
import { choleskyInPlaceBlocked, choleskySteps, NotPositiveDefiniteError } from './denseCholesky';
import { choleskyInverse, choleskyInverseSteps } from './denseSpdInverse';

/** A random SPD matrix: XᵀX of a sparse 0/1 X plus the identity (like EASE's G + λI). */
function randomSpd(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const users = n + 5;
  const x = Float64Array.from({ length: users * n }, () => (randomNormal(rng) > 0.8 ? 1 : 0));
  const a = new Float64Array(n * n);
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < n; i++) {
      if (x[u * n + i] === 0) continue;
      for (let j = 0; j < n; j++) a[i * n + j]! += x[u * n + j]!;
    }
  }
  for (let i = 0; i < n; i++) a[i * n + i]! += 1;
  return a;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let t = 0; t < a.length; t++) m = Math.max(m, Math.abs(a[t]! - b[t]!));
  return m;
};

describe('blocked Cholesky and inverse', () => {
  // A = [[4,2,2],[2,5,3],[2,3,6]]:
  //   L11 = √4 = 2, L21 = 2/2 = 1, L31 = 2/2 = 1,
  //   L22 = √(5 − 1²) = 2, L32 = (3 − 1·1)/2 = 1, L33 = √(6 − 1² − 1²) = 2.
  //   det A = 4(30 − 9) − 2(12 − 6) + 2(6 − 10) = 64; A⁻¹ = adj(A)/64 with cofactors
  //   C11 = 21, C12 = −6, C13 = −4, C22 = 20, C23 = −8, C33 = 16.
  const A = Float64Array.from([4, 2, 2, 2, 5, 3, 2, 3, 6]);

  it('factors a hand-worked 3×3 matrix and inverts it', () => {
    const l = Float64Array.from(A);
    choleskyInPlaceBlocked(l, 3);
    expect(Array.from(l)).toEqual([2, 0, 0, 1, 2, 0, 1, 1, 2]);
    const inv = Float64Array.from(A);
    choleskyInverse(inv, 3);
    const expected = [21, -6, -4, -6, 20, -8, -4, -8, 16].map((v) => v / 64);
    expect(maxAbsDiff(inv, expected)).toBeLessThan(1e-15);
  });

  it('reads only the lower triangle', () => {
    const a = Float64Array.from(A);
    a[1] = 99;
    a[2] = -7;
    a[5] = 1e6;
    choleskyInverse(a, 3);
    expect(maxAbsDiff(a, [21, -6, -4, -6, 20, -8, -4, -8, 16].map((v) => v / 64))).toBeLessThan(1e-15);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 50, 97, 263, 301])('matches the column-by-column inverse for n = %i (every tile tail, blocks and chunks)', (n) => {
    const a = randomSpd(n, n);
    const reference = invertSpd(a, n);
    for (const block of [1, 3, 48]) {
      const inv = Float64Array.from(a);
      choleskyInverse(inv, n, block);
      let scale = 0;
      for (const v of reference) scale = Math.max(scale, Math.abs(v));
      expect(maxAbsDiff(inv, reference) / scale).toBeLessThan(1e-12);
    }
  });

  it('gives A·A⁻¹ ≈ I and an exactly symmetric inverse', () => {
    const n = 120;
    const a = randomSpd(n, 3);
    const inv = Float64Array.from(a);
    choleskyInverse(inv, n);
    let worst = 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[r * n + k]! * inv[k * n + c]!;
        worst = Math.max(worst, Math.abs(s - (r === c ? 1 : 0)));
        expect(inv[r * n + c]).toBe(inv[c * n + r]);
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('names the failing pivot of a matrix that is not positive definite', () => {
    // [[1,2],[2,1]]: pivot 1 is 1 − 2² = −3
    const a = Float64Array.from([1, 2, 2, 1]);
    expect(() => choleskyInPlaceBlocked(a, 2)).toThrow(NotPositiveDefiniteError);
    try {
      choleskyInPlaceBlocked(Float64Array.from([1, 2, 2, 1]), 2);
    } catch (e) {
      expect((e as NotPositiveDefiniteError).pivot).toBe(1);
      expect((e as NotPositiveDefiniteError).value).toBe(-3);
    }
  });

  it('yields non-decreasing fractions that end at 1', () => {
    const n = 300;
    const a = randomSpd(n, 5);
    for (const steps of [choleskySteps(a, n, 16), choleskyInverseSteps(a, n)]) {
      const seen = [...steps];
      expect(seen.length).toBeGreaterThan(2);
      for (let t = 1; t < seen.length; t++) expect(seen[t]!).toBeGreaterThanOrEqual(seen[t - 1]!);
      expect(seen.at(-1)).toBe(1);
    }
  });

  it('rejects a wrong size', () => {
    expect(() => choleskyInPlaceBlocked(new Float64Array(5), 2)).toThrow('expected a 2×2 matrix (4 entries), got 5');
  });
});
