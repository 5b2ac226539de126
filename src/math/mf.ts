/**
 * Biased matrix factorisation: the trained model's shape, its prediction formula and top-N
 * selection. Pure (no tfjs, no DOM).
 */

/** A trained biased-MF model. Factor tables are row-major: row u of `userFactors` is q_u. */
export interface MfModel {
  nUsers: number;
  nItems: number;
  factors: number;
  /** μ: mean of the training ratings (fixed, not learned). */
  mu: number;
  /** b_u, length nUsers. */
  userBias: Float32Array;
  /** b_i, length nItems. */
  itemBias: Float32Array;
  /** q_u rows, nUsers·factors, row-major. */
  userFactors: Float32Array;
  /** p_i rows, nItems·factors, row-major. */
  itemFactors: Float32Array;
}

/** Predicted rating. `r̂_ui = μ + b_u + b_i + q_u·p_i` (unclipped). */
export function predictRating(model: MfModel, user: number, item: number): number {
  const k = model.factors;
  const q = model.userFactors;
  const p = model.itemFactors;
  const uo = user * k;
  const io = item * k;
  let dot = 0;
  for (let f = 0; f < k; f++) dot += (q[uo + f] as number) * (p[io + f] as number);
  return model.mu + (model.userBias[user] as number) + (model.itemBias[item] as number) + dot;
}

/**
 * Scores of every item for one user: `s_i = μ + b_u + b_i + q_u·p_i` for i = 0 … nItems−1,
 * as a Float32Array of length nItems.
 */
export function scoreAllItems(model: MfModel, user: number): Float32Array {
  const k = model.factors;
  const q = model.userFactors;
  const p = model.itemFactors;
  const ib = model.itemBias;
  const uo = user * k;
  const base = model.mu + (model.userBias[user] as number);
  const out = new Float32Array(model.nItems);
  for (let i = 0; i < model.nItems; i++) {
    const io = i * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += (q[uo + f] as number) * (p[io + f] as number);
    out[i] = base + (ib[i] as number) + dot;
  }
  return out;
}

/**
 * Scores of every item for a user given by a bias and vector (e.g. folded in):
 * `s_i = μ + b + b_i + q·p_i` for i = 0 … nItems−1.
 */
export function scoreAllItemsForVector(model: MfModel, bias: number, vector: ArrayLike<number>): Float32Array {
  const { nItems, factors, itemFactors, itemBias, mu } = model;
  const scores = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    let dot = 0;
    for (let f = 0; f < factors; f++) dot += (vector[f] as number) * (itemFactors[i * factors + f] as number);
    scores[i] = mu + bias + (itemBias[i] as number) + dot;
  }
  return scores;
}

/** A scored item. */
export interface ScoredItem {
  item: number;
  score: number;
}

/**
 * Top n items by score, best first, skipping items with `exclude[i] === 1` (and NaN scores).
 * Ties are broken by lower index. O(nItems log n): a size-n min-heap whose root is the
 * current worst kept item ("worse" = lower score, or equal score and higher index).
 */
export function topN(scores: ArrayLike<number>, n: number, exclude?: Uint8Array): ScoredItem[] {
  const cap = Math.max(0, Math.floor(n));
  if (cap === 0) return [];
  const heapItem = new Int32Array(cap);
  const heapScore = new Float64Array(cap);
  let size = 0;
  // a is worse than b
  const worse = (sa: number, ia: number, sb: number, ib: number): boolean => sa < sb || (sa === sb && ia > ib);
  for (let i = 0; i < scores.length; i++) {
    if (exclude !== undefined && exclude[i] === 1) continue;
    const s = scores[i] as number;
    if (Number.isNaN(s)) continue;
    if (size < cap) {
      // sift up
      let c = size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        const ps = heapScore[parent] as number;
        const pi = heapItem[parent] as number;
        if (!worse(s, i, ps, pi)) break;
        heapScore[c] = ps;
        heapItem[c] = pi;
        c = parent;
      }
      heapScore[c] = s;
      heapItem[c] = i;
    } else if (worse(heapScore[0] as number, heapItem[0] as number, s, i)) {
      // replace root, sift down
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const r = l + 1;
        let m = l;
        if (r < size && worse(heapScore[r] as number, heapItem[r] as number, heapScore[l] as number, heapItem[l] as number)) m = r;
        if (!worse(heapScore[m] as number, heapItem[m] as number, s, i)) break;
        heapScore[c] = heapScore[m] as number;
        heapItem[c] = heapItem[m] as number;
        c = m;
      }
      heapScore[c] = s;
      heapItem[c] = i;
    }
  }
  const out: ScoredItem[] = [];
  for (let j = 0; j < size; j++) out.push({ item: heapItem[j] as number, score: heapScore[j] as number });
  out.sort((a, b) => b.score - a.score || a.item - b.item);
  return out;
}
