import { expect, test } from '@playwright/test';
import { openApp, status } from './helpers';

test('balance: diagnostics of the demo data, a remedy as its own row, a λ sweep and its trade-off curve @cpu', async ({ page }) => {
  await openApp(page);
  const panel = page.locator('section[aria-labelledby="evaluate-heading"]');
  const balance = panel.locator('section[aria-labelledby="balance-heading"]');

  // diagnostics of the selected dataset: head share and Gini of items and users, each a number in (0, 1)
  await expect(balance.locator('dl[data-side="items"]')).toContainText('Head share');
  for (const side of ['items', 'users']) {
    const values = await balance.locator(`dl[data-side="${side}"] dd[data-value]`).evaluateAll((dds) => dds.map((dd) => Number(dd.getAttribute('data-value'))));
    expect(values).toHaveLength(2);
    for (const v of values) {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(1);
    }
  }
  await expect(balance).toContainText('genre calibration remedy can run');
  // the long-tail curve has a table of its points (the demo's 400 films: top 1%, 5%, 10%, 20%, 50%, all)
  const curveTable = balance.locator('.balance-curve table.balance-table');
  await expect(curveTable.locator('tbody tr')).toHaveCount(6);
  await expect(curveTable.locator('tbody tr').last()).toContainText('100.0%');
  await balance.getByLabel('ratings per user').check();
  await expect(balance.locator('.balance-curve figcaption')).toContainText('users with ratings');

  // a split, then a remedy on the popularity run: measured as its own row, named after its remedy
  await panel.getByRole('button', { name: 'Create split' }).click();
  await expect(panel.getByText(/random 20% · seed 42/).first()).toBeVisible();
  const popularity = panel.locator('.method-card[data-method="popularity"]');
  const remedy = popularity.getByLabel('Balance remedy');
  // IPW weighs a loss summed over ratings: not for the popularity count
  await expect(remedy.locator('option[value="ipw"]')).toBeDisabled();
  await remedy.selectOption('rerank-popularity');
  await expect(popularity).toContainText('Listed as “Most popular + popularity penalty λ=0.8”');
  await panel.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(status(page)).toContainText(/Evaluated 2 methods/, { timeout: 60_000 });
  const table = panel.locator('table.cmp-table');
  await expect(table.locator('tbody tr[data-label="Most popular + popularity penalty λ=0.8"]')).toHaveCount(1);

  // a λ sweep of the popularity penalty on the same run: one row per λ and a trade-off curve with a table of its points
  await balance.getByLabel('Method run').selectOption({ index: 0 });
  await balance.getByLabel('λ values').fill('0, 0.5, 1');
  await balance.getByRole('button', { name: 'Run λ sweep' }).click();
  await expect(status(page)).toContainText(/Evaluated 3 methods/, { timeout: 60_000 });
  await expect(table.locator('tbody tr')).toHaveCount(3);
  const curve = balance.locator('figure[data-curve="rerank-popularity"]');
  await expect(curve).toContainText('Most popular · popularity penalty');
  await expect(curve.getByRole('img')).toBeVisible();
  const points = curve.locator('table tbody tr');
  await expect(points).toHaveCount(3);
  const coverage = await curve.locator('td[data-metric="coverage"]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
  // the penalty spreads the lists over more of the catalogue than the plain popularity ranking
  expect(coverage[2]!).toBeGreaterThan(coverage[0]!);
  // the re-rankings shared the one fit of the first run
  await expect(table.locator('td[data-metric="fitMs"]').nth(1)).toContainText('same fit as the run before');
});
