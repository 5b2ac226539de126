import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp, status } from './helpers';

test('evaluate: a seeded split, two methods compared, the table survives a reload, CSV export @cpu', async ({ page }) => {
  await openApp(page);
  const panel = page.locator('section[aria-labelledby="evaluate-heading"]');
  await panel.getByRole('button', { name: 'Create split' }).click();
  await expect(panel.getByText(/random 20% · seed 42/).first()).toBeVisible();
  // the demo has 41 522 ratings (with its film series): ⌊0.2 · 41522⌋ = 8304 go to test
  await expect(panel).toContainText('8304 test ratings');
  await panel.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(status(page)).toContainText(/Evaluated 2 methods/, { timeout: 60_000 });

  const table = panel.getByRole('table').first();
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const ndcg = await table.locator('td[data-metric="ndcg"]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
  expect(ndcg).toHaveLength(2);
  for (const v of ndcg) expect(v).toBeGreaterThan(0);
  // RMSE applies to the baseline (a rating predictor) and not to popularity
  const rmse = await table.locator('td[data-metric="rmse"]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')));
  expect(rmse.filter((v) => v !== '' && Number(v) > 0.5 && Number(v) < 1.5)).toHaveLength(1);

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync((await (await download).path()) ?? '', 'utf8');
  expect(csv.split(/\r\n/)[0]).toContain('ndcg@10');
  expect(csv.trim().split(/\r\n/)).toHaveLength(3);

  await page.reload();
  await expect(status(page)).toContainText(/Backend: cpu/);
  await expect(page.locator('section[aria-labelledby="evaluate-heading"]').getByRole('table').first().locator('tbody tr')).toHaveCount(2);
});
