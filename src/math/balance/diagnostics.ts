/**
 * Popularity balance of a ratings dataset: the long-tail curve, the share of ratings in the head
 * and the Gini coefficient, for items (ratings per item) and for users (ratings per user). Pure.
 *
 * Conventions, the same everywhere in the lab's balance tools:
 * - an item's (user's) *count* n_i is its number of ratings; only entities with n_i ≥ 1 take part
 *   (an item index nobody rated is not in the curve, the head or the Gini; it is counted apart as
 *   `unrated`), so the figures describe the ratings, not the size of the index space;
 * - the *head* is the ⌈f·n⌉ entities with the most ratings (f = 0.1 by default: the top 10%), ties
 *   broken by the lower index; the *tail* is the rest.
 */

/** Ratings per entity (item or user) from an index column, length `n`. */
export function countsOf(index: ArrayLike<number>, n: number): Int32Array {
  const counts = new Int32Array(n);
  for (let t = 0; t < index.length; t++) counts[index[t] as number]!++;
  return counts;
}

/**
 * The indices of the entities with at least one rating, most-rated first (ties: lower index first).
 * This is the order of the long-tail curve and of the head.
 */
export function rankByCount(counts: ArrayLike<number>): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < counts.length; i++) if ((counts[i] as number) > 0) idx.push(i);
  idx.sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  return Int32Array.from(idx);
}

/** Size of the head among `n` rated entities: `h = ⌈f·n⌉` (0 when n = 0), f in (0, 1]. */
export function headSize(n: number, fraction: number): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`head fraction must be in (0, 1], got ${fraction}`);
  // the small epsilon keeps ⌈0.1·30⌉ = 3 (0.1·30 = 3.0000000000000004 in floating point)
  return n === 0 ? 0 : Math.ceil(fraction * n - 1e-9);
}

/**
 * 1 at each head entity (the ⌈f·n⌉ most-rated of the n entities with a rating; see rankByCount),
 * 0 elsewhere (tail and unrated).
 */
export function headMask(counts: ArrayLike<number>, fraction = 0.1): Uint8Array {
  const order = rankByCount(counts);
  const mask = new Uint8Array(counts.length);
  const h = headSize(order.length, fraction);
  for (let r = 0; r < h; r++) mask[order[r] as number] = 1;
  return mask;
}

/**
 * Gini coefficient of non-negative values x_1…x_n, with x_(1) ≤ … ≤ x_(n) sorted ascending:
 * `G = Σ_{i=1..n} (2i − n − 1)·x_(i) / (n·Σ_i x_i)`.
 * 0 when every value is equal; (n − 1)/n when one entity holds everything. NaN for n = 0 or Σx = 0.
 */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  const x = Float64Array.from(values as ArrayLike<number>).sort();
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    total += v;
    weighted += (2 * (i + 1) - n - 1) * v;
  }
  return n === 0 || total === 0 ? NaN : weighted / (n * total);
}

/** The balance of one side (items or users) of a ratings dataset. */
export interface SideBalance {
  /** Entities with at least one rating (n). */
  rated: number;
  /** Entities of the index space with no rating (left out of everything below). */
  unrated: number;
  /** Ratings in all: Σ_i n_i. */
  ratings: number;
  /** Long-tail curve: n_i sorted descending (rank 1 first), length n. */
  sortedCounts: Int32Array;
  /** `C_r = Σ_{j≤r} n_(j) / Σ_i n_i`: the share of all ratings held by the r most-rated entities. */
  cumulativeShare: Float64Array;
  /** The head's definition: the top `headFraction` of the rated entities, `headSize = ⌈headFraction·n⌉` of them. */
  headFraction: number;
  headSize: number;
  /** `C_h`: the share of all ratings that the head holds (h = headSize). */
  headShare: number;
  /** Gini coefficient of the counts n_i over the rated entities (see gini). */
  gini: number;
  /** Median and largest count. */
  median: number;
  max: number;
}

/**
 * Balance of one side from its per-entity counts: the long-tail curve and its cumulative share
 * `C_r = Σ_{j≤r} n_(j) / Σ n` (n_(1) ≥ n_(2) ≥ …), the head share `C_⌈f·n⌉`, and the Gini
 * coefficient of the counts of the rated entities.
 */
export function sideBalance(counts: ArrayLike<number>, headFraction = 0.1): SideBalance {
  const order = rankByCount(counts);
  const n = order.length;
  const sortedCounts = new Int32Array(n);
  const cumulativeShare = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const c = counts[order[r] as number] as number;
    sortedCounts[r] = c;
    total += c;
  }
  let run = 0;
  for (let r = 0; r < n; r++) {
    run += sortedCounts[r] as number;
    cumulativeShare[r] = run / total;
  }
  const h = headSize(n, headFraction);
  const median = n === 0 ? NaN : n % 2 === 1 ? (sortedCounts[(n - 1) / 2] as number) : ((sortedCounts[n / 2 - 1] as number) + (sortedCounts[n / 2] as number)) / 2;
  return {
    rated: n,
    unrated: counts.length - n,
    ratings: total,
    sortedCounts,
    cumulativeShare,
    headFraction,
    headSize: h,
    headShare: h === 0 ? NaN : (cumulativeShare[h - 1] as number),
    gini: gini(sortedCounts),
    median,
    max: n === 0 ? NaN : (sortedCounts[0] as number),
  };
}

/** The balance of a ratings dataset: its items and its users. */
export interface BalanceDiagnostics {
  items: SideBalance;
  users: SideBalance;
}

/** Item and user balance of the ratings with these user and item index columns (see sideBalance). */
export function balanceDiagnostics(users: ArrayLike<number>, items: ArrayLike<number>, nUsers: number, nItems: number, headFraction = 0.1): BalanceDiagnostics {
  return { items: sideBalance(countsOf(items, nItems), headFraction), users: sideBalance(countsOf(users, nUsers), headFraction) };
}
