/**
 * Beyond-accuracy metrics of a set of recommendation lists, measured against the training data:
 * catalogue coverage, novelty, intra-list diversity and average recommended popularity.
 * Pure; works from the item-rows CSR of the training ratings (never an items × items matrix).
 *
 * Definitions follow microsoft/recommenders (recommenders/evaluation/python_evaluation.py:
 * `catalog_coverage`, `historical_item_novelty` + `novelty`, `_get_cooccurrence_similarity` +
 * `_get_intralist_similarity` + `user_diversity` + `diversity`). Training pairs are unique (the
 * dataset is deduplicated at import), so an item's number of training ratings is also its number
 * of training users |U_i|.
 */
import type { Csr } from './sparse';

/** The four catalogue metrics of a set of lists. */
export interface CatalogueMetrics {
  coverage: number;
  novelty: number;
  diversity: number;
  avgPopularity: number;
}

/** Training counts the catalogue metrics use. */
export interface ItemPopularity {
  /** |U_i|: training ratings (= users) of each item. */
  counts: Int32Array;
  /** |R_train| = Σ_i |U_i|, the number of training ratings. */
  nInteractions: number;
  /** Items with at least one training rating (coverage's denominator). */
  nTrainItems: number;
}

/** |U_i| per item, their total and the number of items rated at least once, from the item-rows CSR. */
export function itemPopularity(byItem: Csr): ItemPopularity {
  const counts = new Int32Array(byItem.nRows);
  let nTrainItems = 0;
  for (let i = 0; i < byItem.nRows; i++) {
    const c = (byItem.indptr[i + 1] as number) - (byItem.indptr[i] as number);
    counts[i] = c;
    if (c > 0) nTrainItems++;
  }
  return { counts, nInteractions: byItem.indptr[byItem.nRows] as number, nTrainItems };
}

/**
 * Item–item cosine of binary co-occurrence in training (Zhang et al., Auralist, WSDM 2012; the
 * `item_cooccurrence_count` measure of microsoft/recommenders):
 * `sim(i, j) = |U_i ∩ U_j| / √(|U_i| · |U_j|)`, 0 when either item has no training users.
 * One merge of the two sorted user lists: O(|U_i| + |U_j|).
 */
export function cooccurrenceCosine(byItem: Csr, a: number, b: number): number {
  let p = byItem.indptr[a] as number;
  const pEnd = byItem.indptr[a + 1] as number;
  let q = byItem.indptr[b] as number;
  const qEnd = byItem.indptr[b + 1] as number;
  const na = pEnd - p;
  const nb = qEnd - q;
  if (na === 0 || nb === 0) return 0;
  let both = 0;
  while (p < pEnd && q < qEnd) {
    const u = byItem.indices[p] as number;
    const v = byItem.indices[q] as number;
    if (u === v) {
      both++;
      p++;
      q++;
    } else if (u < v) p++;
    else q++;
  }
  return both / Math.sqrt(na * nb);
}

/** At most this many pair similarities are cached. */
const PAIR_CACHE_LIMIT = 1 << 20;

/**
 * Adds lists one at a time (the evaluation ranks users in slices between yields to the event loop)
 * and gives the four metrics at the end. Memory: O(nItems + nUsers·⌈k/32⌉ + k²) plus a bounded
 * cache of pair similarities (lists of popular items share many pairs).
 *
 * With L the set of lists (one per user), N = Σ_u |L_u| the number of recommended slots:
 * - coverage `= |⋃_u L_u| / |{i : |U_i| > 0}|` — distinct recommended items over the items that
 *   have training ratings (recommenders' `catalog_coverage` divides by the distinct items of train_df,
 *   not by every item index of the dataset);
 * - novelty `= (1/N) Σ_u Σ_{i∈L_u} −log₂ p(i)`, `p(i) = |U_i| / |R_train|` — the item-choice model of
 *   Castells et al. (ECIR 2011) as in recommenders' `historical_item_novelty`: the share of all
 *   training *ratings* that are of item i (not the share of users). A recommended item with no
 *   training rating has no novelty value there (the merge drops it) yet still counts in N: it adds 0 here too;
 * - diversity `= mean_u [ 1 − (1/|P_u|) Σ_{(i,j)∈P_u} sim(i, j) ]`, P_u the unordered pairs of distinct
 *   items of L_u, sim the co-occurrence cosine above; users with fewer than 2 items have no pairs and
 *   are left out of the mean (as recommenders' groupby leaves them out);
 * - avgPopularity `= (1/N) Σ_u Σ_{i∈L_u} |U_i|` — the mean number of training ratings of a
 *   recommended item (not in recommenders; a plain popularity-bias gauge).
 *
 * Empty inputs give coverage 0 and NaN for the means with nothing to average.
 */
export class CatalogueAccumulator {
  private readonly byItem: Csr;
  private readonly pop: ItemPopularity;
  private readonly seen: Uint8Array;
  private distinct = 0;
  private slots = 0;
  private noveltySum = 0;
  private popularitySum = 0;
  private diversitySum = 0;
  private diversityUsers = 0;
  /** mark[v] === stamp ⇔ user v is in `touched` for the list being swept. */
  private readonly mark: Int32Array;
  private readonly touched: Int32Array;
  private stamp = 0;
  /** Per-user position bits, pair counts and a position buffer of the sweep (all zero between lists). */
  private bits = new Uint32Array(0);
  private pairCount = new Int32Array(0);
  private positions = new Int32Array(0);
  private readonly pairCache = new Map<number, number>();
  /** −log₂ p(i) per item (0 for items without training ratings). */
  private readonly itemNovelty: Float64Array;

  constructor(byItem: Csr) {
    this.byItem = byItem;
    this.pop = itemPopularity(byItem);
    this.seen = new Uint8Array(byItem.nRows);
    this.mark = new Int32Array(byItem.nCols);
    this.touched = new Int32Array(byItem.nCols);
    this.itemNovelty = new Float64Array(byItem.nRows);
    const total = this.pop.nInteractions;
    for (let i = 0; i < byItem.nRows; i++) {
      const c = this.pop.counts[i] as number;
      this.itemNovelty[i] = c > 0 ? -Math.log2(c / total) : 0;
    }
  }

  /** Adds one user's list (distinct item indices; the first `length` entries are used). */
  add(list: Int32Array, length: number = list.length): void {
    const n = Math.min(length, list.length);
    for (let p = 0; p < n; p++) {
      const i = list[p] as number;
      if (this.seen[i] === 0) {
        this.seen[i] = 1;
        this.distinct++;
      }
      this.noveltySum += this.itemNovelty[i] as number;
      this.popularitySum += this.pop.counts[i] as number;
    }
    this.slots += n;
    if (n >= 2) {
      this.diversitySum += 1 - this.pairSimilaritySum(list, n) / ((n * (n - 1)) / 2);
      this.diversityUsers++;
    }
  }

  /** The metrics of every list added so far. */
  result(): CatalogueMetrics {
    return {
      coverage: this.pop.nTrainItems > 0 ? this.distinct / this.pop.nTrainItems : NaN,
      novelty: this.slots > 0 ? this.noveltySum / this.slots : NaN,
      diversity: this.diversityUsers > 0 ? this.diversitySum / this.diversityUsers : NaN,
      avgPopularity: this.slots > 0 ? this.popularitySum / this.slots : NaN,
    };
  }

  /**
   * Σ_{p<q} sim(L[p], L[q]) over the first n items of `list`. From the cache when every pair is
   * there; otherwise every |U_a ∩ U_b| of the list is counted in one sweep: each user who rated a
   * list item gets a bit per list position (Σ_p |U_{L[p]}| steps), then each such user adds 1 to the
   * pairs of positions among their bits (Σ_v c_v² / 2 steps, c_v = list items user v rated).
   */
  private pairSimilaritySum(list: Int32Array, n: number): number {
    const nItems = this.byItem.nRows;
    let cached = 0;
    let complete = true;
    for (let p = 0; p < n - 1 && complete; p++) {
      const a = list[p] as number;
      for (let q = p + 1; q < n; q++) {
        const b = list[q] as number;
        const sim = this.pairCache.get(a < b ? a * nItems + b : b * nItems + a);
        if (sim === undefined) {
          complete = false;
          break;
        }
        cached += sim;
      }
    }
    if (complete) return cached;

    const m = this.byItem;
    const words = (n + 31) >>> 5;
    if (this.bits.length < m.nCols * words) this.bits = new Uint32Array(m.nCols * words);
    if (this.pairCount.length < n * n) this.pairCount = new Int32Array(n * n);
    if (this.positions.length < n) this.positions = new Int32Array(n);
    const { bits, pairCount, positions, mark, touched } = this;
    // bits[v·words + w] bit b ⇔ user v rated list[32w + b]
    const stamp = ++this.stamp;
    let nTouched = 0;
    for (let p = 0; p < n; p++) {
      const a = list[p] as number;
      const w = p >>> 5;
      const bit = 1 << (p & 31);
      for (let e = m.indptr[a] as number, end = m.indptr[a + 1] as number; e < end; e++) {
        const v = m.indices[e] as number;
        if (mark[v] !== stamp) {
          mark[v] = stamp;
          touched[nTouched++] = v;
        }
        bits[v * words + w]! |= bit;
      }
    }
    for (let t = 0; t < nTouched; t++) {
      const base = (touched[t] as number) * words;
      let c = 0;
      for (let w = 0; w < words; w++) {
        let x = bits[base + w] as number;
        bits[base + w] = 0;
        while (x !== 0) {
          const low = x & -x;
          positions[c++] = (w << 5) + 31 - Math.clz32(low);
          x ^= low;
        }
      }
      for (let i = 0; i < c - 1; i++) {
        const row = (positions[i] as number) * n;
        for (let j = i + 1; j < c; j++) pairCount[row + (positions[j] as number)]!++;
      }
    }
    let sum = 0;
    for (let p = 0; p < n - 1; p++) {
      const a = list[p] as number;
      const na = this.pop.counts[a] as number;
      for (let q = p + 1; q < n; q++) {
        const b = list[q] as number;
        const both = pairCount[p * n + q] as number;
        pairCount[p * n + q] = 0;
        const sim = both > 0 ? both / Math.sqrt(na * (this.pop.counts[b] as number)) : 0;
        if (this.pairCache.size < PAIR_CACHE_LIMIT) this.pairCache.set(a < b ? a * nItems + b : b * nItems + a, sim);
        sum += sim;
      }
    }
    return sum;
  }
}

/** The four catalogue metrics of `lists` (one per user) against the training item-rows CSR; see CatalogueAccumulator. */
export function catalogueMetrics(byItem: Csr, lists: readonly Int32Array[]): CatalogueMetrics {
  const acc = new CatalogueAccumulator(byItem);
  for (const l of lists) acc.add(l);
  return acc.result();
}
