import { expect, test, type Page } from '@playwright/test';

/** The section of example n, found by its heading "Example n: …". */
const example = (page: Page, n: number) => page.getByRole('region', { name: new RegExp(`^Example ${n}:`) });

test.beforeEach(async ({ page }) => {
  await page.goto('/#/examples');
  await expect(page.getByRole('heading', { level: 1, name: 'Worked examples' })).toBeVisible();
});

test('the page lists all nine examples, reachable from the nav link', async ({ page }) => {
  await expect(page.getByRole('link', { name: 'Worked examples' })).toHaveAttribute('aria-current', 'page');
  for (let n = 1; n <= 9; n++) {
    await expect(example(page, n)).toBeVisible();
    await expect(example(page, n).getByRole('button', { name: 'Reset', exact: true })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: /train|stop|import/i })).toHaveCount(0);
});

test('example 4 shows σ(1.6) = 0.8320 and names the 0.9185 misprint', async ({ page }) => {
  await expect(page.getByTestId('result-4-sigma')).toHaveText('0.8320');
  await expect(example(page, 4)).toContainText('0.9185');
  // Math is rendered by KaTeX, with MathML for screen readers.
  await expect(example(page, 4).locator('.katex math').first()).toBeAttached();
});

test('example 2 recomputes as you type, and Reset restores the lesson values', async ({ page }) => {
  const section = example(page, 2);
  const score = page.getByTestId('result-2-score');
  await expect(score).toHaveText('0.3900');
  const wu1 = section.getByLabel('w_u entry 1', { exact: true });
  await expect(wu1).toHaveValue('0.2');
  await wu1.fill('0.3');
  // 0.3·0.1 + 0.3·0.4 + 0.5·0.5 = 0.03 + 0.12 + 0.25 = 0.40
  await expect(score).toHaveText('0.4000');
  await expect(section).toContainText('0.03');

  // A bad entry gets an inline error and the result waits; nothing crashes.
  await wu1.fill('abc');
  await expect(wu1).toHaveAttribute('aria-invalid', 'true');
  await expect(section).toContainText('“abc” is not a number');
  await expect(score).toHaveCount(0);
  await expect(page.getByTestId('invalid-2-score')).toBeVisible();

  // Reset by keyboard.
  await section.getByRole('button', { name: 'Reset', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(wu1).toHaveValue('0.2');
  await expect(score).toHaveText('0.3900');
});

test('example 3 with a 3×3 W shows the shape error, and Reset brings back 0.5769', async ({ page }) => {
  const section = example(page, 3);
  await expect(page.getByTestId('result-3-score')).toHaveText('0.5769');
  await section.getByLabel('W rows', { exact: true }).selectOption({ label: '3' });
  await section.getByLabel('W columns', { exact: true }).selectOption({ label: '3' });
  await expect(section.getByLabel('W row 3, column 3', { exact: true })).toBeVisible();
  const alert = section.getByRole('alert');
  await expect(alert).toContainText('W is 3×3');
  await expect(alert).toContainText('1×6');
  await expect(page.getByTestId('result-3-score')).toHaveCount(0);

  await section.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(alert).toHaveCount(0);
  await expect(section.getByLabel('W rows', { exact: true })).toHaveValue('1');
  await expect(page.getByTestId('result-3-score')).toHaveText('0.5769');
});

test('example 1: three users, similarities from the table, editable ratings', async ({ page }) => {
  const section = example(page, 1);
  await expect(page.getByTestId('result-1-similarities')).toHaveText('Bob: 0.9487, Carol: 0.9698');
  await expect(page.getByTestId('result-1-prediction')).toHaveText('2.9890');
  await expect(page.getByTestId('result-1-centred')).toHaveText('3.4918');
  // k = 1 keeps only Carol (the most similar): the prediction is her rating.
  await section.getByLabel('k (number of neighbours)').fill('1');
  await expect(page.getByTestId('result-1-prediction')).toHaveText('2.0000');
  // Predicting for Bob, who rated Item 4, says the known rating is ignored.
  await section.getByLabel('Predict for user', { exact: true }).selectOption({ label: 'Bob' });
  await expect(section).toContainText('Bob already rated Item 4 (4)');
  await section.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(section.getByLabel('Predict for user', { exact: true })).toHaveValue('0');
  await expect(page.getByTestId('result-1-prediction')).toHaveText('2.9890');
});

test('examples 5–9 show the correct classic values', async ({ page }) => {
  await expect(page.getByTestId('result-5-cosine')).toHaveText('0.9949');
  await expect(example(page, 5)).toContainText('0.857');
  await expect(page.getByTestId('result-5-pearson')).toHaveText('1.0000');
  await example(page, 5).getByLabel(/Sample/).check();
  await expect(example(page, 5)).toContainText('Sample form');
  await expect(page.getByTestId('result-6-jaccard')).toHaveText('0.0000');
  await expect(page.getByTestId('result-7-prediction')).toHaveText('0.8200');
  await expect(page.getByTestId('result-7-loss')).toHaveText('0.0324');
  await expect(page.getByTestId('result-7-loss-half')).toHaveText('0.0162');
  await expect(page.getByTestId('result-8-beta')).toHaveText('(-1.0000, 2.0000)');
  await example(page, 8).getByLabel('Include an intercept').check();
  await expect(page.getByTestId('result-8-beta')).toContainText('singular');
  await expect(example(page, 8)).toContainText('x2 = x1 + 1');
  await expect(page.getByTestId('result-9-prediction')).toHaveText('0.7300');
  await expect(page.getByTestId('result-9-loss')).toHaveText('0.0729');
});
