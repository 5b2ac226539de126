import { describe, expect, it } from 'vitest';
import { createRng } from '../math/random';
import { epochBatches, initModel, meanRating, splitTrainValidation } from './batches';

describe('splitTrainValidation', () => {
  it('puts the last ⌊fraction·n⌋ shuffled rows in validation, each row exactly once', () => {
    const { train, validation } = splitTrainValidation(10, 0.25, createRng(1));
    expect(validation.length).toBe(2); // ⌊0.25·10⌋ = 2
    expect(train.length).toBe(8);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(train)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('is deterministic in the seed and rejects bad fractions', () => {
    const a = splitTrainValidation(50, 0.2, createRng(3));
    const b = splitTrainValidation(50, 0.2, createRng(3));
    const c = splitTrainValidation(50, 0.2, createRng(4));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(() => splitTrainValidation(10, 1, createRng(1))).toThrow(/validationFraction/);
  });
});

describe('epochBatches', () => {
  it('slices batches of batchSize with a smaller last one after shuffling in place', () => {
    const order = Int32Array.from({ length: 10 }, (_, i) => i);
    const batches = epochBatches(order, 4, createRng(2));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flatMap((b) => Array.from(b))).toEqual(Array.from(order));
    expect(Array.from(order).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('initModel / meanRating', () => {
  it('draws user factors first then item factors, biases zero', () => {
    const m = initModel(2, 3, 2, 3.5, createRng(9), 0.1);
    expect(m.userFactors.length).toBe(4);
    expect(m.itemFactors.length).toBe(6);
    expect(Array.from(m.userBias)).toEqual([0, 0]);
    expect(Array.from(m.itemBias)).toEqual([0, 0, 0]);
    // a 1-user model from the same seed has the same first two draws as its user row
    const first = initModel(1, 0, 2, 0, createRng(9), 0.1);
    expect(Array.from(first.userFactors)).toEqual(Array.from(m.userFactors.subarray(0, 2)));
    expect(m.mu).toBe(3.5);
  });

  it('μ is the mean over the given rows only', () => {
    // rows 0 and 2: (1 + 5) / 2 = 3
    expect(meanRating(Float32Array.of(1, 4, 5), Int32Array.of(0, 2))).toBe(3);
  });
});
