import { describe, expect, it } from 'vitest';
import { createRng, randomNormal } from '../math/random';
import { csrFromColumns } from '../math/sparse';
import type { Csr } from '../math/sparse';
import { createBprBatch, createBprSampler } from './bprSampling';
import { BPR_LOSS_LABEL, runBprTraining } from './bprTrainingLoop';
import type { BprStepRunner } from './bprTrainingLoop';
import { BPR_INIT_STD, initBprModel, prepareBprTraining } from './bprTrainingSetup';
import type { BprTrainParams } from './bprTrainingSetup';
import type { EpochReport } from './params';

/** Users × items 0/1 matrix from (user, item) pairs. */
function positives(pairs: [number, number][], nUsers: number, nItems: number): Csr {
  const users = Int32Array.from(pairs, (p) => p[0]);
  const items = Int32Array.from(pairs, (p) => p[1]);
  return csrFromColumns(users, items, new Float32Array(pairs.length).fill(1), nUsers, nItems);
}

/** Draws every triple of `epochs` epochs. */
function drawAll(byUser: Csr, seed: number, epochs: number, batchSize: number): [number, number, number][][] {
  const sampler = createBprSampler(byUser, createRng(seed));
  const batch = createBprBatch(batchSize);
  const out: [number, number, number][][] = [];
  for (let e = 0; e < epochs; e++) {
    sampler.startEpoch();
    const triples: [number, number, number][] = [];
    while (sampler.next(batch, batchSize) > 0) {
      for (let b = 0; b < batch.size; b++) triples.push([batch.users[b]!, batch.pos[b]!, batch.neg[b]!]);
    }
    out.push(triples);
  }
  return out;
}

const base: BprTrainParams = { factors: 2, epochs: 3, learningRate: 0.05, regularization: 0.01, batchSize: 2, optimizer: 'sgd', seed: 4 };

describe('createBprSampler', () => {
  // user 0: positives {0, 1} (its only negative is 2); user 1: {2} (negatives 0, 1); user 2: none
  const byUser = positives([[0, 0], [0, 1], [1, 2]], 3, 3);

  it('draws each positive once per epoch, with a negative the user has no positive with', () => {
    const epochs = drawAll(byUser, 1, 20, 2);
    for (const triples of epochs) {
      expect(triples.map(([u, i]) => `${u}:${i}`).sort()).toEqual(['0:0', '0:1', '1:2']);
      for (const [u, , j] of triples) expect(u === 0 ? j === 2 : j === 0 || j === 1).toBe(true);
    }
    // user 1's negative is uniform over {0, 1}: 400 draws, each about half
    const counts = [0, 0];
    for (const triples of drawAll(byUser, 2, 400, 3)) for (const [u, , j] of triples) if (u === 1) counts[j]!++;
    expect(counts[0]! + counts[1]!).toBe(400);
    expect(Math.abs(counts[0]! - 200)).toBeLessThan(40);
  });

  it('is seeded: the same seed gives the same triples, another seed others', () => {
    expect(drawAll(byUser, 5, 4, 2)).toEqual(drawAll(byUser, 5, 4, 2));
    expect(drawAll(byUser, 5, 4, 2)).not.toEqual(drawAll(byUser, 6, 4, 2));
    // the batch size only cuts the same stream differently
    expect(drawAll(byUser, 5, 4, 1)).toEqual(drawAll(byUser, 5, 4, 3));
  });

  it('skips users with a positive on every item, and counts them', () => {
    const s = createBprSampler(positives([[0, 0], [0, 1], [1, 0]], 2, 2), createRng(1));
    expect(s.perEpoch).toBe(1);
    expect(s.usersWithoutNegatives).toBe(1);
    expect(() => prepareBprTraining(positives([[0, 0], [0, 1]], 1, 2), base)).toThrow(/nothing to learn from/);
  });
});

describe('initBprModel and prepareBprTraining', () => {
  it('draws the user table, then the item table, N(0, σ²), biases 0', () => {
    const m = initBprModel(2, 3, 2, createRng(9));
    const rng = createRng(9);
    const want = Array.from({ length: 10 }, () => Math.fround(randomNormal(rng, 0, BPR_INIT_STD)));
    expect([...m.userFactors, ...m.itemFactors]).toEqual(want);
    expect(Array.from(m.itemBias)).toEqual([0, 0, 0]);
  });

  it('checks the settings', () => {
    const byUser = positives([[0, 0]], 1, 2);
    expect(() => prepareBprTraining(byUser, { ...base, factors: 0 })).toThrow(/factors must be a positive integer/);
    expect(() => prepareBprTraining(byUser, { ...base, batchSize: 1.5 })).toThrow(/batchSize/);
    expect(() => prepareBprTraining(byUser, { ...base, learningRate: 0 })).toThrow(/learningRate/);
    expect(() => prepareBprTraining(byUser, { ...base, regularization: -1 })).toThrow(/regularization/);
  });
});

describe('runBprTraining', () => {
  /** A runner that records batches and reports loss 1 per triple. */
  function recorder() {
    const seen: number[][] = [];
    const runner: BprStepRunner = {
      step(batch, t) {
        seen.push([t, batch.size]);
        return batch.size;
      },
      takeEpochLoss: () => 0.5 * 3,
      snapshot: () => initBprModel(1, 1, 1, createRng(0)),
      memory: () => ({ tensors: 0, bytes: 8 }),
    };
    return { runner, seen };
  }
  const byUser = positives([[0, 0], [0, 1], [1, 2]], 3, 3);

  it('runs ⌈positives / batch⌉ steps per epoch and reports the BPR loss per epoch', async () => {
    const { runner, seen } = recorder();
    const reports: EpochReport[] = [];
    const steps: number[] = [];
    let progress = 0;
    await runBprTraining(prepareBprTraining(byUser, base), base, { onEpoch: (r) => reports.push(r), onStep: (r) => steps.push(r.loss), onProgress: (f) => (progress = f) }, 'cpu', runner);
    expect(seen).toEqual([[1, 2], [2, 1], [3, 2], [4, 1], [5, 2], [6, 1]]);
    expect(steps).toEqual([1, 1, 1, 1, 1, 1]); // L_B / |B|
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(reports[0]!.trainLoss).toBe(0.5);
    expect(reports[0]!.lossLabel).toBe(BPR_LOSS_LABEL);
    expect(reports[0]!.valRmse).toBeNaN();
    expect(reports[0]!.valMae).toBeNaN();
    expect(reports[0]!.bytes).toBe(8);
    expect(progress).toBe(1);
  });

  it('stops on shouldStop and maxSteps, without reporting the partial epoch', async () => {
    const a = recorder();
    const reports: EpochReport[] = [];
    await runBprTraining(prepareBprTraining(byUser, base), base, { onEpoch: (r) => reports.push(r), shouldStop: () => a.seen.length >= 3 }, 'cpu', a.runner);
    expect(a.seen.length).toBe(3);
    expect(reports.length).toBe(1);
    const b = recorder();
    await runBprTraining(prepareBprTraining(byUser, base), base, { maxSteps: 5 }, 'cpu', b.runner);
    expect(b.seen.length).toBe(5);
  });
});
