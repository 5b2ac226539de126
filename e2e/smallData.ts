import { expect, type Page } from '@playwright/test';

/**
 * A small clean ratings CSV: `users` users × `perUser` distinct items each out of `items`
 * (item (7u + 13j) mod items, distinct while perUser ≤ items, since 13 is coprime to 100), rating
 * 1 + (u + j) mod 5.
 */
export function smallRatingsCsv(users = 200, items = 100, perUser = 15): string {
  const lines = ['user,item,rating'];
  for (let u = 0; u < users; u++) {
    for (let j = 0; j < perUser; j++) lines.push(`u${u},i${(7 * u + 13 * j) % items},${1 + ((u + j) % 5)}`);
  }
  return lines.join('\n');
}

/** Imports a clean CSV under `name` and waits until it is the selected dataset. */
export async function importCsv(page: Page, name: string, csv: string): Promise<void> {
  await page.getByLabel('Ratings file').setInputFiles({ name: `${name}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('Dataset name').fill(name);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByLabel('Selected dataset')).toContainText(name);
}
