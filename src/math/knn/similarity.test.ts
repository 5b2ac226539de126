import { describe, expect, it } from 'vitest';
import { cosineSimilarity, FormulaError, jaccardSimilarity, pearsonCorrelation } from '../formulas';
import { csrFromColumns, entryAt, type Csr } from '../sparse';
import {
  centreByColumnMeans,
  centreRowsByMean,
  columnMeans,
  residualsFromBaseline,
  rowMeans,
  shrinkSimilarity,
  similarityFromSums,
  type SimilarityKind,
} from './similarity';
import { randomMatrix } from './matrix.testutil';

/** The sums similarityFromSums takes, written out over the co-rated columns. */
function sumsOf(m: Csr, a: number, b: number): { x: number[]; y: number[]; lenA: number; lenB: number } {
  const x: number[] = [];
  const y: number[] = [];
  for (let c = 0; c < m.nCols; c++) {
    const xa = entryAt(m, a, c);
    const yb = entryAt(m, b, c);
    if (!Number.isNaN(xa) && !Number.isNaN(yb)) {
      x.push(xa);
      y.push(yb);
    }
  }
  const len = (r: number) => (m.indptr[r + 1] as number) - (m.indptr[r] as number);
  return { x, y, lenA: len(a), lenB: len(b) };
}

function fromVectors(kind: SimilarityKind, x: number[], y: number[], lenA: number, lenB: number): number {
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let sx = 0;
  let sy = 0;
  let sdd = 0;
  x.forEach((xi, t) => {
    const yi = y[t] as number;
    sxy += xi * yi;
    sxx += xi * xi;
    syy += yi * yi;
    sx += xi;
    sy += yi;
    sdd += (xi - yi) ** 2;
  });
  return similarityFromSums(kind, x.length, sxy, sxx, syy, sx, sy, sdd, lenA, lenB);
}

/** The traced oracle, NaN where it throws FormulaError (undefined similarity). */
function oracle(f: () => { value: number }): number {
  try {
    return f().value;
  } catch (e) {
    if (e instanceof FormulaError) return NaN;
    throw e;
  }
}

describe('similarityFromSums against the traced formulas', () => {
  const { rows } = randomMatrix(7, 12, 15, 0.45);
  const pairs: [number, number][] = [];
  for (let a = 0; a < rows.nRows; a++) for (let b = a + 1; b < rows.nRows; b++) pairs.push([a, b]);

  it('cosine = cosineSimilarity of the co-rated vectors', () => {
    let checked = 0;
    for (const [a, b] of pairs) {
      const { x, y, lenA, lenB } = sumsOf(rows, a, b);
      const got = fromVectors('cosine', x, y, lenA, lenB);
      if (x.length === 0) expect(got).toBeNaN();
      else {
        expect(got).toBeCloseTo(cosineSimilarity(x, y).value, 12);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('pearson = pearsonCorrelation on the co-rated means (NaN where it is undefined)', () => {
    let defined = 0;
    for (const [a, b] of pairs) {
      const { x, y, lenA, lenB } = sumsOf(rows, a, b);
      const want = x.length === 0 ? NaN : oracle(() => pearsonCorrelation(x, y));
      const got = fromVectors('pearson', x, y, lenA, lenB);
      if (Number.isNaN(want)) expect(got).toBeNaN();
      else {
        expect(got).toBeCloseTo(want, 10);
        defined++;
      }
    }
    expect(defined).toBeGreaterThan(20);
  });

  it('jaccard = jaccardSimilarity of the rows’ binary indicator vectors', () => {
    for (const [a, b] of pairs) {
      const { x, y, lenA, lenB } = sumsOf(rows, a, b);
      const ind = (r: number) => Array.from({ length: rows.nCols }, (_, c) => (Number.isNaN(entryAt(rows, r, c)) ? 0 : 1));
      const got = fromVectors('jaccard', x, y, lenA, lenB);
      if (x.length === 0) expect(got).toBeNaN();
      else expect(got).toBeCloseTo(jaccardSimilarity(ind(a), ind(b)).value, 12);
    }
  });

  it('msd, worked by hand', () => {
    // x = (5, 3, 4), y = (4, 3, 2): Σ(x−y)² = 1 + 0 + 4 = 5, /n = 5/3, s = 1/(5/3 + 1) = 3/8
    expect(fromVectors('msd', [5, 3, 4], [4, 3, 2], 3, 3)).toBeCloseTo(0.375, 14);
    // identical ratings: s = 1/(0 + 1) = 1
    expect(fromVectors('msd', [2, 2], [2, 2], 5, 7)).toBe(1);
  });

  it('cosine and pearson are NaN for zero resp. constant vectors; all are NaN without co-rated columns', () => {
    expect(fromVectors('cosine', [0, 0], [1, 2], 2, 2)).toBeNaN();
    expect(fromVectors('pearson', [3, 3, 3], [1, 2, 4], 3, 3)).toBeNaN();
    expect(fromVectors('pearson', [0.1, 0.1, 0.1], [1, 2, 4], 3, 3)).toBeNaN();
    for (const kind of ['cosine', 'pearson', 'msd', 'jaccard'] as const) expect(fromVectors(kind, [], [], 2, 3)).toBeNaN();
  });
});

describe('shrinkSimilarity', () => {
  it('is s·n/(n+β), or s·(n−1)/(n−1+β) with offset 1', () => {
    // 0.5·3/(3+1) = 0.375; 0.5·2/(2+1) = 1/3; β = 0 leaves it
    expect(shrinkSimilarity(0.5, 3, 1)).toBeCloseTo(0.375, 14);
    expect(shrinkSimilarity(0.5, 3, 1, 1)).toBeCloseTo(1 / 3, 14);
    expect(shrinkSimilarity(0.5, 3, 0)).toBe(0.5);
    // 0.9·100/(100 + 100) = 0.45
    expect(shrinkSimilarity(0.9, 100, 100)).toBeCloseTo(0.45, 14);
  });
});

describe('value transforms', () => {
  // 2 users × 3 items: u0 = (5, 3, −), u1 = (4, −, 1)
  const u = Int32Array.of(0, 0, 1, 1);
  const i = Int32Array.of(0, 1, 0, 2);
  const r = Float32Array.of(5, 3, 4, 1);
  const byUser = csrFromColumns(u, i, r, 2, 3);
  const byItem = csrFromColumns(i, u, r, 3, 2);

  it('means of rows and columns', () => {
    // user means (5+3)/2 = 4, (4+1)/2 = 2.5; item means (5+4)/2 = 4.5, 3, 1
    expect(Array.from(rowMeans(byUser))).toEqual([4, 2.5]);
    expect(Array.from(columnMeans(byUser))).toEqual([4.5, 3, 1]);
    expect(Array.from(columnMeans(byItem))).toEqual([4, 2.5]);
    expect(rowMeans(csrFromColumns(u, i, r, 3, 3))[2]).toBeNaN();
  });

  it('centring by row means and by column means subtract the same user mean', () => {
    // byUser − user mean: (5−4, 3−4, 4−2.5, 1−2.5) = (1, −1, 1.5, −1.5)
    expect(Array.from(centreRowsByMean(byUser).values)).toEqual([1, -1, 1.5, -1.5]);
    // byItem rows i0: (u0 5, u1 4), i1: (u0 3), i2: (u1 1) minus the user (column) means 4, 2.5
    expect(Array.from(centreByColumnMeans(byItem).values)).toEqual([1, 1.5, -1, -1.5]);
    // structure shared, values new
    expect(centreRowsByMean(byUser).indices).toBe(byUser.indices);
    expect(byUser.values[0]).toBe(5);
  });

  it('baseline residuals r − (μ + b_row + b_col)', () => {
    // μ = 3, b_u = (0.5, −1), b_i = (1, 0, −0.5)
    // u0: 5 − (3 + 0.5 + 1) = 0.5, 3 − (3 + 0.5 + 0) = −0.5; u1: 4 − (3 − 1 + 1) = 1, 1 − (3 − 1 − 0.5) = −0.5
    const res = residualsFromBaseline(byUser, 3, Float64Array.of(0.5, -1), Float64Array.of(1, 0, -0.5));
    expect(Array.from(res.values)).toEqual([0.5, -0.5, 1, -0.5]);
  });
});
