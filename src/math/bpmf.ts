/**
 * Bayesian probabilistic matrix factorisation with biases, by Gibbs sampling (Salakhutdinov & Mnih
 * 2008, "BPMF"). Pure and seeded: every draw comes from one `Rng` (./random).
 *
 * Model, with μ the mean training rating (fixed) and α the noise precision:
 *   `r_ui ~ N(μ + b_u + b_i + q_u·p_i, α⁻¹)`.
 * Biases as an extra factor column (the standard trick): each user has x_u = (b_u, q_u) ∈ ℝ^d and
 * each item y_i = (b_i, p_i) ∈ ℝ^d, d = k + 1, so
 *   `r̂_ui = μ + b_i + x_u·(1, p_i) = μ + b_u + y_i·(1, q_u)`,
 * and every user row is a Bayesian linear regression on the features g_i = (1, p_i) with targets
 * r_ui − μ − b_i (items likewise on (1, q_u), targets r_ui − μ − b_u). The biases share the rows'
 * Gaussian prior, so they get a learned prior mean and variance, and covariances with the factors.
 *
 * Priors: `x_u ~ N(μ_U, Λ_U⁻¹)`, `y_i ~ N(μ_V, Λ_V⁻¹)`, with Normal–Wishart hyperpriors
 *   `Λ ~ W(W₀, ν₀)`, `μ | Λ ~ N(μ₀, (β₀Λ)⁻¹)`, μ₀ = 0, W₀ = w₀·I (as BPMF: β₀ = 2, ν₀ = d, W₀ = I).
 * α is fixed (BPMF: α = 2 on Netflix) or sampled from its conditional under a Gamma(a₀, b₀) prior
 * (rate b₀): `α | · ~ Gamma(a₀ + N/2, rate b₀ + SSE/2)` with SSE the current sample's squared error
 * over the N training ratings.
 *
 * One sweep: (1) the hyperparameters of each side given its rows — with n rows, mean x̄ and scatter
 * S = Σ(x − x̄)(x − x̄)ᵀ,
 *   `β* = β₀ + n`, `ν* = ν₀ + n`, `μ* = (β₀μ₀ + n·x̄)/β*`,
 *   `W*⁻¹ = W₀⁻¹ + S + (β₀n/β*)(μ₀ − x̄)(μ₀ − x̄)ᵀ`,  `Λ ~ W(W*, ν*)`, `μ ~ N(μ*, (β*Λ)⁻¹)`;
 * (2) every user row given the items,
 *   `Λ_u* = Λ_U + α Σ_{i∈I_u} g_i g_iᵀ`, `h_u = Λ_U μ_U + α Σ_{i∈I_u} g_i (r_ui − μ − b_i)`,
 *   `x_u ~ N(Λ_u*⁻¹ h_u, Λ_u*⁻¹)` (Cholesky of the d×d precision);
 * (3) every item row given the users, likewise; (4) α, when it is sampled.
 * Rows without ratings are drawn from their prior (they also enter the hyperparameter statistics).
 *
 * After burn-in, `keep()` adds the current sample to running sums: the posterior means of the
 * parameters (for scoring and explanation as a plug-in `μ + b̄_u + b̄_i + q̄_u·p̄_i`) and of the
 * hyperparameters (for folding a new user in: ./bpmfFoldIn); `createPredictionAverage`
 * (./bpmfPredictionAverage) averages the predictions
 * themselves over kept samples on a fixed set of pairs (validation curves, and measuring what the
 * plug-in loses).
 */
import { randomGamma } from './gaussian';
import { createRng } from './random';
import { checkChain, copyChain, initialChain } from './bpmfChain';
import type { BpmfChainState } from './bpmfChain';
import { precisionTimesMean, sampleHyperparameters, sampleRow } from './bpmfConditionals';
import type { RowScratch } from './bpmfConditionals';
import type { MfModel } from './mf';
import type { Csr } from './sparse';

/** Settings of one sampler run. */
export interface BpmfOptions {
  /** k: latent factors per row (each row also has a bias, so d = k + 1). */
  factors: number;
  /** α: noise precision 1/σ² (fixed), or its starting value when `learnAlpha`. */
  alpha: number;
  /** Sample α from its conditional under the Gamma(a₀, b₀) prior every sweep (instead of fixing it). */
  learnAlpha: boolean;
  /** β₀: how many pseudo-rows the hyperprior's mean μ₀ = 0 counts for. */
  beta0: number;
  /** w₀: W₀ = w₀·I, the Wishart scale (E[Λ] = ν₀·W₀ a priori). */
  w0: number;
  /** ν₀: Wishart degrees of freedom (> d − 1); BPMF uses ν₀ = d. */
  nu0: number;
  /** Standard deviation of the N(0, σ²) initial factor entries (biases start at 0). */
  initStd: number;
  seed: number;
}

/** Gamma(a₀, rate b₀) prior of α when it is sampled (weak: N/2 ≈ 40 000 dominates on ML-100K). */
export const ALPHA_PRIOR = { a0: 1, b0: 1 } as const;

/** Rows sampled between two pauses of `sweep()`'s generator. */
export const ROWS_PER_PAUSE = 64;

/** Posterior means (over the kept samples) as a biased-MF model plus the hyperparameters' means. */
export interface BpmfPosterior extends MfModel {
  // MfModel's userBias, itemBias, userFactors, itemFactors hold b̄_u, b̄_i, q̄_u, p̄_i; mu is fixed
  /** Mean of the sampled μ_U (length d: bias first). */
  userPriorMean: Float64Array;
  /** Mean of the sampled Λ_U (d×d). */
  userPriorPrecision: Float64Array;
  /** Mean of α over the kept samples (α itself when fixed). */
  alpha: number;
  /** Samples averaged (0: the current sample is used as is). */
  samples: number;
}

/** The Gibbs sampler's state and its steps. */
export interface BpmfSampler {
  readonly nUsers: number;
  readonly nItems: number;
  readonly factors: number;
  /** d = k + 1. */
  readonly dim: number;
  readonly mu: number;
  /** Current sample: user rows (b_u, q_u), item rows (b_i, p_i), each d wide. */
  readonly users: Float64Array;
  readonly items: Float64Array;
  /** Current α. */
  readonly alpha: number;
  /** Samples kept so far. */
  readonly kept: number;
  /**
   * One Gibbs sweep (hyperparameters, users, items, then α when learned). A generator: it pauses
   * after every ROWS_PER_PAUSE rows with the fraction of the sweep's rows done, so that a driver can
   * yield to the event loop and report progress. Stopping it early leaves a valid Gibbs state
   * (some rows of the sweep redrawn, the others not).
   */
  sweep(): Generator<number, void, void>;
  /** The current sample's prediction μ + b_u + b_i + q_u·p_i. */
  predict(user: number, item: number): number;
  /** Σ over the training ratings of (r̂ − r)² under the current sample. */
  trainSquaredError(): number;
  /** Adds the current sample to the running posterior means. */
  keep(): void;
  /** Posterior means over kept samples (the current sample when none was kept). */
  posterior(): BpmfPosterior;
  /** Bytes of the sampler's typed arrays. */
  bytes(): number;
  /** The chain's state now (copies), to go on from after a sweep (createBpmfSampler's `from`). */
  chainState(): BpmfChainState;
  /** The rng's state now (SeededRng.state()). */
  rngState(): number;
}

/** Checks the options; throws naming the first bad one. */
function checkOptions(o: BpmfOptions): void {
  const d = o.factors + 1;
  if (!Number.isInteger(o.factors) || o.factors < 1) throw new Error(`BPMF: factors must be a positive integer, got ${o.factors}`);
  if (!(o.alpha > 0)) throw new Error(`BPMF: α must be positive, got ${o.alpha}`);
  if (!(o.beta0 > 0)) throw new Error(`BPMF: β₀ must be positive, got ${o.beta0}`);
  if (!(o.w0 > 0)) throw new Error(`BPMF: w₀ must be positive, got ${o.w0}`);
  if (!(o.nu0 > d - 1)) throw new Error(`BPMF: ν₀ must exceed d − 1 = ${d - 1}, got ${o.nu0}`);
  if (!(o.initStd >= 0)) throw new Error(`BPMF: the initial standard deviation must be ≥ 0, got ${o.initStd}`);
}

/** μ + b_u + b_i + q_u·p_i from two tables of (bias, factors) rows. */
function predictFrom(users: Float64Array, items: Float64Array, d: number, mu: number, u: number, i: number): number {
  const uo = u * d;
  const io = i * d;
  let s = mu + (users[uo] as number) + (items[io] as number);
  for (let c = 1; c < d; c++) s += (users[uo + c] as number) * (items[io + c] as number);
  return s;
}

/**
 * A Gibbs sampler for BPMF with biases on the ratings `byUser` (CSR, users as rows) and `byItem`
 * (the same ratings, items as rows); μ = `mu`. Initial state: biases 0, factors N(0, initStd²);
 * the first sweep starts with the hyperparameters. Deterministic given options.seed. With `from`
 * (a sampler's chainState() and rngState() after a sweep, on the same data and options) it starts
 * from that state instead and draws what that sampler would have drawn next.
 */
export function createBpmfSampler(byUser: Csr, byItem: Csr, mu: number, options: BpmfOptions, from?: { chain: BpmfChainState; rng: number }): BpmfSampler {
  checkOptions(options);
  if (byUser.nRows !== byItem.nCols || byUser.nCols !== byItem.nRows) {
    throw new Error(`BPMF: byUser is ${byUser.nRows}×${byUser.nCols} but byItem is ${byItem.nRows}×${byItem.nCols}`);
  }
  const k = options.factors;
  const d = k + 1;
  const nUsers = byUser.nRows;
  const nItems = byItem.nRows;
  const nnz = byUser.indices.length;
  if (from) checkChain(from.chain, nUsers, nItems, d);
  const rng = createRng(from ? from.rng : options.seed);
  const start = from ? copyChain(from.chain) : initialChain(rng, nUsers, nItems, d, options);
  const { users, items } = start;
  const hyper = { userMean: start.userMean, userPrecision: start.userPrecision, itemMean: start.itemMean, itemPrecision: start.itemPrecision };
  let alpha = start.alpha;
  // running sums of the kept samples
  const sums = start.sums;
  let kept = start.kept;
  const scratch: RowScratch = { precision: new Float64Array(d * d), h: new Float64Array(d), g: new Float64Array(4 * d), out: new Float64Array(d) };
  const prior = { beta0: options.beta0, nu0: options.nu0, w0: options.w0 };

  const trainSquaredError = (): number => {
    let sse = 0;
    for (let u = 0; u < nUsers; u++) {
      for (let p = byUser.indptr[u] as number; p < (byUser.indptr[u + 1] as number); p++) {
        const e = predictFrom(users, items, d, mu, u, byUser.indices[p] as number) - (byUser.values[p] as number);
        sse += e * e;
      }
    }
    return sse;
  };

  const totalRows = nUsers + nItems;
  function* sampleSide(
    csr: Csr,
    self: Float64Array,
    other: Float64Array,
    n: number,
    mean: Float64Array,
    precision: Float64Array,
    rowsBefore: number,
  ): Generator<number, void, void> {
    const priorH = precisionTimesMean(precision, mean, d);
    for (let r = 0; r < n; r++) {
      sampleRow(rng, csr, r, self, other, d, mu, alpha, precision, priorH, scratch);
      const done = rowsBefore + r + 1;
      if (done % ROWS_PER_PAUSE === 0) yield done / totalRows;
    }
  }

  return {
    nUsers,
    nItems,
    factors: k,
    dim: d,
    mu,
    users,
    items,
    get alpha() {
      return alpha;
    },
    get kept() {
      return kept;
    },
    *sweep() {
      sampleHyperparameters(rng, users, nUsers, d, prior, hyper.userMean, hyper.userPrecision);
      sampleHyperparameters(rng, items, nItems, d, prior, hyper.itemMean, hyper.itemPrecision);
      yield* sampleSide(byUser, users, items, nUsers, hyper.userMean, hyper.userPrecision, 0);
      yield* sampleSide(byItem, items, users, nItems, hyper.itemMean, hyper.itemPrecision, nUsers);
      if (options.learnAlpha) {
        const sse = trainSquaredError();
        alpha = randomGamma(rng, ALPHA_PRIOR.a0 + nnz / 2, 1 / (ALPHA_PRIOR.b0 + sse / 2));
      }
    },
    predict: (u, i) => predictFrom(users, items, d, mu, u, i),
    trainSquaredError,
    keep() {
      for (let j = 0; j < users.length; j++) sums.users[j] = (sums.users[j] as number) + (users[j] as number);
      for (let j = 0; j < items.length; j++) sums.items[j] = (sums.items[j] as number) + (items[j] as number);
      for (let j = 0; j < d; j++) sums.userMean[j] = (sums.userMean[j] as number) + (hyper.userMean[j] as number);
      for (let j = 0; j < d * d; j++) sums.userPrecision[j] = (sums.userPrecision[j] as number) + (hyper.userPrecision[j] as number);
      sums.alpha += alpha;
      kept++;
    },
    posterior(): BpmfPosterior {
      const scale = kept > 0 ? 1 / kept : 1;
      const u = kept > 0 ? sums.users : users;
      const v = kept > 0 ? sums.items : items;
      const userBias = new Float32Array(nUsers);
      const itemBias = new Float32Array(nItems);
      const userFactors = new Float32Array(nUsers * k);
      const itemFactors = new Float32Array(nItems * k);
      for (let r = 0; r < nUsers; r++) {
        userBias[r] = (u[r * d] as number) * scale;
        for (let c = 0; c < k; c++) userFactors[r * k + c] = (u[r * d + 1 + c] as number) * scale;
      }
      for (let r = 0; r < nItems; r++) {
        itemBias[r] = (v[r * d] as number) * scale;
        for (let c = 0; c < k; c++) itemFactors[r * k + c] = (v[r * d + 1 + c] as number) * scale;
      }
      const mean = kept > 0 ? sums.userMean : hyper.userMean;
      const prec = kept > 0 ? sums.userPrecision : hyper.userPrecision;
      return {
        nUsers,
        nItems,
        factors: k,
        mu,
        userBias,
        itemBias,
        userFactors,
        itemFactors,
        userPriorMean: Float64Array.from(mean, (x) => x * scale),
        userPriorPrecision: Float64Array.from(prec, (x) => x * scale),
        alpha: kept > 0 ? sums.alpha / kept : alpha,
        samples: kept,
      };
    },
    bytes: () =>
      users.byteLength +
      items.byteLength +
      sums.users.byteLength +
      sums.items.byteLength +
      Object.values(hyper).reduce((s, a) => s + a.byteLength, 0) +
      sums.userMean.byteLength +
      sums.userPrecision.byteLength,
    chainState: () => copyChain({ users, items, ...hyper, alpha, sums, kept }),
    rngState: () => rng.state(),
  };
}
