/** Rating matrices as the two CSRs k-NN reads (rows, and their transpose): from entries, or seeded at random. Pure. */
import { createRng, randomInt } from '../random';
import { csrFromColumns, type Csr } from '../sparse';

/** The matrix with entries (r[t], c[t]) = v[t]: `rows` has r as rows, `cols` is its transpose. */
export function matrixPair(r: ArrayLike<number>, c: ArrayLike<number>, v: ArrayLike<number>, nRows: number, nCols: number): { rows: Csr; cols: Csr } {
  const R = Int32Array.from(r);
  const C = Int32Array.from(c);
  const V = Float32Array.from(v);
  return { rows: csrFromColumns(R, C, V, nRows, nCols), cols: csrFromColumns(C, R, V, nCols, nRows) };
}

/**
 * A random nRows × nCols matrix with integer ratings 1…5 at about `density` of the cells, drawn from
 * createRng(seed); `extra` more empty rows and columns are appended (a user and an item with no rating).
 */
export function randomMatrix(seed: number, nRows: number, nCols: number, density: number, extra = 0): { rows: Csr; cols: Csr } {
  const rng = createRng(seed);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let a = 0; a < nRows; a++) {
    for (let b = 0; b < nCols; b++) {
      if (rng.next() < density) {
        r.push(a);
        c.push(b);
        v.push(1 + randomInt(rng, 5));
      }
    }
  }
  return matrixPair(r, c, v, nRows + extra, nCols + extra);
}
