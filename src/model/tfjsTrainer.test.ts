import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainMfCpu } from './cpuTrainer';
import { DEFAULT_TRAIN_PARAMS } from './params';
import type { EpochReport, TrainParams } from './params';
import { syntheticRatings } from './synthetic.testutil';
import { trainMfTfjs } from './tfjsTrainer';

// In Node tfjs runs on its pure-JS cpu backend: slow, but fine for these tiny cases.
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const data = syntheticRatings(30, 20, 300, 1);
const base: TrainParams = { ...DEFAULT_TRAIN_PARAMS, factors: 4, batchSize: 64, epochs: 2, seed: 5 };

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!));
  return worst;
}

describe.each([
  ['sgd', 0.01],
  ['adam', 0.01],
] as const)('parity with the CPU trainer: %s', (optimizer, learningRate) => {
  it('same step losses (1e-4 relative) and final tables (1e-4)', async () => {
    const params = { ...base, optimizer, learningRate };
    const cpuLoss: number[] = [];
    const tfLoss: number[] = [];
    const cpu = await trainMfCpu(data, 30, 20, params, { onStep: (r) => cpuLoss.push(r.loss), maxSteps: 5 });
    const before = tf.memory().numTensors;
    const tfm = await trainMfTfjs(tf, data, 30, 20, params, { onStep: (r) => tfLoss.push(r.loss), maxSteps: 5 }, 'cpu');
    expect(tf.memory().numTensors).toBe(before);
    expect(tfLoss.length).toBe(5);
    expect(cpuLoss.length).toBe(5);
    tfLoss.forEach((l, j) => expect(Math.abs(l - cpuLoss[j]!) / cpuLoss[j]!).toBeLessThan(1e-4));
    // the loss must actually change over the steps for this to mean anything
    expect(cpuLoss[4]).not.toBeCloseTo(cpuLoss[0]!, 3);
    expect(tfm.mu).toBe(cpu.mu);
    for (const key of ['userBias', 'itemBias', 'userFactors', 'itemFactors'] as const) {
      const diff = maxAbsDiff(tfm[key], cpu[key]);
      expect(diff).toBeLessThan(1e-4);
    }
  });
});

describe('parity with the CPU trainer: weighted loss', () => {
  it('same step losses and final tables with per-rating weights', async () => {
    const params = { ...base, optimizer: 'sgd' as const, learningRate: 0.01 };
    const weights = Float32Array.from({ length: 300 }, (_, j) => 0.25 + (j % 7) * 0.3);
    const cpuLoss: number[] = [];
    const tfLoss: number[] = [];
    const cpu = await trainMfCpu(data, 30, 20, params, { onStep: (r) => cpuLoss.push(r.loss), maxSteps: 4 }, undefined, weights);
    const tfm = await trainMfTfjs(tf, data, 30, 20, params, { onStep: (r) => tfLoss.push(r.loss), maxSteps: 4 }, 'cpu', undefined, weights);
    tfLoss.forEach((l, j) => expect(Math.abs(l - cpuLoss[j]!) / cpuLoss[j]!).toBeLessThan(1e-4));
    const unweighted = await trainMfCpu(data, 30, 20, params, { maxSteps: 4 });
    expect(maxAbsDiff(unweighted.itemBias, cpu.itemBias)).toBeGreaterThan(1e-3); // the weights matter
    for (const key of ['userBias', 'itemBias', 'userFactors', 'itemFactors'] as const) expect(maxAbsDiff(tfm[key], cpu[key])).toBeLessThan(1e-4);
  });
});

describe('trainMfTfjs', () => {
  it('reports epochs like the CPU trainer and disposes every tensor', async () => {
    const before = tf.memory().numTensors;
    const reports: EpochReport[] = [];
    const cpuReports: EpochReport[] = [];
    let progress = 0;
    await trainMfTfjs(tf, data, 30, 20, base, { onEpoch: (r) => reports.push(r), onProgress: (f) => (progress = f) }, 'webgl');
    await trainMfCpu(data, 30, 20, base, { onEpoch: (r) => cpuReports.push(r) });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress).toBe(1);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2]);
    expect(reports[0]!.backend).toBe('webgl'); // the label passed in
    expect(reports[0]!.tensors).toBeGreaterThan(before); // tables + optimizer state alive during training
    reports.forEach((r, j) => {
      expect(r.trainLoss).toBeCloseTo(cpuReports[j]!.trainLoss, 4);
      expect(r.valRmse).toBeCloseTo(cpuReports[j]!.valRmse, 4);
      expect(r.valMae).toBeCloseTo(cpuReports[j]!.valMae, 4);
    });
  });

  it('stops on shouldStop and still disposes everything', async () => {
    const before = tf.memory().numTensors;
    let steps = 0;
    const m = await trainMfTfjs(tf, data, 30, 20, { ...base, optimizer: 'adam' }, { onStep: () => void steps++, shouldStop: () => steps >= 2 });
    expect(steps).toBe(2);
    expect(m.userFactors.length).toBe(30 * 4);
    expect(tf.memory().numTensors).toBe(before);
  });
});
