import { expect, test, type Page } from '@playwright/test';
import { recommendations, setSetting, status, trainAndWait } from './helpers';
import { importCsv, smallRatingsCsv } from './smallData';

/** What `?testhooks` puts on window (src/ui/testHook.ts). */
interface LabTestHook {
  terminateWorker(): void;
  memory(): Promise<{ numTensors: number; numBytes: number; backend: string }>;
}

/** Opens the app with the test hooks and waits for a backend and the demo dataset. */
async function openWithHooks(page: Page): Promise<void> {
  await page.goto('/?testhooks');
  await expect(status(page)).toContainText(/Backend: (webgpu|webgl|cpu)/);
  await expect(page.getByLabel('Selected dataset')).toBeVisible();
}

const memory = (page: Page) => page.evaluate(() => (window as unknown as { __labTest: LabTestHook }).__labTest.memory());

/** The Tensors column of the epoch table, one value per epoch. */
const epochTensorCounts = (page: Page) =>
  page.getByRole('table', { name: 'All epochs', includeHidden: true }).locator('tbody tr td:nth-child(8)').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));

/** Starts a long training run and waits until its first epoch is reported (so it is mid-run). */
async function startLongTraining(page: Page): Promise<void> {
  await setSetting(page, /^Epochs$/, 500);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status(page)).toContainText('Training ');
  await expect(page.getByLabel('Last epoch')).toBeVisible();
}

test('a worker terminated mid-training: the call fails with a clear message, the worker restarts, and the next training works', async ({ page }) => {
  await openWithHooks(page);
  await startLongTraining(page);
  await page.evaluate(() => (window as unknown as { __labTest: LabTestHook }).__labTest.terminateWorker());
  await expect(page.getByRole('alert')).toContainText('Training failed: The compute worker stopped while train was running: it was terminated; it has been restarted.');
  await expect(status(page)).toContainText('The compute worker restarted: the dataset is reloaded and its stored models are listed again.');
  await expect(status(page)).toContainText(/Backend: (webgpu|webgl|cpu)/);
  await expect(page.getByLabel('Selected dataset')).toContainText('Demo');
  // the new worker trains
  await setSetting(page, /^Epochs$/, 2);
  await trainAndWait(page);
  await expect(status(page)).toContainText('Trained after 2 epochs');
  await expect(recommendations(page)).toHaveCount(10);
});

for (const [backend, tag] of [['webgpu', ''], ['webgl', ' @webgl']] as const) {
  test(`biased MF on ${backend}: tensor count flat across 20 epochs and across 10 train/Stop cycles${tag}`, async ({ page }) => {
    await openWithHooks(page);
    await expect(status(page)).toContainText(`Backend: ${backend}`);
    const idle = await memory(page);
    expect(idle.backend).toBe(backend);

    // a small dataset (200 users, 100 items, 3000 ratings: one step per epoch) keeps 30 runs short on SwiftShader
    await importCsv(page, 'Leak check', smallRatingsCsv());
    await expect(page.getByLabel('Selected dataset')).toContainText('3000 ratings');
    // WebGPU trains MF with the lab's own WGSL kernel (no tfjs tensors): check tfjs's path here
    if (backend === 'webgpu') await page.getByLabel('WebGPU kernel').selectOption('tfjs');
    await setSetting(page, /^Epochs$/, 20);
    await trainAndWait(page);
    const counts = await epochTensorCounts(page);
    expect(counts.length).toBe(20);
    console.info(`idle ${idle.numTensors} tensors / ${idle.numBytes} bytes; per epoch ${counts.join(' ')}`);
    // tables, optimizer slots and constants: the same set alive at the end of every epoch
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(idle.numTensors);
    await expect(recommendations(page)).toHaveCount(10);
    const afterRun = await memory(page);
    expect(afterRun.numTensors).toBe(idle.numTensors);
    expect(afterRun.numBytes).toBe(idle.numBytes);

    for (let cycle = 1; cycle <= 10; cycle++) {
      await startLongTraining(page);
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      await expect(status(page)).toContainText(/Stopped after \d+ epochs/);
      const m = await memory(page);
      console.info(`cycle ${cycle}: ${m.numTensors} tensors / ${m.numBytes} bytes`);
      expect({ cycle, tensors: m.numTensors, bytes: m.numBytes }).toEqual({ cycle, tensors: idle.numTensors, bytes: idle.numBytes });
    }
  });
}
