/**
 * k-NN neighbour lists with the per-row similarity sums and scores in WebAssembly (128-bit SIMD): the
 * "wasm" kernel of `computeNeighbourLists` (src/math/knn/neighbourLists.ts). The kernel is
 * wasm/knnSums.ts (AssemblyScript), compiled by scripts/build-wasm.mjs to wasm/build/knnSums.wasm,
 * which Vite emits as an asset and Node (tests, benchmarks) reads from disk.
 *
 * The kernel sums in float64 in the JS kernel's order and scores with the same operations, so the
 * lists are bit-for-bit the JS kernel's. The kernel also narrows a row's candidates to those scoring
 * at least the L-th best (quickselect); the sort of those (sortByScoreThenIndex) stays in JS, reading
 * the kernel's candidates in place. Same options, errors, progress and Stop as the JS kernel.
 */
import {
  abortError,
  createListBuilder,
  resolveListOptions,
  createSortScratch,
  sortByScoreThenIndex,
  type NeighbourListOptions,
  type NeighbourLists,
  type ProgressHooks,
} from '../math/knn';
import type { Csr } from '../math/sparse';
import { loadWasmModule, wasmHeap, wasmSimdSupported } from './wasmSgd';

/** The signature of `computeNeighbourLists`, which the wasm kernel shares. */
export type NeighbourListsFn = (rows: Csr, cols: Csr, opts: NeighbourListOptions, hooks?: ProgressHooks) => NeighbourLists;

/** Where the built kernel is (Vite rewrites this to the emitted asset's URL in a build). */
const WASM_URL = new URL('../../wasm/build/knnSums.wasm', import.meta.url);

interface KnnSumsExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  setup(
    rPtr: number, rIdx: number, rVal: number, cPtr: number, cIdx: number, cVal: number,
    cnt: number, acc: number, touched: number, cand: number, candSim: number, candRaw: number, candN: number,
    kind: number, minSupport: number, beta: number, offset: number,
  ): void;
  row(a: number): number;
  keepTop(nCand: number, L: number, keys: number): number;
}

const KIND_CODE = { cosine: 0, pearson: 1, msd: 2, jaccard: 3 } as const;

/**
 * One kernel instance, as a synchronous function with `computeNeighbourLists`'s signature and results
 * (its memory grows as a call needs and is reused across calls; one call at a time).
 */
export async function createWasmNeighbourLists(): Promise<NeighbourListsFn> {
  const mod = await loadWasmModule(WASM_URL);
  const instance = await WebAssembly.instantiate(mod, {});
  const ex = instance.exports as unknown as KnnSumsExports;
  return (rows, cols, opts, hooks = {}) => neighbourListsWith(ex, rows, cols, opts, hooks);
}

/** `computeNeighbourLists` on a fresh wasm kernel instance. */
export async function computeNeighbourListsWasm(rows: Csr, cols: Csr, opts: NeighbourListOptions, hooks: ProgressHooks = {}): Promise<NeighbourLists> {
  return (await createWasmNeighbourLists())(rows, cols, opts, hooks);
}

/** The wasm kernel when this runtime has WebAssembly SIMD and the kernel loads; else null. */
export async function wasmNeighbourListsOrNull(): Promise<NeighbourListsFn | null> {
  if (!wasmSimdSupported()) return null;
  try {
    return await createWasmNeighbourLists();
  } catch {
    return null;
  }
}

function neighbourListsWith(ex: KnnSumsExports, rows: Csr, cols: Csr, opts: NeighbourListOptions, hooks: ProgressHooks): NeighbourLists {
  const { nRows, kind, minSupport, beta, offset, L } = resolveListOptions(rows, cols, opts);
  const S = kind === 'msd' ? 1 : kind === 'jaccard' ? 0 : 6;

  const { alloc, commit } = wasmHeap(ex);
  const nnz = rows.indices.length;
  const pRPtr = alloc((nRows + 1) * 4);
  const pRIdx = alloc(nnz * 4);
  const pRVal = alloc(nnz * 4);
  const pCPtr = alloc((cols.nRows + 1) * 4);
  const pCIdx = alloc(nnz * 4);
  const pCVal = alloc(nnz * 4);
  const pCnt = alloc(nRows * 4);
  const pAcc = alloc(nRows * S * 8);
  const pTouched = alloc(nRows * 4);
  const pCand = alloc(nRows * 4);
  const pCandSim = alloc(nRows * 4);
  const pCandRaw = alloc(nRows * 4);
  const pCandN = alloc(nRows * 4);
  const pKeys = alloc(nRows * 4);
  const buf = commit(); // no growth during the call: views stay valid
  new Int32Array(buf, pRPtr, nRows + 1).set(rows.indptr);
  new Int32Array(buf, pRIdx, nnz).set(rows.indices);
  new Float32Array(buf, pRVal, nnz).set(rows.values);
  new Int32Array(buf, pCPtr, cols.nRows + 1).set(cols.indptr);
  new Int32Array(buf, pCIdx, nnz).set(cols.indices);
  new Float32Array(buf, pCVal, nnz).set(cols.values);
  // scratch that the kernel expects zero (and leaves zero after each row)
  new Int32Array(buf, pCnt, nRows).fill(0);
  new Float64Array(buf, pAcc, nRows * S).fill(0);
  const cand = new Int32Array(buf, pCand, nRows);
  const candSim = new Float32Array(buf, pCandSim, nRows);
  const candRaw = new Float32Array(buf, pCandRaw, nRows);
  const candN = new Int32Array(buf, pCandN, nRows);
  ex.setup(pRPtr, pRIdx, pRVal, pCPtr, pCIdx, pCVal, pCnt, pAcc, pTouched, pCand, pCandSim, pCandRaw, pCandN, KIND_CODE[kind], minSupport, beta, offset);
  const scratch = createSortScratch(nRows);

  const lists = createListBuilder(nRows, L, Math.min(nRows * L, 1 << 22));
  for (let a = 0; a < nRows; a++) {
    if ((a & 63) === 0) {
      if (hooks.shouldStop?.() === true) throw abortError('neighbour lists stopped');
      hooks.onProgress?.(a / nRows);
    }
    let nCand = ex.row(a);
    // only the candidates that can be in the top L are sorted (the same first L: see keepTop)
    if (nCand > L) nCand = L === 0 ? 0 : ex.keepTop(nCand, L, pKeys);
    sortByScoreThenIndex(cand, nCand, candSim, nRows, scratch);
    lists.addRow(a, cand, Math.min(nCand, L), candSim, candRaw, candN);
  }
  hooks.onProgress?.(1);
  return lists.result();
}
