import { describe, expect, it } from 'vitest';
import { ndcgAtK, precisionAtK, recallAtK } from './formulas/ranking';
import { createRng, randomInt, shuffleInPlace } from './random';
import { emptyListMetrics, listMetricsAtK } from './rankingMetrics';

function mask(nItems: number, relevant: readonly number[]): Uint8Array {
  const m = new Uint8Array(nItems);
  for (const i of relevant) m[i] = 1;
  return m;
}

describe('listMetricsAtK: cases worked by hand', () => {
  it('a list of 5 with hits at positions 1 and 4 of 3 relevant items', () => {
    // ranked 10, 11, 12, 13, 14; relevant {10, 13, 20}; k = 5
    // P@5 = 2/5 = 0.4; R@5 = 2/3
    // DCG = 1/log₂2 + 1/log₂5 = 1 + 0.430677 = 1.430677
    // IDCG = 1/log₂2 + 1/log₂3 + 1/log₂4 (min(5, 3) = 3 terms) = 1 + 0.630930 + 0.5 = 2.130930
    // NDCG = 1.430677 / 2.130930 = 0.671386
    // AP = (1/1 + 2/4) / min(5, 3) = 1.5 / 3 = 0.5
    // HR = 1 (a hit); RR = 1/1 (first hit at position 1)
    const m = listMetricsAtK(Int32Array.of(10, 11, 12, 13, 14), mask(21, [10, 13, 20]), 3, 5);
    expect(m.precision).toBeCloseTo(0.4, 12);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.ndcg).toBeCloseTo(0.671386, 6);
    expect(m.averagePrecision).toBeCloseTo(0.5, 12);
    expect(m.hit).toBe(1);
    expect(m.reciprocalRank).toBe(1);
  });

  it('more relevant items than k: AP and IDCG use min(k, |Rel|) = k', () => {
    // ranked 1, 2, 3; relevant {2, 5, 6, 7, 8}; k = 3 → one hit, at position 2
    // P@3 = 1/3; R@3 = 1/5
    // NDCG = (1/log₂3) / (1 + 1/log₂3 + 1/log₂4) = 0.630930 / 2.130930 = 0.296082
    // AP = (1/2) / min(3, 5) = 1/6 (dividing by |Rel| = 5, as older releases did, would give 1/10)
    // HR = 1; RR = 1/2
    const m = listMetricsAtK(Int32Array.of(1, 2, 3), mask(9, [2, 5, 6, 7, 8]), 5, 3);
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.recall).toBeCloseTo(0.2, 12);
    expect(m.ndcg).toBeCloseTo(0.296082, 6);
    expect(m.averagePrecision).toBeCloseTo(1 / 6, 12);
    expect(m.hit).toBe(1);
    expect(m.reciprocalRank).toBe(0.5);
  });

  it('a list shorter than k is still divided by k for precision', () => {
    // ranked 7 only; relevant {7}; k = 4
    // P@4 = 1/4; R = 1/1; NDCG = (1/log₂2) / (1/log₂2) = 1 (IDCG has min(4, 1) = 1 term)
    // AP = (1/1) / min(4, 1) = 1; HR = 1; RR = 1
    const m = listMetricsAtK(Int32Array.of(7), mask(8, [7]), 1, 4);
    expect(m).toEqual({ precision: 0.25, recall: 1, ndcg: 1, averagePrecision: 1, hit: 1, reciprocalRank: 1 });
  });

  it('no hit gives zeros; no relevant item gives NaN where the metric is undefined', () => {
    // ranked 0, 1; relevant {3}; k = 4 → nothing found
    expect(listMetricsAtK(Int32Array.of(0, 1), mask(4, [3]), 1, 4)).toEqual({
      precision: 0,
      recall: 0,
      ndcg: 0,
      averagePrecision: 0,
      hit: 0,
      reciprocalRank: 0,
    });
    const none = listMetricsAtK(Int32Array.of(0, 1), mask(4, []), 0, 2);
    expect(none.precision).toBe(0);
    expect(none.hit).toBe(0);
    expect(none.reciprocalRank).toBe(0);
    expect(none.recall).toBeNaN();
    expect(none.ndcg).toBeNaN();
    expect(none.averagePrecision).toBeNaN();
  });

  it('reads only `length` entries and only the top k, writing into `out`', () => {
    // buffer 5, 9, 2, 4 with length 3 → list 5, 9, 2; k = 2 → top 5, 9; relevant {9, 2, 4}
    // P@2 = 1/2; R = 1/3; RR = 1/2; AP = (1/2) / min(2, 3) = 1/4
    const out = emptyListMetrics();
    const m = listMetricsAtK(Int32Array.of(5, 9, 2, 4), mask(10, [9, 2, 4]), 3, 2, out, 3);
    expect(m).toBe(out);
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBeCloseTo(1 / 3, 12);
    expect(m.reciprocalRank).toBe(0.5);
    expect(m.averagePrecision).toBe(0.25);
  });

  it('rejects a k that is not a whole number ≥ 1', () => {
    expect(() => listMetricsAtK(Int32Array.of(0), mask(1, [0]), 1, 0)).toThrow(/k must be/);
    expect(() => listMetricsAtK(Int32Array.of(0), mask(1, [0]), 1, 2.5)).toThrow(/k must be/);
  });
});

/** AP@k, HR@k and RR@k straight from their definitions, for the property test (no traced oracle exists). */
function referenceExtras(ranked: readonly number[], relevant: ReadonlySet<number>, k: number) {
  const top = ranked.slice(0, k);
  let ap = 0;
  let rr = 0;
  top.forEach((item, idx) => {
    if (!relevant.has(item)) return;
    const precisionAtI = top.slice(0, idx + 1).filter((x) => relevant.has(x)).length / (idx + 1);
    ap += precisionAtI;
    if (rr === 0) rr = 1 / (idx + 1);
  });
  return { ap: ap / Math.min(k, relevant.size), hit: top.some((x) => relevant.has(x)) ? 1 : 0, rr };
}

describe('listMetricsAtK agrees with the traced formulas', () => {
  it('on 2000 random lists', () => {
    const rng = createRng(20240611);
    const out = emptyListMetrics();
    let compared = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const nItems = 1 + randomInt(rng, 40);
      const k = 1 + randomInt(rng, 12);
      const length = randomInt(rng, Math.min(nItems, k + 3) + 1);
      const order = shuffleInPlace(rng, Int32Array.from({ length: nItems }, (_, i) => i));
      // the buffer holds junk past `length`, which must be ignored
      const buffer = new Int32Array(length + 2).fill(nItems - 1);
      buffer.set(order.subarray(0, length));
      const ranked = Array.from(buffer.subarray(0, length));
      const p = rng.next();
      const relevantIds: number[] = [];
      for (let i = 0; i < nItems; i++) if (rng.next() < p) relevantIds.push(i);
      const relevant = new Set(relevantIds);

      const m = listMetricsAtK(buffer, mask(nItems, relevantIds), relevant.size, k, out, length);
      expect(m.precision).toBeCloseTo(precisionAtK(ranked, relevant, k).value, 12);
      if (relevant.size === 0) {
        expect(m.recall).toBeNaN();
        continue;
      }
      compared++;
      expect(m.recall).toBeCloseTo(recallAtK(ranked, relevant, k).value, 12);
      expect(m.ndcg).toBeCloseTo(ndcgAtK(ranked, relevant, k).value, 12);
      const ref = referenceExtras(ranked, relevant, k);
      expect(m.averagePrecision).toBeCloseTo(ref.ap, 12);
      expect(m.hit).toBe(ref.hit);
      expect(m.reciprocalRank).toBeCloseTo(ref.rr, 12);
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
