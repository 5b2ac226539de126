import { describe, expect, it } from 'vitest';
import { createRng, randomInt } from '../math/random';
import { finalHidden, scoresFromHidden } from '../math/sequence';
import type { EpochReport, StepReport } from './params';
import { createSequenceCpuRunner, sequenceLossLabel, trainSequenceModel } from './sequenceTrainer';
import type { SequenceTrainParams } from './sequenceTrainer';

/** 60 sequences over 12 items where the next item is always (x + 1) mod 12, from random starts. */
function cycles(): Int32Array[] {
  const rng = createRng(4);
  return Array.from({ length: 60 }, () => {
    const start = randomInt(rng, 12);
    const len = 3 + randomInt(rng, 6);
    return Int32Array.from({ length: len }, (_, t) => (start + t) % 12);
  });
}

const params: SequenceTrainParams = { cell: 'gru', embeddingDim: 6, hiddenSize: 8, maxLength: 8, epochs: 25, learningRate: 0.03, batchSize: 16, negatives: 0, seed: 3 };

describe('trainSequenceModel on the CPU', () => {
  it('learns a next-item rule: after x it ranks x + 1 first', async () => {
    const reports: EpochReport[] = [];
    let progress = 0;
    const r = await trainSequenceModel(cycles(), 12, params, { onEpoch: (e) => reports.push(e), onProgress: (f) => (progress = f) }, 'cpu', (init) =>
      createSequenceCpuRunner(init, params),
    );
    expect(r.epochs).toBe(25);
    expect(r.sequences).toBe(60);
    expect(progress).toBe(1);
    expect(reports.map((e) => e.epoch)).toEqual(Array.from({ length: 25 }, (_, j) => j + 1));
    expect(reports[0]!.lossLabel).toBe('softmax cross-entropy over all items');
    expect(Number.isNaN(reports[0]!.valRmse) && Number.isNaN(reports[0]!.valMae)).toBe(true);
    expect(reports[0]!.backend).toBe('cpu');
    // ln 12 = 2.48 at random; the rule is deterministic, so the loss falls far below it
    expect(reports[0]!.trainLoss).toBeGreaterThan(2);
    expect(reports.at(-1)!.trainLoss).toBeLessThan(0.3);
    for (let x = 0; x < 12; x++) {
      const s = scoresFromHidden(r.weights, finalHidden(r.weights, [(x + 11) % 12, x]));
      const best = s.indexOf(Math.max(...s));
      expect(best).toBe((x + 1) % 12);
    }
  });

  it('also learns it with the LSTM and sampled negatives, and is deterministic', async () => {
    const p: SequenceTrainParams = { ...params, cell: 'lstm', negatives: 5, epochs: 30 };
    const run = () => trainSequenceModel(cycles(), 12, p, {}, 'cpu', (init) => createSequenceCpuRunner(init, p));
    const a = await run();
    const b = await run();
    expect(a.weights).toEqual(b.weights);
    let right = 0;
    for (let x = 0; x < 12; x++) {
      const s = scoresFromHidden(a.weights, finalHidden(a.weights, [(x + 11) % 12, x]));
      if (s.indexOf(Math.max(...s)) === (x + 1) % 12) right++;
    }
    expect(right).toBeGreaterThanOrEqual(11);
    expect(sequenceLossLabel(5)).toBe('sampled softmax cross-entropy (5 shared negatives)');
  });

  it('stops between steps when asked, reporting only whole epochs', async () => {
    const steps: StepReport[] = [];
    const reports: EpochReport[] = [];
    const r = await trainSequenceModel(
      cycles(),
      12,
      params,
      { onStep: (s) => steps.push(s), onEpoch: (e) => reports.push(e), shouldStop: () => steps.length >= 6 },
      'cpu',
      (init) => createSequenceCpuRunner(init, params),
    );
    // 60 sequences in batches of 16: 4 steps per epoch; stopped after step 6, in epoch 2
    expect(steps.length).toBe(6);
    expect(reports.length).toBe(1);
    expect(r.epochs).toBe(1);
  });

  it('refuses data with nothing to learn and sequences longer than maxLength', async () => {
    const run = (seqs: Int32Array[]) => trainSequenceModel(seqs, 12, params, {}, 'cpu', (init) => createSequenceCpuRunner(init, params));
    await expect(run([Int32Array.from([1]), new Int32Array(0)])).rejects.toThrow('no user has two or more training items');
    await expect(run([new Int32Array(9)])).rejects.toThrow('a training sequence has 9 items, more than maxLength 8');
    await expect(run([Int32Array.from([1, 12])])).rejects.toThrow('item index 12 is outside 0…11');
    await expect(trainSequenceModel(cycles(), 12, { ...params, hiddenSize: 0 }, {}, 'cpu', (init) => createSequenceCpuRunner(init, params))).rejects.toThrow(
      'hiddenSize must be a whole number ≥ 1, got 0',
    );
  });
});
