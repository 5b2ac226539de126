// BPR-MF's per-triple SGD on the CPU, side by side in one run (called by scripts/bench-speed.ts; alone:
// `npx tsx scripts/benchBpr.ts`): the WebAssembly SIMD kernel (trainBprWasm, kernel "sgd-wasm") and the
// JS trainer at batch size 1 (trainBprCpu, kernel "js"), the CPU defaults (η 0.02, λ 0.02, seed 42) at
// k 64, on the positives (rating ≥ 4) of MovieLens 100K u1.base (synthetic data of its shape when
// absent), both through the shared driver and sampler (path "trainer"); then the bare kernel (path "kernel")
// over one epoch's triples sampled beforehand. triples/s = median over epochs 2… (epoch 1 warms up); one
// JSON line each, then the trainers' ratio.
import { HAVE_ML100K, ML100K_ITEMS, ML100K_USERS, ml100kColumns } from '../src/data/ml100k.testutil';
import { median } from '../src/math/metrics';
import { csrFromColumns } from '../src/math/sparse';
import { trainBprCpu } from '../src/model/bprCpuTrainer';
import type { BprTrainParams } from '../src/model/bprTrainingSetup';
import type { EpochReport } from '../src/model/params';
import { createWasmBpr, trainBprWasm } from '../src/model/wasmBpr';
import { createBprBatch } from '../src/model/bprSampling';
import { prepareBprTraining } from '../src/model/bprTrainingSetup';
import { BPR_CPU_DEFAULTS } from '../src/recommenders/bpr/meta';
import { buildWasm } from './build-wasm.mjs';
import { syntheticBenchRatings } from './benchSynthetic';

export async function benchBpr(epochs: number, emit: (o: Record<string, unknown>) => void = (o) => console.log(JSON.stringify(o))): Promise<void> {
  await buildWasm();
  const dataset = HAVE_ML100K ? 'u1.base' : 'synthetic-80k';
  const train = HAVE_ML100K ? ml100kColumns('u1.base') : syntheticBenchRatings(ML100K_USERS, ML100K_ITEMS, 80_000, 1);
  const keep = Int32Array.from({ length: train.ratings.length }, (_, t) => t).filter((t) => (train.ratings[t] as number) >= 4);
  const byUser = csrFromColumns(
    Int32Array.from(keep, (t) => train.users[t] as number),
    Int32Array.from(keep, (t) => train.items[t] as number),
    new Float32Array(keep.length).fill(1),
    ML100K_USERS,
    ML100K_ITEMS,
  );
  const factors = 64;
  const params: BprTrainParams = { ...BPR_CPU_DEFAULTS, factors, epochs };
  const later = (xs: number[]) => (xs.length > 1 ? xs.slice(1) : xs);
  const figures: Record<string, number> = {};
  for (const kernel of ['sgd-wasm', 'js'] as const) {
    const reports: EpochReport[] = [];
    const hooks = { onEpoch: (r: EpochReport) => reports.push(r) };
    if (kernel === 'sgd-wasm') await trainBprWasm(byUser, params, hooks);
    else await trainBprCpu(byUser, params, hooks);
    const tps = reports.map((r) => r.ratingsPerSec);
    figures[kernel] = median(later(tps));
    emit({
      bench: 'train', dataset, method: 'bpr', backend: 'cpu', kernel, path: 'trainer', runtime: 'node', threads: 1, factors, batch: 1, positives: byUser.indices.length, epochs,
      triples_per_s: Math.round(median(later(tps))), best_triples_per_s: Math.round(Math.max(...later(tps))), last_loss: Number(reports.at(-1)!.trainLoss.toFixed(4)),
    });
  }
  // the bare kernel: one epoch's triples sampled beforehand (not timed), then whole epochs in one call each
  {
    const setup = prepareBprTraining(byUser, params);
    const batch = createBprBatch(setup.sampler.perEpoch);
    setup.sampler.startEpoch();
    setup.sampler.next(batch, batch.users.length);
    const kernel = await createWasmBpr(setup.model, params.learningRate, params.regularization, batch.size);
    const tps: number[] = [];
    for (let e = 0; e < epochs; e++) {
      const t0 = performance.now();
      kernel.run(batch, false);
      tps.push(batch.size / ((performance.now() - t0) / 1000));
    }
    emit({
      bench: 'train', dataset, method: 'bpr', backend: 'cpu', kernel: 'sgd-wasm', path: 'kernel', runtime: 'node', threads: 1, factors, batch: 1, positives: byUser.indices.length, epochs,
      triples_per_s: Math.round(median(later(tps))), best_triples_per_s: Math.round(Math.max(...later(tps))),
    });
  }
  emit({ bench: 'train-ratio', dataset, method: 'bpr', factors, of: 'median epoch', path: 'trainer', wasm_over_js: Number((figures['sgd-wasm']! / figures.js!).toFixed(2)) });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await benchBpr(Number(process.env.BENCH_EPOCHS ?? 8));
