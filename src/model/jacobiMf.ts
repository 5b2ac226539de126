/**
 * Biased MF by a gather-only full-batch (Jacobi) update, on any tfjs backend: every row of every
 * table moves at once, computed from the old tables with gathers, shifted slices (a segmented scan) and elementwise
 * arithmetic only — no scatter (tfjs's gradient of gather is an unsortedSegmentSum scatter over a whole
 * table, slow on WebGL, which has no atomics).
 *
 * Measured on WebGL (SwiftShader, `e2e/jacobi.spec.ts`, k 16): ×24–27 tfjs Adam's ratings/s on u1.base
 * (e.g. 85 100 against 3 130) and ×14–20 on the demo. At λ 0.1 it beats Adam's validation RMSE on the
 * demo in a third of the time but levels off 0.004 above it on u1.base (0.9298 against 0.9261); at λ 0.15
 * the reverse (u1.base 0.9169, demo 0.7480 against 0.7249). So it is not WebGL's default (README, "Speed,
 * issue 9").
 */
import type * as tfType from '@tensorflow/tfjs';
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import type { BackendName } from './backend';
import { prepareTraining } from './batches';
import type { TrainingRows } from './batches';
import { runTraining } from './loop';
import type { StepRunner } from './loop';
import type { TrainParams } from './params';
import type { TrainHooks } from './trainHooks';
import { readMfTables, tfjsMemory } from './tfjsSteps';

type Tf = typeof tfType;

/**
 * ω, the damping of every Jacobi step (see jacobiEpochJs). Measured with jacobiEpochJs on MovieLens
 * 100K u1.base → u1.test, k 16, λ 0.1: ω 0.8 gives RMSE 0.972 after 1 epoch, 0.946 after 8, 0.935 after
 * 30; ω 0.5 is slower (0.952 after 8), ω 1 overshoots late (0.9347 at 40 epochs, 0.9364 at 60). A
 * per-coordinate divisor Σ w p_if² instead of Σ w ‖p_i‖² diverged by epoch 10 even at ω 0.5.
 */
export const JACOBI_DAMPING = 0.8;

/** Keeps the per-row divisors of rows with no ratings away from 0 (their numerators are 0). */
const EPS = 1e-9;

/**
 * One Jacobi epoch on `rows` of `data`, in plain JS (float64 sums, the tables updated in place): the
 * reference the tfjs version is tested against. With e_j = r_j − (μ + b_u + b_i + q_u·p_i) for rating
 * j = (u, i) and weight w_j (1 when `weights` is null), from the OLD tables for every row at once:
 *
 *   q_u ← q_u + ω (Σ_{j∈R(u)} w_j e_j p_i − λ n_u q_u) / (Σ_{j∈R(u)} w_j ‖p_i‖² + λ n_u)
 *   b_u ← b_u + ω (Σ_{j∈R(u)} w_j e_j − λ n_u b_u) / (Σ_{j∈R(u)} w_j + λ n_u)
 *
 * and the same for p_i, b_i over R(i) with q_u in place of p_i (n_u = |R(u)|). This is gradient
 * descent on the objective Σ w_j e_j² + λ Σ_j (‖q_u‖² + ‖p_i‖² + b_u² + b_i²) with a step of its own
 * for each row: the gradient divided by the row block's curvature bound (the Hessian of the q_u block
 * is 2(Σ w p_i p_iᵀ + λ n_u I), whose largest eigenvalue is at most 2(Σ w ‖p_i‖² + λ n_u); for the
 * bias block the divisor is its exact curvature), so a row with 500 ratings and one with 3 both take a
 * safe step, which full-batch GD with one η cannot do. Users and items move together from the same
 * old tables, so their corrections of the same error add up: ω < 1 (JACOBI_DAMPING) damps that.
 * Returns Σ e² (unweighted, before the update).
 */
export function jacobiEpochJs(
  data: RatingsColumns,
  model: MfModel,
  rows: Int32Array,
  lambda: number,
  omega = JACOBI_DAMPING,
  weights: Float32Array | null = null,
): number {
  const { nUsers, nItems, factors: k, mu, userFactors: Q, itemFactors: P, userBias: bu, itemBias: bi } = model;
  const gQ = new Float64Array(nUsers * k);
  const hQ = new Float64Array(nUsers);
  const gP = new Float64Array(nItems * k);
  const hP = new Float64Array(nItems);
  const eU = new Float64Array(nUsers);
  const wU = new Float64Array(nUsers);
  const nU = new Float64Array(nUsers);
  const eI = new Float64Array(nItems);
  const wI = new Float64Array(nItems);
  const nI = new Float64Array(nItems);
  let sq = 0;
  for (const row of rows) {
    const u = data.users[row] as number;
    const i = data.items[row] as number;
    const w = weights === null ? 1 : (weights[row] as number);
    let dot = 0;
    let qq = 0;
    let pp = 0;
    for (let f = 0; f < k; f++) {
      const q = Q[u * k + f] as number;
      const p = P[i * k + f] as number;
      dot += q * p;
      qq += q * q;
      pp += p * p;
    }
    hQ[u] = (hQ[u] as number) + w * pp;
    hP[i] = (hP[i] as number) + w * qq;
    const e = (data.ratings[row] as number) - (mu + (bu[u] as number) + (bi[i] as number) + dot);
    sq += e * e;
    for (let f = 0; f < k; f++) {
      const q = Q[u * k + f] as number;
      const p = P[i * k + f] as number;
      gQ[u * k + f] = (gQ[u * k + f] as number) + w * e * p;
      gP[i * k + f] = (gP[i * k + f] as number) + w * e * q;
    }
    eU[u] = (eU[u] as number) + w * e;
    wU[u] = (wU[u] as number) + w;
    nU[u] = (nU[u] as number) + 1;
    eI[i] = (eI[i] as number) + w * e;
    wI[i] = (wI[i] as number) + w;
    nI[i] = (nI[i] as number) + 1;
  }
  const side = (T: Float32Array, b: Float32Array, g: Float64Array, h: Float64Array, es: Float64Array, ws: Float64Array, ns: Float64Array) => {
    for (let r = 0; r < b.length; r++) {
      const ln = lambda * (ns[r] as number);
      for (let f = 0; f < k; f++) {
        const x = T[r * k + f] as number;
        T[r * k + f] = x + (omega * ((g[r * k + f] as number) - ln * x)) / ((h[r] as number) + ln + EPS);
      }
      const y = b[r] as number;
      b[r] = y + (omega * ((es[r] as number) - ln * y)) / ((ws[r] as number) + ln + EPS);
    }
  };
  side(Q, bu, gQ, hQ, eU, wU, nU);
  side(P, bi, gP, hP, eI, wI, nI);
  return sq;
}

/** The training rows in one owner order (users or items), with each owner's segment [start, end) of it. */
interface Sorted {
  order: Int32Array;
  /** Per owner: the segment's start and end positions in `order`, counts and weight sums. */
  starts: Int32Array;
  ends: Int32Array;
  counts: Float32Array;
  weightSums: Float32Array;
}

/** `rows` sorted by `owner` (stable), by counting sort. */
function sortBy(owner: Int32Array, rows: Int32Array, nOwners: number, weights: Float32Array | null): Sorted {
  const counts = new Float32Array(nOwners);
  const weightSums = new Float32Array(nOwners);
  for (const r of rows) {
    const o = owner[r] as number;
    counts[o] = (counts[o] as number) + 1;
    weightSums[o] = (weightSums[o] as number) + (weights === null ? 1 : (weights[r] as number));
  }
  const starts = new Int32Array(nOwners);
  const ends = new Int32Array(nOwners);
  let at = 0;
  for (let o = 0; o < nOwners; o++) {
    starts[o] = at;
    at += counts[o] as number;
    ends[o] = at;
  }
  const fill = starts.slice();
  const order = new Int32Array(rows.length);
  for (const r of rows) {
    const o = owner[r] as number;
    order[fill[o] as number] = r;
    fill[o] = (fill[o] as number) + 1;
  }
  return { order, starts, ends, counts, weightSums };
}

/**
 * A segmented inclusive scan's constants for rows in owner order: for d = 1, 2, 4, … < the largest
 * segment, mask_d[t] = 1 when row t − d is in t's segment, else 0; and each owner's last row (0 for an
 * empty segment, whose sum `nonEmpty` zeroes).
 */
interface SegmentScan {
  masks: tfType.Tensor2D[];
  last: tfType.Tensor1D;
  nonEmpty: tfType.Tensor2D;
}

function segmentScan(tf: Tf, sorted: Sorted, n: number): SegmentScan {
  const segStart = new Int32Array(n);
  let longest = 0;
  sorted.starts.forEach((s, o) => {
    const e = sorted.ends[o] as number;
    longest = Math.max(longest, e - s);
    segStart.fill(s, s, e);
  });
  const masks: tfType.Tensor2D[] = [];
  for (let d = 1; d < longest; d *= 2) masks.push(tf.tensor2d(Float32Array.from(segStart, (s, t) => (t - d >= s ? 1 : 0)), [1, n]));
  return {
    masks,
    last: tf.tensor1d(Int32Array.from(sorted.ends, (e) => Math.max(0, e - 1)), 'int32'),
    nonEmpty: tf.tensor2d(Float32Array.from(sorted.counts, (c) => (c > 0 ? 1 : 0)), [sorted.counts.length, 1]),
  };
}

/**
 * Per-owner sums of the rows of `x` ([N, w], rows in owner order) without a scatter: a segmented
 * inclusive scan along the rows (Hillis–Steele: x_t ← x_t + mask_d[t]·x_{t−d} for d = 1, 2, 4, …, each a
 * shifted slice, so ⌈log₂ of the longest segment⌉ passes), then a gather of each owner's last row. Each
 * sum only ever adds numbers of its own segment, so float32 keeps the precision of that segment's
 * magnitude (a plain cumsum over all N rows with C[end] − C[start] lost up to 8e-3 on u1.base).
 */
function segmentSums(tf: Tf, x: tfType.Tensor2D, scan: SegmentScan): tfType.Tensor2D {
  let y = tf.transpose(x) as tfType.Tensor2D;
  const [w, n] = y.shape;
  let d = 1;
  for (const mask of scan.masks) {
    const shifted = tf.concat([tf.zeros([w, d]), tf.slice(y, [0, 0], [w, n - d])], 1);
    y = tf.add(y, tf.mul(mask, shifted));
    d *= 2;
  }
  return tf.mul(tf.transpose(tf.gather(y, scan.last, 1)), scan.nonEmpty) as tfType.Tensor2D;
}

/**
 * Biased MF trained by the Jacobi update of jacobiEpochJs, one full-batch step per epoch, on the
 * current tfjs backend; the same split, initial tables, reports and hooks as trainMfTfjs (checkpoints
 * and resume included; there are no optimizer moments). params.learningRate, batchSize and optimizer
 * are unused; `omega` is ω. Per epoch: e from three [N, k] gathers (q and p in user order, q again in
 * item order; e in item order is a gather of e by the permutation), then one segmentSums of
 * [w e p, w ‖p‖², w e] per side (a segmented scan: no scatter, no atomics) and the elementwise update. Disposes everything it creates.
 */
export async function trainMfJacobi(
  tf: Tf,
  data: RatingsColumns,
  nUsers: number,
  nItems: number,
  params: TrainParams,
  hooks: TrainHooks = {},
  backendName?: BackendName,
  rows?: TrainingRows,
  weights: Float32Array | null = null,
  omega = JACOBI_DAMPING,
): Promise<MfModel> {
  const setup = prepareTraining(data, nUsers, nItems, params, { rows, resume: hooks.resume, weights });
  const label = backendName ?? (tf.getBackend() as BackendName);
  await tf.ready();
  const init = setup.model;
  const k = init.factors;
  const train = setup.train;
  const byUser = sortBy(data.users, train, nUsers, weights);
  const byItem = sortBy(data.items, train, nItems, weights);
  // position in user order of each row in item order
  const positionInUserOrder = new Int32Array(data.ratings.length);
  byUser.order.forEach((r, j) => (positionInUserOrder[r] = j));
  const pick = (col: Int32Array | Float32Array, order: Int32Array) => Float32Array.from(order, (r) => col[r] as number);
  const c = {
    uU: tf.tensor1d(Int32Array.from(byUser.order, (r) => data.users[r] as number), 'int32'),
    iU: tf.tensor1d(Int32Array.from(byUser.order, (r) => data.items[r] as number), 'int32'),
    uI: tf.tensor1d(Int32Array.from(byItem.order, (r) => data.users[r] as number), 'int32'),
    perm: tf.tensor1d(Int32Array.from(byItem.order, (r) => positionInUserOrder[r] as number), 'int32'),
    r: tf.tensor1d(pick(data.ratings, byUser.order)),
    wU: weights === null ? null : tf.tensor1d(pick(weights, byUser.order)),
    wI: weights === null ? null : tf.tensor1d(pick(weights, byItem.order)),
    // λ n per row, and the bias divisors W + λ n + ε
    lnU: tf.tensor2d(byUser.counts.map((n) => params.regularization * n), [nUsers, 1]),
    lnI: tf.tensor2d(byItem.counts.map((n) => params.regularization * n), [nItems, 1]),
    bDivU: tf.tensor2d(byUser.weightSums.map((w, o) => w + params.regularization * (byUser.counts[o] as number) + EPS), [nUsers, 1]),
    bDivI: tf.tensor2d(byItem.weightSums.map((w, o) => w + params.regularization * (byItem.counts[o] as number) + EPS), [nItems, 1]),
    mu: tf.scalar(init.mu),
    omega: tf.scalar(omega),
  };
  const scanU = segmentScan(tf, byUser, train.length);
  const scanI = segmentScan(tf, byItem, train.length);
  const t = {
    Q: tf.tensor2d(init.userFactors, [nUsers, k]),
    P: tf.tensor2d(init.itemFactors, [nItems, k]),
    bu: tf.tensor2d(init.userBias, [nUsers, 1]),
    bi: tf.tensor2d(init.itemBias, [nItems, 1]),
  };
  // Σ e² of the last step, read back at the epoch's end
  const pending: { sqErr: tfType.Scalar | null } = { sqErr: null };
  let epochSqErr = 0;

  /** New table and bias of one side from its sums S = [Σ w e x (k), Σ w ‖x‖², Σ w e]. */
  const move = (T: tfType.Tensor2D, b: tfType.Tensor2D, S: tfType.Tensor2D, ln: tfType.Tensor2D, bDiv: tfType.Tensor2D) => {
    const [g, h, es] = tf.split(S, [k, 1, 1], 1) as [tfType.Tensor2D, tfType.Tensor2D, tfType.Tensor2D];
    const T2 = tf.add(T, tf.div(tf.mul(c.omega, tf.sub(g, tf.mul(ln, T))), tf.add(tf.add(h, ln), EPS))) as tfType.Tensor2D;
    const b2 = tf.add(b, tf.div(tf.mul(c.omega, tf.sub(es, tf.mul(ln, b))), bDiv)) as tfType.Tensor2D;
    return [T2, b2] as const;
  };

  const runner: StepRunner = {
    async step(_rows, _t, wantLoss) {
      const out = tf.tidy(() => {
        const q = tf.gather(t.Q, c.uU);
        const p = tf.gather(t.P, c.iU);
        const pred = tf.add(tf.add(tf.add(c.mu, tf.gather(t.bu, c.uU)), tf.gather(t.bi, c.iU)), tf.sum(tf.mul(q, p), 1, true));
        const e = tf.sub(tf.reshape(c.r, [-1, 1]), pred) as tfType.Tensor2D;
        const we = c.wU === null ? e : tf.mul(e, tf.reshape(c.wU, [-1, 1]));
        const w1 = c.wU === null ? null : tf.reshape(c.wU, [-1, 1]);
        const pp = tf.sum(tf.square(p), 1, true);
        const XU = tf.concat([tf.mul(we, p), w1 === null ? pp : tf.mul(w1, pp), we], 1) as tfType.Tensor2D;
        const qI = tf.gather(t.Q, c.uI);
        const eI = tf.gather(e, c.perm);
        const wI1 = c.wI === null ? null : tf.reshape(c.wI, [-1, 1]);
        const weI = wI1 === null ? eI : tf.mul(eI, wI1);
        const qq = tf.sum(tf.square(qI), 1, true);
        const XI = tf.concat([tf.mul(weI, qI), wI1 === null ? qq : tf.mul(wI1, qq), weI], 1) as tfType.Tensor2D;
        const [Q2, bu2] = move(t.Q, t.bu, segmentSums(tf, XU, scanU), c.lnU, c.bDivU);
        const [P2, bi2] = move(t.P, t.bi, segmentSums(tf, XI, scanI), c.lnI, c.bDivI);
        const sq = tf.sum(tf.square(e)) as tfType.Scalar;
        // the objective before the update: Σ w e² + λ Σ_j (‖q_u‖² + b_u² + ‖p_i‖² + b_i²)
        const loss = wantLoss
          ? (tf.addN([
              tf.sum(tf.mul(we, e)),
              tf.sum(tf.mul(c.lnU, tf.add(tf.sum(tf.square(t.Q), 1, true), tf.square(t.bu)))),
              tf.sum(tf.mul(c.lnI, tf.add(tf.sum(tf.square(t.P), 1, true), tf.square(t.bi)))),
            ]) as tfType.Scalar)
          : undefined;
        return { Q2, bu2, P2, bi2, sq, loss };
      });
      tf.dispose([t.Q, t.P, t.bu, t.bi]);
      t.Q = out.Q2;
      t.P = out.P2;
      t.bu = out.bu2;
      t.bi = out.bi2;
      pending.sqErr?.dispose();
      pending.sqErr = out.sq;
      if (out.loss === undefined) return undefined;
      const loss = (await out.loss.data())[0];
      out.loss.dispose();
      return loss;
    },
    async takeEpochSqErr() {
      const sq = pending.sqErr;
      if (sq !== null) {
        epochSqErr = (await sq.data())[0] as number;
        sq.dispose();
        pending.sqErr = null;
      }
      const s = epochSqErr;
      epochSqErr = 0;
      return s;
    },
    snapshot: (): Promise<MfModel> => readMfTables([t.Q, t.P, t.bu, t.bi], { nUsers, nItems, factors: k, mu: init.mu }),
    memory: () => tfjsMemory(tf),
  };

  try {
    // one full-batch step per epoch
    return await runTraining(data, setup, { ...params, batchSize: train.length, optimizer: 'sgd' }, hooks, label, runner);
  } finally {
    pending.sqErr?.dispose();
    tf.dispose([...scanU.masks, scanU.last, scanU.nonEmpty, ...scanI.masks, scanI.last, scanI.nonEmpty]);
    tf.dispose([t.Q, t.P, t.bu, t.bi, ...(Object.values(c).filter((x) => x !== null) as tfType.Tensor[])]);
  }
}
