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
