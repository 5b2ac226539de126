/**
 * Whether two computations of the same neighbour lists agree "to float tolerance, ties aside"
 * (e.g. the GPU's float32 sums against the CPU's float64 ones). Pure.
 */
import type { NeighbourLists } from './neighbourLists';

/** What `compareNeighbourLists` found. */
export interface NeighbourListComparison {
  /** Rows compared, list entries of the candidate. */
  rows: number;
  entries: number;
  /** Rows whose candidate list is not min(L, the reference's count of neighbours) long. */
  lengthMismatches: number;
  /** max |candidate s'_t − reference s'_t| over positions t (the sorted score sequences). */
  maxScoreDifference: number;
  /** max |candidate − reference| of each listed neighbour's own s' and s (its pair's values). */
  maxPairDifference: number;
  /** Listed neighbours the reference does not have, repeated within a row, or with another support n. */
  badEntries: number;
  /** Positions holding another neighbour than the reference's (a tie within tolerance ordered otherwise). */
  tieSwaps: number;
  /** Positions t where the candidate's s'_t exceeds s'_{t−1} by more than the tolerance. */
  orderViolations: number;
}

/**
 * Compares `candidate` with `reference`, which must list, for each row, every neighbour (L ≥ the
 * candidate's L: e.g. the CPU kernel with listLength nRows − 1). Per row a, with R the reference's
 * list and C the candidate's: |C| = min(L_C, |R|); per position t, `|C.s'_t − R.s'_t|` (the scores
 * in order agree); per entry (b, s', s, n) of C, b ∈ R with the same n and `|s' − R.s'(b)|`,
 * `|s − R.s(b)|` (each pair's own values agree). The lists are equal, ties aside, when
 * lengthMismatches = badEntries = orderViolations = 0 and both maxima are within tolerance.
 */
export function compareNeighbourLists(reference: NeighbourLists, candidate: NeighbourLists, tolerance = 1e-5): NeighbourListComparison {
  if (reference.nRows !== candidate.nRows) throw new Error(`${reference.nRows} rows against ${candidate.nRows}`);
  const n = reference.nRows;
  const at = new Int32Array(n).fill(-1);
  const seen = new Int32Array(n).fill(-1);
  const out: NeighbourListComparison = { rows: n, entries: candidate.neighbours.length, lengthMismatches: 0, maxScoreDifference: 0, maxPairDifference: 0, badEntries: 0, tieSwaps: 0, orderViolations: 0 };
  for (let a = 0; a < n; a++) {
    const rFrom = reference.indptr[a] as number;
    const rTo = reference.indptr[a + 1] as number;
    const cFrom = candidate.indptr[a] as number;
    const cTo = candidate.indptr[a + 1] as number;
    for (let p = rFrom; p < rTo; p++) at[reference.neighbours[p] as number] = p;
    if (cTo - cFrom !== Math.min(candidate.listLength, rTo - rFrom)) out.lengthMismatches++;
    for (let t = 0; t < cTo - cFrom; t++) {
      const p = cFrom + t;
      const b = candidate.neighbours[p] as number;
      const s = candidate.similarity[p] as number;
      if (rFrom + t < rTo) {
        out.maxScoreDifference = Math.max(out.maxScoreDifference, Math.abs(s - (reference.similarity[rFrom + t] as number)));
        if (reference.neighbours[rFrom + t] !== b) out.tieSwaps++;
      }
      if (t > 0 && s > (candidate.similarity[p - 1] as number) + tolerance) out.orderViolations++;
      const q = b >= 0 && b < n ? (at[b] as number) : -1;
      if (q < 0 || seen[b] === a || candidate.support[p] !== reference.support[q]) {
        out.badEntries++;
        continue;
      }
      seen[b] = a;
      out.maxPairDifference = Math.max(
        out.maxPairDifference,
        Math.abs(s - (reference.similarity[q] as number)),
        Math.abs((candidate.rawSimilarity[p] as number) - (reference.rawSimilarity[q] as number)),
      );
    }
    for (let p = rFrom; p < rTo; p++) at[reference.neighbours[p] as number] = -1;
  }
  return out;
}

/** True when the comparison says equal, ties aside: no bad entry, length mismatch or order violation, both maxima ≤ tolerance. */
export function listsAgree(c: NeighbourListComparison, tolerance = 1e-5): boolean {
  return c.lengthMismatches === 0 && c.badEntries === 0 && c.orderViolations === 0 && c.maxScoreDifference <= tolerance && c.maxPairDifference <= tolerance;
}

/** Whether two list sets are identical bit for bit (every array element by element, floats by Object.is). */
export function identicalNeighbourLists(a: NeighbourLists, b: NeighbourLists): boolean {
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) => {
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (!Object.is(x[j], y[j])) return false;
    return true;
  };
  return (
    a.nRows === b.nRows &&
    a.listLength === b.listLength &&
    same(a.indptr, b.indptr) &&
    same(a.neighbours, b.neighbours) &&
    same(a.support, b.support) &&
    same(a.similarity, b.similarity) &&
    same(a.rawSimilarity, b.rawSimilarity)
  );
}
