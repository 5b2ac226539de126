import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { ML100K_DIR, ML100K_SKIP_MESSAGE, hasMl100k, openApp, status } from './helpers';

test.describe('MovieLens 100K in the evaluation lab', () => {
  test.skip(!hasMl100k, ML100K_SKIP_MESSAGE);

  test('u1.base + u1.test (titles from u.item): every method is fitted and measured on the predefined split @cpu', async ({ page }) => {
    test.setTimeout(600_000);
    await openApp(page);
    await page.getByLabel('Ratings file').setInputFiles(resolve(ML100K_DIR, 'u1.base'));
    await page.getByLabel('Item titles file').setInputFiles(resolve(ML100K_DIR, 'u.item'));
    await page.getByLabel('Dataset name').fill('u1.base');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByLabel('Selected dataset')).toContainText('80000 ratings', { timeout: 60_000 });

    const panel = page.locator('section[aria-labelledby="evaluate-heading"]');
    await panel.getByLabel('Predefined test file').check();
    await panel.getByLabel('Test file', { exact: true }).setInputFiles(resolve(ML100K_DIR, 'u1.test'));
    await panel.getByRole('button', { name: 'Create split' }).click();
    // 20 000 test ratings, 32 of them on items that u1.base never rated: counted, not scored
    await expect(panel).toContainText('19968 test ratings');
    await expect(panel).toContainText('not in train: 0 users, 32 items (32 test rows not scored)');

    // with timestamps (u1.base's 4th column) and titles, no method is held back by a missing need
    const methods = panel.locator('.method-head input[type="checkbox"]');
    await expect(panel.locator('.method-unmet')).toHaveCount(0);
    const n = await methods.count();
    for (let j = 0; j < n; j++) await methods.nth(j).check();
    await panel.getByRole('button', { name: 'Run evaluation' }).click();
    await expect(status(page)).toContainText(new RegExp(`Evaluated ${n} methods`), { timeout: 540_000 });

    const table = panel.getByRole('table').first();
    await expect(table.locator('tbody tr')).toHaveCount(n);
    const rmse = await table.locator('tbody tr').evaluateAll((trs) =>
      Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-method'), Number(tr.querySelector('td[data-metric="rmse"]')?.getAttribute('data-value') || NaN)])),
    );
    // measured: baseline 0.9595, item-kNN 0.9338, biased MF (CPU defaults) 0.9249 on u1
    expect(rmse['baseline']).toBeGreaterThan(0.95);
    expect(rmse['baseline']).toBeLessThan(0.97);
    expect(rmse['item-knn']).toBeLessThan(0.945);
    expect(rmse['biased-mf']).toBeLessThan(0.94);
    for (const td of await table.locator('td[data-metric="ndcg"]').all()) expect(Number(await td.getAttribute('data-value'))).toBeGreaterThanOrEqual(0);
  });
});
