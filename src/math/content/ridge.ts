/**
 * A user's content profile by ridge regression on item features, and scoring with it. Pure,
 * float64, exact (Cholesky of the smaller of the primal and the dual system).
 */
import { choleskyInPlace, choleskySolve } from '../gaussian';
import type { Csr } from '../sparse';
import type { SparseRows } from './features';

/** A sparse weight vector w over feature columns: `indices` ascending, `values` the weights. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/** Which system a ridge profile was solved in ('none': the user has no rated item with features, w = 0). */
export type RidgeSolver = 'primal' | 'dual' | 'none';

/** A fitted profile and how it was solved. */
export interface RidgeProfile extends SparseVector {
  solver: RidgeSolver;
}

/** Reusable work space for ridgeProfile: one slot per feature column, all −1 between calls. */
export interface RidgeScratch {
  position: Int32Array;
}

/** Work space for ridgeProfile over `nCols` feature columns. */
export function createRidgeScratch(nCols: number): RidgeScratch {
  return { position: new Int32Array(nCols).fill(-1) };
}

/**
 * The ridge profile of one user:
 * `w = argmin_w Σ_{i∈I} (y_i − w·f_i)² + λ‖w‖²`, with f_i = row i of `features`, y_i = targets[j]
 * for items[j]. Only the columns A that are non-zero in some f_i can get a weight (for any other
 * column the objective is λw_c², minimised at 0), so with F the n×|A| matrix of the rated rows
 * restricted to A (items with an empty row are left out: they do not change the objective's
 * minimiser), the solution is either of
 * primal `w = (FᵀF + λI)⁻¹ Fᵀy` (an |A|×|A| system), or dual `w = Fᵀ(FFᵀ + λI)⁻¹ y` (n×n),
 * which are equal since `(FᵀF + λI)Fᵀ = Fᵀ(FFᵀ + λI)`. 'auto' (the default) solves the smaller one
 * (the dual when n ≤ |A|), by Cholesky in float64: O(n·nnz² + |A|³) primal, O(n²·nnz + n³) dual.
 * Needs λ > 0. Returns w on the columns A (ascending), or an empty w with solver 'none'.
 */
export function ridgeProfile(
  features: SparseRows,
  items: ArrayLike<number>,
  targets: ArrayLike<number>,
  lambda: number,
  options: { solver?: 'auto' | 'primal' | 'dual'; scratch?: RidgeScratch } = {},
): RidgeProfile {
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new Error(`ridgeProfile: λ must be a finite number > 0, got ${lambda}`);
  if (items.length !== targets.length) throw new Error(`ridgeProfile: ${items.length} items but ${targets.length} targets`);
  const { indptr, indices } = features;
  const position = options.scratch?.position ?? new Int32Array(features.nCols).fill(-1);
  const rows: number[] = [];
  const ys: number[] = [];
  const active: number[] = [];
  for (let j = 0; j < items.length; j++) {
    const i = items[j] as number;
    if (!Number.isInteger(i) || i < 0 || i >= features.nRows) throw new Error(`ridgeProfile: item index ${i} is outside 0…${features.nRows - 1}`);
    const from = indptr[i] as number;
    const to = indptr[i + 1] as number;
    if (to === from) continue;
    rows.push(i);
    ys.push(targets[j] as number);
    for (let p = from; p < to; p++) {
      const c = indices[p] as number;
      if (position[c] === -1) {
        position[c] = 0;
        active.push(c);
      }
    }
  }
  const n = rows.length;
  const d = active.length;
  if (n === 0) return { indices: new Int32Array(0), values: new Float64Array(0), solver: 'none' };
  active.sort((a, b) => a - b);
  active.forEach((c, k) => (position[c] = k));
  try {
    const solver = options.solver === 'primal' || options.solver === 'dual' ? options.solver : n <= d ? 'dual' : 'primal';
    const w = solver === 'primal' ? solvePrimal(features, rows, ys, d, position, lambda) : solveDual(features, rows, ys, d, position, lambda);
    return { indices: Int32Array.from(active), values: w, solver };
  } finally {
    for (const c of active) position[c] = -1;
  }
}

function fail(kind: string, size: number, lambda: number): never {
  throw new Error(`ridgeProfile: the ${size}×${size} ${kind} system is not numerically positive definite (λ = ${lambda}); use a larger λ`);
}

/** (FᵀF + λI) w = Fᵀy on the active columns (lower triangle filled, as choleskyInPlace reads). */
function solvePrimal(features: SparseRows, rows: number[], ys: number[], d: number, position: Int32Array, lambda: number): Float64Array {
  const { indptr, indices, values } = features;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  for (let k = 0; k < d; k++) a[k * d + k] = lambda;
  rows.forEach((i, j) => {
    const y = ys[j] as number;
    const from = indptr[i] as number;
    const to = indptr[i + 1] as number;
    for (let p = from; p < to; p++) {
      const r = position[indices[p] as number] as number;
      const x = values[p] as number;
      b[r] = (b[r] as number) + x * y;
      // columns ascend within a row and positions follow column order, so r ≥ c below
      for (let q = from; q <= p; q++) {
        const c = position[indices[q] as number] as number;
        a[r * d + c] = (a[r * d + c] as number) + x * (values[q] as number);
      }
    }
  });
  if (!choleskyInPlace(a, d)) fail('primal', d, lambda);
  return choleskySolve(a, d, b);
}

/** α = (FFᵀ + λI)⁻¹ y, then w = Fᵀα, on the active columns. */
function solveDual(features: SparseRows, rows: number[], ys: number[], d: number, position: Int32Array, lambda: number): Float64Array {
  const { indptr, indices, values } = features;
  const n = rows.length;
  const k = new Float64Array(n * n);
  const dense = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    const ir = rows[r] as number;
    const fromR = indptr[ir] as number;
    const toR = indptr[ir + 1] as number;
    for (let p = fromR; p < toR; p++) dense[position[indices[p] as number] as number] = values[p] as number;
    for (let c = 0; c <= r; c++) {
      const ic = rows[c] as number;
      let s = 0;
      for (let p = indptr[ic] as number; p < (indptr[ic + 1] as number); p++) s += (dense[position[indices[p] as number] as number] as number) * (values[p] as number);
      k[r * n + c] = r === c ? s + lambda : s;
    }
    for (let p = fromR; p < toR; p++) dense[position[indices[p] as number] as number] = 0;
  }
  if (!choleskyInPlace(k, n)) fail('dual', n, lambda);
  const alpha = choleskySolve(k, n, ys);
  const w = new Float64Array(d);
  rows.forEach((i, r) => {
    const a = alpha[r] as number;
    for (let p = indptr[i] as number; p < (indptr[i + 1] as number); p++) {
      const c = position[indices[p] as number] as number;
      w[c] = (w[c] as number) + a * (values[p] as number);
    }
  });
  return w;
}

/**
 * `w·f_i = Σ_c w_c f_ic` over the columns both store (a merge of the two ascending index lists).
 */
export function profileDot(features: SparseRows, item: number, w: SparseVector): number {
  let p = features.indptr[item] as number;
  const pEnd = features.indptr[item + 1] as number;
  let q = 0;
  const qEnd = w.indices.length;
  let s = 0;
  while (p < pEnd && q < qEnd) {
    const a = features.indices[p] as number;
    const b = w.indices[q] as number;
    if (a === b) {
      s += (features.values[p] as number) * (w.values[q] as number);
      p++;
      q++;
    } else if (a < b) p++;
    else q++;
  }
  return s;
}

/**
 * `s_i = w·f_i` for every item i (float64), by scattering w into `dense` (length nCols, all 0;
 * left all 0 again) and one pass over the stored feature entries: O(nnz(F) + |w|).
 */
export function profileScores(features: SparseRows, w: SparseVector, dense: Float64Array = new Float64Array(features.nCols)): Float64Array {
  const out = new Float64Array(features.nRows);
  for (let q = 0; q < w.indices.length; q++) dense[w.indices[q] as number] = w.values[q] as number;
  const { indptr, indices, values } = features;
  for (let i = 0; i < features.nRows; i++) {
    let s = 0;
    for (let p = indptr[i] as number; p < (indptr[i + 1] as number); p++) s += (values[p] as number) * (dense[indices[p] as number] as number);
    out[i] = s;
  }
  for (let q = 0; q < w.indices.length; q++) dense[w.indices[q] as number] = 0;
  return out;
}

/** One term w_c·f_ic of a content score. */
export interface ContentTerm {
  /** The feature column c. */
  feature: number;
  /** f_ic. */
  value: number;
  /** w_c (0 when the profile has no weight on c). */
  weight: number;
}

/** The terms w_c·f_ic of every stored feature of `item`, in column order; their products sum to profileDot. */
export function contentTerms(features: SparseRows, item: number, w: SparseVector): ContentTerm[] {
  const out: ContentTerm[] = [];
  let q = 0;
  for (let p = features.indptr[item] as number; p < (features.indptr[item + 1] as number); p++) {
    const c = features.indices[p] as number;
    while (q < w.indices.length && (w.indices[q] as number) < c) q++;
    const weight = q < w.indices.length && w.indices[q] === c ? (w.values[q] as number) : 0;
    out.push({ feature: c, value: features.values[p] as number, weight });
  }
  return out;
}

/** Profiles of every user, one sparse row each, and how many were solved in each system. */
export interface FittedProfiles {
  profiles: SparseRows;
  solved: Record<RidgeSolver, number>;
}

/**
 * The ridge profile (ridgeProfile, λ) of every user u = 0 … nRows−1 of `byUser` (rows = users,
 * columns = items), on the targets `target(u, item, rating)` of their rated items (e.g. the rating
 * minus the user's mean, or a model's residual). A generator: yields the number of users done
 * after each user (so a caller can report progress and yield to the event loop), and returns the
 * profiles as one sparse matrix, users × feature columns.
 */
export function* fitProfiles(
  features: SparseRows,
  byUser: Csr,
  lambda: number,
  target: (user: number, item: number, rating: number) => number,
): Generator<number, FittedProfiles> {
  const scratch = createRidgeScratch(features.nCols);
  const nUsers = byUser.nRows;
  const indptr = new Int32Array(nUsers + 1);
  const parts: SparseVector[] = [];
  const solved: Record<RidgeSolver, number> = { primal: 0, dual: 0, none: 0 };
  let nnz = 0;
  for (let u = 0; u < nUsers; u++) {
    const from = byUser.indptr[u] as number;
    const to = byUser.indptr[u + 1] as number;
    const items = byUser.indices.subarray(from, to);
    const ys = new Float64Array(to - from);
    for (let p = from; p < to; p++) ys[p - from] = target(u, byUser.indices[p] as number, byUser.values[p] as number);
    const w = ridgeProfile(features, items, ys, lambda, { scratch });
    solved[w.solver]++;
    parts.push(w);
    nnz += w.indices.length;
    indptr[u + 1] = nnz;
    yield u + 1;
  }
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  parts.forEach((w, u) => {
    indices.set(w.indices, indptr[u] as number);
    values.set(w.values, indptr[u] as number);
  });
  return { profiles: { nRows: nUsers, nCols: features.nCols, indptr, indices, values }, solved };
}

/** Row u of a profiles matrix as a SparseVector (views). */
export function profileOf(profiles: SparseRows, u: number): SparseVector {
  const from = profiles.indptr[u] as number;
  const to = profiles.indptr[u + 1] as number;
  return { indices: profiles.indices.subarray(from, to), values: profiles.values.subarray(from, to) };
}
