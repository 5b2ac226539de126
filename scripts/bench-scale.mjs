// `npm run bench -- --scale [--scale-ratings N] [--keep-file] [--no-build]` (run with tsx: it imports
// the generator and the lab's median): issue 9's scale figures, in the real app in headless Chromium on
// the CPU path (WebGL disabled, no WebGPU adapter), clicking through the UI as a visitor would:
//  1. writes a MovieLens-25M-shaped file (scripts/scaleData.ts: 25 M ratings, ~162 000 users, ~59 000
//     items, long-tailed, seeded) to a temporary directory, never the repo (--scale-ratings N: fewer
//     ratings, users scaled alike, the same 59 047-item catalogue);
//  2. imports it through the file input (timed; the progress bar's fractions recorded), then trains
//     biased MF, k = 32, 10 epochs, with the WebAssembly SIMD kernel (threads: auto), timed; asks for
//     recommendations and then similar items of nine items spread over the catalogue, timed inside the worker;
//  3. samples the JS heap of the page and of the lab's worker through the DevTools protocol all along
//     (V8 heap in use + ArrayBuffer backing stores), and reads navigator.storage.estimate() before and
//     after the import;
// and prints one JSON line {"bench":"scale",...}. The target (a figure, not a test): import + 10 epochs
// in under 3 minutes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { baseChromiumArgs, chromiumMissingMessage, chromiumPath, hasChromium } from './chromium.mjs';
import { ML25M_SHAPE, writeScaleFile } from './scaleData';
import { median } from '../src/math/metrics';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const RATINGS = Number(opt('scale-ratings') ?? ML25M_SHAPE.ratings);
const EPOCHS = 10;
const FACTORS = 32;
const TARGET_S = 180;
const port = Number(process.env.BENCH_PORT ?? 4213);
if (!Number.isInteger(RATINGS) || RATINGS < 10_000) throw new Error(`--scale-ratings must be a whole number ≥ 10 000, got ${opt('scale-ratings')}`);
if (!hasChromium()) {
  console.error(chromiumMissingMessage());
  process.exit(1);
}

const t0 = Date.now();
// the machine's 1-minute load average: other jobs on the same cores slow every figure
const loadStart = os.loadavg()[0];
const seconds = (ms) => Number((ms / 1000).toFixed(1));
const mb = (bytes) => Number((bytes / 2 ** 20).toFixed(1));

const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
const file = writeScaleFile(join(dir, 'ratings-25m-shaped.csv'), { ratings: RATINGS });
console.log(`wrote ${file.ratings} ratings, ${file.users} users, ${file.items} items, ${(file.bytes / 1e6).toFixed(0)} MB in ${(file.ms / 1000).toFixed(1)} s to ${file.path}`);

if (!argv.includes('--no-build')) spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
await new Promise((r) => setTimeout(r, 2500));

/**
 * Heap sampling through CDP: the page's JSHeapUsedSize (Performance.getMetrics) and the lab worker's
 * Runtime.getHeapUsage (heap in use + ArrayBuffer backing stores), reached through a non-flat
 * auto-attached session. A reading that does not answer within 3 s (a worker busy in a long task)
 * is skipped.
 */
async function heapSampler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let worker = null;
  const waiting = new Map();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker' && /lab\.worker/.test(e.targetInfo.url)) worker = e.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message);
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result ?? {});
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  let next = 1;
  const timeout = (ms) => new Promise((r) => setTimeout(() => r(null), ms));
  const workerHeap = async () => {
    if (worker === null) return null;
    const id = next++;
    const answer = new Promise((resolve) => waiting.set(id, resolve));
    await cdp.send('Target.sendMessageToTarget', { sessionId: worker, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => undefined);
    const r = await Promise.race([answer, timeout(3000)]);
    waiting.delete(id);
    return r && typeof r.usedSize === 'number' ? r.usedSize + (r.backingStorageSize ?? 0) : null;
  };
  const pageHeap = async () => {
    const r = await Promise.race([cdp.send('Performance.getMetrics'), timeout(3000)]).catch(() => null);
    return r?.metrics?.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
  };
  const peak = { page: 0, worker: 0, sum: 0, samples: 0, phases: {} };
  let phase = 'start';
  let lastWorker = 0;
  let lastPage = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const [w, p] = await Promise.all([workerHeap(), pageHeap()]);
      if (w !== null) lastWorker = w;
      if (p !== null) lastPage = p;
      if (w !== null || p !== null) {
        peak.samples++;
        peak.worker = Math.max(peak.worker, lastWorker);
        peak.page = Math.max(peak.page, lastPage);
        peak.sum = Math.max(peak.sum, lastWorker + lastPage);
        peak.phases[phase] = Math.max(peak.phases[phase] ?? 0, lastWorker + lastPage);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    peak,
    /** Names the phase later samples count towards (peak.phases). */
    phase(name) {
      phase = name;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

let line = null;
const browser = await chromium.launch({ executablePath: chromiumPath, args: [...baseChromiumArgs, '--disable-webgl'], headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`http://localhost:${port}/?bench`);
  const status = page.getByRole('status');
  await status.filter({ hasText: /Backend: (webgpu|webgl|cpu)/ }).waitFor();
  const backend = /Backend: (\w+)/.exec((await status.textContent()) ?? '')?.[1];
  if (backend !== 'cpu') console.log(`note: the page runs on ${backend}, not the CPU path`);
  const summary = page.getByLabel('Selected dataset');
  await summary.waitFor();
  const heap = await heapSampler(page);
  const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  const idbBefore = await usage();

  // import through the file input, recording the progress bar
  await page.getByLabel('Ratings file').setInputFiles(file.path);
  await page.getByLabel('Dataset name').fill('Scale 25M-shaped');
  await page.evaluate(() => {
    const seen = [];
    window.__progress = seen;
    setInterval(() => {
      const bar = document.querySelector('.import progress');
      if (bar instanceof HTMLProgressElement) seen.push(bar.value / bar.max);
    }, 50);
  });
  heap.phase('import');
  const importStart = Date.now();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await summary.filter({ hasText: 'Scale 25M-shaped' }).waitFor({ timeout: 30 * 60_000 });
  const importMs = Date.now() - importStart;
  const progress = await page.evaluate(() => window.__progress);
  const fractions = new Set(progress.filter((f) => f > 0 && f < 1)).size;
  const text = (await summary.textContent()) ?? '';
  const count = (what) => Number(new RegExp(`(\\d+) ${what}`).exec(text)?.[1] ?? NaN);
  const idbAfter = await usage();
  console.log(`import: ${seconds(importMs)} s, ${fractions} distinct progress fractions; ${count('users')} users, ${count('items')} items, ${count('ratings')} ratings; IndexedDB +${mb(idbAfter - idbBefore)} MB`);

  // biased MF, k = 32, 10 epochs, WebAssembly SIMD kernel, threads auto
  await page.getByLabel('Method', { exact: true }).selectOption('biased-mf');
  await page.getByLabel('Factors k').fill(String(FACTORS));
  await page.getByLabel(/^Epochs$/).fill(String(EPOCHS));
  await page.getByLabel('CPU kernel').selectOption('sgd-wasm');
  heap.phase('train');
  const trainStart = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await status.filter({ hasText: /(Trained|Stopped) after \d+ epochs/ }).waitFor({ timeout: 30 * 60_000 });
  const trainWallMs = Date.now() - trainStart;
  const statusText = (await status.textContent()) ?? '';
  const recommendations = page.getByRole('list', { name: 'Recommendations', exact: true }).getByRole('listitem');
  heap.phase('query');
  const recStart = Date.now();
  await recommendations.nth(9).waitFor({ timeout: 120_000 });
  const recommendMs = Date.now() - recStart;

  // similar items of nine items spread over the catalogue, timed in the worker (the call's own ms)
  const sim = await page.evaluate(async (n) => {
    const { client } = window.__labBench;
    const models = await client.listModels();
    const model = models[models.length - 1];
    const runs = [];
    for (const at of [0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
      const item = Math.min(n - 1, Math.floor(at * n));
      const r = await client.similarItems(model.id, item, 10);
      runs.push({ item, ms: r.ms, backend: r.backend, catalogue: r.catalogue, found: r.items.length });
    }
    return { model, runs };
  }, count('items'));
  const simMs = median(sim.runs.map((r) => r.ms));
  const kernel = /threads?|SIMD|WebAssembly/i.test(statusText) ? statusText.replace(/\s+/g, ' ').trim() : '';
  await heap.stop();
  const totalMs = Date.now() - t0;
  const m = sim.model;
  const epochMs = m.curves.map((c) => c.epochMs);
  const epochsMs = epochMs.reduce((a, b) => a + b, 0);
  console.log(
    `train: ${m.epochs} epochs on ${m.backend} in ${seconds(m.fitMs)} s (${seconds(trainWallMs)} s to the trained status, validation and storing included); ` +
      `validation RMSE ${m.validation?.rmse?.toFixed(4)}, nDCG@10 ${m.validation?.ndcgAt10?.toFixed(4)}; recommendations shown ${seconds(recommendMs)} s later`,
  );
  if (kernel) console.log(`status: ${kernel}`);
  console.log(`similar items: ${sim.runs.map((r) => `${r.ms.toFixed(1)} ms`).join(', ')} over ${sim.runs[0]?.catalogue} items on ${sim.runs[0]?.backend}`);
  console.log(`epochs: ${epochMs.map((x) => seconds(x)).join(', ')} s (${(median(m.curves.map((c) => c.ratingsPerSec)) / 1e6).toFixed(2)} M ratings/s median); the rest of the fit (preparing, validation RMSE after each epoch, checkpoints) ${seconds(m.fitMs - epochsMs)} s`);
  console.log(`load average (1 min) at the start ${loadStart.toFixed(1)}, at the end ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`heap peaks by phase: ${Object.entries(heap.peak.phases).map(([k, v]) => `${k} ${mb(v)} MB`).join(', ')}`);
  console.log(`heap peaks: worker ${mb(heap.peak.worker)} MB, page ${mb(heap.peak.page)} MB, together ${mb(heap.peak.sum)} MB over ${heap.peak.samples} samples`);
  line = {
    bench: 'scale',
    ratings: count('ratings'),
    users: count('users'),
    items: count('items'),
    file_mb: Number((file.bytes / 1e6).toFixed(1)),
    import_s: seconds(importMs),
    progress_fractions: fractions,
    train_s: seconds(m.fitMs),
    train_wall_s: seconds(trainWallMs),
    epoch_s_median: seconds(median(epochMs)),
    train_ratings_per_s_median: Math.round(median(m.curves.map((c) => c.ratingsPerSec))),
    epochs: m.epochs,
    factors: FACTORS,
    backend: m.backend,
    val_rmse: m.validation?.rmse != null ? Number(m.validation.rmse.toFixed(4)) : null,
    similar_items_ms_median: Number(simMs.toFixed(1)),
    similar_items_ms_max: Number(Math.max(...sim.runs.map((r) => r.ms)).toFixed(1)),
    peak_heap_mb: mb(heap.peak.sum),
    peak_worker_heap_mb: mb(heap.peak.worker),
    peak_page_heap_mb: mb(heap.peak.page),
    peak_heap_mb_import: mb(heap.peak.phases.import ?? 0),
    peak_heap_mb_train: mb(heap.peak.phases.train ?? 0),
    idb_mb: mb(idbAfter - idbBefore),
    import_plus_train_s: seconds(importMs + m.fitMs),
    total_s: seconds(totalMs),
    load_avg_start: Number(loadStart.toFixed(1)),
    cores: os.cpus().length,
    target_s: TARGET_S,
  };
} finally {
  await browser.close();
  process.kill(-server.pid);
  if (!argv.includes('--keep-file')) rmSync(dir, { recursive: true, force: true });
}
console.log('');
console.log(JSON.stringify(line));
