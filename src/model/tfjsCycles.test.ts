/**
 * No leaks in the tfjs trainers: the tensor count at the end of every epoch is the same over 20
 * epochs, and 10 runs stopped part-way each leave tf.memory() (tensors and bytes) as they found it.
 * tfjs's cpu backend in Node, tiny data; the GPU backends are checked end to end (e2e/resilience).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { csrFromColumns } from '../math/sparse';
import { trainBprTfjs } from './bprTfjsTrainer';
import { trainNeural } from './neuralTrainer';
import type { NeuralTrainInput } from './neuralTrainer';
import { DEFAULT_TRAIN_PARAMS } from './params';
import type { TrainHooks } from './params';
import { createSequenceTfjsRunner } from './sequenceTfjs';
import { trainSequenceModel } from './sequenceTrainer';
import { syntheticRatings } from './synthetic.testutil';
import { trainMfTfjs } from './tfjsTrainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const data = syntheticRatings(30, 20, 300, 1);
const byUser = csrFromColumns(data.users, data.items, new Float32Array(data.users.length).fill(1), 30, 20);
const neuralInput: NeuralTrainInput = {
  spec: { nUsers: 30, nItems: 20, dim: 4, hidden: [6, 3], gmfDim: 2 },
  positives: { users: data.users, items: data.items, targets: new Float32Array(data.users.length).fill(1) },
  exclude: byUser,
};
const sequences = [[0, 3, 5, 3, 8], [2, 1], [7], [6, 6, 4], [1, 2, 3], [9, 4, 2, 0]].map((s) => Int32Array.from(s));
const seqParams = { cell: 'gru', embeddingDim: 3, hiddenSize: 4, maxLength: 5, learningRate: 0.05, batchSize: 2, negatives: 3, seed: 8 } as const;

/** Each trainer, run for `epochs` epochs with `hooks` on tfjs (the 'webgl' label routes through tfjs). */
const trainers: [string, (epochs: number, hooks: TrainHooks<never>) => Promise<unknown>][] = [
  // with checkpoints on where the trainer has them, as the lab trains (each reads Adam's moments back)
  ['biased MF (Adam)', (epochs, hooks) => trainMfTfjs(tf, data, 30, 20, { ...DEFAULT_TRAIN_PARAMS, factors: 4, batchSize: 64, epochs, seed: 5 }, { ...hooks, onCheckpoint: () => undefined }, 'webgl')],
  ['BPR (Adam)', (epochs, hooks) => trainBprTfjs(tf, byUser, { factors: 4, epochs, learningRate: 0.01, regularization: 0.02, batchSize: 32, optimizer: 'adam', seed: 5 }, hooks, 'webgl')],
  ['NeuMF (with checkpoints)', (epochs, hooks) => trainNeural(neuralInput, { epochs, learningRate: 0.05, batchSize: 64, negatives: 2, seed: 7, loss: 'bce' }, { ...hooks, onCheckpoint: () => undefined }, 'webgl', tf)],
  ['GRU sequence model (with checkpoints)', (epochs, hooks) => trainSequenceModel(sequences, 10, { ...seqParams, epochs }, { ...hooks, onCheckpoint: () => undefined }, 'webgl', (init) => createSequenceTfjsRunner(tf, init, { ...seqParams, epochs }))],
];

describe.each(trainers)('%s on tfjs', (_name, train) => {
  it('holds the same tensors at the end of each of 20 epochs, and none after', async () => {
    const before = tf.memory();
    const counts: number[] = [];
    const bytes: number[] = [];
    await train(20, {
      onEpoch: (r) => {
        counts.push(r.tensors);
        bytes.push(r.bytes);
      },
    });
    expect(counts.length).toBe(20);
    expect(new Set(counts).size).toBe(1);
    expect(new Set(bytes).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(before.numTensors); // the tables are alive during training
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it('leaves tf.memory() unchanged after each of 10 runs stopped part-way', async () => {
    const before = tf.memory();
    for (let cycle = 1; cycle <= 10; cycle++) {
      let steps = 0;
      await train(50, { onStep: () => void steps++, shouldStop: () => steps >= 1 + (cycle % 3) });
      expect(steps).toBe(1 + (cycle % 3));
      const after = tf.memory();
      expect({ cycle, tensors: after.numTensors, bytes: after.numBytes }).toEqual({ cycle, tensors: before.numTensors, bytes: before.numBytes });
    }
  });
});
