import { expect, test, type Locator } from '@playwright/test';
import { openApp, recommendations, status } from './helpers';

/** Opens an entry's explanation and returns (recomputed value, value as listed). */
async function explain(entry: Locator): Promise<{ recomputed: number; shown: number; panel: Locator }> {
  await entry.getByRole('button', { name: 'Explain' }).click();
  const panel = entry.getByRole('region', { name: 'Explanation' });
  await expect(panel).toBeVisible();
  const recomputed = Number(await panel.getByTestId('result-explain-value').textContent());
  const shown = Number(await panel.getByTestId('explain-shown').textContent());
  return { recomputed, shown, panel };
}

test('every registered method trains on the demo data and explains its listed scores @cpu', async ({ page }) => {
  await openApp(page);
  const method = page.getByLabel('Method', { exact: true });
  await expect(method.locator('option').first()).toBeAttached();
  const ids = await method.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(ids.length).toBeGreaterThanOrEqual(4);
  for (const id of ids) {
    await method.selectOption(id);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(status(page)).toContainText(/Trained/, { timeout: 120_000 });
    await expect(page.getByLabel('Model', { exact: true })).toHaveValue(new RegExp(`^${id}-`));
    const first = recommendations(page).first();
    await expect(first).toBeVisible();
    const listed = Number(/(?:r̂|score) (-?\d+(?:\.\d{4})?)/.exec((await first.textContent()) ?? '')?.[1]);
    const e = await explain(first);
    expect(Math.abs(e.shown - listed), `${id}: the panel shows the listed value`).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(e.recomputed - listed), `${id}: the traced formula reproduces the listed score`).toBeLessThanOrEqual(1e-4);
    await expect(e.panel).toContainText('the same value');
  }
});

test('a neural method shows its layers, shapes and parameter counts before training @cpu', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Method', { exact: true }).selectOption('ncf');
  const table = page.getByRole('table', { name: 'Network layers' });
  await expect(table).toBeVisible();
  // the demo data: 600 users × 400 items, so the user embedding table is 600 × d
  await expect(table.locator('caption')).toContainText('600 users × 400 items');
  const counts = (await table.locator('tbody td[data-value]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))))) as number[];
  expect(counts.length).toBeGreaterThanOrEqual(4);
  const total = Number(/: ([\d,]+) parameters/.exec((await table.locator('caption').textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  expect(total).toBe(counts.reduce((a, b) => a + b, 0));
  await expect(table).toContainText(/Embedding/i);
});
