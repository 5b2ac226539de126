import { expect, test } from '@playwright/test';
import type { KnnKernelCheck } from '../src/worker/api';
import { status } from './helpers';

// The sparse WGSL neighbour-list kernel on the page's own WebGPU device (SwiftShader here): its co-rated cosine
// top-L lists equal the CPU kernel's to float tolerance, ties aside — same lengths, the same scores position by
// position, each listed neighbour's own s′, s and support those of the CPU — on a literal 3 × 3 matrix, seeded
// synthetic matrices (integer and centred values, shrinkage, min support, short lists, several dispatches) and
// the demo's items × users.
test('WGSL neighbour lists: the CPU kernel’s lists on literal, synthetic and demo data', async ({ page }) => {
  await page.goto('/?bench');
  await expect(status(page)).toContainText(/Backend: webgpu/);
  const check = await page.evaluate(async () => {
    const { client } = (window as unknown as { __labBench: { client: { selectDataset(id: string): Promise<unknown>; checkWgslNeighbours(seed?: number): Promise<KnnKernelCheck> } } }).__labBench;
    await client.selectDataset('demo');
    return client.checkWgslNeighbours(5);
  });
  for (const c of check.cases) {
    console.log(
      `${c.name}: ${c.rows} rows, ${c.entries} entries, max |Δ| scores ${c.maxScoreDifference.toExponential(2)}, pairs ${c.maxPairDifference.toExponential(2)}, ` +
        `${c.tieSwaps} tie swaps, ${c.badEntries} bad, ${c.lengthMismatches} length mismatches; CPU ${c.cpuMs.toFixed(0)} ms, WGSL ${c.gpuMs.toFixed(0)} ms`,
    );
  }
  expect(check.cases).toHaveLength(7);
  for (const c of check.cases) {
    expect(c.entries, c.name).toBeGreaterThan(0);
    expect(c.lengthMismatches, c.name).toBe(0);
    expect(c.badEntries, c.name).toBe(0);
    expect(c.orderViolations, c.name).toBe(0);
    expect(c.maxScoreDifference, c.name).toBeLessThanOrEqual(check.tolerance);
    expect(c.maxPairDifference, c.name).toBeLessThanOrEqual(check.tolerance);
    expect(c.agree, c.name).toBe(true);
  }
  // the literal matrix has no ties: the same neighbours in the same order
  expect(check.cases[0]!.tieSwaps).toBe(0);
});
