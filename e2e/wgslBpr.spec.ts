import { expect, test } from '@playwright/test';
import type { BprKernelCheck, BprKernelCheckRequest } from '../src/worker/api';
import { status } from './helpers';

// BPR's WGSL per-triple SGD kernel on the page's own WebGPU device (SwiftShader here): on a batch with no
// user twice and no item twice (as i or j) one dispatch computes the CPU runner's SGD step (to float32
// rounding); on a split of the demo's positives its racing (Hogwild) dispatches of 65 536 triples end within
// 0.02 validation AUC of the CPU's per-triple SGD after the same epochs, and learn (AUC well above 0.5); a run
// resumed from its checkpoint ends where the uninterrupted one does.
test('WGSL BPR kernel: the CPU step on a batch without repeats, the CPU trainer’s AUC after the same epochs', async ({ page }) => {
  await page.goto('/?bench');
  await expect(status(page)).toContainText(/Backend: webgpu/);
  const request: BprKernelCheckRequest = { factors: 32, epochs: 10, validationFraction: 0.2, seed: 7, trainers: ['cpu', 'wgsl', 'tfjsAdam'], resumeAt: 5 };
  const check = await page.evaluate(async (r) => {
    const { client } = (window as unknown as { __labBench: { client: { selectDataset(id: string): Promise<unknown>; checkWgslBprKernel(r: unknown): Promise<BprKernelCheck> } } }).__labBench;
    await client.selectDataset('demo');
    return client.checkWgslBprKernel(r);
  }, request);
  const t = check.trainers;
  const fig = (name: keyof typeof t) => {
    const f = t[name];
    return f ? `${name} AUC ${f.auc.toFixed(4)}, loss ${f.lastLoss.toFixed(4)}, ${Math.round(f.triplesPerSec)} triples/s (batch ${f.batchSize}, ${f.optimizer})` : `${name} not run`;
  };
  console.log(
    `WGSL BPR kernel on the demo: ${check.uniqueTriples} triples without repeats, max |Δ| ${check.uniqueMaxAbsDiff.toExponential(2)}, L_B CPU ${check.uniqueLossCpu.toFixed(5)} GPU ${check.uniqueLossGpu.toFixed(5)}; ` +
      `${check.trainTriples} triples per epoch, ${check.validationPairs} held out; ${fig('cpu')}; ${fig('wgsl')}; ${fig('tfjsAdam')}; ` +
      `resumed after epoch 5: ${check.resumed?.epochsRun} epochs, AUC ${check.resumed?.auc.toFixed(4)}, loss ${check.resumed?.lastLoss.toFixed(4)}, max |Δ| to the uninterrupted run ${check.resumed?.maxAbsDiff.toExponential(2)}`,
  );
  // the demo has 400 items: a batch without repeats has at most 200 triples (i and j distinct)
  expect(check.uniqueTriples).toBeGreaterThan(150);
  expect(check.uniqueTriples).toBeLessThanOrEqual(200);
  expect(check.uniqueMaxAbsDiff).toBeLessThan(1e-6);
  expect(Math.abs(check.uniqueLossGpu - check.uniqueLossCpu)).toBeLessThan(1e-4 * check.uniqueLossCpu);
  const cpu = t.cpu!;
  const wgsl = t.wgsl!;
  expect(cpu.auc).toBeGreaterThan(0.7);
  expect(Math.abs(wgsl.auc - cpu.auc)).toBeLessThan(0.02);
  expect(Math.abs(wgsl.lastLoss - cpu.lastLoss)).toBeLessThan(0.05);
  expect(wgsl.triplesPerSec).toBeGreaterThan(0);
  // a checkpoint of the WGSL run goes on from epoch 6 and ends where the uninterrupted run does, to a tolerance:
  // Hogwild races order colliding updates differently from run to run (entries differ by up to a few 0.01), but
  // a run that started afresh instead would end 5 epochs behind (mean loss ~0.6 rather than ~0.49)
  expect(check.resumed?.epochsRun).toBe(5);
  expect(Math.abs(check.resumed!.auc - wgsl.auc)).toBeLessThan(0.005);
  expect(Math.abs(check.resumed!.lastLoss - wgsl.lastLoss)).toBeLessThan(0.005);
});
