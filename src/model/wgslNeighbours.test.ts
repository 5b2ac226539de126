import { describe, expect, it } from 'vitest';
import { matrix } from '../math/knn/matrix.testutil';
import { WGSL_KNN_SOURCE, WGSL_KNN_WORKGROUP, computeNeighbourListsWgsl } from './wgslNeighbours';

describe('the sparse WGSL neighbour-list kernel’s host side', () => {
  const m = matrix([0, 0, 1, 1, 2], [0, 1, 0, 1, 1], [5, 3, 4, 3, 1], 3, 2);
  const noDevice = null as unknown as GPUDevice;

  it('refuses a cols that is not the transpose and a negative shrinkage before touching the device', async () => {
    await expect(computeNeighbourListsWgsl(noDevice, m.rows, m.rows)).rejects.toThrow(/must be the transpose/);
    await expect(computeNeighbourListsWgsl(noDevice, m.rows, m.cols, { shrinkage: -1 })).rejects.toThrow(/shrinkage must be ≥ 0/);
  });

  it('bakes the workgroup size in and ranks by (s′ descending, b ascending) as the CPU does', () => {
    expect(WGSL_KNN_SOURCE).toContain(`@workgroup_size(${WGSL_KNN_WORKGROUP})`);
    expect(WGSL_KNN_SOURCE).toContain('e.x > f.x || (e.x == f.x && e.z < f.z)');
  });
});
