import { expect, test, type Locator } from '@playwright/test';
import { openApp, recommendations, similarItems, trainAndWait } from './helpers';

/** Opens an entry's explanation and returns (recomputed value, value as listed). */
async function explain(entry: Locator): Promise<{ recomputed: number; shown: number }> {
  await entry.getByRole('button', { name: 'Explain' }).click();
  const panel = entry.getByRole('region', { name: 'Explanation' });
  await expect(panel).toBeVisible();
  const recomputed = Number(await panel.getByTestId('result-explain-value').textContent());
  const shown = Number(await panel.getByTestId('explain-shown').textContent());
  return { recomputed, shown };
}

test('every kind of listed score explains itself with the model’s real numbers', async ({ page }) => {
  await openApp(page);
  await trainAndWait(page);

  // A recommendation: μ + b_u + b_i + q_u·p_i recomputed by the lesson's formula equals the listed r̂.
  const first = recommendations(page).first();
  const listed = Number(/r̂ (-?\d+\.\d{4})/.exec((await first.textContent()) ?? '')?.[1]);
  const rec = await explain(first);
  expect(rec.shown).toBeCloseTo(listed, 4);
  expect(Math.abs(rec.recomputed - listed)).toBeLessThanOrEqual(1e-4);
  await expect(first.getByRole('region', { name: 'Explanation' })).toContainText('the same value');
  await expect(first.getByRole('region', { name: 'Explanation' })).toContainText('Top 3 contributing terms');

  // A similar item: the cosine's numerator, norms and result.
  const sim = similarItems(page).nth(1);
  const listedCos = Number(/cos (-?\d\.\d{4})/.exec((await sim.textContent()) ?? '')?.[1]);
  const cos = await explain(sim);
  expect(Math.abs(cos.recomputed - listedCos)).toBeLessThanOrEqual(1e-4);

  // "You": the folded-in vector and bias explain the picks.
  await page.getByLabel('Search titles').fill('a');
  const rateFirst = page.getByRole('list', { name: 'Search results' }).getByRole('combobox').first();
  await rateFirst.selectOption('5');
  const picks = page.getByRole('list', { name: 'Picks for you' }).getByRole('listitem');
  await expect(picks).toHaveCount(10);
  const pick = picks.first();
  const listedPick = Number(/r̂ (-?\d+\.\d{4})/.exec((await pick.textContent()) ?? '')?.[1]);
  const you = await explain(pick);
  expect(Math.abs(you.recomputed - listedPick)).toBeLessThanOrEqual(1e-4);
  await expect(pick.getByRole('region', { name: 'Explanation' })).toContainText('Your profile w was fitted');
});
