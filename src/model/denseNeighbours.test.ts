import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeNeighbourLists } from '../math/knn';
import { csrFromColumns } from '../math/sparse';
import { createRng, randomInt } from '../math/random';
import { denseCosineNeighboursTfjs } from './denseNeighbours';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('dense-tile co-rated cosine lists (tfjs) agree with the sparse CPU kernel', () => {
  it('on a random 25 items × 30 users matrix, in tiles of 7 rows', async () => {
    const rng = createRng(3);
    const r: number[] = [];
    const c: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < 25; i++) {
      for (let u = 0; u < 30; u++) {
        if (rng.next() >= 0.3) continue;
        r.push(i);
        c.push(u);
        v.push(1 + randomInt(rng, 5));
      }
    }
    const byItem = csrFromColumns(Int32Array.from(r), Int32Array.from(c), Float32Array.from(v), 25, 30);
    const byUser = csrFromColumns(Int32Array.from(c), Int32Array.from(r), Float32Array.from(v), 30, 25);
    const cpu = computeNeighbourLists(byItem, byUser, { kind: 'cosine', listLength: 5 });
    const gpu = await denseCosineNeighboursTfjs(tf, byItem, 5, 7);
    for (let i = 0; i < 25; i++) {
      const from = cpu.indptr[i]!;
      const count = cpu.indptr[i + 1]! - from;
      for (let t = 0; t < count; t++) {
        // same similarity at each rank (float32); the item may differ only on an exact tie
        expect(gpu.similarity[i * 5 + t]).toBeCloseTo(cpu.similarity[from + t]!, 5);
      }
      if (count < 5) expect(gpu.neighbours[i * 5 + count]).toBe(-1);
    }
  });
});
