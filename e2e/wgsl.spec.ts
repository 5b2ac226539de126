import { expect, test } from '@playwright/test';
import type { KernelCheck } from '../src/worker/api';
import { status } from './helpers';

// The WGSL per-rating SGD kernel on the page's own WebGPU device (SwiftShader here): on a chunk with no
// user or item twice it computes sequential SGD exactly (to float32 rounding); on a whole split its racing
// (Hogwild) updates end within 0.005 validation RMSE of the CPU's sequential per-rating trainer.
test('WGSL SGD kernel: exact on a chunk without repeats, within 0.005 RMSE of the CPU trainer after the same epochs', async ({ page }) => {
  await page.goto('/?bench');
  await expect(status(page)).toContainText(/Backend: webgpu/);
  const check = await page.evaluate(async () => {
    const { client } = (window as unknown as { __labBench: { client: { selectDataset(id: string): Promise<unknown>; checkWgslKernel(r: unknown): Promise<KernelCheck> } } }).__labBench;
    await client.selectDataset('demo');
    return client.checkWgslKernel({ factors: 32, epochs: 10, validationFraction: 0.2, seed: 7 });
  });
  console.log(`WGSL kernel on the demo: ${check.uniqueRows} rows without repeats, max |Δ| ${check.uniqueMaxAbsDiff.toExponential(2)}, Σ e² rel. Δ ${check.uniqueSqErrRelDiff.toExponential(2)}; validation RMSE CPU ${check.cpuRmse.toFixed(4)}, GPU ${check.gpuRmse.toFixed(4)}; ratings/s CPU ${Math.round(check.cpuRatingsPerSec)}, GPU ${Math.round(check.gpuRatingsPerSec)}`);
  // the demo has 600 users and 400 items: a chunk without repeats has at most 400 ratings
  expect(check.uniqueRows).toBeGreaterThan(300);
  expect(check.uniqueRows).toBeLessThanOrEqual(400);
  expect(check.uniqueMaxAbsDiff).toBeLessThan(1e-6);
  // Σ e² of that chunk as the GPU sums it (its own read-back, and the epoch's) is the CPU's
  expect(check.uniqueSqErrRelDiff).toBeLessThan(1e-5);
  expect(Math.abs(check.gpuRmse - check.cpuRmse)).toBeLessThan(0.005);
  expect(check.cpuRmse).toBeGreaterThan(0.5);
  expect(check.cpuRmse).toBeLessThan(1.2);
});
