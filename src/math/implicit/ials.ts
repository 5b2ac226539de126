/**
 * Implicit ALS (Hu, Koren & Volinsky 2008, "Collaborative Filtering for Implicit Feedback
 * Datasets"). Every (user, item) pair has a preference p_ui (1 for a positive, 0 otherwise) and a
 * confidence c_ui = 1 + α·r_ui (1 for unobserved pairs); the factors minimise
 * `L = Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)`
 * by alternating exact-in-one-side solves
 * `x_u = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ YᵀC_u p(u)` (and the same for y_i with X fixed), where
 * `Yᵀ(C_u − I)Y = Σ_{i∈I_u} (c_ui − 1) y_i y_iᵀ` touches only u's positives, so a sweep costs
 * O(nnz·k² + (users + items)·k³) with Cholesky, O(nnz·k·s + (users + items)·k²·s) with s
 * conjugate-gradient steps (Takács, Pilászy & Tikk 2011; the `implicit` library's default).
 *
 * Conventions: λ is NOT scaled by the number of positives (as `implicit`, unlike Spark's ALS,
 * which multiplies λ by n_u); c_ui = 1 + α·r_ui as in the paper (`implicit` ≥ 0.5 uses
 * c_ui = α·r_ui instead, so its α = 1 weighs positives like α = 0 here). Pure; float64.
 */
import { choleskyInPlace, choleskySolve } from '../gaussian';
import type { Csr } from '../sparse';

/** Residual norm² below which conjugate gradient stops (as `implicit`). */
export const CG_TOLERANCE = 1e-20;

/**
 * Conjugate gradient on a dense SPD system `A·x = b` (k×k row-major), warm-started from `x`
 * (updated in place), at most `steps` steps: `r = b − A·x`, `p = r`; then
 * `α = (r·r)/(p·A·p)`, `x ← x + α·p`, `r ← r − α·A·p`, `p ← r + (r_new·r_new / r·r)·p`.
 * In exact arithmetic it reaches the solution in k steps. Returns the steps taken.
 */
export function conjugateGradientSolve(a: Float64Array, k: number, b: ArrayLike<number>, x: Float64Array, steps: number): number {
  if (a.length !== k * k || b.length !== k || x.length !== k) throw new Error(`conjugateGradientSolve: expected a ${k}×${k} system`);
  return cgCore(k, b, x, steps, (p, out) => {
    for (let r = 0; r < k; r++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += (a[r * k + c] as number) * (p[c] as number);
      out[r] = s;
    }
  }, new CgScratch(k));
}

/** Scratch vectors of one CG solve, reused across rows. */
export class CgScratch {
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly ap: Float64Array;
  constructor(k: number) {
    this.r = new Float64Array(k);
    this.p = new Float64Array(k);
    this.ap = new Float64Array(k);
  }
}

function cgCore(k: number, b: ArrayLike<number>, x: Float64Array, steps: number, applyA: (v: Float64Array, out: Float64Array) => void, s: CgScratch): number {
  const { r, p, ap } = s;
  applyA(x, ap);
  let rsOld = 0;
  for (let f = 0; f < k; f++) {
    const v = (b[f] as number) - (ap[f] as number);
    r[f] = v;
    p[f] = v;
    rsOld += v * v;
  }
  if (rsOld < CG_TOLERANCE) return 0;
  for (let it = 0; it < steps; it++) {
    applyA(p, ap);
    let pAp = 0;
    for (let f = 0; f < k; f++) pAp += (p[f] as number) * (ap[f] as number);
    if (!(pAp > 0)) return it;
    const alpha = rsOld / pAp;
    let rsNew = 0;
    for (let f = 0; f < k; f++) {
      x[f] = (x[f] as number) + alpha * (p[f] as number);
      const v = (r[f] as number) - alpha * (ap[f] as number);
      r[f] = v;
      rsNew += v * v;
    }
    if (rsNew < CG_TOLERANCE) return it + 1;
    const beta = rsNew / rsOld;
    for (let f = 0; f < k; f++) p[f] = (r[f] as number) + beta * (p[f] as number);
    rsOld = rsNew;
  }
  return steps;
}

/** `YᵀY + λI` (k×k, row-major, float64) of a rows × k table. */
export function gramPlusRidge(table: ArrayLike<number>, rows: number, k: number, lambda: number): Float64Array {
  const g = new Float64Array(k * k);
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    for (let r = 0; r < k; r++) {
      const yr = table[o + r] as number;
      if (yr === 0) continue;
      const gr = r * k;
      for (let c = 0; c <= r; c++) g[gr + c] = (g[gr + c] as number) + yr * (table[o + c] as number);
    }
  }
  for (let r = 0; r < k; r++) {
    g[r * k + r] = (g[r * k + r] as number) + lambda;
    for (let c = 0; c < r; c++) g[c * k + r] = g[r * k + c] as number;
  }
  return g;
}

/** Settings of one half-sweep. */
export interface AlsSolveSettings {
  factors: number;
  /** α of c = 1 + α·r. */
  alpha: number;
  lambda: number;
  solver: 'cg' | 'cholesky';
  /** CG steps per row (solver 'cg'). */
  cgSteps: number;
}

/**
 * One half-sweep: every row a of `solving` (users when `positives` is user-major, items when it is
 * item-major) gets the minimiser of its part of L with the other side `fixed`:
 * `(FᵀF + λI + Σ_{b∈I_a} α r_ab f_b f_bᵀ) s_a = Σ_{b∈I_a} (1 + α r_ab) f_b`
 * (c − 1 = α·r), solved exactly (Cholesky) or by `cgSteps` CG steps warm-started from the
 * current s_a, with the matrix applied implicitly as `(FᵀF + λI)v + Σ α r_ab (f_b·v) f_b`.
 * A row with no positives gets s_a = 0 (its exact minimiser). `gram` = FᵀF + λI. Yields the
 * fraction of rows done every 64 rows.
 */
export function* alsHalfSweep(positives: Csr, fixed: Float64Array, solving: Float64Array, gram: Float64Array, settings: AlsSolveSettings): Generator<number, void, void> {
  const k = settings.factors;
  const { alpha } = settings;
  const rows = positives.nRows;
  if (solving.length !== rows * k || fixed.length !== positives.nCols * k) throw new Error('alsHalfSweep: factor tables do not match the positives');
  const b = new Float64Array(k);
  const x = new Float64Array(k);
  const scratch = new CgScratch(k);
  const a = new Float64Array(k * k);
  const { indptr, indices, values } = positives;
  for (let row = 0; row < rows; row++) {
    const from = indptr[row] as number;
    const to = indptr[row + 1] as number;
    const so = row * k;
    if (from === to) {
      solving.fill(0, so, so + k);
    } else {
      b.fill(0);
      for (let p = from; p < to; p++) {
        const o = (indices[p] as number) * k;
        const c = 1 + alpha * (values[p] as number);
        for (let f = 0; f < k; f++) b[f] = (b[f] as number) + c * (fixed[o + f] as number);
      }
      if (settings.solver === 'cg') {
        for (let f = 0; f < k; f++) x[f] = solving[so + f] as number;
        implicitCgRow(positives, from, to, fixed, gram, k, alpha, b, x, settings.cgSteps, scratch);
      } else {
        a.set(gram);
        for (let p = from; p < to; p++) {
          const o = (indices[p] as number) * k;
          const w = alpha * (values[p] as number);
          for (let r = 0; r < k; r++) {
            const fr = w * (fixed[o + r] as number);
            const ar = r * k;
            for (let c = 0; c <= r; c++) a[ar + c] = (a[ar + c] as number) + fr * (fixed[o + c] as number);
          }
        }
        if (!choleskyInPlace(a, k)) throw new Error(`implicit ALS: the ${k}×${k} system of row ${row} is not positive definite; use λ > 0`);
        choleskySolve(a, k, b, x);
      }
      for (let f = 0; f < k; f++) solving[so + f] = x[f] as number;
    }
    if ((row & 63) === 63) yield (row + 1) / rows;
  }
  yield 1;
}

/**
 * `out = A·v` with `A = (FᵀF + λI) + Σ_{p∈[from,to)} α r_p f_p f_pᵀ`, applied without forming the
 * sum: `(FᵀF + λI)v + Σ α r_p (f_p·v) f_p`.
 */
function applyImplicitA(m: Csr, from: number, to: number, fixed: Float64Array, gram: Float64Array, k: number, alpha: number, v: Float64Array, out: Float64Array): void {
  for (let r = 0; r < k; r++) {
    let s = 0;
    const gr = r * k;
    for (let c = 0; c < k; c++) s += (gram[gr + c] as number) * (v[c] as number);
    out[r] = s;
  }
  for (let p = from; p < to; p++) {
    const o = (m.indices[p] as number) * k;
    let d = 0;
    for (let f = 0; f < k; f++) d += (fixed[o + f] as number) * (v[f] as number);
    d *= alpha * (m.values[p] as number);
    for (let f = 0; f < k; f++) out[f] = (out[f] as number) + d * (fixed[o + f] as number);
  }
}

/** cgCore on one row's implicit system (see applyImplicitA), as the `implicit` library's least_squares_cg. */
function implicitCgRow(m: Csr, from: number, to: number, fixed: Float64Array, gram: Float64Array, k: number, alpha: number, b: Float64Array, x: Float64Array, steps: number, s: CgScratch): number {
  return cgCore(k, b, x, steps, (v, out) => applyImplicitA(m, from, to, fixed, gram, k, alpha, v, out), s);
}

/**
 * The objective `L = Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(‖X‖²_F + ‖Y‖²_F)` over ALL users × items,
 * computed without visiting the zeros: Σ over every pair of (x_u·y_i)² is `tr((XᵀX)(YᵀY))`, and
 * each positive replaces its (x_u·y_i)² term by c_ui (1 − x_u·y_i)², so
 * `L = tr((XᵀX)(YᵀY)) + Σ_{(u,i)∈pos} [c_ui (1 − s_ui)² − s_ui²] + λ(‖X‖²_F + ‖Y‖²_F)`.
 */
export function implicitAlsObjective(byUser: Csr, users: Float64Array, items: Float64Array, k: number, alpha: number, lambda: number): number {
  const xtx = gramPlusRidge(users, byUser.nRows, k, 0);
  const yty = gramPlusRidge(items, byUser.nCols, k, 0);
  let loss = 0;
  for (let t = 0; t < k * k; t++) loss += (xtx[t] as number) * (yty[t] as number);
  for (let u = 0; u < byUser.nRows; u++) {
    const uo = u * k;
    for (let p = byUser.indptr[u] as number; p < (byUser.indptr[u + 1] as number); p++) {
      const io = (byUser.indices[p] as number) * k;
      let s = 0;
      for (let f = 0; f < k; f++) s += (users[uo + f] as number) * (items[io + f] as number);
      const c = 1 + alpha * (byUser.values[p] as number);
      loss += c * (1 - s) * (1 - s) - s * s;
    }
  }
  let norms = 0;
  for (const v of users) norms += v * v;
  for (const v of items) norms += v * v;
  return loss + lambda * norms;
}

/**
 * A new user's vector with the item factors fixed (folding in): the exact solve of
 * `(YᵀY + λI + Σ_{i∈J} α y_i y_iᵀ) x = Σ_{i∈J} (1 + α) y_i` for the visitor's positives J
 * (r = 1). `gram` = YᵀY + λI. No positives: x = 0.
 */
export function implicitAlsFoldIn(items: ArrayLike<number>, gram: Float64Array, k: number, positives: readonly number[], alpha: number): Float64Array {
  const x = new Float64Array(k);
  if (positives.length === 0) return x;
  const a = Float64Array.from(gram);
  const b = new Float64Array(k);
  for (const i of positives) {
    const o = i * k;
    for (let r = 0; r < k; r++) {
      const yr = items[o + r] as number;
      b[r] = (b[r] as number) + (1 + alpha) * yr;
      for (let c = 0; c <= r; c++) a[r * k + c] = (a[r * k + c] as number) + alpha * yr * (items[o + c] as number);
    }
  }
  if (!choleskyInPlace(a, k)) throw new Error(`implicit ALS fold-in: the ${k}×${k} system is not positive definite; use λ > 0`);
  return choleskySolve(a, k, b, x);
}
