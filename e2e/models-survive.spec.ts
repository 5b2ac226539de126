import { expect, test, type Page } from '@playwright/test';
import { openApp, recommendations, setSetting, status, trainAndWait } from './helpers';

/** Title and raw score of every listed recommendation, in order. */
async function listed(page: Page): Promise<string[][]> {
  await expect(recommendations(page)).toHaveCount(10);
  return recommendations(page).evaluateAll((items) =>
    items.map((li) => [li.querySelector('.title')?.textContent ?? '', li.querySelector('.num.muted')?.textContent ?? '']),
  );
}

/** Reloads the page and waits, like openApp, for a backend and the (demo) dataset. */
async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await expect(status(page)).toContainText(/Backend: (webgpu|webgl|wasm|cpu)/);
  await expect(page.getByLabel('Selected dataset')).toBeVisible();
}

const trainedModels = (page: Page) => page.getByRole('list', { name: 'Trained models', exact: true });

test('a model trained on the demo survives a reload with the same recommendations, and a deleted one stays deleted', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Method', { exact: true }).selectOption('biased-mf');
  await setSetting(page, 'Epochs', 3);
  await trainAndWait(page);
  const picker = page.getByLabel('Model', { exact: true });
  const id = await picker.inputValue();
  expect(id).toMatch(/^biased-mf-\d+-1$/);
  const before = await listed(page);
  expect(before.every(([title]) => title !== '')).toBe(true);
  await expect(trainedModels(page).getByRole('listitem')).toHaveCount(1);
  await expect(trainedModels(page)).toContainText(/Biased matrix factorization \(\w+, 3 epochs, [\d.]+ s\) stored in this browser, [\d.]+ KB/);
  const label = await picker.locator('option:checked').textContent();
  expect(label).toMatch(/ · stored$/);

  await reloadApp(page);
  await expect(picker).toHaveValue(id);
  await expect(picker.locator('option:checked')).toHaveText(label ?? '');
  await expect(trainedModels(page).getByRole('listitem')).toHaveCount(1);
  await expect(trainedModels(page)).toContainText('stored in this browser');
  // Restored from the store on first use: the same list, titles and scores.
  expect(await listed(page)).toEqual(before);
  // Explain works on the restored model and reproduces the listed score.
  const first = recommendations(page).first();
  await first.getByRole('button', { name: 'Explain' }).click();
  const panel = first.getByRole('region', { name: 'Explanation' });
  await expect(panel).toContainText('the same value');
  await expect(status(page)).not.toContainText(/Could not|cannot|failed/i);

  // Delete by keyboard: the button is named after the model.
  const del = trainedModels(page).getByRole('button', { name: /^Delete the model Biased matrix factorization \(\w+, 3 epochs, [\d.]+ s\)$/ });
  await del.focus();
  await page.keyboard.press('Enter');
  await expect(picker).toHaveCount(0);
  await expect(page.getByText('Train a model to see recommendations.')).toBeVisible();
  await expect(status(page)).toContainText('Deleted Biased matrix factorization');

  await reloadApp(page);
  await expect(page.getByText('Train a model to see recommendations.')).toBeVisible();
  await expect(picker).toHaveCount(0);
  await expect(trainedModels(page)).toHaveCount(0);
});
