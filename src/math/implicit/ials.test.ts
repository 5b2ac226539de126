import { describe, expect, it } from 'vitest';
import { choleskySolve, cholesky } from '../gaussian';
import { createRng, randomNormal } from '../random';
import { csrFromColumns } from '../sparse';
import { alsHalfSweep, conjugateGradientSolve, gramPlusRidge, implicitAlsFoldIn, implicitAlsObjective } from './ials';
import type { AlsSolveSettings } from './ials';

const run = (steps: Iterable<number>) => {
  for (const _ of steps);
};

function csr(pairs: [number, number][], nRows: number, nCols: number) {
  return csrFromColumns(
    Int32Array.from(pairs.map((p) => p[0])),
    Int32Array.from(pairs.map((p) => p[1])),
    new Float32Array(pairs.length).fill(1),
    nRows,
    nCols,
  );
}

describe('conjugate gradient', () => {
  // A = [[4,1,0,0],[1,3,1,0],[0,1,2,1],[0,0,1,5]] (diagonally dominant, so SPD), b = (1, 2, 3, 4)
  const A = Float64Array.from([4, 1, 0, 0, 1, 3, 1, 0, 0, 1, 2, 1, 0, 0, 1, 5]);
  const b = [1, 2, 3, 4];
  const exact = choleskySolve(cholesky(A, 4), 4, b);

  it('reaches the exact solve of a k × k system in k steps, from zero or warm', () => {
    for (const start of [[0, 0, 0, 0], [5, -3, 2, 1]]) {
      const x = Float64Array.from(start);
      expect(conjugateGradientSolve(A, 4, b, x, 4)).toBeLessThanOrEqual(4);
      for (let f = 0; f < 4; f++) expect(x[f]).toBeCloseTo(exact[f]!, 12);
    }
  });

  it('stops at once when the start is already the solution', () => {
    const x = Float64Array.from(exact);
    expect(conjugateGradientSolve(A, 4, b, x, 4)).toBe(0);
  });

  it('gets closer with every step', () => {
    let previous = Infinity;
    for (const steps of [1, 2, 3]) {
      const x = new Float64Array(4);
      conjugateGradientSolve(A, 4, b, x, steps);
      // the A-norm of the error, which CG minimises over a growing subspace
      const e = x.map((v, f) => v - exact[f]!);
      let q = 0;
      for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) q += e[r]! * A[r * 4 + c]! * e[c]!;
      expect(q).toBeLessThan(previous);
      previous = q;
    }
  });
});

describe('implicit ALS half-sweep', () => {
  // One factor, one user with item 0 positive; item vectors y = (2, 1), α = 1, λ = 1:
  //   YᵀY + λ = 2² + 1² + 1 = 6, plus α·y_0² = 4 → 10; right side (1 + α)·y_0 = 4 → x = 0.4.
  //   Check: L(x) = 2(1 − 2x)² + (0 − x)² + λx², dL/dx = −8(1 − 2x) + 4x = 0 at x = 0.4.
  //   L(0.4) + λ‖Y‖² = 2·0.04 + 0.16 + 0.16 + (4 + 1) = 5.4.
  const byUser = csr([[0, 0]], 1, 2);
  const items = Float64Array.from([2, 1]);
  const base: AlsSolveSettings = { factors: 1, alpha: 1, lambda: 1, solver: 'cholesky', cgSteps: 1 };

  it('solves the hand-worked one-factor case with both solvers', () => {
    for (const solver of ['cholesky', 'cg'] as const) {
      const users = Float64Array.from([-3]);
      run(alsHalfSweep(byUser, items, users, gramPlusRidge(items, 2, 1, 1), { ...base, solver }));
      expect(users[0]).toBeCloseTo(0.4, 14);
    }
    expect(implicitAlsObjective(byUser, Float64Array.from([0.4]), items, 1, 1, 1)).toBeCloseTo(5.4, 12);
    expect(implicitAlsFoldIn(items, gramPlusRidge(items, 2, 1, 1), 1, [0], 1)[0]).toBeCloseTo(0.4, 14);
  });

  it('computes the objective over every pair without visiting the zeros', () => {
    const rng = createRng(3);
    const nUsers = 6;
    const nItems = 5;
    const k = 3;
    const pairs: [number, number][] = [];
    for (let u = 0; u < nUsers; u++) for (let i = 0; i < nItems; i++) if (rng.next() < 0.4) pairs.push([u, i]);
    const m = csr(pairs, nUsers, nItems);
    const X = Float64Array.from({ length: nUsers * k }, () => randomNormal(rng));
    const Y = Float64Array.from({ length: nItems * k }, () => randomNormal(rng));
    const alpha = 2.5;
    const lambda = 0.3;
    let brute = 0;
    for (let u = 0; u < nUsers; u++) {
      for (let i = 0; i < nItems; i++) {
        const positive = pairs.some(([pu, pi]) => pu === u && pi === i);
        let s = 0;
        for (let f = 0; f < k; f++) s += X[u * k + f]! * Y[i * k + f]!;
        brute += (positive ? 1 + alpha : 1) * ((positive ? 1 : 0) - s) ** 2;
      }
    }
    for (const v of [...X, ...Y]) brute += lambda * v * v;
    expect(implicitAlsObjective(m, X, Y, k, alpha, lambda)).toBeCloseTo(brute, 10);
  });

  it('CG with k steps equals the exact Cholesky solve; rows without positives get 0', () => {
    const rng = createRng(11);
    const nRows = 7;
    const nCols = 9;
    const k = 4;
    const pairs: [number, number][] = [];
    for (let r = 0; r < nRows - 1; r++) for (let c = 0; c < nCols; c++) if (rng.next() < 0.35) pairs.push([r, c]);
    const m = csr(pairs, nRows, nCols);
    const fixed = Float64Array.from({ length: nCols * k }, () => randomNormal(rng, 0, 0.5));
    const start = Float64Array.from({ length: nRows * k }, () => randomNormal(rng, 0, 0.5));
    const settings: AlsSolveSettings = { factors: k, alpha: 3, lambda: 0.1, solver: 'cholesky', cgSteps: k };
    const gram = gramPlusRidge(fixed, nCols, k, settings.lambda);
    const exact = Float64Array.from(start);
    run(alsHalfSweep(m, fixed, exact, gram, settings));
    const cg = Float64Array.from(start);
    run(alsHalfSweep(m, fixed, cg, gram, { ...settings, solver: 'cg' }));
    for (let t = 0; t < exact.length; t++) expect(cg[t]).toBeCloseTo(exact[t]!, 9);
    expect(Array.from(exact.subarray((nRows - 1) * k))).toEqual([0, 0, 0, 0]);
  });

  it('never raises the objective: each half-sweep minimises (CG: decreases) every row’s part', () => {
    const rng = createRng(5);
    const nUsers = 20;
    const nItems = 15;
    const k = 4;
    const pairs: [number, number][] = [];
    for (let u = 0; u < nUsers; u++) for (let i = 0; i < nItems; i++) if (rng.next() < 0.3) pairs.push([u, i]);
    const byUser = csr(pairs, nUsers, nItems);
    const byItem = csr(pairs.map(([u, i]) => [i, u]), nItems, nUsers);
    for (const solver of ['cg', 'cholesky'] as const) {
      const s: AlsSolveSettings = { factors: k, alpha: 2, lambda: 0.5, solver, cgSteps: 2 };
      const X = Float64Array.from({ length: nUsers * k }, () => randomNormal(rng, 0, 0.1));
      const Y = Float64Array.from({ length: nItems * k }, () => randomNormal(rng, 0, 0.1));
      let last = implicitAlsObjective(byUser, X, Y, k, s.alpha, s.lambda);
      for (let it = 0; it < 6; it++) {
        run(alsHalfSweep(byUser, Y, X, gramPlusRidge(Y, nItems, k, s.lambda), s));
        const afterUsers = implicitAlsObjective(byUser, X, Y, k, s.alpha, s.lambda);
        expect(afterUsers).toBeLessThanOrEqual(last * (1 + 1e-12));
        run(alsHalfSweep(byItem, X, Y, gramPlusRidge(X, nUsers, k, s.lambda), s));
        const afterItems = implicitAlsObjective(byUser, X, Y, k, s.alpha, s.lambda);
        expect(afterItems).toBeLessThanOrEqual(afterUsers * (1 + 1e-12));
        last = afterItems;
      }
    }
  });
});
