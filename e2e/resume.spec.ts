import { expect, test } from '@playwright/test';
import { openApp, setSetting, status } from './helpers';

// A reload mid-training keeps the last completed epoch (a checkpoint in IndexedDB): the page offers to
// resume, the run goes on from the next epoch with its curves so far, and once it ends nothing is left
// to resume.
test('a reload mid-training: resume from the last stored epoch, and the curves continue @cpu', async ({ page }) => {
  await openApp(page);
  // long enough to reload mid-run: 500 epochs of k 256
  await setSetting(page, /^Epochs$/, 500);
  await setSetting(page, /^Factors k$/, 256);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByLabel('Last epoch')).toContainText(/Epoch\s*\d{2,} \/ 500/, { timeout: 60_000 });

  await page.reload();
  await openApp(page);
  const offer = page.getByRole('region', { name: 'Interrupted training' });
  await expect(offer).toContainText(/Training Biased matrix factorization was cut short after epoch \d+ of 500/);
  const stored = Number(/after epoch (\d+) of/.exec((await offer.textContent()) ?? '')?.[1]);
  expect(stored).toBeGreaterThanOrEqual(1);

  await offer.getByRole('button', { name: `Resume from epoch ${stored + 1}` }).click();
  await expect(status(page)).toContainText(`Resuming Biased matrix factorization on Demo`);
  // the curves so far come back, and the next epoch reported is the one after the checkpoint
  const rows = page.locator('table[aria-label="All epochs"] tbody tr');
  await expect(rows.nth(stored)).toBeAttached({ timeout: 60_000 });
  await expect(rows.nth(stored - 1).locator('td').first()).toHaveAttribute('data-value', String(stored));
  await expect(rows.nth(stored).locator('td').first()).toHaveAttribute('data-value', String(stored + 1));
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(status(page)).toContainText(/Stopped after \d+ epochs/);
  const after = Number(/Stopped after (\d+) epochs/.exec((await status(page).textContent()) ?? '')?.[1]);
  expect(after).toBeGreaterThan(stored);

  // the run ended normally: a reload offers nothing to resume
  await page.reload();
  await openApp(page);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  await expect(page.getByRole('region', { name: 'Interrupted training' })).toHaveCount(0);
});
