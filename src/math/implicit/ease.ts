/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): an item–item weight
 * matrix B in closed form from the binary user × item matrix X,
 * `B = argmin ‖X − XB‖²_F + λ‖B‖²_F subject to diag(B) = 0`, whose solution is
 * `P = (XᵀX + λI)⁻¹`, `B = I − P·diagMat(1 / diag(P))`, i.e. `B_ij = −P_ij / P_jj` (i ≠ j), `B_jj = 0`,
 * and a user's score of item i is `s_ui = Σ_j X_uj B_ji`. Pure; the dense inverse is in ./denseSpdInverse.
 */
import type { Csr } from '../sparse';
import { choleskySteps, NotPositiveDefiniteError } from './denseCholesky';
import { choleskyInverseSteps } from './denseSpdInverse';

/**
 * The most items EASE accepts. Measured in Node 20 on this lab's 2-core machine (the blocked
 * Cholesky + inverse of ./denseCholesky and ./denseSpdInverse run at ~1–1.4·10⁹ multiply–adds a
 * second), Cholesky + inverse on an idle machine: n = 1682 (MovieLens 100K) 2.0 s, n = 2000 3.8 s,
 * n = 3000 12 s, n = 4000 31 s;
 * whole fits with another two CPU-heavy jobs running (load 5): 7.5 s, 9.1 s, 25 s, 62 s. Memory is
 * 12·n² bytes: 34 MB, 48 MB, 108 MB, 192 MB. Time grows as n³ and memory as n², so 4000 items keeps
 * a fit within about a minute on a busy laptop and well under the few hundred MB a browser tab can
 * count on (5000 would be ~1–2 min and 300 MB); larger catalogues should use a method whose cost
 * grows with the number of interactions (item-kNN, implicit ALS, BPR-MF).
 */
export const EASE_MAX_ITEMS = 4000;

/** Bytes EASE needs for n items: G, then P in place, float64 (n²·8), plus B in float32 (n²·4). */
export function easeBytes(nItems: number): number {
  return nItems * nItems * 12;
}

/** "1.7 GB", "192 MB", "34 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/** Throws a plain Error when a catalogue is too large for EASE's dense n × n inverse. */
export function checkEaseFits(nItems: number, maxItems = EASE_MAX_ITEMS): void {
  if (nItems <= maxItems) return;
  throw new Error(
    `EASE inverts a dense items × items matrix: ${nItems.toLocaleString('en-US')} items would need ${formatBytes(easeBytes(nItems))} of memory ` +
      `(G and P in float64, n²·8 bytes, plus B in float32, n²·4 bytes) and about n³/2 = ${(nItems ** 3 / 2).toExponential(1)} multiply–adds, ` +
      `above this lab's limit of ${maxItems.toLocaleString('en-US')} items (${formatBytes(easeBytes(maxItems))}). ` +
      `Methods whose cost grows with the number of interactions fit this catalogue: item-kNN, implicit ALS, BPR-MF.`,
  );
}

/**
 * The lower triangle (diagonal included) of the Gram matrix `G = XᵀX` (items × items, row-major,
 * float64) from X as a user-major CSR: every user adds `X_ua·X_ub` to G_ab for each pair of their
 * items b ≤ a, so the work is Σ_u n_u(n_u + 1)/2, not users × items². Yields the fraction done.
 */
export function* gramLowerSteps(x: Csr, g: Float64Array): Generator<number, void, void> {
  const n = x.nCols;
  if (g.length !== n * n) throw new Error(`gramLowerSteps: expected ${n * n} entries for ${n} items, got ${g.length}`);
  let total = 0;
  for (let u = 0; u < x.nRows; u++) {
    const m = (x.indptr[u + 1] as number) - (x.indptr[u] as number);
    total += (m * (m + 1)) / 2;
  }
  let done = 0;
  let sinceYield = 0;
  for (let u = 0; u < x.nRows; u++) {
    const from = x.indptr[u] as number;
    const to = x.indptr[u + 1] as number;
    for (let p = from; p < to; p++) {
      const row = (x.indices[p] as number) * n;
      const xa = x.values[p] as number;
      for (let q = from; q <= p; q++) {
        const at = row + (x.indices[q] as number);
        g[at] = (g[at] as number) + xa * (x.values[q] as number);
      }
    }
    sinceYield += ((to - from) * (to - from + 1)) / 2;
    if (sinceYield >= 1_000_000) {
      done += sinceYield;
      sinceYield = 0;
      yield total > 0 ? done / total : 1;
    }
  }
}

/** A fitted EASE weight matrix. */
export interface EaseWeights {
  nItems: number;
  /** B, items × items row-major: `weights[j·n + i] = B_ji`, the weight of having item j toward item i. */
  weights: Float32Array;
  /** diag(P), P = (XᵀX + λI)⁻¹ (for explanations: B_ji = −P_ji / P_ii). */
  pDiag: Float64Array;
  lambda: number;
}

/** The phases of an EASE fit, with their share of the work (for progress). */
export type EasePhase = 'gram' | 'cholesky' | 'inverse' | 'weights';

/** A progress report of easeWeightsSteps: the phase and the fraction of the whole fit done. */
export interface EaseProgress {
  phase: EasePhase;
  fraction: number;
}

/**
 * EASE's weights as steps (see the module comment): G = XᵀX (lower triangle), G + λI, its
 * Cholesky factor, P = (G + λI)⁻¹ in place, then `B_ji = −P_ji / P_ii` (j ≠ i), `B_ii = 0` as
 * float32. Yields progress; returns the weights. Throws a clear Error when G + λI is not positive
 * definite (only possible with λ = 0).
 */
export function* easeWeightsSteps(x: Csr, lambda: number): Generator<EaseProgress, EaseWeights, void> {
  const n = x.nCols;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`EASE: λ must be a finite number ≥ 0, got ${lambda}`);
  checkEaseFits(n);
  let gramWork = 0;
  for (let u = 0; u < x.nRows; u++) {
    const m = (x.indptr[u + 1] as number) - (x.indptr[u] as number);
    gramWork += (m * (m + 1)) / 2;
  }
  // share of the whole fit by multiply–add counts
  const w = { gram: gramWork, cholesky: n ** 3 / 6, inverse: n ** 3 / 3, weights: n * n };
  const total = Math.max(1, w.gram + w.cholesky + w.inverse + w.weights);
  const start = { gram: 0, cholesky: w.gram, inverse: w.gram + w.cholesky, weights: w.gram + w.cholesky + w.inverse };
  const at = (phase: EasePhase, f: number): EaseProgress => ({ phase, fraction: Math.min(1, (start[phase] + f * w[phase]) / total) });

  const a = new Float64Array(n * n);
  for (const f of gramLowerSteps(x, a)) yield at('gram', f);
  const counts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    counts[i] = a[i * n + i] as number;
    a[i * n + i] = (counts[i] as number) + lambda;
  }
  try {
    for (const f of choleskySteps(a, n)) yield at('cholesky', f);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) {
      const empty = counts.reduce((m, c) => m + (c === 0 ? 1 : 0), 0);
      throw new Error(
        `EASE: XᵀX + λI is singular at item index ${e.pivot} with λ = ${lambda}` +
          (empty > 0 ? ` (${empty} item${empty === 1 ? ' has' : 's have'} no positives)` : ' (some items are combinations of others)') +
          '; use λ > 0.',
      );
    }
    throw e;
  }
  for (const f of choleskyInverseSteps(a, n)) yield at('inverse', f);
  const pDiag = new Float64Array(n);
  for (let i = 0; i < n; i++) pDiag[i] = a[i * n + i] as number;
  const weights = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    const o = j * n;
    for (let i = 0; i < n; i++) weights[o + i] = i === j ? 0 : -(a[o + i] as number) / (pDiag[i] as number);
    if ((j & 255) === 255) yield at('weights', j / n);
  }
  yield at('weights', 1);
  return { nItems: n, weights, pDiag, lambda };
}

/** Runs easeWeightsSteps to its end. */
export function easeWeights(x: Csr, lambda: number): EaseWeights {
  const steps = easeWeightsSteps(x, lambda);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Scores of every item from a set of positive items J (ascending, with their values x_j):
 * `s_i = Σ_{j∈J} x_j B_ji`, summed in float64 in the order of J (as the traced explanation sums
 * them), returned as float32.
 */
export function easeScores(weights: Float32Array, nItems: number, items: ArrayLike<number>, values?: ArrayLike<number>): Float32Array {
  const acc = new Float64Array(nItems);
  for (let p = 0; p < items.length; p++) {
    const o = (items[p] as number) * nItems;
    const x = values ? (values[p] as number) : 1;
    if (x === 1) for (let i = 0; i < nItems; i++) acc[i] = (acc[i] as number) + (weights[o + i] as number);
    else for (let i = 0; i < nItems; i++) acc[i] = (acc[i] as number) + x * (weights[o + i] as number);
  }
  return Float32Array.from(acc);
}
