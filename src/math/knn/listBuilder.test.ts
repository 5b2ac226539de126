import { describe, expect, it } from 'vitest';
import { createListBuilder } from './listBuilder';

describe('createListBuilder', () => {
  it('appends rows in order, grows past its first capacity and trims the result', () => {
    // room for 16 entries at first (the floor), then 20 added: it doubles once
    const lists = createListBuilder(3, 20, 4);
    // row 0: neighbours 2 then 1, values read at the neighbour's index
    const cand = Int32Array.of(2, 1);
    lists.addRow(0, cand, 2, Float32Array.of(0, 0.5, 0.75), Float32Array.of(0, 0.6, 0.8), Int32Array.of(0, 3, 4));
    // row 1: none
    lists.endRow(1);
    // row 2: 18 one at a time
    for (let t = 0; t < 18; t++) lists.add(t % 2, 1 - t / 100, 1, t);
    lists.endRow(2);
    const r = lists.result();
    expect(Array.from(r.indptr)).toEqual([0, 2, 2, 20]);
    expect(r.neighbours.length).toBe(20);
    expect(Array.from(r.neighbours.subarray(0, 4))).toEqual([2, 1, 0, 1]);
    expect(Array.from(r.similarity.subarray(0, 3))).toEqual([0.75, 0.5, 1]);
    expect(Array.from(r.rawSimilarity.subarray(0, 2))).toEqual([Math.fround(0.8), Math.fround(0.6)]);
    expect(Array.from(r.support.subarray(0, 3))).toEqual([4, 3, 0]);
    expect(r.support[19]).toBe(17);
    expect(r.similarity[19]).toBe(Math.fround(1 - 17 / 100));
    expect([r.nRows, r.listLength]).toEqual([3, 20]);
  });
});
