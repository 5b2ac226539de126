/**
 * The typed-array trainer ("cpu" backend): biased MF by minibatch SGD or dense Adam in plain JS,
 * computing exactly what tfjsTrainer computes. No tfjs.
 */
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import { prepareTraining } from './batches';
import type { TrainingRows } from './batches';
import { runTraining } from './loop';
import type { StepRunner } from './loop';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './params';
import type { TrainParams } from './params';
import type { OptimizerState, TrainHooks } from './trainHooks';

/**
 * Trains biased MF `r̂_ui = μ + b_u + b_i + q_u·p_i` (μ = mean training rating, fixed) on the
 * training rows, minimising per minibatch B
 * `L_B = Σ_{(u,i)∈B} [ w_ui·(r̂_ui − r_ui)² + λ(‖q_u‖² + ‖p_i‖² + b_u² + b_i²) ]`,
 * w_ui = `weights[row]` (e.g. inverse-propensity weights), 1 when no weights are given.
 * With e = r̂ − r, each occurrence of (u,i) in B adds to the gradient (all read before the update):
 * `∂/∂b_u += 2we + 2λb_u`, `∂/∂b_i += 2we + 2λb_i`, `∂/∂q_u += 2we·p_i + 2λq_u`, `∂/∂p_i += 2we·q_u + 2λp_i`.
 * The epoch's reported train MSE stays the unweighted mean of e².
 * (Implemented as Σ 2e·x per row plus 2λ·count_B(row)·θ, the same sum, since θ is fixed within a step.)
 * SGD: `θ ← θ − η·g`, applied to touched rows only (equal to dense SGD: other rows have g = 0).
 * As the squared error is not halved, this is classic Funk-SVD SGD with step γ = 2η.
 * Adam (β1 0.9, β2 0.999, ε 1e-8, as tfjs): `m ← β1m + (1−β1)g`, `v ← β2v + (1−β2)g²`,
 * `θ ← θ − η·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε)`, DENSE like tfjs: every parameter's moments decay
 * every step and rows outside B still move by their momentum, so each step costs
 * O((nUsers + nItems)·k) on top of O(|B|·k).
 *
 * `rows` (optional) fixes the train/validation rows; otherwise params.validationFraction draws them.
 * Returns the model trained so far (also when stopped early via shouldStop or maxSteps). Yields to
 * the event loop (MessageChannel) about every 25 ms so a worker can receive a cancel message.
 */
export async function trainMfCpu(
  data: RatingsColumns,
  nUsers: number,
  nItems: number,
  params: TrainParams,
  hooks: TrainHooks = {},
  rows?: TrainingRows,
  weights: Float32Array | null = null,
): Promise<MfModel> {
  const setup = prepareTraining(data, nUsers, nItems, params, { rows, resume: hooks.resume, weights });
  const runner = createCpuRunner(data, setup.model, params, weights);
  return runTraining(data, setup, params, hooks, 'cpu', runner);
}

/** Throws unless `weights` (when given) has one finite, non-negative weight per row of `data`. */

/**
 * The CPU step on `model`'s tables (updated in place): accumulates the batch's gradients in float64
 * buffers (no per-rating allocation), then updates the float32 tables. Exported for the hand-worked
 * one-step tests; `t` passed to step() is the 1-based step number (Adam's bias correction).
 */
export function createCpuRunner(data: RatingsColumns, model: MfModel, params: TrainParams, weights: Float32Array | null = null): StepRunner {
  const k = model.factors;
  const { nUsers, nItems, mu } = model;
  const U = model.userFactors;
  const P = model.itemFactors;
  const bu = model.userBias;
  const bi = model.itemBias;
  const users = data.users;
  const items = data.items;
  const ratings = data.ratings;
  const lambda = params.regularization;
  const twoLambda = 2 * lambda;
  const eta = params.learningRate;
  const adam = params.optimizer === 'adam';

  // Gradient buffers: zero outside the rows touched by the current batch.
  const gU = new Float64Array(nUsers * k);
  const gP = new Float64Array(nItems * k);
  const gbu = new Float64Array(nUsers);
  const gbi = new Float64Array(nItems);
  // occurrences of each row in the current batch (0 outside it) and the lists of touched rows
  const userCount = new Int32Array(nUsers);
  const itemCount = new Int32Array(nItems);
  const touchedUsers = new Int32Array(Math.min(nUsers, params.batchSize));
  const touchedItems = new Int32Array(Math.min(nItems, params.batchSize));
  // Adam moments, float32 like tfjs's variables
  const mU = adam ? new Float32Array(nUsers * k) : null;
  const vU = adam ? new Float32Array(nUsers * k) : null;
  const mP = adam ? new Float32Array(nItems * k) : null;
  const vP = adam ? new Float32Array(nItems * k) : null;
  const mbu = adam ? new Float32Array(nUsers) : null;
  const vbu = adam ? new Float32Array(nUsers) : null;
  const mbi = adam ? new Float32Array(nItems) : null;
  const vbi = adam ? new Float32Array(nItems) : null;
  let epochSqErr = 0;

  const bytes =
    U.byteLength + P.byteLength + bu.byteLength + bi.byteLength + gU.byteLength + gP.byteLength + gbu.byteLength + gbi.byteLength +
    userCount.byteLength + itemCount.byteLength +
    (adam ? 2 * (U.byteLength + P.byteLength + bu.byteLength + bi.byteLength) : 0);

  /** Σ over touched rows of count·(‖θ_row‖² + b_row²). */
  function regOf(rowsList: Int32Array, n: number, count: Int32Array, table: Float32Array, bias: Float32Array): number {
    let s = 0;
    for (let a = 0; a < n; a++) {
      const row = rowsList[a] as number;
      const o = row * k;
      const b = bias[row] as number;
      let norm = b * b;
      for (let f = o; f < o + k; f++) norm += (table[f] as number) * (table[f] as number);
      s += (count[row] as number) * norm;
    }
    return s;
  }

  /** SGD on touched rows: θ ← θ − η(g_data + 2λ·count·θ); clears their gradients and counts. */
  function sgdRows(rowsList: Int32Array, n: number, count: Int32Array, table: Float32Array, g: Float64Array, bias: Float32Array, gb: Float64Array): void {
    for (let a = 0; a < n; a++) {
      const row = rowsList[a] as number;
      const c = twoLambda * (count[row] as number);
      count[row] = 0;
      bias[row] = (bias[row] as number) - eta * ((gb[row] as number) + c * (bias[row] as number));
      gb[row] = 0;
      const o = row * k;
      for (let f = o; f < o + k; f++) {
        table[f] = (table[f] as number) - eta * ((g[f] as number) + c * (table[f] as number));
        g[f] = 0;
      }
    }
  }

  /** Adds 2λ·count·θ to the touched rows' gradients (Adam then reads whole gradient tables). */
  function addRegGradient(rowsList: Int32Array, n: number, count: Int32Array, table: Float32Array, g: Float64Array, bias: Float32Array, gb: Float64Array): void {
    for (let a = 0; a < n; a++) {
      const row = rowsList[a] as number;
      const c = twoLambda * (count[row] as number);
      gb[row] = (gb[row] as number) + c * (bias[row] as number);
      const o = row * k;
      for (let f = o; f < o + k; f++) g[f] = (g[f] as number) + c * (table[f] as number);
    }
  }

  /** Zeroes the touched rows' gradients and counts. */
  function clearRows(rowsList: Int32Array, n: number, count: Int32Array, g: Float64Array, gb: Float64Array): void {
    for (let a = 0; a < n; a++) {
      const row = rowsList[a] as number;
      count[row] = 0;
      gb[row] = 0;
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

  return {
    step(rows: Int32Array, t: number, wantLoss: boolean): number | undefined {
      let nTu = 0;
      let nTi = 0;
      let sq = 0;
      let weightedSq = 0;
      // data-term gradients 2e·x, summed per row; the 2λθ terms are added per row below as
      // 2λ·count·θ (θ has not changed within the step, so this is the same sum)
      for (let j = 0; j < rows.length; j++) {
        const r = rows[j] as number;
        const u = users[r] as number;
        const i = items[r] as number;
        const uo = u * k;
        const io = i * k;
        let dot = 0;
        for (let f = 0; f < k; f++) dot += (U[uo + f] as number) * (P[io + f] as number);
        const e = mu + (bu[u] as number) + (bi[i] as number) + dot - (ratings[r] as number);
        const w = weights === null ? 1 : (weights[r] as number);
        sq += e * e;
        weightedSq += w * e * e;
        if (userCount[u] === 0) touchedUsers[nTu++] = u;
        if (itemCount[i] === 0) touchedItems[nTi++] = i;
        userCount[u] = (userCount[u] as number) + 1;
        itemCount[i] = (itemCount[i] as number) + 1;
        const g = 2 * w * e;
        gbu[u] = (gbu[u] as number) + g;
        gbi[i] = (gbi[i] as number) + g;
        for (let f = 0; f < k; f++) {
          gU[uo + f] = (gU[uo + f] as number) + g * (P[io + f] as number);
          gP[io + f] = (gP[io + f] as number) + g * (U[uo + f] as number);
        }
      }
      epochSqErr += sq;
      // λ Σ_B (‖q_u‖² + ‖p_i‖² + b_u² + b_i²) = λ Σ_rows count·‖row‖², before the update
      const loss = wantLoss ? weightedSq + lambda * (regOf(touchedUsers, nTu, userCount, U, bu) + regOf(touchedItems, nTi, itemCount, P, bi)) : undefined;

      if (!adam) {
        sgdRows(touchedUsers, nTu, userCount, U, gU, bu, gbu);
        sgdRows(touchedItems, nTi, itemCount, P, gP, bi, gbi);
      } else {
        addRegGradient(touchedUsers, nTu, userCount, U, gU, bu, gbu);
        addRegGradient(touchedItems, nTi, itemCount, P, gP, bi, gbi);
        const c1 = 1 - Math.pow(ADAM_BETA1, t);
        const c2 = 1 - Math.pow(ADAM_BETA2, t);
        adamTable(U, gU, mU as Float32Array, vU as Float32Array, c1, c2);
        adamTable(P, gP, mP as Float32Array, vP as Float32Array, c1, c2);
        adamTable(bu, gbu, mbu as Float32Array, vbu as Float32Array, c1, c2);
        adamTable(bi, gbi, mbi as Float32Array, vbi as Float32Array, c1, c2);
        clearRows(touchedUsers, nTu, userCount, gU, gbu);
        clearRows(touchedItems, nTi, itemCount, gP, gbi);
      }
      return loss;
    },
    takeEpochSqErr(): number {
      const s = epochSqErr;
      epochSqErr = 0;
      return s;
    },
    snapshot: () => model,
    memory: () => ({ tensors: 0, bytes }),
    ...(adam
      ? {
          optimizerState: () => ({ m: [mU, mP, mbu, mbi].map((a) => (a as Float32Array).slice()), v: [vU, vP, vbu, vbi].map((a) => (a as Float32Array).slice()) }),
          setOptimizerState(state: OptimizerState) {
            [mU, mP, mbu, mbi].forEach((a, j) => (a as Float32Array).set(state.m[j] as Float32Array));
            [vU, vP, vbu, vbi].forEach((a, j) => (a as Float32Array).set(state.v[j] as Float32Array));
          },
        }
      : {}),
  };
}
