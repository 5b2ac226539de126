import { expect, test } from '@playwright/test';
import { openApp, recommendations, setSetting, similarItems, status, trainAndWait } from './helpers';

test('demo data trains on WebGPU and recommends', async ({ page }) => {
  await openApp(page);
  await expect(status(page)).toContainText('Backend: webgpu');
  // --use-webgpu-adapter=swiftshader: the lab names the adapter and says it is a software renderer.
  await expect(status(page)).toContainText(/on .*swiftshader/i);
  await expect(status(page)).toContainText('software renderer');
  // The demo dataset is selected on first open: Train works with no other step.
  await expect(page.getByLabel('Selected dataset')).toContainText('Demo');
  // WebGPU defaults: per-rating SGD in the lab's own sparse WGSL kernel.
  await expect(page.getByLabel('Optimizer')).toHaveValue('sgd');
  await expect(page.getByLabel('WebGPU kernel')).toHaveValue('sgd-wgsl');
  await trainAndWait(page);
  await expect(page.getByLabel('Last epoch')).toContainText('webgpu');
  await expect(recommendations(page)).toHaveCount(10);
  await expect(recommendations(page).first()).toContainText(/\(\d{4}\)/); // demo titles carry a year
  await expect(similarItems(page)).toHaveCount(10);
  const cos = await similarItems(page).first().textContent();
  const value = Number(/cos (-?\d\.\d+)/.exec(cos ?? '')?.[1]);
  expect(value).toBeGreaterThan(0);
  expect(value).toBeLessThanOrEqual(1);
});

test('without a WebGPU adapter the lab falls back to WebGL and says why @webgl', async ({ page }) => {
  await openApp(page);
  // (this project pins WebGL; Automatic tries WebGPU first and says why it skipped it)
  await page.getByRole('combobox', { name: 'Backend', exact: true }).selectOption('auto');
  await expect(status(page)).toContainText('Backend: webgl');
  await expect(status(page)).toContainText('webgpu: no adapter');
  await page.getByRole('combobox', { name: 'Backend', exact: true }).selectOption('webgl');
  await expect(status(page)).toContainText('Backend: webgl');
  await setSetting(page, 'Epochs', 2);
  await trainAndWait(page);
  await expect(page.getByLabel('Last epoch')).toContainText('webgl');
  await expect(recommendations(page)).toHaveCount(10);
});

test('with WebGL disabled too, the CPU trainer trains @cpu', async ({ page }) => {
  await openApp(page);
  await expect(status(page)).toContainText('Backend: cpu');
  // The CPU trainer starts from its own defaults: sparse SGD, small batches.
  await expect(page.getByLabel('Optimizer')).toHaveValue('sgd');
  await expect(page.getByLabel('Batch size')).toHaveValue('2048');
  await trainAndWait(page);
  await expect(page.getByLabel('Last epoch')).toContainText('cpu');
  await expect(recommendations(page)).toHaveCount(10);
  await expect(similarItems(page)).toHaveCount(10);
});

test('Stop keeps the model trained so far', async ({ page }) => {
  await openApp(page);
  await setSetting(page, 'Epochs', 200);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByLabel('Last epoch')).toBeVisible();
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(status(page)).toContainText(/Stopped after \d+ epochs/);
  await expect(recommendations(page)).toHaveCount(10);
});
