import { describe, expect, it } from 'vitest';
import { createRng } from '../math/random';
import { initBprModel } from './bprTrainingSetup';
import { bprKernelSource, createWgslBprRunner, packBprTable, unpackBprTable } from './wgslBpr';

describe('the BPR WGSL kernel’s host side', () => {
  it('packs user rows [q_u] then item rows [p_i; b_i], and unpacks them to the same tables', () => {
    const m = initBprModel(3, 4, 2, createRng(5));
    m.itemBias.set([0.5, -1, 2, 0.25]);
    const packed = packBprTable(m);
    expect(packed.length).toBe(3 * 2 + 4 * 3);
    // item 1's row starts after the 3 user rows of 2 and item 0's row of 3: [p_1; b_1]
    expect(Array.from(packed.subarray(6 + 3, 6 + 6))).toEqual([m.itemFactors[2], m.itemFactors[3], -1]);
    expect(Array.from(packed.subarray(0, 6))).toEqual(Array.from(m.userFactors));
    const back = unpackBprTable(packed, 3, 4, 2);
    expect(back).toEqual(m);
    expect(back.userFactors).not.toBe(m.userFactors);
  });

  it('bakes k into the kernel and refuses Adam before touching the device', () => {
    expect(bprKernelSource(64)).toContain('const K: u32 = 64u;');
    expect(bprKernelSource(64)).toContain('const S: u32 = 65u;');
    const m = initBprModel(2, 3, 2, createRng(1));
    const params = { factors: 2, epochs: 1, learningRate: 0.01, regularization: 0.01, batchSize: 8, optimizer: 'adam' as const, seed: 1 };
    expect(() => createWgslBprRunner(null as unknown as GPUDevice, m, params)).toThrow(/SGD only, not adam/);
  });
});
