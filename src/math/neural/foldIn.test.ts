import { describe, expect, it } from 'vitest';
import { smallNetwork } from './examples.testutil';
import { foldInVisitor } from './foldIn';
import type { NeuralWeights } from './weights';
import { lossAndGradients } from './loss';

/** Mean BCE of a visitor's vectors on "item 1 is a 1, every other item a 0". */
function visitorLoss(w: NeuralWeights, hu: Float32Array, pu: Float32Array): number {
  const visitor = { ...w, spec: { ...w.spec, nUsers: 1 }, userEmb: hu, userGmf: pu };
  const items = Int32Array.from([0, 1, 2, 3, 4]);
  return lossAndGradients(visitor, { users: new Int32Array(5), items, labels: Float32Array.from([0, 1, 0, 0, 0]) }, 'bce').loss;
}

describe('foldInVisitor', () => {
  const settings = { steps: 60, learningRate: 0.03, negatives: 4, loss: 'bce' as const, seed: 3 };

  it('learns vectors that fit the visitor’s positive better than where they start, leaving the network alone', () => {
    const w = smallNetwork();
    const layers = structuredClone(w.dense);
    const items = Float32Array.from(w.itemEmb);
    const start = foldInVisitor(w, [1], [1], { ...settings, steps: 0 });
    const learned = foldInVisitor(w, [1], [1], settings);
    expect(visitorLoss(w, learned.hu, learned.pu)).toBeLessThan(visitorLoss(w, start.hu, start.pu) - 0.05);
    expect(learned.lastLoss).toBeGreaterThan(0);
    expect(w.dense).toEqual(layers);
    expect(w.itemEmb).toEqual(items);
  });

  it('is reproducible, and leaves the vectors at 0 without positives', () => {
    const w = smallNetwork();
    expect(foldInVisitor(w, [1, 3], [1, 1], settings)).toEqual(foldInVisitor(w, [1, 3], [1, 1], settings));
    const none = foldInVisitor(w, [], [], settings);
    expect(Array.from(none.hu)).toEqual([0, 0, 0]);
    expect(Array.from(none.pu)).toEqual([0, 0]);
    expect(none.lastLoss).toBeNaN();
  });
});
