import { expect, type Page } from '@playwright/test';
import { HAVE_ML100K, ML100K_DIR } from '../src/data/ml100k.testutil';

/** MovieLens 100K lives outside the repo (its licence forbids redistribution). */
export { ML100K_DIR };
export const hasMl100k = HAVE_ML100K;
export const ML100K_SKIP_MESSAGE = `MovieLens 100K not found at ${ML100K_DIR}: skipping (place ../shared/data/ml-100k beside the repo to run this test).`;

export const status = (page: Page) => page.getByRole('status');

/** Opens the app and waits until a backend is chosen and the demo dataset is loaded. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(status(page)).toContainText(/Backend: (webgpu|webgl|wasm|cpu)/);
  await expect(page.getByLabel('Selected dataset')).toBeVisible();
}

/** Sets a numeric training setting by its label. */
export async function setSetting(page: Page, label: string | RegExp, value: number): Promise<void> {
  await page.getByLabel(label).fill(String(value));
}

/** Trains and waits for the run to end (the Train button enabled again and a summary in the status). */
export async function trainAndWait(page: Page, timeout = 120_000): Promise<void> {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status(page)).toContainText(/(Trained|Stopped) after \d+ epochs/, { timeout });
}

export const recommendations = (page: Page) => page.getByRole('list', { name: 'Recommendations', exact: true }).getByRole('listitem');
export const similarItems = (page: Page) => page.getByRole('list', { name: 'Similar items', exact: true }).getByRole('listitem');
