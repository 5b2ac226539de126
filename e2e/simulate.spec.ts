import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

const simulatePanel = (page: Page) => page.locator('section[aria-labelledby="simulate-heading"]');

test('Simulate: five policies on the demo, live curves, results per policy, an explained slate, Stop, and the run survives a reload @cpu', async ({ page }) => {
  await openApp(page);
  const sim = simulatePanel(page);
  await expect(sim.getByRole('list', { name: 'Policies to run' }).getByRole('listitem')).toHaveCount(5);

  // On the demo it starts in the world where exploring pays: planted users, the policies knowing only genres.
  await expect(sim.getByLabel('Simulated users')).toHaveValue('planted');
  await expect(sim.getByLabel('What the policies know of each item')).toHaveValue('genres');
  // …with the knobs measured best there; switching to the fitted vectors puts the defaults back
  const alpha = sim.getByLabel('α', { exact: true });
  await expect(alpha).toHaveValue('0.5');
  await sim.getByLabel('What the policies know of each item').selectOption('vectors');
  await expect(alpha).toHaveValue('0.2');
  await sim.getByLabel('What the policies know of each item').selectOption('genres');
  await expect(alpha).toHaveValue('0.5');

  // A short run: 600 users served, a point every 50 steps.
  await sim.getByLabel('Steps (users served)').fill('600');
  await sim.getByLabel('Record a point every').fill('50');
  await sim.getByRole('button', { name: 'Simulate' }).click();
  const results = sim.getByRole('table', { name: 'Results per policy' });
  await expect(results).toBeVisible({ timeout: 120_000 });
  const rows = results.locator('tbody tr');
  await expect(rows).toHaveCount(5);
  await expect(sim.getByRole('img', { name: /Cumulative regret per step/ })).toBeVisible();

  // Regret is a non-negative expected quantity; the random policy covers more of the catalogue than greedy.
  const value = async (policy: string, metric: string) => Number(await results.locator(`tr[data-policy="${policy}"] td[data-metric="${metric}"]`).getAttribute('data-value'));
  for (const p of ['greedy', 'epsilon-greedy', 'linucb', 'thompson', 'random']) expect(await value(p, 'regret')).toBeGreaterThanOrEqual(0);
  expect(await value('random', 'coverage')).toBeGreaterThan(await value('greedy', 'coverage'));
  expect(await value('random', 'regret')).toBeGreaterThan(await value('linucb', 'regret'));
  // per window of 50 steps (500 slots over 400 films) random shows more distinct films than greedy
  expect(await value('random', 'windowCoverage')).toBeGreaterThan(await value('greedy', 'windowCoverage'));
  await expect(sim.getByText(/The policies know only each item's genres, x_i = \[g_i; 1\] over 8 genres/)).toBeVisible();

  // Why LinUCB showed what it showed: one row per slot, with its bonus.
  await sim.getByLabel('Explain the last slate of').selectOption({ index: 2 });
  const slate = sim.getByRole('table', { name: /last slate/ });
  await expect(slate.locator('tbody tr')).toHaveCount(10);
  await expect(slate.getByRole('columnheader', { name: 'Bonus' })).toBeVisible();

  // Stop a long run part-way: the curves so far are kept and say so.
  await sim.getByLabel('Steps (users served)').fill('1000000');
  await sim.getByRole('button', { name: 'Simulate' }).click();
  await expect(sim.getByRole('img', { name: /Cumulative regret per step/ })).toBeVisible();
  await expect(sim.getByRole('button', { name: 'Stop simulation' })).toBeEnabled();
  await page.waitForTimeout(1500);
  await sim.getByRole('button', { name: 'Stop simulation' }).click();
  await expect(sim.getByText(/Stopped at step \d+ of 1000000/)).toBeVisible({ timeout: 60_000 });

  // A reload shows the last run again.
  await page.reload();
  await openApp(page);
  await expect(simulatePanel(page).getByText(/Stopped at step \d+ of 1000000/)).toBeVisible();
  await expect(simulatePanel(page).getByRole('table', { name: 'Results per policy' }).locator('tbody tr')).toHaveCount(5);
});
