import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { ML100K_DIR, ML100K_SKIP_MESSAGE, hasMl100k, openApp, recommendations, setSetting, status, trainAndWait } from './helpers';

test.describe('MovieLens 100K import', () => {
  test.skip(!hasMl100k, ML100K_SKIP_MESSAGE);

  test('u.data + u.item import with counts, recommend with titles, and survive a reload', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Ratings file').setInputFiles(resolve(ML100K_DIR, 'u.data'));
    await page.getByLabel('Item titles file').setInputFiles(resolve(ML100K_DIR, 'u.item'));
    // u.item is latin-1: the lab notices and preselects Latin-1.
    await expect(page.getByText('This file is not valid UTF-8')).toBeVisible();
    await page.getByLabel('Dataset name').fill('MovieLens 100K');
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    const summary = page.getByLabel('Selected dataset');
    await expect(summary).toContainText('MovieLens 100K', { timeout: 60_000 });
    await expect(summary).toContainText('943 users');
    await expect(summary).toContainText('1682 items');
    await expect(summary).toContainText('100000 ratings');

    await setSetting(page, 'Epochs', 3);
    await trainAndWait(page);
    await expect(recommendations(page)).toHaveCount(10);
    // Titles, not ids: MovieLens titles end with the year in parentheses.
    await expect(recommendations(page).first()).toContainText(/\(\d{4}\)/);

    // A user chosen by the id in the file.
    await page.getByLabel('User id').fill('42');
    await page.getByRole('button', { name: 'Show user' }).click();
    await expect(page.getByText('Showing user #')).toBeVisible();

    await page.reload();
    await expect(status(page)).toContainText(/Backend: /);
    await expect(page.getByLabel('Selected dataset')).toContainText('100000 ratings');
    await expect(page.getByRole('list', { name: 'Datasets' })).toContainText('MovieLens 100K');
  });
});

test('a file with bad rows lists them by line and column and keeps only what the user accepts', async ({ page }) => {
  await openApp(page);
  const csv = ['user,item,rating', 'ann,Heat,4', 'bob,Heat,five', 'ann,Alien,5', 'cat,Alien', 'bob,Alien,3', 'ann,Heat,2'].join('\n');
  await page.getByLabel('Ratings file').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const review = page.getByRole('region', { name: 'Import review' });
  await expect(review).toContainText('2 rows could not be used');
  // line 3: "bob,Heat,five", rating column 3; line 5: "cat,Alien" has 2 fields.
  await expect(review.getByRole('row').nth(1)).toContainText('3');
  await expect(review).toContainText('five');
  await expect(review).toContainText('1 were duplicates');
  await page.getByRole('button', { name: /Keep the 3 good ratings/ }).click();
  const summary = page.getByLabel('Selected dataset');
  await expect(summary).toContainText('2 users');
  await expect(summary).toContainText('2 items');
  await expect(summary).toContainText('3 ratings');
});

test('a dropped file imports with its delimiter and header detected, and a deleted dataset is gone', async ({ page }) => {
  await openApp(page);
  const csv = 'user;item;stars\r\nu1;Heat;4\r\nu2;Heat;5\r\nu1;Alien;3\r\n';
  const files = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.getByRole('group', { name: /Files to import/ }).dispatchEvent('drop', { dataTransfer: files });
  await expect(page.getByLabel('Delimiter')).toHaveValue(';');
  await expect(page.getByLabel('First row is a header')).toBeChecked();
  await expect(page.getByLabel('Rating column')).toHaveValue('2');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const summary = page.getByLabel('Selected dataset');
  await expect(summary).toContainText('dropped.csv');
  await expect(summary).toContainText('2 users');
  await expect(summary).toContainText('3 ratings');

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete dataset dropped.csv' }).click();
  await expect(page.getByRole('list', { name: 'Datasets' })).not.toContainText('dropped.csv');
  await expect(summary).toContainText('Demo');
  await page.reload();
  await expect(page.getByRole('list', { name: 'Datasets' })).not.toContainText('dropped.csv');
});
