import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../math/random';
import { SeqWorkspace, batchLoss, copyWeights, initSeqWeights, SEQ_WEIGHT_KEYS } from '../math/sequence';
import type { SeqBatch, SeqCell, SeqWeights } from '../math/sequence';
import { createSequenceTfjsRunner, sequenceLossTfjs } from './sequenceTfjs';
import { createSequenceCpuRunner, trainSequenceModel } from './sequenceTrainer';
import type { SequenceTrainParams } from './sequenceTrainer';

// tfjs's pure-JS cpu backend in Node: minutes per step at MovieLens size, so only tiny cases here.
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const N_ITEMS = 9;
const batch = (negatives: number[]): SeqBatch => ({
  sequences: [Int32Array.from([0, 3, 5, 3, 8]), Int32Array.from([2, 1]), Int32Array.from([7]), Int32Array.from([6, 6, 4])],
  negatives: Int32Array.from(negatives),
});

function weights(cell: SeqCell): SeqWeights {
  const w = initSeqWeights({ cell, nItems: N_ITEMS, embeddingDim: 3, hiddenSize: 4 }, createRng(21));
  // non-zero output biases, so they enter the comparison
  w.outBias.forEach((_, j) => (w.outBias[j] = 0.1 * (j - 4)));
  return w;
}

describe.each([
  ['gru', []],
  ['gru', [4, 3, 3, 0]],
  ['lstm', []],
  ['lstm', [8, 1, 5]],
] as const)('tfjs and the plain-JS network agree: %s, negatives %j', (cell, negatives) => {
  it('give the same loss for the same weights and batch', async () => {
    const w = weights(cell);
    const b = batch([...negatives]);
    const cpu = batchLoss(w, b, new SeqWorkspace(w, 4), null);
    const before = tf.memory().numTensors;
    const viaTf = await sequenceLossTfjs(tf, w, b);
    expect(tf.memory().numTensors).toBe(before);
    expect(cpu.positions).toBe(4 + 1 + 2);
    expect(Math.abs(viaTf - cpu.lossSum / cpu.positions)).toBeLessThan(1e-5);
  });
});

describe.each(['gru', 'lstm'] as const)('the tfjs runner (%s)', (cell) => {
  const params: SequenceTrainParams = { cell, embeddingDim: 3, hiddenSize: 4, maxLength: 5, epochs: 2, learningRate: 0.05, batchSize: 2, negatives: 3, seed: 8 };
  const seqs = [Int32Array.from([0, 3, 5, 3, 8]), Int32Array.from([2, 1]), Int32Array.from([7]), Int32Array.from([6, 6, 4]), Int32Array.from([1, 2, 3])];

  it('takes the same Adam steps as the plain-JS runner and disposes every tensor', async () => {
    const cpuLoss: number[] = [];
    const tfLoss: number[] = [];
    const cpu = await trainSequenceModel(seqs, N_ITEMS, params, { onStep: (s) => cpuLoss.push(s.loss) }, 'cpu', (init) => createSequenceCpuRunner(init, params));
    const before = tf.memory().numTensors;
    let kept: SeqWeights | null = null;
    const viaTf = await trainSequenceModel(seqs, N_ITEMS, params, { onStep: (s) => tfLoss.push(s.loss) }, 'webgl', (init) => {
      kept = copyWeights(init);
      return createSequenceTfjsRunner(tf, init, params);
    });
    expect(tf.memory().numTensors).toBe(before);
    // 4 trainable sequences, batches of 2, 2 epochs
    expect(tfLoss.length).toBe(4);
    tfLoss.forEach((l, j) => expect(Math.abs(l - cpuLoss[j]!)).toBeLessThan(1e-4 * Math.max(1, cpuLoss[j]!)));
    // both started from the same seeded weights and moved them the same way
    expect(kept).not.toBeNull();
    for (const key of SEQ_WEIGHT_KEYS) {
      let worst = 0;
      let moved = 0;
      viaTf.weights[key].forEach((v, j) => {
        worst = Math.max(worst, Math.abs(v - cpu.weights[key][j]!));
        moved = Math.max(moved, Math.abs(v - kept![key][j]!));
      });
      expect(worst).toBeLessThan(1e-4);
      expect(moved).toBeGreaterThan(1e-3);
    }
  }, 30_000);
});
