/**
 * Per-rating SGD of biased MF in WebAssembly (128-bit SIMD), the "sgd-wasm" kernel of the CPU path.
 * The kernel is wasm/mfSgd.ts (AssemblyScript), compiled by scripts/build-wasm.mjs to
 * wasm/build/mfSgd.wasm, which Vite emits as an asset (the `new URL(…, import.meta.url)` below) and
 * Node (tests, benchmarks) reads from disk.
 *
 * Same model, objective, hyper-parameters, split, initial tables and rng as the batched CPU trainer
 * (cpuTrainer.ts), but every rating is its own SGD step, in the epoch's shuffled order: the classic
 * Funk-SVD loop. With params.batchSize = 1 the batched trainer computes the same thing (slowly).
 */
import type { RatingsColumns } from '../data/types';
import type { MfModel } from '../math/mf';
import type { Rng } from '../math/random';
import { shuffleInPlace } from '../math/random';
import { prepareTraining } from './batches';
import type { TrainingRows } from './batches';
import { chunkRunner, copyModel, runTraining } from './loop';
import type { TrainParams } from './params';
import type { TrainHooks } from './trainHooks';

/** Ratings per kernel call (the driver yields between calls, so Stop is heard within one). */
export const WASM_CHUNK = 16_384;

/** Where the built kernel is (Vite rewrites this to the emitted asset's URL in a build). */
const WASM_URL = new URL('../../wasm/build/mfSgd.wasm', import.meta.url);
/** The same kernel built to import a shared memory (the threaded path, wasmSgdThreads.ts). */
const WASM_SHARED_URL = new URL('../../wasm/build/mfSgdShared.wasm', import.meta.url);

/** What the kernel module exports (the shared build's `memory` is the imported one). */
export interface SgdExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  lastObjective(): number;
  sgdRun(
    order: number, n: number, users: number, items: number, ratings: number, weights: number,
    U: number, P: number, bu: number, bi: number, k: number, mu: number, eta: number, lambda: number, wantObjective: number,
  ): number;
}

const modulePromises = new Map<string, Promise<WebAssembly.Module>>();

/** Node's fs, when running in Node (no bundler import, so the browser build never sees it). */
function nodeFs(): { readFileSync(path: URL): Uint8Array } | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as { readFileSync(path: URL): Uint8Array } | undefined;
  return fs ?? null;
}

/**
 * The compiled kernel module (compiled once per realm): fetched in a browser, read from disk in Node.
 * `shared`: the build that imports a shared memory (env.memory), for the threaded path.
 */
export function loadSgdModule(shared = false): Promise<WebAssembly.Module> {
  return loadWasmModule(shared ? WASM_SHARED_URL : WASM_URL);
}

/** The compiled module at `url` (a built kernel's, compiled once per realm): fetched in a browser, read from disk in Node. */
export function loadWasmModule(url: URL): Promise<WebAssembly.Module> {
  let p = modulePromises.get(url.href);
  if (p) return p;
  p = (async () => {
    if (url.protocol === 'file:') {
      const fs = nodeFs();
      if (!fs) throw new Error(`cannot read ${url.href}: no file system here`);
      let bytes: Uint8Array;
      try {
        bytes = fs.readFileSync(url);
      } catch (e) {
        throw new Error(`${url.pathname} is missing: run \`node scripts/build-wasm.mjs\` (${e instanceof Error ? e.message : String(e)})`);
      }
      return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    }
    const res = await fetch(url);
    if (!res.ok) throw new Error(`fetching ${url.href}: HTTP ${res.status}`);
    return WebAssembly.compile(await res.arrayBuffer());
  })();
  modulePromises.set(url.href, p);
  p.catch(() => modulePromises.delete(url.href));
  return p;
}

/** True when this runtime validates WebAssembly with 128-bit SIMD (a tiny module using v128). */
export function wasmSimdSupported(): boolean {
  if (typeof WebAssembly === 'undefined') return false;
  // (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
  const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  return WebAssembly.validate(bytes);
}

/**
 * The model's tables and the data columns copied into one kernel instance's memory. `view()` gives
 * Float32Array views of the live tables (valid until dispose); `copyOut()` a model of fresh arrays.
 */
export interface WasmSgd {
  /** One kernel call over `rows` (indices into the data columns), in order; returns Σ e² before updates. */
  run(rows: Int32Array, wantObjective: boolean): { sqErr: number; objective: number };
  view(): MfModel;
  copyOut(): MfModel;
  bytes: number;
}

/**
 * A bump allocator over a kernel instance's memory, from its heapBase: `alloc(bytes)` gives 16-byte
 * aligned offsets; `commit()` grows the memory to hold them all and returns its buffer (typed-array
 * views on it stay valid until the memory grows again).
 */
export function wasmHeap(ex: { heapBase(): number; memory: WebAssembly.Memory }): { alloc(bytes: number): number; commit(): ArrayBuffer } {
  let top = ex.heapBase();
  return {
    alloc(bytes) {
      const at = Math.ceil(top / 16) * 16;
      top = at + bytes;
      return at;
    },
    commit() {
      const need = Math.ceil(top / 65536) - ex.memory.buffer.byteLength / 65536;
      if (need > 0) ex.memory.grow(need);
      return ex.memory.buffer;
    },
  };
}

/**
 * Instantiates the kernel with memory for `data`'s columns, `weights` (optional), `model`'s tables
 * (copied in; `model` itself is not changed) and an order buffer of `maxRows` indices.
 */
export async function createWasmSgd(data: RatingsColumns, model: MfModel, eta: number, lambda: number, weights: Float32Array | null, maxRows = WASM_CHUNK): Promise<WasmSgd> {
  const mod = await loadSgdModule();
  const instance = await WebAssembly.instantiate(mod, {});
  const ex = instance.exports as unknown as SgdExports;
  const { nUsers, nItems, factors: k, mu } = model;
  const n = data.ratings.length;
  const { alloc, commit } = wasmHeap(ex);
  const pU = alloc(nUsers * k * 4);
  const pP = alloc(nItems * k * 4);
  const pBu = alloc(nUsers * 4);
  const pBi = alloc(nItems * 4);
  const pUsers = alloc(n * 4);
  const pItems = alloc(n * 4);
  const pRatings = alloc(n * 4);
  const pWeights = weights === null ? 0 : alloc(n * 4);
  const pOrder = alloc(maxRows * 4);
  const buf = commit(); // never grows again: views stay valid
  const U = new Float32Array(buf, pU, nUsers * k);
  const P = new Float32Array(buf, pP, nItems * k);
  const bu = new Float32Array(buf, pBu, nUsers);
  const bi = new Float32Array(buf, pBi, nItems);
  U.set(model.userFactors);
  P.set(model.itemFactors);
  bu.set(model.userBias);
  bi.set(model.itemBias);
  new Int32Array(buf, pUsers, n).set(data.users);
  new Int32Array(buf, pItems, n).set(data.items);
  new Float32Array(buf, pRatings, n).set(data.ratings);
  if (weights !== null) new Float32Array(buf, pWeights, n).set(weights);
  const order = new Int32Array(buf, pOrder, maxRows);
  const view = (): MfModel => ({ nUsers, nItems, factors: k, mu, userBias: bu, itemBias: bi, userFactors: U, itemFactors: P });
  return {
    run(rows, wantObjective) {
      let sqErr = 0;
      let objective = 0;
      for (let s = 0; s < rows.length; s += maxRows) {
        const part = rows.subarray(s, Math.min(rows.length, s + maxRows));
        order.set(part);
        sqErr += ex.sgdRun(pOrder, part.length, pUsers, pItems, pRatings, pWeights, pU, pP, pBu, pBi, k, mu, eta, lambda, wantObjective ? 1 : 0);
        if (wantObjective) objective += ex.lastObjective();
      }
      return { sqErr, objective };
    },
    view,
    copyOut: () => copyModel(view()),
    bytes: buf.byteLength,
  };
}

/**
 * Trains biased MF by per-rating SGD in the WebAssembly kernel: the model, objective and rng order of
 * trainMfCpu (split → initial user factors → item factors → one shuffle per epoch), each epoch's
 * shuffled training rows fed to the kernel WASM_CHUNK at a time through the shared driver (so hooks,
 * Stop, maxSteps — counted in chunks — and the epoch reports behave as in the other trainers).
 * SGD only: Adam's dense steps belong to the batched trainer. Reports backend 'cpu'.
 */
export async function trainMfWasm(
  data: RatingsColumns,
  nUsers: number,
  nItems: number,
  params: TrainParams,
  hooks: TrainHooks = {},
  rows?: TrainingRows,
  weights: Float32Array | null = null,
): Promise<MfModel> {
  if (params.optimizer !== 'sgd') throw new Error(`the sgd-wasm kernel trains with SGD only, not ${params.optimizer}`);
  const setup = prepareTraining(data, nUsers, nItems, params, { rows, resume: hooks.resume, weights });
  const kernel = await createWasmSgd(data, setup.model, params.learningRate, params.regularization, weights);
  await runTraining(data, setup, { ...params, batchSize: WASM_CHUNK }, hooks, 'cpu', chunkRunner(kernel));
  return kernel.copyOut();
}

/**
 * The plain JavaScript reference of the kernel: one epoch of per-rating SGD over `order`, in place
 * on `model`'s float32 tables, arithmetic in float64 (the kernel's is float32; they agree to ~1e-6 per
 * epoch on small data). Returns Σ e² before each update. Not the batched trainer: that one sums a
 * whole minibatch's gradients before updating, a different (equally valid) trajectory; per-rating SGD
 * is the batched trainer with batchSize 1 only.
 */
export function sgdEpochJs(data: RatingsColumns, model: MfModel, order: Int32Array, eta: number, lambda: number, weights: Float32Array | null = null): number {
  const { factors: k, mu, userFactors: U, itemFactors: P, userBias: bu, itemBias: bi } = model;
  const decay = 1 - 2 * eta * lambda;
  let sq = 0;
  for (let j = 0; j < order.length; j++) {
    const r = order[j] as number;
    const u = data.users[r] as number;
    const i = data.items[r] as number;
    const w = weights === null ? 1 : (weights[r] as number);
    const uo = u * k;
    const io = i * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += (U[uo + f] as number) * (P[io + f] as number);
    const e = mu + (bu[u] as number) + (bi[i] as number) + dot - (data.ratings[r] as number);
    sq += e * e;
    const g = 2 * eta * w * e;
    bu[u] = (bu[u] as number) * decay - g;
    bi[i] = (bi[i] as number) * decay - g;
    for (let f = 0; f < k; f++) {
      const q = U[uo + f] as number;
      const p = P[io + f] as number;
      U[uo + f] = q * decay - g * p;
      P[io + f] = p * decay - g * q;
    }
  }
  return sq;
}

/** The reference trainer: trainMfWasm's epochs (same rng draws) with sgdEpochJs. No hooks, no yields. */
export function trainMfSgdJs(data: RatingsColumns, nUsers: number, nItems: number, params: TrainParams, rows?: TrainingRows, weights: Float32Array | null = null): { model: MfModel; rng: Rng; validation: Int32Array } {
  const { rng, train, validation, model } = prepareTraining(data, nUsers, nItems, params, { rows, weights });
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffleInPlace(rng, train);
    sgdEpochJs(data, model, train, params.learningRate, params.regularization, weights);
  }
  return { model, rng, validation };
}
