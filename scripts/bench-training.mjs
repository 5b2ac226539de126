// `npm run bench -- --training`: MF training throughput per backend; prints figures, asserts nothing.
//  0. Single-thread speed of per-rating SGD, side by side in one run (scripts/bench-speed.ts, also
//     `npm run bench:speed`): the WebAssembly SIMD kernel (Node and headless Chromium), the batched CPU
//     trainer, and the same loop in C compiled with `cc -O3`; JSON lines and the ratios to C.
//  1. The typed-array CPU trainer in Node (scripts/bench-cpu.ts).
//  2. The real app in headless Chromium, once per backend (WebGPU via SwiftShader, WebGL, the CPU
//     path): import MovieLens 100K u.data (or train on the demo data when it is absent), train a few
//     epochs, and read each epoch's time and ratings/s from the page. Medians over epochs 2.. (epoch 1
//     includes shader compilation).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { baseChromiumArgs, chromiumMissingMessage, chromiumPath, hasChromium, webgpuArgs } from './chromium.mjs';
import { median } from '../src/math/metrics';

const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 5);
const uData = resolve(process.cwd(), '../shared/data/ml-100k/u.data');
const port = 4174;


console.log('== Per-rating SGD, one thread: WebAssembly SIMD, the batched trainer, native C');
spawnSync('npx', ['tsx', 'scripts/bench-speed.ts'], { stdio: 'inherit' });

console.log('\n== CPU trainer in Node');
spawnSync('npx', ['tsx', 'scripts/bench-cpu.ts'], { stdio: 'inherit' });

if (!hasChromium()) {
  console.error(chromiumMissingMessage());
  process.exit(1);
}
console.log('\n== The app in headless Chromium');
spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
await new Promise((r) => setTimeout(r, 2500));

const wanted = (process.env.BENCH_BACKENDS ?? 'webgpu,webgl,cpu,cpu-wasm').split(',');
const runs = [
  { backend: 'webgpu', args: [...baseChromiumArgs, ...webgpuArgs] },
  { backend: 'webgl', args: baseChromiumArgs },
  { backend: 'cpu', args: [...baseChromiumArgs, '--disable-webgl'] },
  // the CPU path with biased MF's "CPU kernel" set to per-rating SGD in WebAssembly (same η, λ, k, epochs)
  { backend: 'cpu-wasm', args: [...baseChromiumArgs, '--disable-webgl'], kernel: 'sgd-wasm' },
].filter((r) => wanted.includes(r.backend));
const dataLabel = existsSync(uData) ? 'MovieLens 100K u.data (90% train / 10% validation, the default)' : 'demo data (MovieLens 100K absent)';
console.log(`data: ${dataLabel}; ${EPOCHS} epochs; default settings otherwise`);
try {
  for (const run of runs) {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: run.args, headless: true });
    try {
      const page = await browser.newPage();
      await page.goto(`http://localhost:${port}/`);
      await page.getByRole('status').filter({ hasText: /Backend: \w+/ }).waitFor();
      // pin the backend measured (Automatic would measure them all and train on the fastest)
      const pin = run.backend === 'cpu-wasm' ? 'cpu' : run.backend;
      await page.getByRole('combobox', { name: 'Backend', exact: true }).selectOption(pin);
      await page.getByRole('status').filter({ hasText: new RegExp(`Backend: ${pin}`) }).waitFor();
      if (existsSync(uData)) {
        await page.getByLabel('Ratings file').setInputFiles(uData);
        await page.getByLabel('Dataset name').fill('bench u.data');
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.getByLabel('Selected dataset').filter({ hasText: '100000 ratings' }).waitFor({ timeout: 120_000 });
      }
      await page.getByLabel('Epochs').fill(String(EPOCHS));
      if (run.kernel) await page.getByLabel('CPU kernel').selectOption(run.kernel);
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await page.getByRole('status').filter({ hasText: /Trained after/ }).waitFor({ timeout: 900_000 });
      const epochs = await page.$$eval('table[aria-label="All epochs"] tbody tr', (trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.getAttribute('data-value') ?? td.textContent)),
      );
      const used = await page.getByRole('status').textContent();
      // Similar items for the top recommendation, then for the second (warm): ms as the page measured.
      const timing = page.getByTestId('similar-timing');
      await timing.waitFor();
      const coldMs = Number(await timing.getAttribute('data-ms'));
      await page.getByRole('list', { name: 'Recommendations', exact: true }).getByRole('button', { name: 'Similar' }).nth(1).click();
      await page.waitForFunction((cold) => document.querySelector('[data-testid="similar-timing"]')?.getAttribute('data-ms') !== String(cold), coldMs);
      const warmMs = Number(await timing.getAttribute('data-ms'));
      const later = epochs.slice(1);
      const ms = later.map((r) => Number(r[4]));
      const rps = later.map((r) => Number(r[5]));
      const last = epochs[epochs.length - 1] ?? [];
      console.log(
        `${run.backend.padEnd(8)} ran on ${/Backend: (\w+)/.exec(used ?? '')?.[1]}: median epoch ${(median(ms) / 1000).toFixed(2)} s, ` +
          `median ${Math.round(median(rps)).toLocaleString('en')} ratings/s, first epoch ${(Number(epochs[0]?.[4]) / 1000).toFixed(2)} s, ` +
          `final validation RMSE ${Number(last[2]).toFixed(4)} (${epochs.length} epochs); ` +
          `tfjs memory after the last epoch: ${last[7]} tensors, ${(Number(last[8]) / 1024).toFixed(0)} KB; ` +
          `similar items (cosine over every item): first query ${coldMs.toFixed(0)} ms, next ${warmMs.toFixed(0)} ms`,
      );
    } catch (e) {
      console.log(`${run.backend.padEnd(8)} failed: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    } finally {
      await browser.close();
    }
  }
} finally {
  process.kill(-server.pid);
}
