// Part of `npm run bench -- --speed` (run with tsx: it imports the lab's median), in the real app in headless Chromium with WebGPU (SwiftShader):
//  - the WGSL per-rating SGD kernel against the WebAssembly one (one thread) on the same split and epochs,
//    at k = 32 and k = 100: one JSON line each, {"bench":"train","dataset":..,"backend":"webgpu","kernel":"sgd-wgsl",..};
//  - BPR (k 64, 4 epochs): the WGSL per-triple kernel against tfjs's dense path (its WebGPU defaults, Adam),
//    {"bench":"train","method":"bpr","backend":"webgpu","kernel":"sgd-wgsl"|"tfjs","triples_per_s":..,"val_auc":..};
//  - import speed: the app's import (parse, then store in IndexedDB) of a ratings file against Papa Parse
//    alone on the same file in the same worker: {"bench":"import","mb_per_s":..,"papaparse_mb_per_s":..}.
// The data: MovieLens 100K u1.base (../shared/data/ml-100k), or the demo data and a generated file when absent.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { baseChromiumArgs, chromiumMissingMessage, chromiumPath, hasChromium, webgpuArgs } from './chromium.mjs';
import { median } from '../src/math/metrics';

const port = Number(process.env.BENCH_PORT ?? 4177);
const ml = resolve(process.cwd(), '../shared/data/ml-100k');
const u1 = resolve(ml, 'u1.base');
const uData = resolve(ml, 'u.data');
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 6);
/** `--import-only`: skip the training kernels (import against Papa Parse only). */
const importOnly = process.argv.includes('--import-only');
/** Import and Papa Parse runs each, alternating (BENCH_IMPORT_RUNS, default 9: the first runs are JIT warm-up, and the median of 3 is mostly that). */
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 9);
/** `--wgsl-only`: only the WGSL MF kernel against WebAssembly (no import, no BPR); BENCH_FACTORS picks k (default 32,100). */
const wgslOnly = process.argv.includes('--wgsl-only');
const FACTORS = (process.env.BENCH_FACTORS ?? '32,100').split(',').map(Number);

if (!hasChromium()) {
  console.error(chromiumMissingMessage());
  process.exit(1);
}
if (!process.argv.includes('--no-build') && !process.env.BENCH_DIST) spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
// BENCH_DIST: preview another build's output directory (to compare builds side by side)
const dist = process.env.BENCH_DIST;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', ...(dist ? ['--outDir', dist] : [])], { stdio: 'ignore', detached: true });
// until the preview answers (a loaded machine may take longer than a fixed wait), at most 60 s
for (let waited = 0; waited < 60_000; waited += 250) {
  if (await fetch(`http://localhost:${port}/`).then((r) => r.ok, () => false)) break;
  await new Promise((r) => setTimeout(r, 250));
}

/** A generated ratings file of about `rows` lines (user, item, rating, timestamp), when MovieLens is absent. */
function generatedFile(rows) {
  const lines = [];
  let x = 12345;
  for (let j = 0; j < rows; j++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    lines.push(`${x % 6000}\t${(x >> 8) % 4000}\t${1 + (x % 5)}\t${880000000 + j}`);
  }
  return lines.join('\n') + '\n';
}

const lines = [];
const browser = await chromium.launch({ executablePath: chromiumPath, args: [...baseChromiumArgs, ...webgpuArgs], headless: true });
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  await page.goto(`http://localhost:${port}/?bench`);
  await page.getByRole('status').filter({ hasText: /Backend: (webgpu|webgl|cpu)/ }).waitFor();

  const haveMl = existsSync(u1);
  if (!haveMl) console.log('MovieLens 100K not found at ../shared/data/ml-100k: the demo data and a generated file.');
  const trainText = haveMl ? readFileSync(u1, 'latin1') : null;
  const importText = existsSync(uData) ? readFileSync(uData, 'latin1') : generatedFile(100_000);
  const importName = existsSync(uData) ? 'u.data' : 'generated-100k.tsv';

  const result = await page.evaluate(
    async ({ trainText, importText, importName, epochs, importOnly, importRuns, wgslOnly, factorsList }) => {
      const { client: lab, proxy } = window.__labBench;
      const quiet = proxy(() => {});
      const importFile = async (text, name) => {
        const blob = new File([text], name);
        const { sniff, ratingsMapping } = await lab.sniff(blob);
        const options = { encoding: sniff.encoding ?? 'windows-1252', delimiter: sniff.delimiter, hasHeader: sniff.hasHeader, mapping: ratingsMapping };
        const started = performance.now();
        await lab.parseImport(`bench-import-${name}`, { name: `bench ${name}`, ratingsFile: blob, ratingsOptions: options, titlesFile: null, titlesOptions: null }, quiet);
        const parsedMs = performance.now() - started;
        const meta = await lab.commitImport();
        return { id: meta.id, parsedMs, importMs: performance.now() - started, delimiter: sniff.delimiter, blob };
      };
      // import against Papa Parse alone, alternating; both timed here, round trip to the worker included
      const imports = [];
      const papa = [];
      for (let run = 0; run < (wgslOnly ? 0 : importRuns); run++) {
        const imp = await importFile(importText, importName);
        imports.push({ parsedMs: imp.parsedMs, importMs: imp.importMs });
        await lab.deleteDataset(imp.id);
        const started = performance.now();
        await lab.timePapaParse(imp.blob, imp.delimiter);
        papa.push(performance.now() - started);
      }
      if (importOnly) return { imports, papa, kernels: [], bytes: new Blob([importText]).size };
      let datasetId = 'demo';
      if (trainText) datasetId = (await importFile(trainText, 'u1.base')).id;
      await lab.selectDataset(datasetId);
      const kernels = [];
      for (const factors of factorsList) kernels.push({ factors, ...(await lab.checkWgslKernel({ factors, epochs, validationFraction: 0.2, seed: 42 })) });
      // BPR: the WGSL per-triple kernel against tfjs's dense path at its WebGPU defaults (Adam), k 64, side by side
      const bpr = wgslOnly ? null : await lab.checkWgslBprKernel({ factors: 64, epochs: 4, validationFraction: 0.2, seed: 42, trainers: ['wgsl', 'tfjsAdam'] });
      if (datasetId !== 'demo') await lab.deleteDataset(datasetId);
      return { imports, papa, kernels, bpr, bytes: new Blob([importText]).size };
    },
    { trainText, importText, importName, epochs: EPOCHS, importOnly, importRuns: IMPORT_RUNS, wgslOnly, factorsList: FACTORS },
  );

  const mb = result.bytes / 1e6;
  const importMs = median(result.imports.map((i) => i.importMs));
  const parseMs = median(result.imports.map((i) => i.parsedMs));
  const papaMs = median(result.papa);
  if (!wgslOnly) lines.push({
    bench: 'import',
    file: importName,
    mb: Number(mb.toFixed(2)),
    mb_per_s: Number((mb / (importMs / 1000)).toFixed(2)),
    parse_mb_per_s: Number((mb / (parseMs / 1000)).toFixed(2)),
    papaparse_mb_per_s: Number((mb / (papaMs / 1000)).toFixed(2)),
    time_ratio_to_papaparse: Number((importMs / papaMs).toFixed(2)),
    parse_time_ratio_to_papaparse: Number((parseMs / papaMs).toFixed(2)),
    runs: result.imports.length,
  });
  if (process.env.BENCH_IMPORT_RAW) console.log(JSON.stringify({ importMs: result.imports.map((i) => Math.round(i.importMs)), parsedMs: result.imports.map((i) => Math.round(i.parsedMs)), papaMs: result.papa.map(Math.round) }));
  const dataset = trainText ? 'u1.base' : 'demo';
  for (const k of result.kernels) {
    lines.push({ bench: 'train', dataset, backend: 'webgpu', kernel: 'sgd-wgsl', threads: null, factors: k.factors, ratings_per_s: Math.round(k.gpuRatingsPerSec), val_rmse: Number(k.gpuRmse.toFixed(4)), epochs: EPOCHS });
    lines.push({ bench: 'train', dataset, backend: 'cpu', kernel: 'sgd-wasm', threads: 1, simd: true, factors: k.factors, ratings_per_s: Math.round(k.cpuRatingsPerSec), val_rmse: Number(k.cpuRmse.toFixed(4)), epochs: EPOCHS });
    console.log(
      `k ${k.factors}: WGSL ${(k.gpuRatingsPerSec / 1e6).toFixed(2)} M ratings/s (RMSE ${k.gpuRmse.toFixed(4)}), WebAssembly one thread ${(k.cpuRatingsPerSec / 1e6).toFixed(2)} M/s (RMSE ${k.cpuRmse.toFixed(4)}); ` +
        `|ΔRMSE| ${Math.abs(k.gpuRmse - k.cpuRmse).toFixed(4)}; a chunk of ${k.uniqueRows} ratings without repeats agrees to ${k.uniqueMaxAbsDiff.toExponential(1)}`,
    );
  }
  // (none with --import-only)
  for (const [kernel, f] of result.bpr ? [['sgd-wgsl', result.bpr.trainers.wgsl], ['tfjs', result.bpr.trainers.tfjsAdam]] : []) {
    lines.push({ bench: 'train', method: 'bpr', dataset, backend: 'webgpu', kernel, factors: 64, optimizer: f.optimizer, batch: f.batchSize, triples_per_s: Math.round(f.triplesPerSec), val_auc: Number(f.auc.toFixed(4)), epochs: 4 });
  }
  if (!wgslOnly) console.log(`import of ${importName} (${mb.toFixed(1)} MB): ${(importMs / 1000).toFixed(2)} s (parse ${(parseMs / 1000).toFixed(2)} s), Papa Parse alone ${(papaMs / 1000).toFixed(2)} s: ×${(importMs / papaMs).toFixed(2)}`);
} finally {
  await browser.close();
  process.kill(-server.pid);
}
console.log('');
for (const l of lines) console.log(JSON.stringify(l));
