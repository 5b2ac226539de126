import { describe, expect, it } from 'vitest';
import { compareNeighbourLists, identicalNeighbourLists, listsAgree } from './compareLists';
import { randomMatrix } from './matrix.testutil';
import { computeNeighbourLists, type NeighbourLists } from './neighbourLists';

/** A copy of `l` with its typed arrays copied. */
function copy(l: NeighbourLists): NeighbourLists {
  return { ...l, indptr: l.indptr.slice(), neighbours: l.neighbours.slice(), similarity: l.similarity.slice(), rawSimilarity: l.rawSimilarity.slice(), support: l.support.slice() };
}

describe('compareNeighbourLists', () => {
  const m = randomMatrix(3, 60, 40, 0.15);
  const full = computeNeighbourLists(m.rows, m.cols, { kind: 'cosine', listLength: 59 });
  const top5 = computeNeighbourLists(m.rows, m.cols, { kind: 'cosine', listLength: 5 });

  it('finds the CPU lists equal to themselves, at full length and cut to L', () => {
    for (const l of [full, top5]) {
      const c = compareNeighbourLists(full, l);
      expect(c).toMatchObject({ lengthMismatches: 0, badEntries: 0, tieSwaps: 0, orderViolations: 0, maxScoreDifference: 0, maxPairDifference: 0 });
      expect(listsAgree(c)).toBe(true);
    }
  });

  it('counts two tied neighbours swapped as a tie swap only, and a perturbed score beyond the tolerance', () => {
    // find a row whose first two scores are equal (integer ratings give exact ties)
    let a = -1;
    for (let r = 0; r < full.nRows && a < 0; r++) {
      const p = full.indptr[r] as number;
      if ((full.indptr[r + 1] as number) - p >= 2 && full.similarity[p] === full.similarity[p + 1] && full.support[p] === full.support[p + 1]) a = r;
    }
    expect(a).toBeGreaterThanOrEqual(0);
    const swapped = copy(full);
    const p = full.indptr[a] as number;
    swapped.neighbours[p] = full.neighbours[p + 1] as number;
    swapped.neighbours[p + 1] = full.neighbours[p] as number;
    swapped.rawSimilarity[p] = full.rawSimilarity[p + 1] as number;
    swapped.rawSimilarity[p + 1] = full.rawSimilarity[p] as number;
    const c = compareNeighbourLists(full, swapped);
    expect(c.tieSwaps).toBe(2);
    expect(listsAgree(c)).toBe(true);
    const off = copy(full);
    off.similarity[p + 1] = (full.similarity[p + 1] as number) - 1e-3;
    expect(listsAgree(compareNeighbourLists(full, off))).toBe(false);
  });

  it('flags a neighbour the reference does not list, a repeated one, and a short list', () => {
    const bad = copy(top5);
    bad.neighbours[1] = bad.neighbours[0] as number;
    expect(compareNeighbourLists(full, bad).badEntries).toBe(1);
    const short = copy(top5);
    short.listLength = 6;
    expect(compareNeighbourLists(full, short).lengthMismatches).toBeGreaterThan(0);
  });
});

describe('identicalNeighbourLists', () => {
  const m = randomMatrix(3, 60, 40, 0.15);
  const lists = computeNeighbourLists(m.rows, m.cols, { kind: 'cosine', listLength: 5 });

  it('holds for a copy, and fails on a last-bit change of one score, one support or a list length', () => {
    expect(identicalNeighbourLists(lists, copy(lists))).toBe(true);
    const nudged = copy(lists);
    // the next float32 above the first score: one unit in the last place
    const bits = new Uint32Array(nudged.similarity.buffer, nudged.similarity.byteOffset, 1);
    bits[0]! += 1;
    expect(identicalNeighbourLists(lists, nudged)).toBe(false);
    const support = copy(lists);
    support.support[0]! += 1;
    expect(identicalNeighbourLists(lists, support)).toBe(false);
    expect(identicalNeighbourLists(lists, { ...copy(lists), listLength: 6 })).toBe(false);
  });
});
