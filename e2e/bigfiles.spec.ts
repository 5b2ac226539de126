import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp, recommendations, setSetting, status, trainAndWait } from './helpers';

// Big files through the real UI. Both tests run in the CPU project only (they import tens of MB;
// once is enough) and write their files to a temp directory: setInputFiles with a buffer is capped.

/** Writes `header` and lines 0 … count − 1 to `path`, 65 536 lines (about 1 MB) at a time, never one 70 MB string. */
function writeLines(path: string, header: string, count: number, line: (k: number) => string): void {
  const fd = openSync(path, 'w');
  try {
    let block: string[] = [header];
    for (let k = 0; k < count; k++) {
      block.push(line(k));
      if (block.length === 65_536) {
        writeSync(fd, `${block.join('\n')}\n`);
        block = [];
      }
    }
    if (block.length > 0) writeSync(fd, block.join('\n'));
  } finally {
    closeSync(fd);
  }
}

/** Records the import progress bar (value / max) every 25 ms into window.__progress. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { __progress: number[] }).__progress = seen;
    setInterval(() => {
      const bar = document.querySelector('.import progress');
      if (bar instanceof HTMLProgressElement) seen.push(bar.value / bar.max);
    }, 25);
  });
}

const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);

/** Memory of the page's compute worker, read through the Chrome DevTools Protocol. */
interface WorkerMemory {
  /** V8 heap in use plus ArrayBuffer backing stores (where typed-array columns live, outside the heap); -1 when not reported. */
  used(): Promise<number>;
  /** Runs a full garbage collection in the worker. */
  collectGarbage(): Promise<void>;
}

/**
 * A CDP session on the page auto-attaches to its workers (non-flat mode, so messages to the lab's
 * worker go through Target.sendMessageToTarget). performance.memory does not exist in workers.
 */
async function workerMemory(page: Page): Promise<WorkerMemory> {
  const cdp = await page.context().newCDPSession(page);
  const workers: string[] = [];
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker' && /lab\.worker/.test(e.targetInfo.url)) workers.push(e.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown> };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result ?? {});
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await expect.poll(() => workers.length).toBeGreaterThan(0);
  let next = 1;
  const send = async (method: string): Promise<Record<string, unknown>> => {
    const sessionId = workers[workers.length - 1] as string;
    const id = next++;
    const result = new Promise<Record<string, unknown>>((resolve) => waiting.set(id, resolve));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    return result;
  };
  return {
    async used() {
      const { usedSize, backingStorageSize } = await send('Runtime.getHeapUsage');
      return typeof usedSize === 'number' && typeof backingStorageSize === 'number' ? usedSize + backingStorageSize : -1;
    },
    async collectGarbage() {
      await send('HeapProfiler.collectGarbage');
    },
  };
}

const summary = (page: Page) => page.getByLabel('Selected dataset');

test.describe('big files @cpu', () => {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bigfiles-'));
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // 62 500 users × 80 ratings each = 5 000 000 ratings over 8000 items. User u rates items
  // (37u + 67j) mod 8000 for j < 80: distinct per user (67 is coprime to 8000 and 80 < 8000), so there
  // are no duplicate pairs; 37u mod 8000 takes every value as u runs over 62 500 users, so every item is rated.
  const USERS = 62_500;
  const PER_USER = 80;
  const ITEMS = 8000;
  const RATINGS = USERS * PER_USER;

  test('a 5 000 000-rating CSV imports with moving progress and a bounded worker heap, then trains and recommends', async ({ page }) => {
    test.setTimeout(400_000);
    const file = join(dir, 'five-million.csv');
    writeLines(file, 'user,item,rating', RATINGS, (k) => {
      const u = Math.floor(k / PER_USER);
      const j = k % PER_USER;
      return `u${u},i${(37 * u + 67 * j) % ITEMS},${1 + ((u + j) % 5)}`;
    });
    const bytes = statSync(file).size;

    await openApp(page);
    await expect(status(page)).toContainText('Backend: cpu');
    const memory = await workerMemory(page);
    const heapBefore = await memory.used();
    expect(heapBefore).toBeGreaterThan(0);

    await page.getByLabel('Ratings file').setInputFiles(file);
    await page.getByLabel('Dataset name').fill('Five million');
    await recordProgress(page);
    const started = Date.now();
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    // Sample the worker's heap while the import runs (between chunks: the parser awaits each read).
    // Each sample reads the heap as it is (garbage included), then collects garbage and reads what is live.
    let peak = heapBefore;
    let livePeak = heapBefore;
    let samples = 0;
    let done = false;
    const sampling = (async () => {
      while (!done) {
        const h = await memory.used().catch(() => -1);
        await memory.collectGarbage().catch(() => undefined);
        const live = await memory.used().catch(() => -1);
        if (h > 0 && live > 0) {
          samples++;
          peak = Math.max(peak, h);
          livePeak = Math.max(livePeak, live);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await expect(summary(page)).toContainText('Five million', { timeout: 300_000 });
    const seconds = (Date.now() - started) / 1000;
    done = true;
    await sampling;

    await expect(summary(page)).toContainText(`${USERS} users`);
    await expect(summary(page)).toContainText(`${ITEMS} items`);
    await expect(summary(page)).toContainText(`${RATINGS} ratings`);

    // The bar moved: several distinct fractions strictly between 0 and 1 while parsing.
    const fractions = new Set((await progressSeen(page)).filter((f) => f > 0 && f < 1));
    expect(fractions.size).toBeGreaterThanOrEqual(3);

    // Bounded memory. The final columns are 12 bytes a rating (Int32 user, Int32 item, Float32 rating).
    // While parsing, the worker holds the columns (sized up front from the file's head), the ids and the
    // chunk of text in hand; the heap also holds the garbage of earlier chunks until the collector runs
    // (sampling forces a collection after each reading, so that stays small). The samples are taken at
    // the parser's awaits and during the save, not inside the synchronous deduplication. Either bound
    // would fail if the parser kept the file's text (140 MB as UTF-16) or its rows as strings alive.
    const columnar = RATINGS * 12;
    const bound = 4 * columnar + 200 * 2 ** 20;
    const liveBound = 2 * columnar + 100 * 2 ** 20;
    await memory.collectGarbage();
    const after = await memory.used();
    const mb = (n: number) => (n / 2 ** 20).toFixed(0);
    console.info(
      `5M import: ${mb(bytes)} MB file in ${seconds.toFixed(1)} s; worker heap ${mb(heapBefore)} MB before, peak ${mb(peak)} MB (live ${mb(livePeak)} MB) over ${samples} samples (bounds ${mb(bound)} and ${mb(liveBound)} MB, columns ${mb(columnar)} MB), ${mb(after)} MB after a collection; progress fractions seen: ${fractions.size}`,
    );
    expect(samples).toBeGreaterThanOrEqual(3);
    expect(peak).toBeLessThan(bound);
    expect(livePeak).toBeLessThan(liveBound);
    expect(after).toBeGreaterThan(columnar); // the columns are in the worker (so the measure sees them)
    expect(after).toBeLessThan(liveBound);

    await page.getByLabel('Method', { exact: true }).selectOption('biased-mf');
    await setSetting(page, /^Epochs$/, 2);
    // per-rating SGD in WebAssembly (the batched trainer takes ~50 s an epoch here)
    await page.getByLabel('CPU kernel').selectOption('sgd-wasm');
    const trainStart = Date.now();
    await trainAndWait(page, 300_000);
    console.info(`5M: 2 epochs of biased MF (WebAssembly kernel) on cpu in ${((Date.now() - trainStart) / 1000).toFixed(1)} s`);
    await expect(status(page)).toContainText('Trained after 2 epochs');
    await expect(recommendations(page)).toHaveCount(10);
    await expect(recommendations(page).first()).toContainText(/\bi\d+\b/);
  });

  // 25 000 users with multi-byte ids (Chinese names, emoji, accented Latin), each rating 24 of 2000
  // items whose ids are Chinese too: 600 000 rows, about 23 MB, so hundreds of read chunks whose
  // boundaries fall inside multi-byte characters. Row k is user k mod 25 000 (users interleave, and
  // first appear in order: user u gets index u), slot j = ⌊k / 25 000⌋, item (7u + 13j) mod 2000 —
  // distinct per user since 13j < 2000 — so there are no duplicate pairs.
  const MB_USERS = 25_000;
  const MB_PER_USER = 24;
  const MB_ITEMS = 2000;
  const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
  const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '洋'];
  const userId = (u: number): string => {
    const n = String(u).padStart(5, '0');
    if (u % 10 === 3) return `🎬用户${n}🍿`; // astral-plane emoji: 4 bytes each
    if (u % 10 === 7) return `José-Müller-Ørsted-${n}`; // accented Latin: 2 bytes each
    return `${SURNAMES[u % 10]}${GIVEN[Math.floor(u / 10) % 10]}${n}`;
  };
  const itemId = (i: number): string => `电影《第${String(i).padStart(4, '0')}部》`;

  test('a UTF-8 file over 10 MB with multi-byte ids imports with the exact number of distinct users, and ids round-trip', async ({ page }) => {
    test.setTimeout(240_000);
    const file = join(dir, '多字节-ratings.csv');
    writeLines(file, 'user,item,rating', MB_USERS * MB_PER_USER, (k) => {
      const u = k % MB_USERS;
      const j = Math.floor(k / MB_USERS);
      return `${userId(u)},${itemId((7 * u + 13 * j) % MB_ITEMS)},${1 + ((u + j) % 5)}`;
    });
    const bytes = statSync(file).size;
    expect(bytes).toBeGreaterThan(10 * 2 ** 20);

    await openApp(page);
    await page.getByLabel('Ratings file').setInputFiles(file);
    await page.getByLabel('Dataset name').fill('多字节 ids');
    const started = Date.now();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(summary(page)).toContainText('多字节 ids', { timeout: 120_000 });
    console.info(`multi-byte import: ${(bytes / 2 ** 20).toFixed(1)} MB, ${MB_USERS * MB_PER_USER} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await expect(summary(page)).toContainText(`${MB_USERS} users`);
    await expect(summary(page)).toContainText(`${MB_ITEMS} items`);
    await expect(summary(page)).toContainText(`${MB_USERS * MB_PER_USER} ratings`);

    await page.getByLabel('Method', { exact: true }).selectOption('biased-mf');
    await setSetting(page, /^Epochs$/, 1);
    await trainAndWait(page);
    await expect(recommendations(page)).toHaveCount(10);
    // items are listed by their ids (no titles file): whole, multi-byte ids
    await expect(recommendations(page).first()).toContainText(/电影《第\d{4}部》/);

    // Ids chosen by their exact text map to the user of that index (first appearance: user u is #u+1).
    for (const u of [0, 12_345, 24_999, 3, 20_003, 7, 17_777]) {
      await page.getByLabel('User id').fill(userId(u));
      await page.getByRole('button', { name: 'Show user' }).click();
      await expect(page.getByText(`Showing user #${u + 1} of ${MB_USERS}`)).toBeVisible();
    }
    // A name with one character changed is no user.
    await page.getByLabel('User id').fill('张伟99999');
    await page.getByRole('button', { name: 'Show user' }).click();
    await expect(page.locator('.status-bar .error')).toHaveText('No user with id "张伟99999" in this dataset.');
  });
});
