import { describe, expect, it } from 'vitest';
import { WGSL_PER_INVOCATION, WGSL_SUM_WORKGROUP, WGSL_WORKGROUP, sgdKernelSource, sumKernelSource } from './wgslSgdShader';

describe('the MF WGSL kernel sources', () => {
  it('bake k in, touch the table only through relaxed atomics of the float bits, and have no workgroup barrier', () => {
    const src = sgdKernelSource(32);
    expect(src).toContain('const K: u32 = 32u;');
    expect(src).toContain('const S: u32 = 33u;');
    expect(src).toContain('var<storage, read_write> table: array<atomic<u32>>;');
    // every table access goes through ld / st
    expect(src.match(/table\[/g)).toHaveLength(2);
    expect(src).toContain('bitcast<f32>(atomicLoad(&table[at]))');
    expect(src).toContain('atomicStore(&table[at], bitcast<u32>(v))');
    expect(src).not.toContain('workgroupBarrier');
    expect(src).not.toContain('var<workgroup>');
    expect(src).toContain(`@workgroup_size(${WGSL_WORKGROUP})`);
    expect(src).toContain(`t < ${WGSL_PER_INVOCATION}u`);
    expect(sgdKernelSource(2, 30)).toContain('var<storage, read_write> table: array<atomic<u32>, 30>;');
  });

  it('sum the partials in one workgroup, optionally onto what the slot held', () => {
    const src = sumKernelSource();
    expect(src).toContain(`@workgroup_size(${WGSL_SUM_WORKGROUP})`);
    expect(src).toContain('if (params.carry != 0u) { total += totals[params.slot]; }');
    expect(src).toContain('totals[params.slot] = total;');
  });
});
