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
 * hyperparameters (for folding a new user in); `createPredictionAverage` averages the predictions
 * themselves over kept samples on a fixed set of pairs (validation curves, and measuring what the
 * plug-in loses).
 */
import { cholesky, choleskyInPlace, choleskySolve, invertSpd, randomGamma, sampleGaussianCanonical, sampleGaussianPrecision, sampleWishart } from './gaussian';
import { createRng, randomNormal } from './random';
import type { Rng } from './random';
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

/**
 * Everything a sweep and the posterior read besides the data and options: the current sample, the
 * last sweep's hyperparameters (the posterior falls back to them when nothing was kept), α, and the
 * running sums of the kept samples. With the rng state it continues the chain exactly.
 */
export interface BpmfChainState {
  users: Float64Array;
  items: Float64Array;
  userMean: Float64Array;
  userPrecision: Float64Array;
  itemMean: Float64Array;
  itemPrecision: Float64Array;
  alpha: number;
  sums: { users: Float64Array; items: Float64Array; userMean: Float64Array; userPrecision: Float64Array; alpha: number };
  kept: number;
}

/** Throws unless `c`'s tables have the sizes of a chain with these dimensions. */
function checkChain(c: BpmfChainState, nUsers: number, nItems: number, d: number): void {
  const sizes: [string, Float64Array, number][] = [
    ['users', c.users, nUsers * d],
    ['items', c.items, nItems * d],
    ['userMean', c.userMean, d],
    ['userPrecision', c.userPrecision, d * d],
    ['itemMean', c.itemMean, d],
    ['itemPrecision', c.itemPrecision, d * d],
    ['sums.users', c.sums.users, nUsers * d],
    ['sums.items', c.sums.items, nItems * d],
    ['sums.userMean', c.sums.userMean, d],
    ['sums.userPrecision', c.sums.userPrecision, d * d],
  ];
  for (const [name, a, n] of sizes) {
    if (a.length !== n) throw new Error(`BPMF: the saved chain's ${name} has ${a.length} entries, this run's ${n} (${nUsers} users × ${nItems} items, d ${d})`);
  }
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

/**
 * One side's hyperparameters (μ, Λ) drawn from their Normal–Wishart conditional given its n rows
 * `x` (n·d, row-major); see the module comment. Writes into `mean` (d) and `precision` (d×d).
 */
export function sampleHyperparameters(
  rng: Rng,
  x: Float64Array,
  n: number,
  d: number,
  prior: { beta0: number; nu0: number; w0: number },
  mean: Float64Array,
  precision: Float64Array,
): void {
  const xbar = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) xbar[c] = (xbar[c] as number) + (x[r * d + c] as number);
  if (n > 0) for (let c = 0; c < d; c++) xbar[c] = (xbar[c] as number) / n;
  // W*⁻¹ = W₀⁻¹ + S + (β₀n/β*)(μ₀ − x̄)(μ₀ − x̄)ᵀ with μ₀ = 0 (lower triangle, then mirrored)
  const betaStar = prior.beta0 + n;
  const shrink = (prior.beta0 * n) / betaStar;
  const wInv = new Float64Array(d * d);
  const dev = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < d; c++) dev[c] = (x[r * d + c] as number) - (xbar[c] as number);
    for (let a = 0; a < d; a++) {
      const da = dev[a] as number;
      for (let b = 0; b <= a; b++) wInv[a * d + b] = (wInv[a * d + b] as number) + da * (dev[b] as number);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const v = (wInv[a * d + b] as number) + shrink * (xbar[a] as number) * (xbar[b] as number) + (a === b ? 1 / prior.w0 : 0);
      wInv[a * d + b] = v;
      wInv[b * d + a] = v;
    }
  }
  const wStar = invertSpd(wInv, d);
  sampleWishart(rng, cholesky(wStar, d), d, prior.nu0 + n, precision);
  // μ ~ N(μ*, (β*Λ)⁻¹), μ* = n·x̄/β*
  const scaled = new Float64Array(d * d);
  for (let j = 0; j < d * d; j++) scaled[j] = betaStar * (precision[j] as number);
  if (!choleskyInPlace(scaled, d)) throw new Error('BPMF: a sampled precision is not positive definite');
  const muStar = new Float64Array(d);
  for (let c = 0; c < d; c++) muStar[c] = (n * (xbar[c] as number)) / betaStar;
  sampleGaussianPrecision(rng, scaled, d, muStar, mean);
}

/**
 * The conditional posterior of row r of one side given the other, in canonical form: writes the
 * LOWER triangle of `precision` = Λ + α Σ g gᵀ and `h` = Λμ + α Σ g t, summed over row r of `csr`
 * with g = (1, other's factors) and t = rating − μ − other's bias (`priorH` = Λμ). The row's
 * conditional is N(precision⁻¹h, precision⁻¹). The rank-one updates go four ratings at a time
 * (one read and write of each precision entry per four ratings: ~1.8× faster in V8); `g` is
 * scratch of length 4d.
 */
export function rowConditional(
  csr: Csr,
  r: number,
  other: Float64Array,
  d: number,
  mu: number,
  alpha: number,
  priorPrecision: Float64Array,
  priorH: Float64Array,
  precision: Float64Array,
  h: Float64Array,
  g: Float64Array = new Float64Array(4 * d),
): void {
  const P = precision;
  P.fill(0);
  h.fill(0);
  // four feature vectors g₁ … g₄ side by side in g, each starting with the constant 1
  const o2 = d;
  const o3 = 2 * d;
  const o4 = 3 * d;
  g[0] = 1;
  g[o2] = 1;
  g[o3] = 1;
  g[o4] = 1;
  let p = csr.indptr[r] as number;
  const to = csr.indptr[r + 1] as number;
  for (; p + 4 <= to; p += 4) {
    const b1 = (csr.indices[p] as number) * d;
    const b2 = (csr.indices[p + 1] as number) * d;
    const b3 = (csr.indices[p + 2] as number) * d;
    const b4 = (csr.indices[p + 3] as number) * d;
    const t1 = (csr.values[p] as number) - mu - (other[b1] as number);
    const t2 = (csr.values[p + 1] as number) - mu - (other[b2] as number);
    const t3 = (csr.values[p + 2] as number) - mu - (other[b3] as number);
    const t4 = (csr.values[p + 3] as number) - mu - (other[b4] as number);
    for (let c = 1; c < d; c++) {
      g[c] = other[b1 + c] as number;
      g[o2 + c] = other[b2 + c] as number;
      g[o3 + c] = other[b3 + c] as number;
      g[o4 + c] = other[b4 + c] as number;
    }
    for (let a = 0; a < d; a++) {
      const x1 = g[a] as number;
      const x2 = g[o2 + a] as number;
      const x3 = g[o3 + a] as number;
      const x4 = g[o4 + a] as number;
      h[a] = (h[a] as number) + x1 * t1 + x2 * t2 + x3 * t3 + x4 * t4;
      const row = a * d;
      for (let b = 0; b <= a; b++) {
        P[row + b] = (P[row + b] as number) + x1 * (g[b] as number) + x2 * (g[o2 + b] as number) + x3 * (g[o3 + b] as number) + x4 * (g[o4 + b] as number);
      }
    }
  }
  for (; p < to; p++) {
    const base = (csr.indices[p] as number) * d;
    const t = (csr.values[p] as number) - mu - (other[base] as number);
    for (let c = 1; c < d; c++) g[c] = other[base + c] as number;
    for (let a = 0; a < d; a++) {
      const ga = g[a] as number;
      h[a] = (h[a] as number) + ga * t;
      const row = a * d;
      for (let b = 0; b <= a; b++) P[row + b] = (P[row + b] as number) + ga * (g[b] as number);
    }
  }
  for (let a = 0; a < d; a++) {
    h[a] = (priorH[a] as number) + alpha * (h[a] as number);
    for (let b = 0; b <= a; b++) P[a * d + b] = (priorPrecision[a * d + b] as number) + alpha * (P[a * d + b] as number);
  }
}

/** Scratch buffers of the row sampler (one set per sampler: no allocation per row). */
interface RowScratch {
  precision: Float64Array;
  h: Float64Array;
  g: Float64Array;
  out: Float64Array;
}

/** Draws row r of `self` from its conditional (rowConditional), by sampleGaussianCanonical. */
function sampleRow(
  rng: Rng,
  csr: Csr,
  r: number,
  self: Float64Array,
  other: Float64Array,
  d: number,
  mu: number,
  alpha: number,
  priorPrecision: Float64Array,
  priorH: Float64Array,
  s: RowScratch,
): void {
  rowConditional(csr, r, other, d, mu, alpha, priorPrecision, priorH, s.precision, s.h, s.g);
  sampleGaussianCanonical(rng, s.precision, s.h, d, s.out);
  self.set(s.out, r * d);
}

/** Λ·μ (d). */
function precisionTimesMean(precision: Float64Array, mean: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let s = 0;
    for (let b = 0; b < d; b++) s += (precision[a * d + b] as number) * (mean[b] as number);
    out[a] = s;
  }
  return out;
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

/** The chain before the first sweep: biases 0, factors N(0, initStd²) (users first), hyperparameters and sums 0, α options.alpha. */
function initialChain(rng: Rng, nUsers: number, nItems: number, d: number, options: BpmfOptions): BpmfChainState {
  const users = new Float64Array(nUsers * d);
  const items = new Float64Array(nItems * d);
  for (let u = 0; u < nUsers; u++) for (let c = 1; c < d; c++) users[u * d + c] = randomNormal(rng, 0, options.initStd);
  for (let i = 0; i < nItems; i++) for (let c = 1; c < d; c++) items[i * d + c] = randomNormal(rng, 0, options.initStd);
  return {
    users,
    items,
    userMean: new Float64Array(d),
    userPrecision: new Float64Array(d * d),
    itemMean: new Float64Array(d),
    itemPrecision: new Float64Array(d * d),
    alpha: options.alpha,
    sums: { users: new Float64Array(nUsers * d), items: new Float64Array(nItems * d), userMean: new Float64Array(d), userPrecision: new Float64Array(d * d), alpha: 0 },
    kept: 0,
  };
}

/** A copy of `c` with fresh arrays. */
function copyChain(c: BpmfChainState): BpmfChainState {
  const { sums } = c;
  return {
    users: c.users.slice(),
    items: c.items.slice(),
    userMean: c.userMean.slice(),
    userPrecision: c.userPrecision.slice(),
    itemMean: c.itemMean.slice(),
    itemPrecision: c.itemPrecision.slice(),
    alpha: c.alpha,
    sums: { users: sums.users.slice(), items: sums.items.slice(), userMean: sums.userMean.slice(), userPrecision: sums.userPrecision.slice(), alpha: sums.alpha },
    kept: c.kept,
  };
}

/** Running average of the sampler's predictions on fixed (user, item) pairs: `r̄_ui = (1/S) Σ_s r̂_ui^(s)`. */
export interface PredictionAverage {
  /** Adds the current sample's predictions. */
  add(sampler: BpmfSampler): void;
  /** Samples added. */
  readonly count: number;
  /** The averaged predictions (unclipped); NaN before the first add. */
  mean(): Float64Array;
  /** The running sum and count now (a copy), to go on from (createPredictionAverage's `from`). */
  state(): PredictionAverageState;
}

/** A PredictionAverage's running sum per pair and samples added. */
export interface PredictionAverageState {
  sum: Float64Array;
  count: number;
}

/** A running average of predictions on the pairs (users[j], items[j]), starting from `from` (a saved state) or empty. */
export function createPredictionAverage(users: Int32Array, items: Int32Array, from?: PredictionAverageState): PredictionAverage {
  if (from && from.sum.length !== users.length) throw new Error(`BPMF: the saved prediction average has ${from.sum.length} pairs, this run ${users.length}`);
  const sum = from ? from.sum.slice() : new Float64Array(users.length);
  let count = from?.count ?? 0;
  return {
    state: () => ({ sum: sum.slice(), count }),
    add(sampler) {
      for (let j = 0; j < sum.length; j++) sum[j] = (sum[j] as number) + sampler.predict(users[j] as number, items[j] as number);
      count++;
    },
    get count() {
      return count;
    },
    mean: () => Float64Array.from(sum, (s) => (count > 0 ? s / count : NaN)),
  };
}

/**
 * Folds a new user into the posterior means with the items fixed: the mean of x = (b, q)'s
 * conditional posterior under the learned prior,
 *   `x = (Λ̄_U + ᾱ Σ_i g_i g_iᵀ)⁻¹ (Λ̄_U μ̄_U + ᾱ Σ_i g_i (r_i − μ − b̄_i))`, g_i = (1, p̄_i):
 * a ridge regression whose penalty (x − μ̄_U)ᵀΛ̄_U(x − μ̄_U)/ᾱ is the averaged Gaussian prior. With no
 * ratings it is μ̄_U, the prior's mean user. Throws for an item index out of range.
 */
export function foldInBpmfUser(post: BpmfPosterior, rated: readonly { item: number; rating: number }[]): { bias: number; vector: Float32Array } {
  const k = post.factors;
  const d = k + 1;
  const precision = Float64Array.from(post.userPriorPrecision);
  const h = precisionTimesMean(post.userPriorPrecision, post.userPriorMean, d);
  const g = new Float64Array(d);
  g[0] = 1;
  for (const { item, rating } of rated) {
    if (!Number.isInteger(item) || item < 0 || item >= post.nItems) throw new Error(`foldInBpmfUser: item index ${item} is outside 0…${post.nItems - 1}`);
    for (let c = 0; c < k; c++) g[c + 1] = post.itemFactors[item * k + c] as number;
    const t = rating - post.mu - (post.itemBias[item] as number);
    for (let a = 0; a < d; a++) {
      const ga = g[a] as number;
      h[a] = (h[a] as number) + post.alpha * ga * t;
      for (let b = 0; b <= a; b++) precision[a * d + b] = (precision[a * d + b] as number) + post.alpha * ga * (g[b] as number);
    }
  }
  if (!choleskyInPlace(precision, d)) throw new Error('foldInBpmfUser: the posterior precision is not positive definite');
  const x = choleskySolve(precision, d, h);
  return { bias: x[0] as number, vector: Float32Array.from(x.subarray(1)) };
}
