import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, randomNormal } from '../math/random';
import { rowNorms, similarItemsCpu, similarItemsTfjs } from './similarity';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

// p0 = (1, 0), p1 = (1, 1), p2 = (0, 2):
//   cos(0,1) = 1/(1·√2) = 0.70711, cos(0,2) = 0/(1·2) = 0, cos(1,2) = 2/(√2·2) = 0.70711
const three = Float32Array.of(1, 0, 1, 1, 0, 2);

describe('similarItems, hand-worked', () => {
  it('CPU', () => {
    const [s0, s1, s2] = similarItemsCpu(three, 3, 2, [0, 1, 2], 2);
    expect(s0!.map((r) => r.item)).toEqual([1, 2]);
    expect(s0![0]!.similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(s0![1]!.similarity).toBe(0);
    // item 1: items 0 and 2 tie at 0.70711 → lower index first
    expect(s1!.map((r) => r.item)).toEqual([0, 2]);
    expect(s1![1]!.similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(s2!.map((r) => r.item)).toEqual([1, 0]);
    expect(s2!.map((r) => r.similarity)).toEqual([expect.closeTo(Math.SQRT1_2, 6), 0]);
  });

  it('tfjs, with tiles of one row', async () => {
    const before = tf.memory().numTensors;
    const [s0, , s2] = await similarItemsTfjs(tf, three, 3, 2, [0, 1, 2], 2, 1);
    expect(s0!.map((r) => r.item)).toEqual([1, 2]);
    expect(s0![0]!.similarity).toBeCloseTo(Math.SQRT1_2, 5);
    expect(s2!.map((r) => r.item)).toEqual([1, 0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a zero vector has similarity 0 with everything, never NaN', async () => {
    // item 3 = (0, 0)
    const withZero = Float32Array.of(1, 0, 1, 1, 0, 2, 0, 0);
    const cpu = similarItemsCpu(withZero, 4, 2, [3, 0], 3);
    expect(cpu[0]).toEqual([
      { item: 0, similarity: 0 },
      { item: 1, similarity: 0 },
      { item: 2, similarity: 0 },
    ]);
    expect(cpu[1]!.map((r) => r.item)).toEqual([1, 2, 3]);
    expect(cpu[1]![2]!.similarity).toBe(0);
    const gpu = await similarItemsTfjs(tf, withZero, 4, 2, [3, 0], 3, 2);
    expect(gpu[0]!.map((r) => r.similarity)).toEqual([0, 0, 0]);
    expect(gpu[1]!.map((r) => r.item)).toEqual([1, 2, 3]);
  });
});

describe('CPU and tfjs agree across tiles', () => {
  it('random data, 50 items in tiles of 7, 4 queries, k = 6', async () => {
    const rng = createRng(21);
    const n = 50;
    const f = 5;
    const table = Float32Array.from({ length: n * f }, () => randomNormal(rng));
    const queries = [0, 13, 49, 7];
    const cpu = similarItemsCpu(table, n, f, queries, 6, 7);
    const untiled = similarItemsCpu(table, n, f, queries, 6, 1000);
    const before = tf.memory().numTensors;
    const gpu = await similarItemsTfjs(tf, table, n, f, queries, 6, 7);
    expect(tf.memory().numTensors).toBe(before);
    expect(cpu).toEqual(untiled);
    queries.forEach((q, qi) => {
      const c = cpu[qi]!;
      const g = gpu[qi]!;
      expect(c.length).toBe(6);
      expect(c.some((r) => r.item === q)).toBe(false);
      expect(g.map((r) => r.item)).toEqual(c.map((r) => r.item));
      g.forEach((r, j) => expect(r.similarity).toBeCloseTo(c[j]!.similarity, 5));
      // best first
      for (let j = 1; j < c.length; j++) expect(c[j]!.similarity).toBeLessThanOrEqual(c[j - 1]!.similarity);
    });
  });

  it('precomputed row norms give the same lists as norms computed per call', () => {
    const rng = createRng(5);
    const n = 40;
    const f = 6;
    const table = Float32Array.from({ length: n * f }, () => randomNormal(rng));
    table.fill(0, 3 * f, 4 * f); // a zero row: cosine 0 either way
    const norms = rowNorms(table, n, f);
    expect(norms[3]).toBe(0);
    expect(norms[1]).toBeCloseTo(Math.hypot(...table.subarray(f, 2 * f)), 12);
    expect(similarItemsCpu(table, n, f, [0, 3, 39], 5, 9, norms)).toEqual(similarItemsCpu(table, n, f, [0, 3, 39], 5, 9));
    expect(() => similarItemsCpu(table, n, f, [0], 5, 9, norms.subarray(1))).toThrow(/norms/);
  });

  it('rejects query items out of range', () => {
    expect(() => similarItemsCpu(three, 3, 2, [3], 2)).toThrow(/outside/);
  });
});
