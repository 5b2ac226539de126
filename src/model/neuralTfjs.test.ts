import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallBatch, smallNetwork } from '../math/neural/examples.testutil';
import { parameterList } from '../math/neural/weights';
import type { NeuralWeights } from '../math/neural/weights';
import { lossAndGradients } from '../math/neural/loss';
import { csrFromColumns } from '../math/sparse';
import { createNeuralCpuStepper, trainNeural } from './neuralTrainer';
import type { NeuralTrainInput, NeuralTrainParams } from './neuralTrainer';
import { createNeuralTfjsStepper, neuralLossAndGradientsTfjs } from './neuralTfjs';
import type { EpochReport } from './params';

// In Node tfjs runs on its pure-JS cpu backend: fine for these tiny tables (its gather gradient
// is what makes it hopeless on real ones).
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const clone = (w: NeuralWeights): NeuralWeights => structuredClone(w);

describe('the plain-JS network and tfjs agree', () => {
  const cases: [string, NeuralWeights][] = [
    ['NeuMF (hidden 4 → 3, GMF 2)', smallNetwork()],
    ['MLP (hidden 5)', smallNetwork(12, { hidden: [5], gmfDim: 0 })],
    ['neural scorer', smallNetwork(13, { hidden: [], gmfDim: 0 })],
  ];
  for (const [name, w] of cases) {
    for (const loss of ['bce', 'mse'] as const) {
      it(`${name}, ${loss}: same batch loss and gradients (1e-5)`, async () => {
        const js = lossAndGradients(w, smallBatch(), loss);
        const before = tf.memory().numTensors;
        const t = await neuralLossAndGradientsTfjs(tf, w, smallBatch(), loss);
        expect(tf.memory().numTensors).toBe(before);
        expect(Math.abs(t.loss - js.loss)).toBeLessThan(1e-5 * Math.max(1, js.loss));
        expect(t.grads.length).toBe(js.grads.length);
        t.grads.forEach((g, k) => g.forEach((x, j) => expect(Math.abs(x - js.grads[k]![j]!), `${parameterList(w)[k]!.name}[${j}]`).toBeLessThan(1e-5)));
      });
    }
  }

  it('one Adam step gives the same weights (lazy and dense Adam agree on the first step)', async () => {
    const cpuW = clone(smallNetwork());
    const tfW = clone(smallNetwork());
    const cpu = createNeuralCpuStepper(cpuW, 0.01, 'bce');
    const gpu = createNeuralTfjsStepper(tf, tfW, 0.01, 'bce');
    const lossCpu = cpu.step(smallBatch(), true) as number;
    const lossTf = (await gpu.step(smallBatch(), true)) as number;
    expect(Math.abs(lossTf - lossCpu)).toBeLessThan(1e-5);
    const after = await gpu.snapshot();
    await gpu.dispose();
    parameterList(after).forEach((p, k) => {
      const want = parameterList(cpuW)[k]!.values;
      p.values.forEach((x, j) => expect(Math.abs(x - want[j]!)).toBeLessThan(1e-5));
    });
  });
});

describe('trainNeural', () => {
  // 6 users × 8 items, 2–3 positives each
  const users = Int32Array.from([0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 5, 5]);
  const items = Int32Array.from([0, 3, 1, 2, 7, 0, 5, 3, 4, 1, 6, 7, 2, 5]);
  const input: NeuralTrainInput = {
    spec: { nUsers: 6, nItems: 8, dim: 4, hidden: [6, 3], gmfDim: 2 },
    positives: { users, items, targets: new Float32Array(users.length).fill(1) },
    exclude: csrFromColumns(users, items, new Float32Array(users.length).fill(1), 6, 8),
  };
  const params: NeuralTrainParams = { epochs: 4, learningRate: 0.05, batchSize: 16, negatives: 3, seed: 7, loss: 'bce' };

  it('on tfjs: reports every epoch with a stable tensor count and disposes everything', async () => {
    const before = tf.memory().numTensors;
    const reports: EpochReport[] = [];
    // the 'webgl' label routes through tfjs (here on its cpu backend)
    const { weights } = await trainNeural(input, params, { onEpoch: (r) => reports.push(r) }, 'webgl', tf);
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(new Set(reports.map((r) => r.tensors)).size).toBe(1);
    expect(reports[0]!.tensors).toBeGreaterThan(before);
    for (const r of reports) {
      expect(r.lossLabel).toBe('binary cross-entropy');
      expect(r.valRmse).toBeNaN();
      expect(r.valMae).toBeNaN();
      expect(r.backend).toBe('webgl');
    }
    expect(reports[3]!.trainLoss).toBeLessThan(reports[0]!.trainLoss);
    expect(weights.userEmb.length).toBe(24);
  });

  it('the plain-JS path learns the same problem: losses close to tfjs’s (same negatives and batches)', async () => {
    const js: EpochReport[] = [];
    const viaTf: EpochReport[] = [];
    const jsSteps: number[] = [];
    const tfSteps: number[] = [];
    await trainNeural(input, params, { onEpoch: (r) => js.push(r), onStep: (s) => jsSteps.push(s.loss) }, 'cpu', tf);
    await trainNeural(input, params, { onEpoch: (r) => viaTf.push(r), onStep: (s) => tfSteps.push(s.loss) }, 'webgl', tf);
    // step 1 is identical; later steps differ only through lazy vs dense Adam on embedding rows
    expect(Math.abs(jsSteps[0]! - tfSteps[0]!)).toBeLessThan(1e-5);
    expect(jsSteps.length).toBe(tfSteps.length);
    js.forEach((r, k) => expect(Math.abs(r.trainLoss - viaTf[k]!.trainLoss)).toBeLessThan(0.05));
    expect(js[0]!.tensors).toBe(0);
    expect(js[0]!.backend).toBe('cpu');
  });

  it('stops at maxSteps and when asked', async () => {
    let steps = 0;
    await trainNeural(input, params, { maxSteps: 3, onStep: () => steps++ }, 'cpu', null);
    expect(steps).toBe(3);
    const epochs: EpochReport[] = [];
    await trainNeural(input, params, { shouldStop: () => epochs.length >= 2, onEpoch: (r) => epochs.push(r) }, 'cpu', null);
    expect(epochs.length).toBe(2);
  });

  it('names bad settings', async () => {
    await expect(trainNeural(input, { ...params, negatives: -1 }, {}, 'cpu', null)).rejects.toThrow(/negatives must be a whole number ≥ 0, got -1/);
    await expect(trainNeural({ ...input, positives: { users: new Int32Array(0), items: new Int32Array(0), targets: new Float32Array(0) } }, params, {}, 'cpu', null)).rejects.toThrow(
      /No positive interactions/,
    );
  });
});
