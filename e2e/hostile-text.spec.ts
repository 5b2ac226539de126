/**
 * Titles, ids and genres from files render as text (issue 10): a dataset whose user ids, item ids,
 * titles, genres, file name and one bad cell are HTML and script goes through every place such
 * strings appear — import preview and review, dataset list, recommendations, similar items, the
 * You panel, Explain (tables and KaTeX), evaluation, balance, Simulate's slate, the charts — and
 * each shows literally while nothing runs: no injected element exists, window.__xss stays unset,
 * no dialog opens and the Content-Security-Policy never had to block a script. Deleting the
 * dataset then leaves none of it behind (IndexedDB records, the stored simulation run).
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, recommendations, similarItems, status, trainAndWait } from './helpers';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=2</script>';
const SVG = '"><svg onload=window.__xss=3>';
const HOSTILE = [IMG, SCRIPT, SVG] as const;
const FILE_NAME = `${IMG}.csv`;

const N_USERS = 30;
const N_ITEMS = 60;
const hostile = (k: number): string => HOSTILE[k % 3]!;
const userId = (j: number): string => (j < 3 ? hostile(j) : `u${j}`);
const itemId = (k: number): string => (k < 3 ? hostile(k) : `m${k}`);
const title = (k: number): string => `${hostile(k)} #${k}`;
/** Whether a shown text is exactly one of the titles above ("<hostile string> #k"). */
const isTitle = (text: string): boolean => {
  const k = Number(/ #(\d+)$/.exec(text)?.[1] ?? NaN);
  return Number.isInteger(k) && k < N_ITEMS && text === title(k);
};
/** A CSV field: quoted (inner quotes doubled) when it holds a quote or a comma. */
const field = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Ratings: every user rates the 8 most popular items and 2 in 5 of the rest; one row's rating is HTML. */
function ratingsCsv(): string {
  const rows = ['user,item,rating'];
  for (let j = 0; j < N_USERS; j++) {
    for (let k = 0; k < N_ITEMS; k++) {
      if (k >= 8 && (j * 7 + k * 3) % 5 >= 2) continue;
      rows.push([field(userId(j)), field(itemId(k)), String(1 + ((j + 2 * k) % 5))].join(','));
    }
  }
  rows.push(['u3', 'm99', field(IMG)].join(','));
  return rows.join('\n');
}

/** Titles and genres ('A|B'): every title, and every genre, is one of the hostile strings. */
function titlesCsv(): string {
  const rows = ['movieId,title,genres'];
  for (let k = 0; k < N_ITEMS; k++) rows.push([field(itemId(k)), field(title(k)), field(`${hostile(k)}|${hostile(k + 1)}`)].join(','));
  return rows.join('\n');
}

/** Asserts nothing from the file became markup or ran, and the policy never blocked a script. */
async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"], svg[onload], [onerror], [onload]')).toHaveCount(0);
  expect(await page.evaluate(() => [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__xss')).length)).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: unknown[] }).__cspViolations)).toEqual([]);
  expect(dialogs).toEqual([]);
}

/** How many records of a dataset each IndexedDB store of the lab holds. */
async function storedRecords(page: Page, datasetId: string): Promise<Record<string, number>> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('recommender-lab');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const count = (store: string, key: IDBValidKey | IDBKeyRange) =>
      new Promise<number>((resolve) => {
        const req = db.transaction(store).objectStore(store).count(key);
        req.onsuccess = () => resolve(req.result);
      });
    const byDataset = (store: string) =>
      new Promise<number>((resolve) => {
        const req = db.transaction(store).objectStore(store).index('byDataset').count(id);
        req.onsuccess = () => resolve(req.result);
      });
    const counts = {
      meta: await count('meta', id),
      chunks: await byDataset('chunks'),
      idmaps: await count('idmaps', id),
      titles: await count('titles', id),
      splits: await byDataset('splits'),
      evaluations: await byDataset('evaluations'),
    };
    db.close();
    return counts;
  }, datasetId);
}

test('titles, ids, genres and a file name that are HTML show literally everywhere and run nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await openApp(page);

  // Import preview: the cells as text.
  await page.getByLabel('Ratings file').setInputFiles({ name: FILE_NAME, mimeType: 'text/csv', buffer: Buffer.from(ratingsCsv()) });
  await page.getByLabel('Item titles file').setInputFiles({ name: 'titles.csv', mimeType: 'text/csv', buffer: Buffer.from(titlesCsv()) });
  const preview = page.getByRole('table', { name: `First rows of ${FILE_NAME}` });
  await expect(preview.getByText(IMG, { exact: true }).first()).toBeVisible();
  await expect(preview.getByText(SCRIPT, { exact: true }).first()).toBeVisible();
  const titlesPreview = page.getByRole('table', { name: 'First rows of titles.csv' });
  await expect(titlesPreview.getByText(title(1), { exact: true })).toBeVisible();
  await expect(titlesPreview.getByText(`${SVG}|${IMG}`, { exact: true }).first()).toBeVisible();
  await expectInert(page, dialogs);

  // Import review: the bad cell quoted literally.
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const review = page.getByRole('region', { name: 'Import review' });
  await expect(review.getByRole('table')).toContainText(`rating "${IMG}" is not a number`);
  await expectInert(page, dialogs);
  await review.getByRole('button', { name: /Keep the \d+ good ratings/ }).click();

  // Dataset list and summary: the file name.
  await expect(page.getByLabel('Selected dataset')).toContainText(FILE_NAME);
  await expect(page.getByRole('list', { name: 'Datasets' }).getByText(FILE_NAME, { exact: true })).toBeVisible();
  await expect(page.getByLabel('Selected dataset')).toContainText(`${N_USERS} users`);

  // Recommendations and similar items: titles.
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('5');
  await trainAndWait(page);
  await expect(recommendations(page)).toHaveCount(10);
  const recTitles = await recommendations(page).locator('.title').allTextContents();
  expect(recTitles).toHaveLength(10);
  for (const t of recTitles) expect(isTitle(t), t).toBe(true);

  // A user chosen by a hostile id.
  await page.getByLabel('User id').fill(SCRIPT);
  await page.getByRole('button', { name: 'Show user' }).click();
  await expect(page.getByText(`Showing user #2 of ${N_USERS}`)).toBeVisible();
  await page.getByLabel('User id').fill(`${SVG} (absent)`);
  await page.getByRole('button', { name: 'Show user' }).click();
  await expect(page.locator('.status-bar .error')).toHaveText(`No user with id "${SVG} (absent)" in this dataset.`);

  // Explain: a recommendation and a similar item.
  const rec = recommendations(page).first();
  await rec.getByRole('button', { name: 'Explain' }).click();
  await expect(rec.getByRole('region', { name: 'Explanation' })).toContainText('the same value');
  await expect(rec.getByRole('region', { name: 'Explanation' })).toContainText(`Why user ${SCRIPT} gets `);
  await expect(similarItems(page)).not.toHaveCount(0);
  const similar = similarItems(page).nth(1);
  expect(isTitle((await similar.locator('.title').textContent()) ?? '')).toBe(true);
  await similar.getByRole('button', { name: 'Explain' }).click();
  await expect(similar.getByRole('region', { name: 'Explanation' })).toBeVisible();
  await expectInert(page, dialogs);

  // You: search, rate, picks and their content explanation (genres and title words through KaTeX).
  const you = page.locator('section[aria-labelledby="you-heading"]');
  await you.getByLabel('Search titles').fill('svg');
  const results = you.getByRole('list', { name: 'Search results' });
  await expect(results.getByText(title(2), { exact: true })).toBeVisible();
  await results.getByRole('combobox', { name: `Your rating for ${title(2)}`, exact: true }).selectOption('5');
  await expect(you.getByRole('list', { name: 'Your ratings' }).getByText(title(2), { exact: true })).toBeVisible();
  const pick = you.getByRole('list', { name: 'Picks for you' }).getByRole('listitem').first();
  await expect(pick.locator('.title')).toHaveText(/ #\d+$/);
  expect(isTitle((await pick.locator('.title').textContent()) ?? '')).toBe(true);
  await pick.getByRole('button', { name: 'Explain' }).click();
  const pickExplanation = pick.getByRole('region', { name: 'Explanation' });
  await expect(pickExplanation.locator('.katex').first()).toBeVisible();
  // The rated item's genres are features of the pick: in the KaTeX step and in the table.
  await expect(pickExplanation.locator('.trace-steps')).toContainText(`genre: ${SVG}`);
  await expect(pickExplanation.getByRole('table').first()).toContainText(`genre: ${SVG}`);
  await expectInert(page, dialogs);

  // Evaluation and balance.
  const evaluate = page.locator('section[aria-labelledby="evaluate-heading"]');
  await evaluate.getByRole('button', { name: 'Create split' }).click();
  await evaluate.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(status(page)).toContainText(/Evaluated 2 methods/, { timeout: 60_000 });
  await expect(evaluate.locator('table.cmp-table tbody tr')).toHaveCount(2);
  const balance = evaluate.locator('section[aria-labelledby="balance-heading"]');
  await expect(balance).toContainText(`${N_ITEMS} items have genres (3 distinct), so the genre calibration remedy can run.`);
  await expect(balance.locator('.balance-curve table.balance-table tbody tr').first()).toBeVisible();
  await expectInert(page, dialogs);

  // Simulate: the slate's items by title, and the curves' legends.
  const simulate = page.locator('section[aria-labelledby="simulate-heading"]');
  await simulate.getByLabel('Steps (users served)').fill('200');
  await simulate.getByLabel('Record a point every').fill('50');
  await simulate.getByRole('button', { name: 'Simulate' }).click();
  await expect(simulate.getByRole('table', { name: 'Results per policy' })).toBeVisible({ timeout: 120_000 });
  await simulate.getByLabel('Explain the last slate of').selectOption({ index: 0 });
  const slate = simulate.getByRole('table', { name: /last slate/ });
  await expect(slate.locator('tbody tr').first()).toBeVisible();
  const slateItems = await slate.locator('td.sim-item').allTextContents();
  expect(slateItems.length).toBeGreaterThan(0);
  for (const item of slateItems) expect(isTitle(item), item).toBe(true);

  // uPlot's cursor legend and tooltips: hover every chart.
  for (const chart of await page.locator('.uplot .u-over').all()) {
    await chart.scrollIntoViewIfNeeded();
    await chart.hover();
  }
  await expect(page.locator('.u-legend').first()).toBeVisible();
  await expectInert(page, dialogs);

  // Deleting the dataset leaves nothing of it in the browser: no stored run, no IndexedDB record.
  const simulationKeys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('recommender-lab:simulation:')));
  await expect.poll(simulationKeys).toHaveLength(1);
  const datasetId = (await simulationKeys())[0]!.slice('recommender-lab:simulation:'.length);
  expect(await storedRecords(page, datasetId)).toEqual({ meta: 1, chunks: 1, idmaps: 1, titles: 1, splits: 1, evaluations: 1 });
  page.removeAllListeners('dialog');
  page.once('dialog', (d) => {
    expect(d.message()).toBe(`Delete the dataset "${FILE_NAME}" from this browser?`);
    void d.accept();
  });
  await page.getByRole('button', { name: `Delete dataset ${FILE_NAME}` }).click();
  await expect(page.getByRole('list', { name: 'Datasets' })).not.toContainText(FILE_NAME);
  expect(await simulationKeys()).toEqual([]);
  expect(await storedRecords(page, datasetId)).toEqual({ meta: 0, chunks: 0, idmaps: 0, titles: 0, splits: 0, evaluations: 0 });
});
