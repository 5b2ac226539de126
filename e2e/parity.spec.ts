import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

// The same seed and data on every backend: WebGPU matches the CPU trainer to 1e-4 relative,
// WebGL (which may compute in lower precision) within 2e-2.
test('backend parity: WebGPU and WebGL losses agree with the CPU trainer', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Compare backends' }).click();
  const table = page.getByRole('table', { name: 'Backend parity' });
  await expect(table).toBeVisible({ timeout: 120_000 });
  const diff = async (backend: string) =>
    Number(await table.locator(`tr[data-backend="${backend}"] td[data-value]`).getAttribute('data-value'));
  expect(await diff('cpu')).toBe(0);
  // all 10 steps ran on every backend
  for (const b of ['cpu', 'webgpu', 'webgl']) await expect(table.locator(`tr[data-backend="${b}"]`)).toHaveAttribute('data-steps', '10');
  const webgpu = await diff('webgpu');
  expect(webgpu).toBeGreaterThanOrEqual(0);
  expect(webgpu).toBeLessThan(1e-4);
  const webgl = await diff('webgl');
  console.log(`largest relative loss difference from the CPU trainer over 10 steps: webgpu ${webgpu.toExponential(2)}, webgl ${webgl.toExponential(2)}`);
  expect(webgl).toBeGreaterThanOrEqual(0);
  expect(webgl).toBeLessThan(2e-2);
});
