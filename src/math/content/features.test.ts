import { describe, expect, it } from 'vitest';
import { buildItemFeatures, itemsWithFeatures, rowOf, titleTfIdf } from './features';

/**
 * A 3-title corpus, worked by hand (N = 3 titles):
 *   0 "Storm River Night (1995)"  → storm, river, night
 *   1 "River of Storm River"      → river, storm, river ("of" is a stop word)
 *   2 "Garden Storm, The (1996)"  → garden, storm ("the" is a stop word)
 * df: storm 3, river 2, night 1, garden 1. "storm" is in every title: idf ln(3/3) = 0, so it is
 * not kept. idf(river) = ln(3/2) = 0.4054651081, idf(night) = idf(garden) = ln 3 = 1.0986122887.
 * Row 0: x = (river 1·0.4054651, night 1·1.0986123), ‖x‖ = √(0.1644020 + 1.2069490) = 1.1710469,
 *   x̂ = (0.3462415531, 0.9381453975).
 * Row 1: x = (river 2·0.4054651) → x̂ = (1).   Row 2: x = (garden 1.0986123) → x̂ = (1).
 */
const CORPUS = ['Storm River Night (1995)', 'River of Storm River', 'Garden Storm, The (1996)'];

const dense = (m: ReturnType<typeof titleTfIdf>['rows'], r: number): number[] => {
  const out = new Array<number>(m.nCols).fill(0);
  const { indices, values } = rowOf(m, r);
  indices.forEach((c, k) => (out[c] = values[k] as number));
  return out;
};

describe('titleTfIdf', () => {
  it('gives the hand-worked TF-IDF of a 3-title corpus (minDf 1)', () => {
    const t = titleTfIdf(CORPUS, 1, 1000);
    expect(t.documents).toBe(3);
    // largest df first, ties alphabetical; "storm" (df = N) is left out
    expect(t.vocabulary).toEqual(['river', 'garden', 'night']);
    expect(Array.from(t.df)).toEqual([2, 1, 1]);
    expect(t.idf[0]).toBeCloseTo(0.4054651081, 10);
    expect(t.idf[1]).toBeCloseTo(1.0986122887, 10);
    const r0 = dense(t.rows, 0);
    expect(r0[0]).toBeCloseTo(0.3462415531, 9);
    expect(r0[1]).toBe(0);
    expect(r0[2]).toBeCloseTo(0.9381453975, 9);
    expect(dense(t.rows, 1)).toEqual([1, 0, 0]);
    expect(dense(t.rows, 2)).toEqual([0, 1, 0]);
  });

  it('keeps only words in at least minDf titles, at most maxWords of them', () => {
    const t = titleTfIdf(CORPUS, 2, 1000);
    expect(t.vocabulary).toEqual(['river']);
    expect(dense(t.rows, 0)).toEqual([1]);
    expect(dense(t.rows, 1)).toEqual([1]);
    // title 2 has no kept word: an empty row, not a division by 0
    expect(rowOf(t.rows, 2).indices.length).toBe(0);
    expect(titleTfIdf(CORPUS, 1, 2).vocabulary).toEqual(['river', 'garden']);
    expect(titleTfIdf(CORPUS, 1, 0).vocabulary).toEqual([]);
  });

  it('counts N over items that have a title', () => {
    const t = titleTfIdf([...CORPUS, null, '  '], 1, 1000);
    expect(t.documents).toBe(3);
    expect(t.idf[0]).toBeCloseTo(Math.log(3 / 2), 12);
    expect(rowOf(t.rows, 3).indices.length).toBe(0);
  });

  it('rejects bad settings', () => {
    expect(() => titleTfIdf(CORPUS, 0, 10)).toThrow(/minDf/);
    expect(() => titleTfIdf(CORPUS, 1, -1)).toThrow(/maxWords/);
  });
});

describe('buildItemFeatures', () => {
  it('puts the one-hot genres first, then the title block times the title weight', () => {
    const f = buildItemFeatures({ titles: CORPUS, genres: [['Drama'], ['Action', 'Drama'], []] }, 3, { titleWeight: 2, minDf: 1, maxWords: 10 });
    expect(f.nGenres).toBe(2);
    expect(f.nCols).toBe(5);
    expect(f.names).toEqual(['genre: Action', 'genre: Drama', 'word: river', 'word: garden', 'word: night']);
    expect(Array.from(rowOf(f, 0).indices)).toEqual([1, 2, 4]);
    const v0 = Array.from(rowOf(f, 0).values);
    expect(v0[0]).toBe(1);
    expect(v0[1]).toBeCloseTo(2 * 0.3462415531, 9);
    expect(v0[2]).toBeCloseTo(2 * 0.9381453975, 9);
    expect(Array.from(rowOf(f, 1).indices)).toEqual([0, 1, 2]);
    expect(Array.from(rowOf(f, 1).values)).toEqual([1, 1, 2]);
    expect(Array.from(rowOf(f, 2).indices)).toEqual([3]);
    expect(f.titledItems).toBe(3);
  });

  it('works with genres only or titles only, and leaves featureless items empty', () => {
    const g = buildItemFeatures({ titles: null, genres: [['B', 'A', 'A'], [], ['C']] }, 4, { titleWeight: 1, minDf: 2, maxWords: 10 });
    expect(g.names).toEqual(['genre: A', 'genre: B', 'genre: C']);
    expect(Array.from(rowOf(g, 0).indices)).toEqual([0, 1]);
    expect(itemsWithFeatures(g)).toBe(2);
    const t = buildItemFeatures({ titles: CORPUS, genres: null }, 3, { titleWeight: 1, minDf: 2, maxWords: 10 });
    expect(t.names).toEqual(['word: river']);
    expect(itemsWithFeatures(t)).toBe(2);
    const none = buildItemFeatures({ titles: CORPUS, genres: null }, 3, { titleWeight: 0, minDf: 1, maxWords: 10 });
    expect(none.nCols).toBe(0);
  });
});
