import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeWebgpuAdapter, selectBackend, smokeTest } from './backend';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('smokeTest', () => {
  it('passes on a correct backend (tfjs cpu)', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await expect(smokeTest(tf)).resolves.toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws a clear message when gather reads the wrong rows (as out-of-range GPU gathers do)', async () => {
    await tf.setBackend('cpu');
    // a broken gather that returns zeros
    const broken = { ...tf, gather: (x: tf.Tensor, ids: tf.Tensor) => tf.mul(tf.gather(x, ids), 0) } as unknown as typeof tf;
    await expect(smokeTest(broken)).rejects.toThrow('gather returned [0, 0, 0, 0, 0, 0], expected [5, 6, 1, 2, 5, 6]');
  });
});

describe('selectBackend in Node (no GPU)', () => {
  it("auto: explains why webgpu and webgl were skipped and lands on 'cpu'", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const info = await selectBackend(tf, 'auto');
    expect(info.name).toBe('cpu');
    expect(info.float32).toBe(true);
    expect(info.reasons[0]).toBe('webgpu: navigator.gpu is missing (this browser or context has no WebGPU)');
    expect(info.reasons[1]).toMatch(/^webgl: /);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('reports a null adapter', async () => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: () => Promise.resolve(null) } });
    const info = await selectBackend(tf, 'webgpu');
    expect(info.name).toBe('cpu');
    expect(info.reasons[0]).toBe('webgpu: no adapter (navigator.gpu.requestAdapter() returned null)');
    expect(info.reasons).toHaveLength(2); // then webgl, then cpu
  });

  it("forced 'cpu' skips nothing", async () => {
    await expect(selectBackend(tf, 'cpu')).resolves.toEqual({ name: 'cpu', reasons: [], float32: true });
  });
});

describe('describeWebgpuAdapter', () => {
  it('names the adapter and flags software renderers', () => {
    expect(describeWebgpuAdapter({ info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '' } })).toEqual({
      device: 'google swiftshader',
      software: true,
    });
    expect(describeWebgpuAdapter({ info: { vendor: 'nvidia', architecture: 'ampere' } })).toEqual({ device: 'nvidia ampere', software: false });
    expect(describeWebgpuAdapter({ info: { vendor: 'x' }, isFallbackAdapter: true }).software).toBe(true);
    expect(describeWebgpuAdapter({})).toEqual({ device: 'unnamed adapter', software: false });
  });
});
