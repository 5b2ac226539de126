/**
 * The bad-input catalogue in the real UI (issue 10): a binary file is refused before any preview,
 * long cells never widen the page, file text renders as text, a wrong delimiter guess is corrected
 * in the preview, and out-of-scale ratings are the user's call. Most cases are unit tests
 * (src/worker/importCatalogue.test.ts); these are the ones only a browser can show.
 */
import { expect, test, type Page } from '@playwright/test';
import { noise } from '../src/data/badInputFiles.testutil';
import { openApp } from './helpers';

const datasets = (page: Page) => page.getByRole('list', { name: 'Datasets' });
const errorLine = (page: Page) => page.locator('.status-bar .error');
const setRatings = (page: Page, name: string, body: string | Buffer) =>
  page.getByLabel('Ratings file').setInputFiles({ name, mimeType: 'text/csv', buffer: typeof body === 'string' ? Buffer.from(body) : body });
/** Whether the page is wider than the 1280 px viewport. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test.describe('bad input @cpu', () => {
  test('random bytes named .csv are refused as not a text file before any preview; the store is unchanged', async ({ page }) => {
    await openApp(page);
    const before = await datasets(page).innerText();
    await setRatings(page, 'random.csv', Buffer.from(noise(4096, 7)));
    await expect(errorLine(page)).toHaveText(
      "Could not read random.csv: This is not a text file: it contains binary data (a zero byte at byte 137). Choose a ratings file in a delimited text format (CSV, TSV, ';', '|' or '::').",
    );
    await expect(page.getByRole('table', { name: /First rows of/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
    expect(await datasets(page).innerText()).toBe(before);
  });

  test('a 5 000-character cell is cut in the preview and the review table, and the page stays 1280 px wide', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await openApp(page);
    const long = 'W'.repeat(5000);
    await setRatings(page, 'long.csv', `user,item,rating\nann,${long},4\nbob,Heat,5\ncat,Heat,${long}\n`);
    const preview = page.getByRole('table', { name: 'First rows of long.csv' });
    await expect(preview).toContainText(`${'W'.repeat(200)}…`);
    expect(await pageWidth(page)).toBeLessThanOrEqual(1280);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const review = page.getByRole('region', { name: 'Import review' });
    await expect(review).toContainText('1 rows could not be used');
    await expect(review.getByRole('table')).toContainText(`rating "${'W'.repeat(40)}…" is not a number`);
    expect(await pageWidth(page)).toBeLessThanOrEqual(1280);
    await page.getByRole('button', { name: 'Discard everything' }).click();
    await expect(datasets(page)).not.toContainText('long.csv');
  });

  test('a title and an id like <img src=x onerror=alert(1)> show literally and run nothing', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openApp(page);
    const html = '<img src=x onerror=alert(1)>';
    await setRatings(page, 'xss.csv', `user,item,rating\n"${html}",m1,4\nbob,m1,5\nbob,m2,3\n`);
    await page.getByLabel('Item titles file').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(`id,title\nm1,"${html}"\nm2,Heat\n`) });
    await expect(page.getByRole('table', { name: 'First rows of xss.csv' }).getByText(html, { exact: true })).toBeVisible();
    await expect(page.getByRole('table', { name: 'First rows of items.csv' }).getByText(html, { exact: true })).toBeVisible();
    await expect(page.locator('.preview img')).toHaveCount(0);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByLabel('Selected dataset')).toContainText('xss.csv');
    expect(dialogs).toEqual([]);
  });

  test('a wrong delimiter guess is corrected in the preview, and the file imports', async ({ page }) => {
    await openApp(page);
    await setRatings(page, 'semi.csv', 'u1;Heat, The;4\nu2;Alien, The;5\nu1;Alien, The;3\n');
    // Every row splits evenly on ',' and on ';': the lab guesses ',' and says it is a guess.
    await expect(page.getByLabel('Delimiter')).toHaveValue(',');
    await expect(page.getByText('The delimiter or the header row is a guess')).toBeVisible();
    await page.getByLabel('Delimiter').selectOption(';');
    const preview = page.getByRole('table', { name: 'First rows of semi.csv' });
    await expect(preview.getByRole('row').nth(1).getByRole('cell')).toHaveText(['u1', 'Heat, The', '4']);
    await expect(page.getByLabel('Rating column')).toHaveValue('2');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = page.getByLabel('Selected dataset');
    await expect(summary).toContainText('semi.csv');
    await expect(summary).toContainText('2 users');
    await expect(summary).toContainText('3 ratings');
  });

  test('ratings outside the scale the rest of the file uses are flagged; the user drops them', async ({ page }) => {
    await openApp(page);
    const ratings = Array.from({ length: 20 }, (_, k) => String((k % 5) + 1));
    ratings[3] = '-3';
    ratings[10] = '50';
    await setRatings(page, 'scale.csv', ['user,item,rating', ...ratings.map((r, k) => `u${k % 7},i${k},${r}`)].join('\n'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const review = page.getByRole('region', { name: 'Import review' });
    await expect(review.getByRole('alert')).toHaveText(
      '2 ratings lie outside the scale the rest of the file uses (1–5 in whole steps); the first on line 5, column 3: "-3". Keep them, or drop them?',
    );
    await review.getByRole('button', { name: 'Drop the 2 outside 1–5 in whole steps' }).click();
    const summary = page.getByLabel('Selected dataset');
    await expect(summary).toContainText('scale.csv');
    await expect(summary).toContainText('18 ratings');
  });

  test('a dataset with one user cannot be trained, and says why', async ({ page }) => {
    await openApp(page);
    await setRatings(page, 'one.csv', 'user,item,rating\nann,Heat,4\nann,Alien,5\n');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByLabel('Selected dataset')).toContainText('one.csv');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(errorLine(page)).toContainText(
      'Cannot train on "one.csv": it has only 1 user. A recommender needs at least 2 users and 2 items to learn from; import a file with more.',
    );
  });
});
