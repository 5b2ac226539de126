import { expect, test } from '@playwright/test';
import { recommendations, setSetting, status } from './helpers';

// The WebGPU device is destroyed after epoch 2 (as a driver reset would): training goes on with the
// next backend (WebGL here) from the checkpoint after epoch 2, and the status line says so.
test('a GPU lost mid-training: the run goes on with WebGL from the last epoch, and says so', async ({ page }) => {
  await page.goto('/?bench');
  await expect(status(page)).toContainText('Backend: webgpu');
  await expect(page.getByLabel('Selected dataset')).toBeVisible();
  await setSetting(page, 'Epochs', 3);
  const armed = await page.evaluate(() => (window as unknown as { __labBench: { client: { loseGpuAfterEpoch(e: number): Promise<boolean> } } }).__labBench.client.loseGpuAfterEpoch(2));
  expect(armed).toBe(true);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status(page)).toContainText(/webgpu failed during training: .+\. Went on with webgl from the checkpoint after epoch 2\. Trained after 3 epochs/, { timeout: 120_000 });
  await expect(status(page)).toContainText('Backend: webgl');
  // epochs 1–2 on the GPU's WGSL kernel, 3 on WebGL: one table row per epoch, each naming its backend
  const rows = page.locator('table[aria-label="All epochs"] tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('webgpu');
  await expect(rows.nth(2)).toContainText('webgl');
  await expect(recommendations(page)).toHaveCount(10);
});
