import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { JacobiCheck, JacobiCheckRequest } from '../src/worker/api';
import { ML100K_DIR, status } from './helpers';

type Lab = {
  selectDataset(id: string): Promise<unknown>;
  checkJacobi(r: JacobiCheckRequest): Promise<JacobiCheck>;
  sniff(f: File): Promise<{ sniff: { encoding?: string; delimiter: string; hasHeader: boolean }; ratingsMapping: unknown }>;
  parseImport(id: string, request: unknown, progress: unknown): Promise<unknown>;
  commitImport(): Promise<{ id: string }>;
};
type Bench = { __labBench: { client: Lab; proxy(f: unknown): unknown } };

/** Selects the demo, or imports a ratings file through the app's import and selects it. */
async function check(page: Page, request: JacobiCheckRequest, text: string | null): Promise<JacobiCheck> {
  return page.evaluate(
    async ({ request, text }) => {
      const { client: lab, proxy } = (window as unknown as Bench).__labBench;
      if (text === null) await lab.selectDataset('demo');
      else {
        const file = new File([text], 'u1.base');
        const { sniff, ratingsMapping } = await lab.sniff(file);
        const options = { encoding: sniff.encoding ?? 'windows-1252', delimiter: sniff.delimiter, hasHeader: sniff.hasHeader, mapping: ratingsMapping };
        await lab.parseImport('jacobi-u1', { name: 'u1.base', ratingsFile: file, ratingsOptions: options, titlesFile: null, titlesOptions: null }, proxy(() => {}));
        await lab.selectDataset((await lab.commitImport()).id);
      }
      return lab.checkJacobi(request);
    },
    { request, text },
  );
}

/** The curve's validation RMSE at wall time `ms` (its last epoch finished by then; NaN if none). */
function rmseAt(f: JacobiCheck['jacobi'], ms: number): number {
  let v = NaN;
  f.elapsedMs.forEach((t, j) => t <= ms && (v = f.valRmse[j]!));
  return v;
}

function report(name: string, c: JacobiCheck, request: JacobiCheckRequest): string {
  const last = (a: number[]) => a[a.length - 1]!;
  const tMs = last(c.tfjs.elapsedMs);
  const reach = c.jacobi.valRmse.findIndex((v) => v <= last(c.tfjs.valRmse));
  return (
    `Jacobi check on ${name} (${c.backend}, ${c.trainRatings} training ratings): one epoch max |tfjs − JS| ${c.oneEpochMaxAbsDiff.toExponential(2)}; ` +
    `tfjs Adam: ${c.tfjs.valRmse.length} epochs in ${(tMs / 1000).toFixed(1)} s, ${Math.round(c.tfjs.ratingsPerSec)} ratings/s, RMSE ${c.tfjs.valRmse.map((v) => v.toFixed(4)).join(' ')}; ` +
    `Jacobi (λ ${request.jacobiRegularization}): ${c.jacobi.valRmse.length} epochs in ${(last(c.jacobi.elapsedMs) / 1000).toFixed(1)} s, ${Math.round(c.jacobi.ratingsPerSec)} ratings/s, RMSE ${c.jacobi.valRmse.map((v) => v.toFixed(4)).join(' ')}; ` +
    `at tfjs's wall time Jacobi RMSE ${rmseAt(c.jacobi, tMs).toFixed(4)}; Jacobi reaches tfjs's final RMSE after ${reach < 0 ? 'never' : `${reach + 1} epochs, ${(c.jacobi.elapsedMs[reach]! / 1000).toFixed(1)} s`}; ` +
    `after ${Math.min(c.tfjs.valRmse.length, c.jacobi.valRmse.length)} epochs each: tfjs ${c.tfjs.valRmse[Math.min(c.tfjs.valRmse.length, c.jacobi.valRmse.length) - 1]!.toFixed(4)}, Jacobi ${c.jacobi.valRmse[Math.min(c.tfjs.valRmse.length, c.jacobi.valRmse.length) - 1]!.toFixed(4)}`
  );
}

// Biased MF on WebGL (SwiftShader): tfjs's dense minibatch path at the GPU defaults (Adam, batch 4096),
// whose gather gradient is a scatter over whole tables, against the gather-only Jacobi update, side by side
// in one page; one Jacobi epoch agrees with the plain-JS (float64) update to float32 rounding.
// In the test suite: the demo, 1 tfjs epoch and 20 Jacobi epochs (about half a minute). JACOBI_FULL=1 runs
// the measurement the README quotes (8 and 60 epochs, the demo and u1.base: about 9 minutes here).
test('Jacobi update on WebGL: agrees with the JS update, learns, and its speed beside tfjs Adam @webgl', async ({ page }) => {
  test.setTimeout(900_000);
  await page.goto('/?bench');
  await expect(status(page)).toContainText(/Backend: webgl/);
  const full = process.env.JACOBI_FULL === '1';
  const jacobiEpochs = full ? 60 : 20;
  const request: JacobiCheckRequest = { factors: 16, tfjsEpochs: full ? 8 : 1, jacobiEpochs, validationFraction: 0.2, seed: 42, jacobiRegularization: Number(process.env.JACOBI_LAMBDA ?? 0.1) };
  const u1 = resolve(ML100K_DIR, 'u1.base');
  const runs: [string, string | null][] = [['the demo', null], ...(full && existsSync(u1) ? [['u1.base', readFileSync(u1, 'latin1')] as [string, string]] : [])];
  for (const [name, text] of runs) {
    const c = await check(page, request, text);
    console.log(report(name, c, request));
    expect(c.backend).toBe('webgl');
    expect(c.oneEpochMaxAbsDiff).toBeLessThan(1e-4);
    expect(c.jacobi.valRmse.length).toBe(jacobiEpochs);
    expect(c.jacobi.valRmse[jacobiEpochs - 1]!).toBeLessThan(c.jacobi.valRmse[0]! - 0.01);
    expect(c.jacobi.valRmse[jacobiEpochs - 1]!).toBeLessThan(1.2);
    expect(c.jacobi.ratingsPerSec).toBeGreaterThan(0);
  }
});
