import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BprModel } from '../math/bpr';
import { csrFromColumns } from '../math/sparse';
import { createBprCpuRunner, trainBprCpu } from './bprCpuTrainer';
import { createBprBatch } from './bprSampling';
import { prepareBprTraining } from './bprTrainingSetup';
import type { BprTrainParams } from './bprTrainingSetup';
import { createBprTfjsRunner, trainBprTfjs } from './bprTfjsTrainer';
import type { EpochReport } from './params';
import { syntheticRatings } from './synthetic.testutil';

// In Node tfjs runs on its pure-JS cpu backend: slow, but fine for these tiny cases.
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const data = syntheticRatings(30, 20, 300, 1);
const byUser = csrFromColumns(data.users, data.items, new Float32Array(data.users.length).fill(1), 30, 20);
const base: BprTrainParams = { factors: 4, epochs: 2, learningRate: 0.05, regularization: 0.02, batchSize: 32, optimizer: 'sgd', seed: 5 };

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!));
  return worst;
}

function expectSameTables(a: BprModel, b: BprModel, tolerance: number): void {
  for (const key of ['userFactors', 'itemFactors', 'itemBias'] as const) expect(maxAbsDiff(a[key], b[key])).toBeLessThan(tolerance);
}

describe('one step, tfjs against the CPU trainer', () => {
  it('SGD on a batch with no repeated user or item gives the same tables (1e-5)', async () => {
    // 3 users × 6 items, k = 2; triples (0, 0, 1), (1, 2, 3), (2, 4, 5): every row at most once
    const init = (): BprModel => ({
      nUsers: 3,
      nItems: 6,
      factors: 2,
      userFactors: Float32Array.from([0.1, 0.2, -0.1, 0.3, 0.25, -0.15]),
      itemFactors: Float32Array.from([0.3, -0.2, 0.1, 0.4, -0.2, 0.1, 0.05, 0.3, -0.1, -0.1, 0.2, 0.2]),
      itemBias: Float32Array.from([0.1, 0, -0.1, 0.2, 0.05, -0.05]),
    });
    const batch = createBprBatch(3);
    batch.users.set([0, 1, 2]);
    batch.pos.set([0, 2, 4]);
    batch.neg.set([1, 3, 5]);
    batch.size = 3;
    const params = { ...base, factors: 2, batchSize: 3, learningRate: 0.1, regularization: 0.1 };
    const before = tf.memory().numTensors;
    const { runner, dispose } = createBprTfjsRunner(tf, init(), params);
    const tfLoss = await runner.step(batch, 1, true);
    const tfModel = await runner.snapshot();
    await dispose();
    expect(tf.memory().numTensors).toBe(before);
    const cpuModel = init();
    const cpuLoss = createBprCpuRunner(cpuModel, params).step(batch, 1, true) as number;
    expect(Math.abs(tfLoss! - cpuLoss)).toBeLessThan(1e-5);
    expectSameTables(tfModel, cpuModel, 1e-5);
    // and the step did move the tables
    expect(maxAbsDiff(cpuModel.userFactors, init().userFactors)).toBeGreaterThan(1e-3);
  });
});

describe.each([
  ['sgd', 0.05],
  ['adam', 0.01],
] as const)('parity with the CPU trainer over the same triples: %s', (optimizer, learningRate) => {
  it('same step losses (1e-4 relative) and tables (1e-4) after 5 steps, and no tensor left behind', async () => {
    const params = { ...base, optimizer, learningRate };
    const cpuLoss: number[] = [];
    const tfLoss: number[] = [];
    const cpu = await trainBprCpu(byUser, params, { onStep: (r) => cpuLoss.push(r.loss), maxSteps: 5 });
    const before = tf.memory().numTensors;
    const tfm = await trainBprTfjs(tf, byUser, params, { onStep: (r) => tfLoss.push(r.loss), maxSteps: 5 }, 'cpu');
    expect(tf.memory().numTensors).toBe(before);
    expect(tfLoss.length).toBe(5);
    expect(cpuLoss.length).toBe(5);
    tfLoss.forEach((l, j) => expect(Math.abs(l - cpuLoss[j]!) / cpuLoss[j]!).toBeLessThan(1e-4));
    expectSameTables(tfm, cpu, 1e-4);
    // the steps must actually move the tables for this to mean anything
    expect(maxAbsDiff(cpu.itemFactors, prepareBprTraining(byUser, params).model.itemFactors)).toBeGreaterThan(1e-2);
  });
});

describe('trainBprTfjs', () => {
  it('reports epochs like the CPU trainer and disposes every tensor', async () => {
    const before = tf.memory().numTensors;
    const reports: EpochReport[] = [];
    const cpuReports: EpochReport[] = [];
    let progress = 0;
    await trainBprTfjs(tf, byUser, base, { onEpoch: (r) => reports.push(r), onProgress: (f) => (progress = f) }, 'webgl');
    await trainBprCpu(byUser, base, { onEpoch: (r) => cpuReports.push(r) });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress).toBe(1);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2]);
    expect(reports[0]!.backend).toBe('webgl'); // the label passed in
    expect(reports[0]!.tensors).toBeGreaterThan(before); // tables alive during training
    reports.forEach((r, j) => {
      expect(r.lossLabel).toBe(cpuReports[j]!.lossLabel);
      expect(r.trainLoss).toBeCloseTo(cpuReports[j]!.trainLoss, 4);
      expect(r.valRmse).toBeNaN();
    });
  });

  it('keeps the tensor count flat from epoch to epoch, and stops on shouldStop', async () => {
    const counts: number[] = [];
    await trainBprTfjs(tf, byUser, { ...base, epochs: 4, optimizer: 'adam' }, { onEpoch: (r) => counts.push(r.tensors) });
    expect(new Set(counts).size).toBe(1);
    const before = tf.memory().numTensors;
    let steps = 0;
    const m = await trainBprTfjs(tf, byUser, { ...base, optimizer: 'adam' }, { onStep: () => void steps++, shouldStop: () => steps >= 2 });
    expect(steps).toBe(2);
    expect(m.userFactors.length).toBe(30 * 4);
    expect(tf.memory().numTensors).toBe(before);
  });
});
