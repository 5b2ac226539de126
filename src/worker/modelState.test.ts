import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { readTensors, stateBytes } from './modelState';

describe('readTensors', () => {
  it('replaces tensors at any depth by their values and keeps everything else', async () => {
    await tf.setBackend('cpu');
    const weights = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const bias = tf.tensor1d([0.5, -0.5]);
    const kept = Float32Array.from([7, 8]);
    const state = { layers: [{ weights, bias }], kept, name: 'mlp', epochs: 3, nothing: null };
    const plain = (await readTensors(state)) as { layers: { weights: Float32Array; bias: Float32Array }[]; kept: Float32Array; name: string; epochs: number; nothing: null };
    expect(plain.layers[0]?.weights).toBeInstanceOf(Float32Array);
    expect(Array.from(plain.layers[0]?.weights ?? [])).toEqual([1, 2, 3, 4]);
    expect(Array.from(plain.layers[0]?.bias ?? [])).toEqual([0.5, -0.5]);
    expect(plain.kept).toBe(kept);
    expect([plain.name, plain.epochs, plain.nothing]).toEqual(['mlp', 3, null]);
    // The result clones (what IndexedDB does with it); the tensors themselves are untouched.
    expect(Array.from(structuredClone(plain).layers[0]?.weights ?? [])).toEqual([1, 2, 3, 4]);
    expect(weights.isDisposed).toBe(false);
    tf.dispose([weights, bias]);
  });
});

describe('stateBytes', () => {
  it('adds typed arrays by byteLength, strings by UTF-16 units, numbers and keys', () => {
    // 'a' key 2 + Float32Array(4) 16; 'bb' key 4 + 'xyz' 6; 'c' key 2 + [1, true] 8 + 4.
    expect(stateBytes({ a: new Float32Array(4), bb: 'xyz', c: [1, true] })).toBe(2 + 16 + 4 + 6 + 2 + 12);
    expect(stateBytes(new Int32Array(100))).toBe(400);
    expect(stateBytes(null)).toBe(0);
  });
});
