/** Worker API, measurements the benchmark asks for that have no panel of their own. */
import Papa from 'papaparse';
import { computeNeighbourLists, defaultListLength } from '../math/knn';
import { csrFromColumns } from '../math/sparse';
import { compareNeighbourLists, identicalNeighbourLists } from '../math/knn/compareLists';
import { denseCosineNeighboursTfjs } from '../model/denseNeighbours';
import { createWasmNeighbourLists } from '../model/wasmNeighbours';
import { computeNeighbourListsWgsl } from '../model/wgslNeighbours';
import { tfjsWebgpuDevice } from '../model/wgslSgd';
import { currentBackend, ensureBackend, requireDataset, tf, tfQueue } from './session';

/** How long item–item neighbour lists take on the sparse CPU kernel and in dense GPU tiles. */
export interface NeighbourListTiming {
  nItems: number;
  nUsers: number;
  listLength: number;
  cpuMs: number;
  /** The GPU backend in use, or null when the page runs on the CPU. */
  gpu: { backend: string; firstMs: number; secondMs: number; maxAbsDifference: number } | null;
  /** The CPU kernel run again (warm), beside the WGSL kernel's warm run. */
  cpuSecondMs: number;
  /**
   * The sparse WGSL kernel (src/model/wgslNeighbours.ts) when the backend is WebGPU: twice (the first
   * includes compiling), the largest |Δ| of the scores position by position against the CPU lists,
   * and the positions holding another neighbour than the CPU's (ties ordered otherwise).
   */
  wgsl: { firstMs: number; secondMs: number; maxAbsDifference: number; differentNeighbours: number; entries: number } | null;
  /**
   * The WebAssembly kernel (src/model/wasmNeighbours.ts) beside the JS CPU kernel, same options: its
   * first run (with loading and instantiating), then three warm runs of each kernel interleaved, the
   * best of each; and whether its lists are identical (bit for bit) to the JS kernel's.
   */
  wasm: { firstMs: number; ms: number; jsMs: number; identical: boolean; entries: number } | null;
}

export const benchApi = {
  /**
   * Papa Parse alone on `file` in this worker (its own chunked reader, fields as strings, empty
   * lines skipped): the reference the import's speed is measured against.
   */
  async timePapaParse(file: Blob, delimiter: string): Promise<{ ms: number; rows: number }> {
    const started = performance.now();
    let rows = 0;
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(file as File, {
        delimiter,
        skipEmptyLines: true,
        chunk: (result) => {
          rows += result.data.length;
        },
        complete: () => resolve(),
        error: (e) => reject(e),
      });
    });
    return { ms: performance.now() - started, rows };
  },

  /**
   * Item–item co-rated cosine lists (top 100) of the selected dataset (all its ratings), computed by the sparse
   * CPU kernel that item-kNN uses and, when a GPU backend is in use, by dense tiles on it (twice: the
   * first run includes shader compilation); with the largest difference between their similarities.
   * On WebGPU also by the sparse WGSL kernel (twice), before the dense tiles. `dense: false` skips the dense tiles.
   */
  async timeNeighbourLists(options: { dense?: boolean } = {}): Promise<NeighbourListTiming> {
    const { dataset } = requireDataset();
    const { users, items, ratings } = dataset.ratings;
    const nUsers = dataset.meta.users;
    const nItems = dataset.meta.items;
    const byItem = csrFromColumns(items, users, ratings, nItems, nUsers);
    const byUser = csrFromColumns(users, items, ratings, nUsers, nItems);
    // 100 neighbours per item: tfjs's top-k of a whole row (1681 on MovieLens 100K) fails to compile on WebGL
    const listLength = Math.min(100, defaultListLength(nItems));
    let started = performance.now();
    const cpu = computeNeighbourLists(byItem, byUser, { kind: 'cosine', listLength });
    const cpuMs = performance.now() - started;
    started = performance.now();
    computeNeighbourLists(byItem, byUser, { kind: 'cosine', listLength });
    const cpuSecondMs = performance.now() - started;
    const wasm = await (async () => {
      started = performance.now();
      const lists = await createWasmNeighbourLists().catch(() => null);
      if (!lists) return null;
      const got = lists(byItem, byUser, { kind: 'cosine', listLength });
      const firstMs = performance.now() - started;
      let ms = Infinity;
      let jsMs = Infinity;
      for (let rep = 0; rep < 3; rep++) {
        started = performance.now();
        computeNeighbourLists(byItem, byUser, { kind: 'cosine', listLength });
        jsMs = Math.min(jsMs, performance.now() - started);
        started = performance.now();
        lists(byItem, byUser, { kind: 'cosine', listLength });
        ms = Math.min(ms, performance.now() - started);
      }
      return { firstMs, ms, jsMs, identical: identicalNeighbourLists(got, cpu), entries: got.neighbours.length };
    })();
    const wgsl = await tfQueue.run(async () => {
      const info = currentBackend() ?? (await ensureBackend());
      const device = info.name === 'webgpu' ? tfjsWebgpuDevice(tf) : null;
      if (!device) return null;
      started = performance.now();
      await computeNeighbourListsWgsl(device, byItem, byUser, { listLength });
      const firstMs = performance.now() - started;
      started = performance.now();
      const lists = await computeNeighbourListsWgsl(device, byItem, byUser, { listLength });
      const secondMs = performance.now() - started;
      const c = compareNeighbourLists(cpu, lists);
      return { firstMs, secondMs, maxAbsDifference: c.maxScoreDifference, differentNeighbours: c.tieSwaps, entries: c.entries };
    });
    const gpu = await tfQueue.run(async () => {
      const info = currentBackend() ?? (await ensureBackend());
      if (info.name === 'cpu' || options.dense === false) return null;
      started = performance.now();
      await denseCosineNeighboursTfjs(tf, byItem, listLength);
      const firstMs = performance.now() - started;
      started = performance.now();
      const lists = await denseCosineNeighboursTfjs(tf, byItem, listLength);
      const secondMs = performance.now() - started;
      let maxAbsDifference = 0;
      for (let i = 0; i < nItems; i++) {
        const from = cpu.indptr[i] as number;
        const count = (cpu.indptr[i + 1] as number) - from;
        for (let t = 0; t < count; t++) {
          const d = Math.abs((lists.similarity[i * lists.listLength + t] as number) - (cpu.similarity[from + t] as number));
          if (d > maxAbsDifference) maxAbsDifference = d;
        }
      }
      return { backend: info.name, firstMs, secondMs, maxAbsDifference };
    });
    return { nItems, nUsers, listLength, cpuMs, gpu, cpuSecondMs, wgsl, wasm };
  },
};
