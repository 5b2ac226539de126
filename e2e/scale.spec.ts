import { expect, test } from '@playwright/test';
import { openApp, setSetting, similarItems, recommendations, trainAndWait } from './helpers';

// "Similar items" runs on the GPU in row tiles with a top-k per tile, so it never holds an n×n matrix
// (60 000² floats would be 13.4 GiB). A catalogue of 60 000 items, each rated twice, proves it.
test('a 60 000-item catalogue trains and finds similar items on WebGPU', async ({ page }) => {
  test.setTimeout(240_000);
  const nItems = 60_000;
  const lines = ['user,item,rating'];
  for (let j = 0; j < 2 * nItems; j++) {
    // item j mod n, user (j · 7919) mod 3000, rating 1..5: deterministic, every item rated twice.
    lines.push(`u${(j * 7919) % 3000},i${j % nItems},${1 + (j % 5)}`);
  }
  await openApp(page);
  await page.getByLabel('Ratings file').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const summary = page.getByLabel('Selected dataset');
  await expect(summary).toContainText('60000 items', { timeout: 60_000 });
  await setSetting(page, 'Epochs', 1);
  await trainAndWait(page, 180_000);
  await expect(recommendations(page)).toHaveCount(10);
  await expect(similarItems(page)).toHaveCount(10, { timeout: 60_000 });
  const timing = page.getByTestId('similar-timing');
  await expect(timing).toHaveAttribute('data-backend', 'webgpu');
  await expect(timing).toContainText('all 60000 items');
  console.log(`similar items over 60 000 items on webgpu: ${Number(await timing.getAttribute('data-ms')).toFixed(0)} ms`);
});
