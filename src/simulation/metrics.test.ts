import { describe, expect, it } from 'vitest';
import { catalogueCoverage, headItems, headShare, intraListDiversity, meanPopularityPercentile, popularityPercentiles, rowNorms } from './metrics';

describe('headItems', () => {
  const counts = [5, 1, 9, 3, 7, 2, 8, 4, 6, 0];
  it('is the ⌈share·N⌉ most rated items', () => {
    // ⌈0.1·10⌉ = 1: item 2 (9 ratings); ⌈0.3·10⌉ = 3: items 2 (9), 6 (8), 4 (7)
    expect([...headItems(counts)]).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect([...headItems(counts, 0.3)]).toEqual([0, 0, 1, 0, 1, 0, 1, 0, 0, 0]);
  });
  it('breaks ties to the lower index', () => {
    expect([...headItems([4, 4, 4], 0.5)]).toEqual([1, 1, 0]);
  });
});

describe('popularityPercentiles', () => {
  it('mid-ranks ties', () => {
    // sorted counts: 5 (item 3), 10 (item 0), 20, 20 (items 1, 2); N − 1 = 3.
    // item 3: 0/3; item 0: 1/3; items 1, 2: (2 + ½·1)/3 = 2.5/3
    const pct = popularityPercentiles([10, 20, 20, 5]);
    [1 / 3, 2.5 / 3, 2.5 / 3, 0].forEach((e, i) => expect(pct[i]).toBeCloseTo(e, 14));
  });
  it('is ½ for a single item', () => {
    expect([...popularityPercentiles([7])]).toEqual([0.5]);
  });
});

describe('slate metrics', () => {
  const slates = [
    [0, 1],
    [1, 2],
  ];
  it('catalogue coverage: |{0, 1, 2}| / 5', () => {
    expect(catalogueCoverage(slates, 5)).toBeCloseTo(0.6, 14);
    expect(catalogueCoverage([], 5)).toBe(0);
  });
  it('head share: 2 of the 4 slots hold the head item 1', () => {
    expect(headShare(slates, Uint8Array.from([0, 1, 0, 0, 0]))).toBeCloseTo(0.5, 14);
  });
  it('mean popularity percentile: (0 + 1 + 1 + 0.5)/4', () => {
    expect(meanPopularityPercentile(slates, Float64Array.from([0, 1, 0.5]))).toBeCloseTo(0.625, 14);
  });
});

describe('intraListDiversity', () => {
  // a = (1, 0), b = (0, 1), c = (1, 1), z = (0, 0)
  const vectors = Float32Array.from([1, 0, 0, 1, 1, 1, 0, 0]);
  const norms = rowNorms(vectors, 4, 2);
  it('is the mean pairwise 1 − cos', () => {
    // a–b: cos 0 → 1; a–c, b–c: cos 1/√2 → 1 − 0.70711 = 0.29289 each; mean = (1 + 2·0.29289)/3 = 0.52860
    expect(intraListDiversity([0, 1, 2], 3, vectors, 2, norms)).toBeCloseTo((1 + 2 * (1 - Math.SQRT1_2)) / 3, 6);
    expect(intraListDiversity([0, 2], 2, vectors, 2, norms)).toBeCloseTo(1 - Math.SQRT1_2, 6);
  });
  it('is 0 for fewer than two items, and a zero vector counts as cos 0', () => {
    expect(intraListDiversity([0], 1, vectors, 2, norms)).toBe(0);
    expect(intraListDiversity([0, 3], 2, vectors, 2, norms)).toBe(1);
  });
  it('uses only the first `length` entries', () => {
    expect(intraListDiversity(Int32Array.from([0, 1, 2]), 2, vectors, 2, norms)).toBe(1);
  });
});
