// `npx tsx scripts/bench-cpu.ts`: the typed-array CPU trainer's throughput in Node, on MovieLens
// 100K u.data (../shared/data/ml-100k) or, when absent, synthetic data of the same size.
// Prints the medians over epochs 2… (epoch 1 includes JIT warm-up) for SGD and Adam. Asserts nothing.
import { createRng, randomNormal } from '../src/math/random';
import { trainMfCpu } from '../src/model/cpuTrainer';
import { HAVE_ML100K, ML100K_ITEMS, ML100K_USERS, ml100kColumns } from '../src/data/ml100k.testutil';
import { DEFAULT_TILE_ROWS, similarItemsCpu } from '../src/model/similarity';
import { DEFAULT_TRAIN_PARAMS } from '../src/model/params';
import type { EpochReport, TrainParams } from '../src/model/params';
import { syntheticBenchRatings } from './benchSynthetic';
import { median } from '../src/math/metrics';

const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 6);


const present = HAVE_ML100K;
const { data, nUsers, nItems } = present
  ? { data: ml100kColumns('u.data'), nUsers: ML100K_USERS, nItems: ML100K_ITEMS }
  : { data: syntheticBenchRatings(ML100K_USERS, ML100K_ITEMS, 100_000, 1), nUsers: ML100K_USERS, nItems: ML100K_ITEMS };
console.log(
  `data: ${present ? 'MovieLens 100K u.data' : 'synthetic 943×1682, 100 000 ratings (MovieLens 100K absent)'}; ` +
    `${EPOCHS} epochs; validation ${DEFAULT_TRAIN_PARAMS.validationFraction}`,
);
// Fixed settings (not the defaults, which may change): the throughput depends on k and the optimizer.
const sgd = { optimizer: 'sgd', learningRate: 0.01, regularization: 0.1, batchSize: 2048 } as const;
const adam = { optimizer: 'adam', learningRate: 0.003, regularization: 0.1, batchSize: 2048 } as const;
const runs: Partial<TrainParams>[] = [
  { ...sgd, factors: 32 },
  { ...sgd, factors: 64 },
  { ...adam, factors: 32 },
  { ...adam, factors: 64 },
  {}, // DEFAULT_TRAIN_PARAMS as they are
];
for (const over of runs) {
  const params: TrainParams = { ...DEFAULT_TRAIN_PARAMS, ...over, epochs: EPOCHS };
  const reports: EpochReport[] = [];
  await trainMfCpu(data, nUsers, nItems, params, { onEpoch: (r) => reports.push(r) });
  const later = reports.length > 1 ? reports.slice(1) : reports;
  const last = reports[reports.length - 1]!;
  console.log(
    `cpu ${params.optimizer.padEnd(4)} k ${String(params.factors).padStart(2)} batch ${params.batchSize} η ${params.learningRate}${Object.keys(over).length === 0 ? ' (defaults)' : ''}: ` +
      `${(median(later.map((r) => r.ratingsPerSec)) / 1e6).toFixed(2)} M ratings/s, ` +
      `epoch ${median(later.map((r) => r.epochMs)).toFixed(1)} ms (median of epochs 2…${reports.length}); ` +
      `val RMSE after ${last.epoch}: ${last.valRmse.toFixed(4)}`,
  );
}

// Cosine kNN over a catalogue the size of MovieLens 25M's (62 423 items), 32 factors, in row tiles:
// the CPU path's "similar items" cost, and the memory a tile needs instead of an n×n matrix.
{
  const nBig = 62_423;
  const k = 32;
  const rng = createRng(7);
  const table = new Float32Array(nBig * k);
  for (let j = 0; j < table.length; j++) table[j] = randomNormal(rng, 0, 0.1);
  const times: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    similarItemsCpu(table, nBig, k, [rep * 1000], 10);
    times.push(performance.now() - t0);
  }
  const t0 = performance.now();
  similarItemsCpu(table, nBig, k, Array.from({ length: 100 }, (_, q) => q * 601), 10);
  const batchMs = performance.now() - t0;
  console.log(
    `cpu cosine kNN, ${nBig} items × ${k} factors, top 10: one query median ${median(times).toFixed(1)} ms; ` +
      `100 queries ${batchMs.toFixed(0)} ms; an n×n matrix would need ${((nBig * nBig * 4) / 2 ** 30).toFixed(1)} GiB, ` +
      `a tile of ${DEFAULT_TILE_ROWS} rows × 100 queries ${((DEFAULT_TILE_ROWS * 100 * 4) / 2 ** 20).toFixed(1)} MiB`,
  );
}
