import { expect, test, type Page } from '@playwright/test';
import { openApp, recommendations, setSetting, status, trainAndWait } from './helpers';

/** The figures in "Automatic: webgpu 0.71 M ratings/s, webgl: no step finished in 0.67 s, cpu 6.2 M ratings/s → cpu (…)". */
async function automaticLine(page: Page): Promise<{ rates: Record<string, number | null>; chosen: string }> {
  const text = (await status(page).textContent()) ?? '';
  const m = /Automatic: (.+?) → (webgpu|webgl|cpu) \(/.exec(text);
  if (!m) throw new Error(`no Automatic line in the status: ${text}`);
  const rates: Record<string, number | null> = {};
  for (const part of m[1]!.split(/, (?=webgpu|webgl|cpu)/)) {
    const rate = /^(webgpu|webgl|cpu)(?: \([^)]*\))? ([\d.]+) (M|k|) ?ratings\/s$/.exec(part);
    const none = /^(webgpu|webgl|cpu): /.exec(part);
    if (rate) rates[rate[1]!] = Number(rate[2]) * (rate[3] === 'M' ? 1e6 : rate[3] === 'k' ? 1e3 : 1);
    else if (none) rates[none[1]!] = null;
    else throw new Error(`unreadable part "${part}" of: ${text}`);
  }
  return { rates, chosen: m[2]! };
}

// Automatic: each backend trains for a moment on the selected data and settings; the run goes to the
// fastest measured, and the status line gives every figure. The choice is read from the figures shown,
// so the test holds whichever backend wins on this machine.
test('Automatic measures each backend, trains on the fastest and says so', async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Backend', exact: true }).selectOption('auto');
  await expect(status(page)).toContainText('Backend: webgpu');
  await setSetting(page, /^Epochs$/, 3);
  await trainAndWait(page);
  await expect(status(page)).toContainText(/Automatic: .+ → (webgpu|webgl|cpu) \(measured in [\d.]+ s\)\. Trained after 3 epochs/);
  const { rates, chosen } = await automaticLine(page);
  expect(Object.keys(rates)).toEqual(['webgpu', 'webgl', 'cpu']);
  expect(rates.webgpu).toBeGreaterThan(0);
  expect(rates.cpu).toBeGreaterThan(0);
  // WebGL drives the same GPU as WebGPU, which has a figure: not run (its first step takes seconds here)
  expect(rates.webgl).toBeNull();
  await expect(status(page)).toContainText('webgl: not measured (webgpu has a figure, on the same GPU)');
  const best = Math.max(...Object.values(rates).map((r) => r ?? 0));
  expect(rates[chosen]).toBe(best);
  await expect(page.getByLabel('Last epoch')).toContainText(chosen);
  await expect(status(page)).toContainText(`Backend: ${chosen}`);
  await expect(recommendations(page)).toHaveCount(10);

  // the same data, method and settings: the figures are not measured again
  await trainAndWait(page);
  await expect(status(page)).toContainText('(measured earlier this session). Trained after 3 epochs');
  // other settings: measured again
  await setSetting(page, /^Epochs$/, 4);
  await trainAndWait(page);
  await expect(status(page)).toContainText(/Automatic: .+ \(measured in [\d.]+ s\)\. Trained after 4 epochs/);
  // a pinned backend measures nothing
  await page.getByRole('combobox', { name: 'Backend', exact: true }).selectOption('webgpu');
  await expect(status(page)).toContainText('Backend: webgpu');
  await trainAndWait(page);
  await expect(status(page)).not.toContainText('Automatic:');
  await expect(page.getByLabel('Last epoch')).toContainText('webgpu');
});

// A tfjs step of the neural scorer takes seconds on this machine's software GPU (the first one, with its
// shaders, about 3 s): measured once, then left out of later calibrations of the method this session.
test('a GPU backend whose step was slower than the time left is not run again', async ({ page }) => {
  await openApp(page);
  await page.getByRole('combobox', { name: 'Backend', exact: true }).selectOption('auto');
  await page.getByLabel('Method', { exact: true }).selectOption('neural-scorer');
  await setSetting(page, /^Epochs$/, 2);
  await trainAndWait(page);
  const first = await automaticLine(page);
  expect(first.rates.cpu).toBeGreaterThan(0);
  await setSetting(page, /^Epochs$/, 3);
  await trainAndWait(page);
  const text = (await status(page).textContent()) ?? '';
  const skipped = /webgpu: not measured \(one step took ([\d.]+) s in an earlier calibration; ([\d.]+) s left\)/.exec(text);
  expect(skipped, text).not.toBeNull();
  expect(Number(skipped![1])).toBeGreaterThan(Number(skipped![2]));
  await expect(status(page)).toContainText('webgl: not measured (webgpu, on the same GPU, was too slow)');
  const second = await automaticLine(page);
  expect(second).toEqual({ rates: { webgpu: null, webgl: null, cpu: second.rates.cpu }, chosen: 'cpu' });
  await expect(status(page)).toContainText('Trained after 3 epochs');
});
