/**
 * BPR matrix factorization (Rendle et al., "BPR: Bayesian Personalized Ranking from Implicit
 * Feedback", UAI 2009): the fitted model's shape, its score, the pairwise loss, traced formulas for
 * the explanations, and folding a visitor in. Pure (no tfjs, no DOM).
 *
 * The score has an item bias, as Cornac's and LightFM's BPR do: `x̂_ui = b_i + q_u·p_i`. It is a
 * ranking score, not a rating: only differences x̂_ui − x̂_uj between items for one user mean anything.
 */
import { dotTrace, fmt, fmtOp, requireFinite, requireSameLength, traced, type TraceStep, type Traced } from './formulas/trace';
import { createRng, randomInt, shuffleInPlace } from './random';

/** A trained BPR-MF model. Tables are row-major: row u of `userFactors` is q_u, row i of `itemFactors` is p_i. */
export interface BprModel {
  nUsers: number;
  nItems: number;
  /** k: length of each vector. */
  factors: number;
  /** q_u rows, nUsers·k. */
  userFactors: Float32Array;
  /** p_i rows, nItems·k. */
  itemFactors: Float32Array;
  /** b_i, length nItems. */
  itemBias: Float32Array;
}

/** BPR score of one pair. `x̂_ui = b_i + q_u·p_i`. */
export function bprScore(model: BprModel, user: number, item: number): number {
  const k = model.factors;
  const uo = user * k;
  const io = item * k;
  let dot = 0;
  for (let f = 0; f < k; f++) dot += (model.userFactors[uo + f] as number) * (model.itemFactors[io + f] as number);
  return (model.itemBias[item] as number) + dot;
}

/** Scores of every item for a user vector q (a trained user's row or a folded-in visitor's): `s_i = b_i + q·p_i`. */
export function bprScoresForVector(model: BprModel, q: ArrayLike<number>): Float32Array {
  const { nItems, factors: k, itemFactors: P, itemBias } = model;
  const out = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    const io = i * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += (q[f] as number) * (P[io + f] as number);
    out[i] = (itemBias[i] as number) + dot;
  }
  return out;
}

/** Scores of every item for trained user u: `s_i = b_i + q_u·p_i` for i = 0 … nItems−1. */
export function bprScoresForUser(model: BprModel, user: number): Float32Array {
  const k = model.factors;
  return bprScoresForVector(model, model.userFactors.subarray(user * k, (user + 1) * k));
}

/**
 * The BPR loss of one triple as a function of x = x̂_uij = x̂_ui − x̂_uj:
 * `ℓ(x) = −ln σ(x) = ln(1 + e^{−x})`, computed stably (`max(−x, 0) + ln(1 + e^{−|x|})`).
 */
export function bprLoss(x: number): number {
  return Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Minus the loss's derivative: `−dℓ/dx = σ(−x) = 1 / (1 + e^{x})`, the weight of a triple's SGD
 * step (near 1 when the pair is ranked the wrong way, near 0 when it is already well ordered).
 */
export function bprWeight(x: number): number {
  if (x >= 0) {
    const e = Math.exp(-x);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(x));
}

/**
 * Traced BPR score, the value an explanation shows. `x̂_ui = b_i + q_u·p_i`.
 * The trace writes out the dot product and the sum.
 */
export function bprScoreTrace(input: { bi: number; q: readonly number[]; p: readonly number[] }): Traced<number> {
  const { bi, q, p } = input;
  requireFinite('b_i', bi);
  requireSameLength('q_u', q, 'p_i', p);
  const dot = dotTrace(q, p);
  const value = bi + dot.value;
  const steps: TraceStep[] = [
    { label: 'Interaction', tex: `\\mathbf{q}_u\\cdot\\mathbf{p}_i = ${dot.tex}` },
    { label: 'Score', tex: `\\hat x_{ui} = ${fmt(bi)} + ${fmtOp(dot.value)} = ${fmt(value)}` },
  ];
  return traced(
    value,
    '\\hat x_{ui} = b_i + \\mathbf{q}_u^{\\top}\\mathbf{p}_i',
    steps,
    'A ranking score, not a rating: BPR only learns that x̂_ui should exceed x̂_uj for a positive i and an item j without a positive.',
  );
}

/**
 * Traced BPR loss of one triple (u, i, j), i a positive of u and j an item without one:
 * `x̂_uij = x̂_ui − x̂_uj = (b_i + q_u·p_i) − (b_j + q_u·p_j)`, `ℓ_uij = −ln σ(x̂_uij) = ln(1 + e^{−x̂_uij})`.
 * The value is ℓ_uij (the data term; the training objective adds (λ/2)‖θ‖² of the rows touched).
 */
export function bprTripleLossTrace(input: { bi: number; bj: number; q: readonly number[]; pi: readonly number[]; pj: readonly number[] }): Traced<number> {
  const { bi, bj, q, pi, pj } = input;
  requireFinite('b_i', bi);
  requireFinite('b_j', bj);
  requireSameLength('q_u', q, 'p_i', pi);
  requireSameLength('q_u', q, 'p_j', pj);
  const di = dotTrace(q, pi);
  const dj = dotTrace(q, pj);
  const xi = bi + di.value;
  const xj = bj + dj.value;
  const x = xi - xj;
  const s = 1 - bprWeight(x);
  const value = bprLoss(x);
  const steps: TraceStep[] = [
    { label: 'Score of the positive', tex: `\\hat x_{ui} = ${fmt(bi)} + ${di.tex} = ${fmt(xi)}` },
    { label: 'Score of the negative', tex: `\\hat x_{uj} = ${fmt(bj)} + ${dj.tex} = ${fmt(xj)}` },
    { label: 'Difference', tex: `\\hat x_{uij} = ${fmt(xi)} - ${fmtOp(xj)} = ${fmt(x)}` },
    { label: 'Probability the pair is ordered right', tex: `\\sigma(${fmt(x)}) = \\frac{1}{1 + e^{${fmtOp(-x)}}} = ${fmt(s)}` },
    { label: 'Loss', tex: `\\ell_{uij} = -\\ln ${fmtOp(s)} = ${fmt(value)}` },
  ];
  return traced(
    value,
    '\\ell_{uij} = -\\ln\\sigma(\\hat x_{ui} - \\hat x_{uj}) = \\ln\\!\\left(1 + e^{-(\\hat x_{ui} - \\hat x_{uj})}\\right)',
    steps,
    'Computed as max(−x, 0) + ln(1 + e^{−|x|}), which never overflows.',
  );
}

/** How a visitor is folded into a trained BPR model (see foldInBprUser). */
export interface BprFoldInSettings {
  /** Passes over the visitor's positives. */
  epochs: number;
  /** η of each per-triple SGD step. */
  learningRate: number;
  /** λ of the (λ/2)‖q‖² term, as in training. */
  regularization: number;
  /** Seeds the shuffles and the negative draws. */
  seed: number;
}

/**
 * Folds a visitor with positives P into a trained model, item tables (p_j, b_j) fixed: starting
 * from q = 0, `epochs` passes over P in a seeded shuffled order, each positive i paired with a
 * negative j drawn uniformly from the items not in P, each triple taking the SGD step of training
 * on q alone: `x = x̂_i − x̂_j`, `q ← q + η(σ(−x)(p_i − p_j) − λq)` — as if the visitor had been a
 * user of the training set with the items frozen. Returns q (float32); q = 0 (scores = b_i) when
 * P is empty or covers the whole catalogue. Throws on an item index outside the model.
 */
export function foldInBprUser(model: BprModel, positives: readonly number[], settings: BprFoldInSettings): Float32Array {
  const { nItems, factors: k, itemFactors: P, itemBias: B } = model;
  const q = new Float32Array(k);
  const isPositive = new Uint8Array(nItems);
  const list: number[] = [];
  for (const i of positives) {
    if (!Number.isInteger(i) || i < 0 || i >= nItems) throw new Error(`foldInBprUser: item index ${i} is outside 0…${nItems - 1}`);
    if (isPositive[i] === 0) list.push(i);
    isPositive[i] = 1;
  }
  if (list.length === 0 || list.length >= nItems) return q;
  const order = Int32Array.from(list);
  const rng = createRng(settings.seed);
  const eta = settings.learningRate;
  const lambda = settings.regularization;
  const w = new Float64Array(k);
  for (let e = 0; e < settings.epochs; e++) {
    shuffleInPlace(rng, order);
    for (let a = 0; a < order.length; a++) {
      const i = order[a] as number;
      let j = randomInt(rng, nItems);
      while (isPositive[j] === 1) j = randomInt(rng, nItems);
      const io = i * k;
      const jo = j * k;
      let x = (B[i] as number) - (B[j] as number);
      for (let f = 0; f < k; f++) x += (w[f] as number) * ((P[io + f] as number) - (P[jo + f] as number));
      const g = bprWeight(x);
      for (let f = 0; f < k; f++) w[f] = (w[f] as number) + eta * (g * ((P[io + f] as number) - (P[jo + f] as number)) - lambda * (w[f] as number));
    }
  }
  for (let f = 0; f < k; f++) q[f] = w[f] as number;
  return q;
}
