import { expect, test } from '@playwright/test';
import { openApp, recommendations, setSetting, status, trainAndWait } from './helpers';

test('biased MF trains with the WebAssembly kernel on 2 threads (DSGD) and says so @cpu', async ({ page }) => {
  test.setTimeout(40_000);
  await openApp(page);
  await expect(status(page)).toContainText('Backend: cpu');
  // the preview server sends COOP same-origin + COEP require-corp: SharedArrayBuffer is there
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.getByLabel('CPU kernel').selectOption('sgd-wasm');
  await page.getByLabel('Threads').selectOption('2');
  await setSetting(page, 'Epochs', 5);
  await trainAndWait(page, 30_000);
  const guarantee = '2 threads (DSGD, 8×8 blocks): same seed → the same model on any number of threads from 2 up, bit for bit';
  await expect(status(page)).toContainText(`Trained after 5 epochs`);
  await expect(status(page)).toContainText(guarantee);
  await expect(page.getByTestId('epoch-note')).toHaveText(guarantee);
  await expect(page.getByLabel('Last epoch')).toContainText('cpu');
  await expect(recommendations(page)).toHaveCount(10);
});
