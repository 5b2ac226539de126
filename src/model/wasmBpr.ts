/**
 * Per-triple SGD of BPR-MF in WebAssembly (128-bit SIMD), the "sgd-wasm" kernel of BPR's CPU path.
 * The kernel is wasm/bprSgd.ts (AssemblyScript), compiled by scripts/build-wasm.mjs to
 * wasm/build/bprSgd.wasm, which Vite emits as an asset (the `new URL(…, import.meta.url)` below) and
 * Node (tests, benchmarks) reads from disk.
 *
 * Same model, loss, settings, initial tables, sampler and rng as the CPU trainer (bprCpuTrainer.ts)
 * with batchSize 1: the shared driver (runBprTraining) draws WASM_BPR_CHUNK triples at a time from the
 * sampler — the very triples, in the very order, that one-triple batches would draw, since the sampler
 * draws nothing between triples — and the kernel steps through them one triple at a time. So the
 * model is the JS trainer's per-triple SGD up to float32 rounding (the kernel updates in float32, the
 * JS trainer in float64 then rounds), and a run resumed from a checkpoint ends bit for bit where an
 * uninterrupted one does. Stop, maxSteps and onStep count chunks. SGD only (Adam stays in JS).
 */
import type { BprModel } from '../math/bpr';
import type { Csr } from '../math/sparse';
import type { BprBatch } from './bprSampling';
import { runBprTraining } from './bprTrainingLoop';
import type { BprStepRunner } from './bprTrainingLoop';
import { copyBprModel, prepareBprTraining } from './bprTrainingSetup';
import type { BprTrainParams, BprTrainState } from './bprTrainingSetup';
import type { TrainHooks } from './trainHooks';
import { loadWasmModule, wasmHeap } from './wasmSgd';

/** Triples per kernel call (the driver yields between calls, so Stop is heard within one). */
export const WASM_BPR_CHUNK = 65_536;

/** Where the built kernel is (Vite rewrites this to the emitted asset's URL in a build). */
const WASM_URL = new URL('../../wasm/build/bprSgd.wasm', import.meta.url);

/** What the kernel module exports. */
interface BprExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  lastObjective(): number;
  bprRun(users: number, pos: number, neg: number, n: number, U: number, P: number, B: number, k: number, eta: number, lambda: number, wantObjective: number): number;
}

/** The model's tables in one kernel instance's memory, and a triple buffer of `maxTriples`. */
export interface WasmBpr {
  /** Per-triple SGD over the batch's first batch.size triples, in order: Σ −ln σ(x̂_uij) before each update, and (when asked) the objective L_B. */
  run(batch: BprBatch, wantObjective: boolean): { loss: number; objective: number };
  /** Float32Array views of the live tables (valid while the instance lives). */
  view(): BprModel;
  copyOut(): BprModel;
  bytes: number;
}

/** Instantiates the kernel with `model`'s tables copied in (`model` itself is not changed). */
export async function createWasmBpr(model: BprModel, eta: number, lambda: number, maxTriples = WASM_BPR_CHUNK): Promise<WasmBpr> {
  const mod = await loadWasmModule(WASM_URL);
  const instance = await WebAssembly.instantiate(mod, {});
  const ex = instance.exports as unknown as BprExports;
  const { nUsers, nItems, factors: k } = model;
  const { alloc, commit } = wasmHeap(ex);
  const pU = alloc(nUsers * k * 4);
  const pP = alloc(nItems * k * 4);
  const pB = alloc(nItems * 4);
  const pUsers = alloc(maxTriples * 4);
  const pPos = alloc(maxTriples * 4);
  const pNeg = alloc(maxTriples * 4);
  const buf = commit(); // never grows again: views stay valid
  const U = new Float32Array(buf, pU, nUsers * k);
  const P = new Float32Array(buf, pP, nItems * k);
  const B = new Float32Array(buf, pB, nItems);
  U.set(model.userFactors);
  P.set(model.itemFactors);
  B.set(model.itemBias);
  const users = new Int32Array(buf, pUsers, maxTriples);
  const pos = new Int32Array(buf, pPos, maxTriples);
  const neg = new Int32Array(buf, pNeg, maxTriples);
  const view = (): BprModel => ({ nUsers, nItems, factors: k, userFactors: U, itemFactors: P, itemBias: B });
  return {
    run(batch, wantObjective) {
      let loss = 0;
      let objective = 0;
      for (let s = 0; s < batch.size; s += maxTriples) {
        const m = Math.min(batch.size - s, maxTriples);
        users.set(batch.users.subarray(s, s + m));
        pos.set(batch.pos.subarray(s, s + m));
        neg.set(batch.neg.subarray(s, s + m));
        loss += ex.bprRun(pUsers, pPos, pNeg, m, pU, pP, pB, k, eta, lambda, wantObjective ? 1 : 0);
        if (wantObjective) objective += ex.lastObjective();
      }
      return { loss, objective };
    },
    view,
    copyOut: () => copyBprModel(view()),
    bytes: buf.byteLength,
  };
}

/** The driver's step on the kernel: each batch (a chunk of triples) stepped through one triple at a time. */
export function wasmBprRunner(kernel: WasmBpr): BprStepRunner {
  let epochLoss = 0;
  return {
    step(batch, _t, wantLoss) {
      const { loss, objective } = kernel.run(batch, wantLoss);
      epochLoss += loss;
      return wantLoss ? objective : undefined;
    },
    takeEpochLoss() {
      const s = epochLoss;
      epochLoss = 0;
      return s;
    },
    snapshot: () => kernel.view(),
    memory: () => ({ tensors: 0, bytes: kernel.bytes }),
  };
}

/**
 * Trains BPR-MF by per-triple SGD in the WebAssembly kernel: what trainBprCpu computes with
 * batchSize 1 (params.batchSize must be 1), the sampler's triples handed to the kernel
 * WASM_BPR_CHUNK at a time. Checkpoints and resume as trainBprCpu's. Reports backend 'cpu'.
 */
export async function trainBprWasm(byUser: Csr, params: BprTrainParams, hooks: TrainHooks<BprTrainState> = {}): Promise<BprModel> {
  if (params.optimizer !== 'sgd') throw new Error(`the sgd-wasm kernel trains with SGD only, not ${params.optimizer}`);
  if (params.batchSize !== 1) throw new Error(`the sgd-wasm kernel is per-triple SGD (batch size 1), not batches of ${params.batchSize}`);
  const setup = prepareBprTraining(byUser, params, hooks.resume);
  const kernel = await createWasmBpr(setup.model, params.learningRate, params.regularization);
  await runBprTraining(setup, { ...params, batchSize: WASM_BPR_CHUNK }, hooks, 'cpu', wasmBprRunner(kernel));
  return kernel.copyOut();
}
