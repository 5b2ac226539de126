// `npx tsx scripts/bench-speed.ts` (run first by `npm run bench -- --training`): single-thread CPU
// training speed of per-rating SGD of biased MF, side by side in one run, as JSON lines:
//   backend "cpu-wasm"   the WebAssembly SIMD kernel (wasm/mfSgd.ts) — in Node through the lab's
//                        trainer (trainMfWasm: shuffles, chunks, yields) and the bare kernel, and the bare
//                        kernel in headless Chromium when it is there;
//   backend "cpu"        the lab's batched typed-array trainer (trainMfCpu, batch 2048), in Node;
//   backend "native-c"   the same per-rating loop in C, written to a temp dir and compiled with `cc -O3`
//                        (portable) and `cc -O3 -march=native` when a C compiler is present.
//   backend "cpu", kernel "sgd-wasm", schedule "dsgd-8x8": the threaded kernel (src/model/wasmSgdThreads.ts:
//                        DSGD, 8×8 blocks, over one shared memory) on 1 and 2 threads, in Node
//                        (worker_threads) and in Chromium (nested workers, on a cross-origin-isolated
//                        page served here on BENCH_PORT, default 4214), whole epochs with bucketing
//                        and barriers timed; plus the Node trainer at 2 threads for its validation RMSE.
//   method "bpr", backend "cpu", kernel "sgd-wasm" | "js": BPR-MF's per-triple SGD in WebAssembly SIMD
//                        (wasm/bprSgd.ts) against the JS trainer at batch size 1, k 64, on u1.base's positives
//                        (rating ≥ 4), triples_per_s, the bare kernel too, then the ratio (scripts/benchBpr.ts).
// Data: MovieLens 100K u1.base (validation RMSE on u1.test) or, when absent, synthetic data of its
// shape. k = 32 and k = 100; ratings/s = median over epochs 2… (epoch 1 warms up). Asserts nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RatingsColumns } from '../src/data/types';
import { HAVE_ML100K, ML100K_ITEMS, ML100K_USERS, ml100kColumns } from '../src/data/ml100k.testutil';
import { createRng, shuffleInPlace } from '../src/math/random';
import { initModel, meanRating } from '../src/model/batches';
import { trainMfCpu } from '../src/model/cpuTrainer';
import { CPU_DEFAULT_TRAIN_PARAMS } from '../src/model/params';
import type { EpochReport, TrainParams } from '../src/model/params';
import { createWasmSgd, trainMfWasm, wasmSimdSupported } from '../src/model/wasmSgd';
import { trainMfDsgd } from '../src/model/wasmSgdThreads';
import { buildWasm } from './build-wasm.mjs';
import { benchThreaded } from './benchThreads';
import { benchBpr } from './benchBpr';
import { syntheticBenchRatings } from './benchSynthetic';
import { median } from '../src/math/metrics';

const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 8);
const FACTORS = [32, 100];
const THREADS = [1, 2];
const ETA = CPU_DEFAULT_TRAIN_PARAMS.learningRate;
const LAMBDA = CPU_DEFAULT_TRAIN_PARAMS.regularization;

await buildWasm();

const later = (xs: number[]) => (xs.length > 1 ? xs.slice(1) : xs);
/** Median and best of epochs 2… (the best is what a quiet machine gives; ratios are taken on it). */
const stats = (rps: number[]) => ({ ratings_per_s: Math.round(median(later(rps))), best_ratings_per_s: Math.round(Math.max(...later(rps))) });

const dataset = HAVE_ML100K ? 'u1.base' : 'synthetic-80k';
const train = HAVE_ML100K ? ml100kColumns('u1.base') : syntheticBenchRatings(ML100K_USERS, ML100K_ITEMS, 80_000, 1);
const test = HAVE_ML100K ? ml100kColumns('u1.test') : syntheticBenchRatings(ML100K_USERS, ML100K_ITEMS, 20_000, 2);
const nT = train.ratings.length;
const n = nT + test.ratings.length;
function cat<T extends Int32Array | Float32Array>(a: T, b: T, out: T): T {
  out.set(a);
  out.set(b, nT);
  return out;
}
const data: RatingsColumns = {
  users: cat(train.users, test.users, new Int32Array(n)),
  items: cat(train.items, test.items, new Int32Array(n)),
  ratings: cat(train.ratings, test.ratings, new Float32Array(n)),
};
const rows = { train: Int32Array.from({ length: nT }, (_, j) => j), validation: Int32Array.from({ length: n - nT }, (_, j) => nT + j) };
const nUsers = ML100K_USERS;
const nItems = ML100K_ITEMS;
console.log(`# speed: ${dataset} (${nT} training ratings), ${EPOCHS} epochs, SGD η ${ETA} λ ${LAMBDA}; median ratings/s over epochs 2…; one thread unless a line says threads > 1`);

const lines: Record<string, unknown>[] = [];
function emit(o: Record<string, unknown>): void {
  const line = { bench: 'train', dataset, ...o };
  lines.push(line);
  console.log(JSON.stringify(line));
}

/** The bare kernel: whole epochs in one call each, over a pre-shuffled order (shuffle not timed). */
async function bareKernel(k: number): Promise<number[]> {
  const rng = createRng(42);
  const model = initModel(nUsers, nItems, k, meanRating(data.ratings, rows.train), rng);
  const kernel = await createWasmSgd(data, model, ETA, LAMBDA, null, nT);
  const order = rows.train.slice();
  // warm-up calls: V8 runs a wasm function's baseline code until its optimised code is ready, and
  // a call already running never switches (no on-stack replacement for wasm)
  for (let w = 0; w < 20; w++) kernel.run(order.subarray(0, 2000), false);
  const rps: number[] = [];
  for (let e = 0; e < EPOCHS; e++) {
    shuffleInPlace(rng, order);
    const t0 = performance.now();
    kernel.run(order, false);
    rps.push(nT / ((performance.now() - t0) / 1000));
  }
  return rps;
}

async function trainer(k: number, kind: 'wasm' | 'batched'): Promise<{ rps: number[]; rmse: number }> {
  const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: k, epochs: EPOCHS, validationFraction: 0 };
  const reports: EpochReport[] = [];
  const hooks = { onEpoch: (r: EpochReport) => reports.push(r) };
  if (kind === 'wasm') await trainMfWasm(data, nUsers, nItems, params, hooks, rows);
  else await trainMfCpu(data, nUsers, nItems, params, hooks, rows);
  return { rps: reports.map((r) => r.ratingsPerSec), rmse: reports[reports.length - 1]!.valRmse };
}

for (const k of FACTORS) {
  const simd = wasmSimdSupported();
  const w = await trainer(k, 'wasm');
  emit({ backend: 'cpu-wasm', runtime: 'node', path: 'trainer', threads: 1, simd, factors: k, ...stats(w.rps), val_rmse: Number(w.rmse.toFixed(4)) });
  emit({ backend: 'cpu-wasm', runtime: 'node', path: 'kernel', threads: 1, simd, factors: k, ...stats(await bareKernel(k)) });
  for (const threads of THREADS) {
    const rps = await benchThreaded({ users: data.users, items: data.items, ratings: data.ratings, nT, nUsers, nItems, k, threads, epochs: EPOCHS, eta: ETA, lambda: LAMBDA });
    emit({ backend: 'cpu', kernel: 'sgd-wasm', schedule: 'dsgd-8x8', runtime: 'node', path: 'kernel', threads, simd, factors: k, ...stats(rps) });
  }
  {
    const params: TrainParams = { ...CPU_DEFAULT_TRAIN_PARAMS, factors: k, epochs: EPOCHS, validationFraction: 0 };
    const reports: EpochReport[] = [];
    await trainMfDsgd(data, nUsers, nItems, params, 2, { onEpoch: (r) => reports.push(r) }, rows);
    const rmse = reports[reports.length - 1]!.valRmse;
    emit({ backend: 'cpu', kernel: 'sgd-wasm', schedule: 'dsgd-8x8', runtime: 'node', path: 'trainer', threads: 2, simd, factors: k, ...stats(reports.map((r) => r.ratingsPerSec)), val_rmse: Number(rmse.toFixed(4)) });
  }
  const b = await trainer(k, 'batched');
  emit({ backend: 'cpu', runtime: 'node', path: 'trainer', kernel: 'batched-js', batch: CPU_DEFAULT_TRAIN_PARAMS.batchSize, threads: 1, simd: false, factors: k, ...stats(b.rps), val_rmse: Number(b.rmse.toFixed(4)) });
}

// ---- BPR-MF's per-triple SGD: the WebAssembly kernel against the JS trainer, side by side
await benchBpr(EPOCHS, emit);

// ---- the bare kernel in headless Chromium (the target runtime), when a browser is there
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromiumPath)) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    // tsx (esbuild, keepNames) wraps named functions in __name(); the page needs a no-op one
    await page.evaluate('globalThis.__name = (f) => f');
    const wasm = readFileSync(resolve(import.meta.dirname, '../wasm/build/mfSgd.wasm')).toString('base64');
    for (const k of FACTORS) {
      const rps = await page.evaluate(
        async ({ wasm, users, items, ratings, nT, nUsers, nItems, k, epochs, eta, lambda }) => {
          const bytes = Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0));
          const { instance } = await WebAssembly.instantiate(bytes, {});
          const ex = instance.exports as unknown as {
            memory: WebAssembly.Memory;
            heapBase(): number;
            sgdRun(...a: number[]): number;
          };
          let top = ex.heapBase();
          const alloc = (b: number) => {
            const at = Math.ceil(top / 16) * 16;
            top = at + b;
            return at;
          };
          const n = users.length;
          const [pU, pP, pBu, pBi, pUs, pIs, pRs, pOrd] = [nUsers * k * 4, nItems * k * 4, nUsers * 4, nItems * 4, n * 4, n * 4, n * 4, nT * 4].map(alloc) as number[];
          ex.memory.grow(Math.ceil(top / 65536) - ex.memory.buffer.byteLength / 65536);
          const buf = ex.memory.buffer;
          const U = new Float32Array(buf, pU, nUsers * k);
          const P = new Float32Array(buf, pP, nItems * k);
          let s = 1;
          const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296 - 0.5) * 0.2;
          for (let j = 0; j < U.length; j++) U[j] = rnd();
          for (let j = 0; j < P.length; j++) P[j] = rnd();
          new Int32Array(buf, pUs!, n).set(users);
          new Int32Array(buf, pIs!, n).set(items);
          new Float32Array(buf, pRs!, n).set(ratings);
          const order = new Int32Array(buf, pOrd!, nT);
          for (let j = 0; j < nT; j++) order[j] = j;
          for (let w = 0; w < 20; w++) ex.sgdRun(pOrd!, 2000, pUs!, pIs!, pRs!, 0, pU!, pP!, pBu!, pBi!, k, 3.5, eta, lambda, 0); // tier-up
          const out: number[] = [];
          for (let e = 0; e < epochs; e++) {
            for (let j = nT - 1; j > 0; j--) {
              const t = Math.floor(Math.random() * (j + 1));
              const a = order[j]!;
              order[j] = order[t]!;
              order[t] = a;
            }
            const t0 = performance.now();
            ex.sgdRun(pOrd!, nT, pUs!, pIs!, pRs!, 0, pU!, pP!, pBu!, pBi!, k, 3.5, eta, lambda, 0);
            out.push(nT / ((performance.now() - t0) / 1000));
          }
          return out;
        },
        { wasm, users: Array.from(data.users), items: Array.from(data.items), ratings: Array.from(data.ratings), nT, nUsers, nItems, k, epochs: EPOCHS, eta: ETA, lambda: LAMBDA },
      );
      emit({ backend: 'cpu-wasm', runtime: 'chromium', path: 'kernel', threads: 1, simd: true, factors: k, ...stats(rps) });
    }
    await threadedInChromium(browser);
  } finally {
    await browser.close();
  }
} else {
  console.log(`# no Chromium at ${chromiumPath}: the kernel is measured in Node only`);
}

/**
 * The threaded kernel in Chromium: a page served with COOP/COEP (so it is cross-origin isolated and
 * has SharedArrayBuffer) runs scripts/benchThreads.ts, bundled by esbuild, in a module worker (the
 * coordinator, like the lab worker) with the wasm from disk.
 */
async function threadedInChromium(browser: import('@playwright/test').Browser): Promise<void> {
  const { createServer } = await import('node:http');
  const { build } = await import('esbuild');
  const root = resolve(import.meta.dirname, '..');
  const bundle = await build({ entryPoints: [join(root, 'scripts/benchThreads.ts')], bundle: true, format: 'esm', write: false, target: 'es2022' });
  const js = bundle.outputFiles[0]!.text;
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/') res.writeHead(200, { ...isolation, 'Content-Type': 'text/html' }).end('<!doctype html><title>bench</title>');
    else if (path === '/bench.js') res.writeHead(200, { ...isolation, 'Content-Type': 'text/javascript' }).end(js);
    else if (/^\/wasm\/build\/[A-Za-z]+\.wasm$/.test(path) && existsSync(join(root, path))) res.writeHead(200, { ...isolation, 'Content-Type': 'application/wasm' }).end(readFileSync(join(root, path)));
    else res.writeHead(404).end();
  });
  const port = Number(process.env.BENCH_PORT ?? 4214);
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.evaluate('globalThis.__name = (f) => f'); // as above: tsx's keepNames wrapper
    const isolated = await page.evaluate(() => crossOriginIsolated);
    if (!isolated) {
      console.log('# the bench page is not cross-origin isolated: no threaded figures from Chromium');
      return;
    }
    for (const k of FACTORS)
      for (const threads of THREADS) {
        const input = { users: Array.from(data.users), items: Array.from(data.items), ratings: Array.from(data.ratings), nT, nUsers, nItems, k, threads, epochs: EPOCHS, eta: ETA, lambda: LAMBDA };
        // the coordinator in a module worker (as the lab's is), its threads nested workers
        const rps = await page.evaluate(
          (o) =>
            new Promise<number[]>((ok, fail) => {
              const w = new Worker('/bench.js', { type: 'module' });
              w.onmessage = (e: MessageEvent<number[] | { error: string }>) => {
                w.terminate();
                if (Array.isArray(e.data)) ok(e.data);
                else fail(new Error(e.data.error));
              };
              w.onerror = (e) => fail(new Error(e.message));
              w.postMessage(o);
            }),
          input,
        );
        emit({ backend: 'cpu', kernel: 'sgd-wasm', schedule: 'dsgd-8x8', runtime: 'chromium', path: 'kernel', threads, simd: true, factors: k, ...stats(rps) });
      }
  } finally {
    server.close();
  }
}

// ---- the native reference: the same loop in C, -O3, when a C compiler is present
const C_SOURCE = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
/* Per-rating SGD of biased MF, the loop of wasm/mfSgd.ts: indices through a shuffled order array. */
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static unsigned rs = 1; static unsigned nextu(void) { rs = rs * 1103515245u + 12345u; return rs; }
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }
int main(int argc, char **argv) {
  int k = atoi(argv[2]), epochs = atoi(argv[3]); float eta = atof(argv[4]), lambda = atof(argv[5]);
  FILE *f = fopen(argv[1], "rb"); int h[3]; if (!f || fread(h, 4, 3, f) != 3) return 1;
  int n = h[0], nu = h[1], ni = h[2];
  int *us = malloc(4 * (size_t)n), *is = malloc(4 * (size_t)n), *order = malloc(4 * (size_t)n); float *r = malloc(4 * (size_t)n);
  if (fread(us, 4, n, f) != (size_t)n || fread(is, 4, n, f) != (size_t)n || fread(r, 4, n, f) != (size_t)n) return 1;
  float *U = aligned_alloc(16, ((size_t)nu * k * 4 + 15) / 16 * 16), *P = aligned_alloc(16, ((size_t)ni * k * 4 + 15) / 16 * 16);
  float *bu = calloc(nu, 4), *bi = calloc(ni, 4);
  for (size_t j = 0; j < (size_t)nu * k; j++) U[j] = ((nextu() >> 8) / 16777216.0f - 0.5f) * 0.2f;
  for (size_t j = 0; j < (size_t)ni * k; j++) P[j] = ((nextu() >> 8) / 16777216.0f - 0.5f) * 0.2f;
  double mu = 0; for (int j = 0; j < n; j++) { mu += r[j]; order[j] = j; } mu /= n;
  float muf = (float)mu, decay = 1.0f - 2.0f * eta * lambda;
  double *rps = malloc(sizeof(double) * epochs), sum = 0;
  for (int e = 0; e < epochs; e++) {
    for (int j = n - 1; j > 0; j--) { int t = nextu() % (unsigned)(j + 1); int a = order[j]; order[j] = order[t]; order[t] = a; }
    double t0 = now(), sq = 0;
    for (int j = 0; j < n; j++) {
      int row = order[j], u = us[row], i = is[row];
      float *q = U + (size_t)u * k, *p = P + (size_t)i * k;
      float dot = 0; for (int c = 0; c < k; c++) dot += q[c] * p[c];
      float err = muf + bu[u] + bi[i] + dot - r[row];
      sq += (double)err * err;
      float g = 2.0f * eta * err;
      bu[u] = bu[u] * decay - g; bi[i] = bi[i] * decay - g;
      for (int c = 0; c < k; c++) { float qc = q[c], pc = p[c]; q[c] = qc * decay - g * pc; p[c] = pc * decay - g * qc; }
    }
    rps[e] = n / (now() - t0); sum += sq;
  }
  int m = epochs > 1 ? epochs - 1 : 1; double *l = epochs > 1 ? rps + 1 : rps; qsort(l, m, sizeof(double), cmp);
  printf("%.0f %.0f %.6f\n", m % 2 ? l[m / 2] : (l[m / 2 - 1] + l[m / 2]) / 2, l[m - 1], sum);
  return 0;
}
`;
const cc = spawnSync('cc', ['--version'], { encoding: 'utf8' });
if (cc.status === 0) {
  const dir = mkdtempSync(join(tmpdir(), 'reclab-native-'));
  try {
    writeFileSync(join(dir, 'sgd.c'), C_SOURCE);
    const header = Int32Array.of(nT, nUsers, nItems);
    writeFileSync(join(dir, 'data.bin'), Buffer.concat([header, train.users, train.items, train.ratings].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
    const compiler = cc.stdout.split('\n')[0];
    // -O3 alone (the portable reference) may not reorder the dot product's float additions, so
    // its dot is one dependent chain; -ffast-math lets gcc vectorise it too (the strongest native figure)
    const variants = [['-O3', ['-O3']], ['-O3 -march=native', ['-O3', '-march=native']], ['-O3 -march=native -ffast-math', ['-O3', '-march=native', '-ffast-math']]] as const;
    for (const [v, [label, flags]] of variants.entries()) {
      const exe = join(dir, `sgd${v}`);
      const built = spawnSync('cc', [...flags, '-o', exe, join(dir, 'sgd.c')], { encoding: 'utf8' });
      if (built.status !== 0) {
        console.log(`# cc ${label} failed: ${built.stderr.split('\n')[0]}`);
        continue;
      }
      for (const k of FACTORS) {
        const run = spawnSync(exe, [join(dir, 'data.bin'), String(k), String(EPOCHS), String(ETA), String(LAMBDA)], { encoding: 'utf8' });
        const [med, best] = run.stdout.split(' ').map(Number);
        emit({ backend: 'native-c', flags: label, compiler, threads: 1, simd: label.includes('native') ? 'auto-vectorised (native ISA)' : 'auto-vectorised (SSE2)', factors: k, ratings_per_s: Math.round(med!), best_ratings_per_s: Math.round(best!) });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.log('# no C compiler (cc): no native reference in this run');
}

// ---- ratios: the WASM kernel against the portable -O3 C loop (issue 9's target: ≥ 0.5 on one thread)
for (const k of FACTORS) {
  const c = lines.find((l) => l.backend === 'native-c' && l.flags === '-O3' && l.factors === k)?.best_ratings_per_s as number | undefined;
  if (c === undefined) continue;
  const ratio = (pred: (l: Record<string, unknown>) => boolean) => {
    const x = lines.find((l) => l.factors === k && pred(l))?.best_ratings_per_s as number | undefined;
    return x === undefined ? null : Number((x / c).toFixed(2));
  };
  console.log(
    JSON.stringify({
      bench: 'train-ratio', dataset, factors: k, reference: 'native-c -O3', of: 'best epoch',
      cpu_wasm_chromium_kernel: ratio((l) => l.backend === 'cpu-wasm' && l.runtime === 'chromium'),
      cpu_wasm_node_kernel: ratio((l) => l.backend === 'cpu-wasm' && l.runtime === 'node' && l.path === 'kernel'),
      cpu_wasm_node_trainer: ratio((l) => l.backend === 'cpu-wasm' && l.runtime === 'node' && l.path === 'trainer'),
      cpu_batched_node_trainer: ratio((l) => l.backend === 'cpu' && l.kernel === 'batched-js'),
      // the strongest native figure, for scale: the WASM kernel in Chromium ÷ -O3 -march=native -ffast-math
      cpu_wasm_chromium_kernel_vs_fast_math: (() => {
        const x = lines.find((l) => l.factors === k && l.backend === 'cpu-wasm' && l.runtime === 'chromium')?.best_ratings_per_s as number | undefined;
        const f = lines.find((l) => l.factors === k && l.backend === 'native-c' && String(l.flags).includes('fast-math'))?.best_ratings_per_s as number | undefined;
        return x === undefined || f === undefined ? null : Number((x / f).toFixed(2));
      })(),
    }),
  );
}

// ---- the threaded kernel against the portable -O3 C loop (issue 9's target: ≥ 1.0 on all cores), on
// median epochs, and 2 threads over 1 thread in the same runtime
for (const k of FACTORS) {
  const c = lines.find((l) => l.backend === 'native-c' && l.flags === '-O3' && l.factors === k)?.ratings_per_s as number | undefined;
  const dsgd = (runtime: string, threads: number) =>
    lines.find((l) => l.factors === k && l.schedule === 'dsgd-8x8' && l.path === 'kernel' && l.runtime === runtime && l.threads === threads)?.ratings_per_s as number | undefined;
  const r = (x: number | undefined, y: number | undefined) => (x === undefined || y === undefined ? null : Number((x / y).toFixed(2)));
  console.log(
    JSON.stringify({
      bench: 'train-ratio-threads', dataset, factors: k, reference: 'native-c -O3', of: 'median epoch',
      chromium_1_thread: r(dsgd('chromium', 1), c),
      chromium_2_threads: r(dsgd('chromium', 2), c),
      node_1_thread: r(dsgd('node', 1), c),
      node_2_threads: r(dsgd('node', 2), c),
      chromium_speedup_2_over_1: r(dsgd('chromium', 2), dsgd('chromium', 1)),
      node_speedup_2_over_1: r(dsgd('node', 2), dsgd('node', 1)),
    }),
  );
}
