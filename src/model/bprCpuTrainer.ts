/**
 * The typed-array BPR-MF trainer ("cpu" backend): minibatch SGD (or dense Adam) on the BPR loss in
 * plain JS, computing exactly what bprTfjsTrainer computes on the same triples. No tfjs.
 */
import type { BprModel } from '../math/bpr';
import { bprLoss, bprWeight } from '../math/bpr';
import type { Csr } from '../math/sparse';
import type { BprBatch } from './bprSampling';
import { runBprTraining } from './bprTrainingLoop';
import type { BprStepRunner } from './bprTrainingLoop';
import { prepareBprTraining } from './bprTrainingSetup';
import type { BprTrainParams, BprTrainState } from './bprTrainingSetup';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './params';
import type { OptimizerState, TrainHooks } from './trainHooks';

/**
 * Trains BPR-MF `x̂_ui = b_i + q_u·p_i` on the positives `byUser` (users × items, e.g.
 * positivesOf(train, t).byUser), minimising per minibatch B of sampled triples (u, i, j)
 * `L_B = Σ_{(u,i,j)∈B} [ −ln σ(x̂_uij) + (λ/2)(‖q_u‖² + ‖p_i‖² + ‖p_j‖² + b_i² + b_j²) ]`,
 * x̂_uij = x̂_ui − x̂_uj. With w = σ(−x̂_uij) (= −dℓ/dx̂_uij), each triple adds to the gradient
 * (all read before the update): `∂/∂q_u += −w(p_i − p_j) + λq_u`, `∂/∂p_i += −w·q_u + λp_i`,
 * `∂/∂p_j += w·q_u + λp_j`, `∂/∂b_i += −w + λb_i`, `∂/∂b_j += w + λb_j`.
 * SGD: `θ ← θ − η·g` on the rows touched (equal to dense SGD: other rows have g = 0); with one
 * triple per batch this is exactly Rendle's LearnBPR step `θ ← θ + η(w·∂x̂_uij/∂θ − λθ)`.
 * Adam (β1 0.9, β2 0.999, ε 1e-8, as tfjs): dense, every row every step, as in cpuTrainer.
 *
 * The triples come from bprSampling's sampler (one rng seeded by params.seed), the same for every
 * backend. Returns the model trained so far (also when stopped early via shouldStop or maxSteps).
 * Writes a checkpoint after every epoch when hooks.onCheckpoint is set and goes on from
 * hooks.resume: the resumed run ends bit for bit where an uninterrupted one does (SGD and Adam).
 */
export async function trainBprCpu(byUser: Csr, params: BprTrainParams, hooks: TrainHooks<BprTrainState> = {}): Promise<BprModel> {
  const setup = prepareBprTraining(byUser, params, hooks.resume);
  const runner = createBprCpuRunner(setup.model, params);
  return runBprTraining(setup, params, hooks, 'cpu', runner);
}

/**
 * The CPU step on `model`'s tables (updated in place), for batches of at most params.batchSize
 * triples: accumulates a batch's gradients in float64 buffers (no per-triple allocation), then
 * updates the float32 tables. Exported for the
 * hand-worked one-step tests; `t` passed to step() is the 1-based step number.
 */
export function createBprCpuRunner(model: BprModel, params: BprTrainParams): BprStepRunner {
  const { nUsers, nItems, factors: k } = model;
  const U = model.userFactors;
  const P = model.itemFactors;
  const B = model.itemBias;
  const lambda = params.regularization;
  const eta = params.learningRate;
  const adam = params.optimizer === 'adam';

  // Gradient buffers: zero outside the rows touched by the current batch.
  const gU = new Float64Array(nUsers * k);
  const gP = new Float64Array(nItems * k);
  const gB = new Float64Array(nItems);
  const userCount = new Int32Array(nUsers);
  const itemCount = new Int32Array(nItems);
  const touchedUsers = new Int32Array(Math.min(nUsers, params.batchSize));
  const touchedItems = new Int32Array(Math.min(nItems, 2 * params.batchSize));
  // Adam moments, float32 like tfjs's variables
  const mU = adam ? new Float32Array(nUsers * k) : null;
  const vU = adam ? new Float32Array(nUsers * k) : null;
  const mP = adam ? new Float32Array(nItems * k) : null;
  const vP = adam ? new Float32Array(nItems * k) : null;
  const mB = adam ? new Float32Array(nItems) : null;
  const vB = adam ? new Float32Array(nItems) : null;
  let epochLoss = 0;

  const bytes =
    U.byteLength + P.byteLength + B.byteLength + gU.byteLength + gP.byteLength + gB.byteLength + userCount.byteLength + itemCount.byteLength +
    (adam ? 2 * (U.byteLength + P.byteLength + B.byteLength) : 0);

  /** Σ over touched rows of count·(‖θ_row‖² + b_row²) (no bias when `bias` is null). */
  function regOf(rows: Int32Array, n: number, count: Int32Array, table: Float32Array, bias: Float32Array | null): number {
    let s = 0;
    for (let a = 0; a < n; a++) {
      const row = rows[a] as number;
      const o = row * k;
      let norm = bias ? (bias[row] as number) ** 2 : 0;
      for (let f = o; f < o + k; f++) norm += (table[f] as number) * (table[f] as number);
      s += (count[row] as number) * norm;
    }
    return s;
  }

  /** SGD on touched rows: θ ← θ − η(g_data + λ·count·θ); clears their gradients and counts. */
  function sgdRows(rows: Int32Array, n: number, count: Int32Array, table: Float32Array, g: Float64Array, bias: Float32Array | null, gb: Float64Array | null): void {
    for (let a = 0; a < n; a++) {
      const row = rows[a] as number;
      const c = lambda * (count[row] as number);
      count[row] = 0;
      if (bias && gb) {
        bias[row] = (bias[row] as number) - eta * ((gb[row] as number) + c * (bias[row] as number));
        gb[row] = 0;
      }
      const o = row * k;
      for (let f = o; f < o + k; f++) {
        table[f] = (table[f] as number) - eta * ((g[f] as number) + c * (table[f] as number));
        g[f] = 0;
      }
    }
  }

  /** Adds λ·count·θ to the touched rows' gradients (Adam then reads whole gradient tables). */
  function addRegGradient(rows: Int32Array, n: number, count: Int32Array, table: Float32Array, g: Float64Array, bias: Float32Array | null, gb: Float64Array | null): void {
    for (let a = 0; a < n; a++) {
      const row = rows[a] as number;
      const c = lambda * (count[row] as number);
      if (bias && gb) gb[row] = (gb[row] as number) + c * (bias[row] as number);
      const o = row * k;
      for (let f = o; f < o + k; f++) g[f] = (g[f] as number) + c * (table[f] as number);
    }
  }

  /** Zeroes the touched rows' gradients and counts. */
  function clearRows(rows: Int32Array, n: number, count: Int32Array, g: Float64Array, gb: Float64Array | null): void {
    for (let a = 0; a < n; a++) {
      const row = rows[a] as number;
      count[row] = 0;
      if (gb) gb[row] = 0;
      g.fill(0, row * k, row * k + k);
    }
  }

  /** Dense Adam update of one table from its gradient buffer. */
  function adamTable(theta: Float32Array, g: Float64Array, m: Float32Array, v: Float32Array, c1: number, c2: number): void {
    const b1 = ADAM_BETA1;
    const b2 = ADAM_BETA2;
    const a1 = 1 - ADAM_BETA1;
    const a2 = 1 - ADAM_BETA2;
    for (let j = 0; j < theta.length; j++) {
      const gj = g[j] as number;
      const mj = b1 * (m[j] as number) + a1 * gj;
      const vj = b2 * (v[j] as number) + a2 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      theta[j] = (theta[j] as number) - (eta * (mj / c1)) / (Math.sqrt(vj / c2) + ADAM_EPSILON);
    }
  }

  /**
   * One triple's SGD step, written out directly: the same arithmetic as the batch path with one
   * triple (θ − η(g + λθ), g in float64), without the gradient buffers.
   */
  function sgdOne(u: number, i: number, j: number, wantLoss: boolean): number | undefined {
    const uo = u * k;
    const io = i * k;
    const jo = j * k;
    const bi = B[i] as number;
    const bj = B[j] as number;
    let x = bi - bj;
    for (let f = 0; f < k; f++) x += (U[uo + f] as number) * ((P[io + f] as number) - (P[jo + f] as number));
    const data = bprLoss(x);
    epochLoss += data;
    const w = bprWeight(x);
    let reg = 0;
    if (wantLoss) {
      reg = bi * bi + bj * bj;
      for (let f = 0; f < k; f++) reg += (U[uo + f] as number) ** 2 + (P[io + f] as number) ** 2 + (P[jo + f] as number) ** 2;
    }
    B[i] = bi - eta * (-w + lambda * bi);
    B[j] = bj - eta * (w + lambda * bj);
    for (let f = 0; f < k; f++) {
      const q = U[uo + f] as number;
      const pi = P[io + f] as number;
      const pj = P[jo + f] as number;
      U[uo + f] = q - eta * (-w * (pi - pj) + lambda * q);
      P[io + f] = pi - eta * (-w * q + lambda * pi);
      P[jo + f] = pj - eta * (w * q + lambda * pj);
    }
    return wantLoss ? data + (lambda / 2) * reg : undefined;
  }

  return {
    step(batch: BprBatch, t: number, wantLoss: boolean): number | undefined {
      const { users, pos, neg, size } = batch;
      if (size > params.batchSize) throw new Error(`a batch of ${size} triples, more than batchSize ${params.batchSize}`);
      if (size === 1 && !adam) return sgdOne(users[0] as number, pos[0] as number, neg[0] as number, wantLoss);
      let nTu = 0;
      let nTi = 0;
      let data = 0;
      for (let b = 0; b < size; b++) {
        const u = users[b] as number;
        const i = pos[b] as number;
        const j = neg[b] as number;
        const uo = u * k;
        const io = i * k;
        const jo = j * k;
        let x = (B[i] as number) - (B[j] as number);
        for (let f = 0; f < k; f++) x += (U[uo + f] as number) * ((P[io + f] as number) - (P[jo + f] as number));
        data += bprLoss(x);
        const w = bprWeight(x);
        if (userCount[u] === 0) touchedUsers[nTu++] = u;
        if (itemCount[i] === 0) touchedItems[nTi++] = i;
        userCount[u] = (userCount[u] as number) + 1;
        itemCount[i] = (itemCount[i] as number) + 1;
        if (itemCount[j] === 0) touchedItems[nTi++] = j;
        itemCount[j] = (itemCount[j] as number) + 1;
        gB[i] = (gB[i] as number) - w;
        gB[j] = (gB[j] as number) + w;
        for (let f = 0; f < k; f++) {
          const q = U[uo + f] as number;
          const pi = P[io + f] as number;
          const pj = P[jo + f] as number;
          gU[uo + f] = (gU[uo + f] as number) - w * (pi - pj);
          gP[io + f] = (gP[io + f] as number) - w * q;
          gP[jo + f] = (gP[jo + f] as number) + w * q;
        }
      }
      epochLoss += data;
      // (λ/2) Σ_B (‖q_u‖² + ‖p_i‖² + ‖p_j‖² + b_i² + b_j²) = (λ/2) Σ_rows count·‖row‖², before the update
      const loss = wantLoss ? data + (lambda / 2) * (regOf(touchedUsers, nTu, userCount, U, null) + regOf(touchedItems, nTi, itemCount, P, B)) : undefined;

      if (!adam) {
        sgdRows(touchedUsers, nTu, userCount, U, gU, null, null);
        sgdRows(touchedItems, nTi, itemCount, P, gP, B, gB);
      } else {
        addRegGradient(touchedUsers, nTu, userCount, U, gU, null, null);
        addRegGradient(touchedItems, nTi, itemCount, P, gP, B, gB);
        const c1 = 1 - Math.pow(ADAM_BETA1, t);
        const c2 = 1 - Math.pow(ADAM_BETA2, t);
        adamTable(U, gU, mU as Float32Array, vU as Float32Array, c1, c2);
        adamTable(P, gP, mP as Float32Array, vP as Float32Array, c1, c2);
        adamTable(B, gB, mB as Float32Array, vB as Float32Array, c1, c2);
        clearRows(touchedUsers, nTu, userCount, gU, null);
        clearRows(touchedItems, nTi, itemCount, gP, gB);
      }
      return loss;
    },
    takeEpochLoss(): number {
      const s = epochLoss;
      epochLoss = 0;
      return s;
    },
    snapshot: () => model,
    memory: () => ({ tensors: 0, bytes }),
    ...(adam ? adamStateAccess([mU, mP, mB] as Float32Array[], [vU, vP, vB] as Float32Array[]) : {}),
  };
}

/** Reading and setting Adam's moments `m` and `v` of [q, p, b_i] (the step count is the step's `t`). */
function adamStateAccess(m: Float32Array[], v: Float32Array[]): Required<Pick<BprStepRunner, 'optimizerState' | 'setOptimizerState'>> {
  return {
    optimizerState: (): OptimizerState => ({ m: m.map((a) => a.slice()), v: v.map((a) => a.slice()) }),
    setOptimizerState(state: OptimizerState): void {
      const tables = [...m, ...v];
      const given = [...state.m, ...state.v];
      if (given.length !== tables.length || given.some((a, j) => a.length !== tables[j]!.length)) throw new Error("the checkpoint's Adam moments do not fit this model");
      tables.forEach((a, j) => a.set(given[j]!));
    },
  };
}
