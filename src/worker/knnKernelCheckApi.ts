/**
 * Worker API, the sparse WGSL neighbour-list kernel's exactness check (for its end-to-end test):
 * its lists against the CPU kernel's on literal, seeded synthetic and the selected dataset's
 * matrices, compared by `compareNeighbourLists` (equal to float tolerance, ties aside).
 */
import { computeNeighbourLists, mapValues, rowMeans } from '../math/knn';
import { compareNeighbourLists, listsAgree } from '../math/knn/compareLists';
import type { NeighbourListComparison } from '../math/knn/compareLists';
import { matrixPair, randomMatrix } from '../math/knn/matrices';
import type { Csr } from '../math/sparse';
import { computeNeighbourListsWgsl } from '../model/wgslNeighbours';
import type { WgslNeighbourOptions } from '../model/wgslNeighbours';
import { webgpuDeviceOf } from '../model/wgslSgd';
import { ensureBackend, requireDataset, tf, tfQueue } from './session';

/** Tolerance on similarities: float32 sums and roots on the GPU against float64 on the CPU. */
export const WGSL_KNN_TOLERANCE = 1e-5;

/** One matrix's comparison. */
export interface KnnKernelCase extends NeighbourListComparison {
  name: string;
  /** Equal to the tolerance, ties aside (see listsAgree). */
  agree: boolean;
  cpuMs: number;
  gpuMs: number;
}

/** The check's result: the tolerance on similarities and one comparison per matrix. */
export interface KnnKernelCheck {
  tolerance: number;
  cases: KnnKernelCase[];
}

/** The same matrix with each entry minus its column's mean (the transpose: its row's): adjusted cosine's values, not integers. */
function centredByColumns(m: { rows: Csr; cols: Csr }): { rows: Csr; cols: Csr } {
  const means = rowMeans(m.cols);
  return { rows: mapValues(m.rows, (x, _r, c) => x - (means[c] as number)), cols: mapValues(m.cols, (x, r) => x - (means[r] as number)) };
}

/** The CPU's complete lists (every neighbour) and the kernel's, compared. */
async function runCase(device: GPUDevice, name: string, m: { rows: Csr; cols: Csr }, opts: WgslNeighbourOptions): Promise<KnnKernelCase> {
  let started = performance.now();
  const reference = computeNeighbourLists(m.rows, m.cols, { ...opts, kind: 'cosine', listLength: Math.max(0, m.rows.nRows - 1) });
  const cpuMs = performance.now() - started;
  started = performance.now();
  const gpu = await computeNeighbourListsWgsl(device, m.rows, m.cols, opts);
  const gpuMs = performance.now() - started;
  const comparison = compareNeighbourLists(reference, gpu, WGSL_KNN_TOLERANCE);
  return { name, ...comparison, agree: listsAgree(comparison, WGSL_KNN_TOLERANCE), cpuMs, gpuMs };
}

/** The worker's entry for the check (merged into the lab's API). */
export const knnKernelCheckApi = {
  /**
   * The WGSL lists against the CPU's on: a 3 × 3 literal matrix; seeded synthetic matrices (integer
   * ratings, column-centred values, shrinkage β = 50, min support 2, short lists L = 5 so the heap
   * evicts, a scratch bound small enough to need several dispatches); the selected dataset items × users
   * (L = 100, then every neighbour). Throws when the page is not on WebGPU.
   */
  async checkWgslNeighbours(seed = 5): Promise<KnnKernelCheck> {
    const { dataset } = requireDataset();
    return tfQueue.run(async () => {
      const info = await ensureBackend();
      if (info.name !== 'webgpu') throw new Error(`The WGSL kernel needs WebGPU; this page runs on ${info.name}.`);
      const device = webgpuDeviceOf(tf);
      // rows i0 i1 i2 × users u0 u1 u2: [5 4 −], [3 3 1], [− 2 5]
      const literal = matrixPair([0, 0, 1, 1, 1, 2, 2], [0, 1, 0, 1, 2, 1, 2], [5, 4, 3, 3, 1, 2, 5], 3, 3);
      const synthetic = randomMatrix(seed, 300, 120, 0.08, 1);
      const { users, items, ratings } = dataset.ratings;
      const { users: nUsers, items: nItems } = dataset.meta;
      const data = matrixPair(items, users, ratings, nItems, nUsers);
      const cases: KnnKernelCase[] = [];
      cases.push(await runCase(device, 'literal 3×3', literal, {}));
      cases.push(await runCase(device, 'synthetic 301×121 integer ratings', synthetic, {}));
      cases.push(await runCase(device, 'synthetic, L = 5, 7 rows per dispatch', synthetic, { listLength: 5, scratchBytes: 7 * 301 * 20 }));
      cases.push(await runCase(device, 'synthetic column-centred, β = 50, min support 2', centredByColumns(synthetic), { shrinkage: 50, minSupport: 2 }));
      cases.push(await runCase(device, 'synthetic column-centred, β = 50, offset 1, L = 8', centredByColumns(synthetic), { shrinkage: 50, shrinkageOffset: 1, listLength: 8 }));
      cases.push(await runCase(device, `${dataset.meta.name} items × users, L = 100`, data, { listLength: 100 }));
      cases.push(await runCase(device, `${dataset.meta.name} items × users, every neighbour`, data, {}));
      return { tolerance: WGSL_KNN_TOLERANCE, cases };
    });
  },
};
