import { describe, expect, it } from 'vitest';
import { cosineSimilarity, FormulaError, jaccardSimilarity, pearsonCorrelation } from '../formulas';
import { createRng, randomInt } from '../random';
import { entryAt, type Csr } from '../sparse';
import { matrix, randomMatrix } from './matrix.testutil';
import { computeNeighbourLists, defaultListLength, sortByScoreThenIndex, type NeighbourLists } from './neighbourLists';
import type { SimilarityKind } from './similarity';


/** Row a's list as [neighbour, similarity, raw, support] tuples. */
function listOf(l: NeighbourLists, a: number): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let p = l.indptr[a] as number; p < (l.indptr[a + 1] as number); p++) {
    out.push([l.neighbours[p] as number, l.similarity[p] as number, l.rawSimilarity[p] as number, l.support[p] as number]);
  }
  return out;
}

// 3 users × 3 items:   i0 i1 i2
//                 u0 [ 5  3  − ]
//                 u1 [ 4  3  2 ]
//                 u2 [ −  1  5 ]
const small = matrix([0, 0, 1, 1, 1, 2, 2], [0, 1, 0, 1, 2, 1, 2], [5, 3, 4, 3, 2, 1, 5], 3, 3);

describe('computeNeighbourLists, worked by hand on a 3 × 3 matrix', () => {
  it('msd: 1/(Σ(x−y)²/n + 1), best first', () => {
    // u0–u1 on i0, i1: (5,3) vs (4,3): Σd² = 1, n = 2 → 1/(0.5 + 1) = 2/3
    // u0–u2 on i1: 3 vs 1: Σd² = 4, n = 1 → 1/5 = 0.2
    // u1–u2 on i1, i2: (3,2) vs (1,5): Σd² = 4 + 9 = 13, n = 2 → 1/(6.5 + 1) = 2/15
    const l = computeNeighbourLists(small.rows, small.cols, { kind: 'msd' });
    expect(l.listLength).toBe(2);
    const u0 = listOf(l, 0);
    expect(u0.map((e) => e[0])).toEqual([1, 2]);
    expect(u0[0]?.[1]).toBeCloseTo(2 / 3, 6);
    expect(u0[1]?.[1]).toBeCloseTo(0.2, 6);
    expect(u0.map((e) => e[3])).toEqual([2, 1]);
    expect(listOf(l, 1).map((e) => e[0])).toEqual([0, 2]);
    const u2 = listOf(l, 2);
    expect(u2.map((e) => e[0])).toEqual([0, 1]);
    expect(u2[1]?.[1]).toBeCloseTo(2 / 15, 6);
  });

  it('min support 2 drops the pair co-rated once', () => {
    const l = computeNeighbourLists(small.rows, small.cols, { kind: 'msd', minSupport: 2 });
    expect(listOf(l, 0).map((e) => e[0])).toEqual([1]);
    expect(listOf(l, 2).map((e) => e[0])).toEqual([1]);
  });

  it('shrinkage s·n/(n+β) ranks and weighs, the raw value is kept beside it', () => {
    // β = 4: u0–u1 2/3·2/6 = 2/9; u0–u2 0.2·1/5 = 0.04; u1–u2 2/15·2/6 = 2/45 ≈ 0.0444 > 0.04:
    // u2's order flips to [u1, u0]
    const l = computeNeighbourLists(small.rows, small.cols, { kind: 'msd', shrinkage: 4 });
    const u2 = listOf(l, 2);
    expect(u2.map((e) => e[0])).toEqual([1, 0]);
    expect(u2[0]?.[1]).toBeCloseTo(2 / 45, 7);
    expect(u2[0]?.[2]).toBeCloseTo(2 / 15, 7);
    expect(u2[1]?.[1]).toBeCloseTo(0.04, 7);
    expect(listOf(l, 0)[0]?.[1]).toBeCloseTo(2 / 9, 7);
    // offset 1 (Surprise's pearson_baseline form): u0–u1 2/3·1/(1+4) = 2/15; u0–u2 has n − 1 = 0 → 0, dropped
    const o = computeNeighbourLists(small.rows, small.cols, { kind: 'msd', shrinkage: 4, shrinkageOffset: 1 });
    expect(listOf(o, 0).map((e) => e[0])).toEqual([1]);
    expect(listOf(o, 0)[0]?.[1]).toBeCloseTo(2 / 15, 7);
  });

  it('jaccard ties go to the lower index; cosine; pearson keeps only s > 0', () => {
    // sets u0 {i0,i1}, u1 {i0,i1,i2}, u2 {i1,i2}: J(u1,u0) = 2/(3+2−2) = 2/3 = J(u1,u2)
    const j = computeNeighbourLists(small.rows, small.cols, { kind: 'jaccard' });
    expect(listOf(j, 1).map((e) => e[0])).toEqual([0, 2]);
    expect(listOf(j, 1)[1]?.[1]).toBeCloseTo(2 / 3, 6);
    // cos(u1,u2) on i1, i2 = (3·1 + 2·5)/(√13·√26) = 13/(13√2) = 1/√2; cos(u0,u2) on i1 = 3/3 = 1
    const c = computeNeighbourLists(small.rows, small.cols, { kind: 'cosine' });
    expect(listOf(c, 2).map((e) => e[0])).toEqual([0, 1]);
    expect(listOf(c, 2)[1]?.[1]).toBeCloseTo(Math.SQRT1_2, 6);
    // pearson u0–u1: (1,−1)·(0.5,−0.5) → 1; u1–u2: (0.5,−0.5)·(−2,2) → −1 (dropped); u0–u2: n = 1, undefined
    const p = computeNeighbourLists(small.rows, small.cols, { kind: 'pearson' });
    expect(listOf(p, 0).map((e) => e[0])).toEqual([1]);
    expect(listOf(p, 0)[0]?.[1]).toBeCloseTo(1, 6);
    expect(listOf(p, 2)).toEqual([]);
  });

  it('list length L caps every list', () => {
    const l = computeNeighbourLists(small.rows, small.cols, { kind: 'msd', listLength: 1 });
    expect(Array.from(l.indptr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(l.neighbours)).toEqual([1, 0, 0]);
  });
});

/** The traced formula's value on the co-rated vectors of rows a, b; NaN when undefined. */
function oracle(kind: SimilarityKind, m: Csr, a: number, b: number): { value: number; n: number } {
  const x: number[] = [];
  const y: number[] = [];
  const ia: number[] = [];
  const ib: number[] = [];
  for (let c = 0; c < m.nCols; c++) {
    const xa = entryAt(m, a, c);
    const yb = entryAt(m, b, c);
    ia.push(Number.isNaN(xa) ? 0 : 1);
    ib.push(Number.isNaN(yb) ? 0 : 1);
    if (!Number.isNaN(xa) && !Number.isNaN(yb)) {
      x.push(xa);
      y.push(yb);
    }
  }
  if (x.length === 0) return { value: NaN, n: 0 };
  try {
    const value =
      kind === 'cosine'
        ? cosineSimilarity(x, y).value
        : kind === 'pearson'
          ? pearsonCorrelation(x, y).value
          : kind === 'jaccard'
            ? jaccardSimilarity(ia, ib).value
            : 1 / (x.reduce((s, xi, t) => s + (xi - (y[t] as number)) ** 2, 0) / x.length + 1);
    return { value, n: x.length };
  } catch (e) {
    if (e instanceof FormulaError) return { value: NaN, n: x.length };
    throw e;
  }
}

describe('computeNeighbourLists against the traced formulas on a random matrix', () => {
  const { rows, cols } = randomMatrix(11, 25, 30, 0.35);
  for (const kind of ['cosine', 'pearson', 'msd', 'jaccard'] as const) {
    it(`${kind}: every b with s > 0, its similarity and support, sorted best first`, () => {
      const l = computeNeighbourLists(rows, cols, { kind });
      let total = 0;
      for (let a = 0; a < rows.nRows; a++) {
        const want = new Map<number, { value: number; n: number }>();
        for (let b = 0; b < rows.nRows; b++) {
          if (b === a) continue;
          const o = oracle(kind, rows, a, b);
          if (o.value > 1e-9) want.set(b, o);
        }
        const got = listOf(l, a);
        expect(new Set(got.map((e) => e[0]))).toEqual(new Set(want.keys()));
        got.forEach(([b, s, raw, n], t) => {
          expect(s).toBeCloseTo(want.get(b)?.value as number, 6);
          expect(raw).toBe(s);
          expect(n).toBe(want.get(b)?.n);
          const prev = got[t - 1];
          if (prev) expect(prev[1] > s || (prev[1] === s && prev[0] < b)).toBe(true);
        });
        total += got.length;
      }
      expect(total).toBeGreaterThan(100);
    });
  }

  it('a shorter list is the prefix of the full one', () => {
    const full = computeNeighbourLists(rows, cols, { kind: 'msd', shrinkage: 3 });
    const short = computeNeighbourLists(rows, cols, { kind: 'msd', shrinkage: 3, listLength: 5 });
    expect(short.listLength).toBe(5);
    for (let a = 0; a < rows.nRows; a++) expect(listOf(short, a)).toEqual(listOf(full, a).slice(0, 5));
  });

  it('item-based: rows and cols swapped', () => {
    const l = computeNeighbourLists(cols, rows, { kind: 'cosine' });
    expect(l.nRows).toBe(30);
    const got = listOf(l, 4);
    expect(got.length).toBeGreaterThan(0);
    for (const [b, s] of got) expect(s).toBeCloseTo(oracle('cosine', cols, 4, b).value, 6);
  });
});

describe('progress and stop', () => {
  const { rows, cols } = randomMatrix(3, 200, 20, 0.2);

  it('reports increasing fractions every 64 rows, ending with 1', () => {
    const seen: number[] = [];
    computeNeighbourLists(rows, cols, { kind: 'cosine' }, { onProgress: (f) => seen.push(f) });
    // rows 0, 64, 128, 192 of 200, then the end
    expect(seen).toEqual([0, 64 / 200, 128 / 200, 192 / 200, 1]);
  });

  it('throws an AbortError when shouldStop says so', () => {
    let calls = 0;
    const run = () => computeNeighbourLists(rows, cols, { kind: 'cosine' }, { shouldStop: () => ++calls > 2 });
    expect(run).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(calls).toBe(3);
  });

  it('rejects a cols that is not the transpose', () => {
    expect(() => computeNeighbourLists(rows, rows, { kind: 'cosine' })).toThrow(/transpose/);
  });
});

describe('defaultListLength', () => {
  it('is min(nRows − 1, ⌊32 000 000 / nRows⌋)', () => {
    expect(defaultListLength(0)).toBe(0);
    expect(defaultListLength(1)).toBe(0);
    expect(defaultListLength(943)).toBe(942);
    expect(defaultListLength(1682)).toBe(1681);
    expect(defaultListLength(5656)).toBe(5655); // 32e6/5656 = 5657.7
    expect(defaultListLength(10_000)).toBe(3200);
    expect(defaultListLength(100_000)).toBe(320);
  });
});

describe('sortByScoreThenIndex', () => {
  it('packed and comparator paths: score descending, ties by lower index', () => {
    const score = Float32Array.of(0.5, 0.25, 0.5, 1, 0.125, 0.25, 3e-8);
    for (const bound of [7, 1 << 30]) {
      const cand = Int32Array.of(6, 5, 4, 3, 2, 1, 0, 99);
      sortByScoreThenIndex(cand, 7, score, bound);
      expect(Array.from(cand)).toEqual([3, 0, 2, 1, 5, 4, 6, 99]);
    }
  });

  it('every path agrees with a reference sort, with many ties, short and long runs', () => {
    const rng = createRng(42);
    for (const [n, count, bound] of [
      [5000, 3000, 5000], // radix, 2 index passes
      [1500, 900, 1500], // radix, 1 index pass
      [1 << 23, 2000, 1 << 23], // radix, 3 index passes
      [5000, 200, 5000], // packed doubles
      [5000, 200, 1 << 23], // comparator
    ] as const) {
      const score = new Float32Array(Math.min(n, 5000));
      // few distinct values (ties) mixed with arbitrary ones, spanning exponents
      for (let b = 0; b < score.length; b++) score[b] = rng.next() < 0.5 ? (1 + randomInt(rng, 4)) / 8 : rng.next() ** 3 + 1e-6;
      const all = Int32Array.from({ length: score.length }, (_, b) => b);
      for (let t = all.length - 1; t > 0; t--) {
        const j = randomInt(rng, t + 1);
        [all[t], all[j]] = [all[j] as number, all[t] as number];
      }
      const cand = all.slice(0, count);
      const want = Array.from(cand).sort((p, q) => (score[q] as number) - (score[p] as number) || p - q);
      sortByScoreThenIndex(cand, count, score, bound);
      expect(Array.from(cand)).toEqual(want);
    }
  });
});
