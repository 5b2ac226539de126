import { describe, expect, it } from 'vitest';
import { createRng } from '../../math/random';
import { cpuContext } from '../testutil';
import { makeTrainSet } from '../trainSet';
import type { FitContext, TrainSet } from '../types';
import { ease } from './index';

function trainOf(rows: [number, number, number][], nUsers: number, nItems: number, implicit = false): TrainSet {
  return makeTrainSet(
    { users: Int32Array.from(rows.map((r) => r[0])), items: Int32Array.from(rows.map((r) => r[1])), ratings: Float32Array.from(rows.map((r) => r[2])) },
    { nUsers, nItems, ratingMin: 1, ratingMax: 5, implicit },
  );
}

// The hand-worked case of src/math/implicit/ease.test.ts (B = [[0, .5, 0], [.5, 0, .5], [0, .5, 0]] at λ = 1),
// plus ratings below the threshold (≥ 4) that must be left out: u0 → item 2 rated 2, u1 → item 0 rated 3.
const ROWS: [number, number, number][] = [
  [0, 0, 5],
  [0, 1, 4],
  [0, 2, 2],
  [1, 0, 3],
  [1, 1, 5],
  [1, 2, 4],
  [2, 0, 4],
  [2, 1, 5],
  [2, 2, 5],
];

describe('EASE behind the contract', () => {
  it('scores the hand-worked case and explains each score with the weights it adds', async () => {
    const fitted = await ease.fit(trainOf(ROWS, 3, 3), { lambda: 1 }, cpuContext());
    expect(Array.from(fitted.scoreItems(2))).toEqual([0.5, 1, 0.5]);
    expect(Array.from(fitted.scoreItems(0))).toEqual([0.5, 0.5, 0.5]);
    const e = fitted.explain(2, 1);
    expect(e.trace.value).toBeCloseTo(1, 12);
    expect(e.intro).toContain('λ = 1');
    expect(e.intro).toContain('ratings ≥ 4 count as positives (7 of 9 training ratings)');
    expect(e.tables[0]!.columns).toEqual(['positive item j', 'B_ji', 'share of Σ|B|']);
    // u2's positives 0, 1, 2 toward item 1: B_01 = 0.5, B_21 = 0.5, B_11 = 0 (largest |B| first, then by index)
    expect(e.tables[0]!.rows.map((r) => [r[0], +(r[1] as number).toFixed(9)])).toEqual([
      ['item 0', 0.5],
      ['item 2', 0.5],
      ['item 1', 0],
    ]);
  });

  it('lists similar items by B’s column and explains each weight', async () => {
    const fitted = await ease.fit(trainOf(ROWS, 3, 3), { lambda: 1 }, cpuContext());
    // column 0 of B: B_10 = 0.5, B_20 = 0 (not listed)
    const list = await fitted.similarItems!(0, 5);
    expect(list.map((n) => [n.item, +n.similarity.toFixed(9)])).toEqual([[1, 0.5]]);
    const e = fitted.explainSimilarity!(0, 1);
    expect(e.trace.value).toBeCloseTo(0.5, 7);
    // users with both items 0 and 1 positive: u0 and u2
    expect(e.trace.steps[0]!.tex).toBe('G_{\\text{item 1},\\text{item 0}} = (X^{\\top}X)_{\\text{item 1},\\text{item 0}} = 2');
  });

  it('folds a visitor in from their positives only', async () => {
    const fitted = await ease.fit(trainOf(ROWS, 3, 3), { lambda: 1 }, cpuContext());
    const folded = fitted.foldIn!([
      { item: 0, rating: 5 },
      { item: 2, rating: 1 },
    ]);
    // only item 0 is a positive: row 0 of B
    expect(Array.from(folded.scores)).toEqual([0, 0.5, 0]);
    expect(folded.how).toContain('(1 of 2)');
    expect(folded.explain(1).trace.value).toBeCloseTo(0.5, 7);
  });

  it('takes every row as a positive on implicit data', async () => {
    const fitted = await ease.fit(trainOf(ROWS.map(([u, i]) => [u, i, 1]), 3, 3, true), { lambda: 1 }, cpuContext());
    expect(fitted.explain(0, 0).intro).toContain('every training row is a positive');
  });

  it('refuses a catalogue too large for a dense inverse before allocating anything', async () => {
    const huge = trainOf([[0, 0, 5]], 1, 50_000);
    await expect(ease.fit(huge, {}, cpuContext())).rejects.toThrow(
      /50,000 items would need 30\.0 GB of memory .* above this lab's limit of 4,000 items .* item-kNN, implicit ALS, BPR-MF\./,
    );
  });

  it('can be cancelled in the middle of the inverse', async () => {
    // 900 items: the inverse (past 1/3 of the progress) is 900³/3 ≈ 2.4·10⁸ multiply–adds, far longer
    // than the 25 ms between yields, so a yield comes after the halfway mark on any machine
    const rng = createRng(1);
    const rows: [number, number, number][] = [];
    for (let u = 0; u < 300; u++) for (let i = 0; i < 900; i++) if (rng.next() < 0.05) rows.push([u, i, 5]);
    const seen: number[] = [];
    const ctx: FitContext = { ...cpuContext(), hooks: { onProgress: (f) => seen.push(f), shouldStop: () => (seen.at(-1) ?? 0) > 0.5 } };
    await expect(ease.fit(trainOf(rows, 300, 900), {}, ctx)).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(seen.at(-1)!).toBeGreaterThan(0.5);
    expect(seen.at(-1)!).toBeLessThan(1);
  });

  it('reports progress up to 1 on a full fit', async () => {
    const seen: number[] = [];
    await ease.fit(trainOf(ROWS, 3, 3), {}, { ...cpuContext(), hooks: { onProgress: (f) => seen.push(f) } });
    expect(seen.at(-1)).toBe(1);
  });
});
