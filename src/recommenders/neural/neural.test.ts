import { describe, expect, it } from 'vitest';
import type { EpochReport } from '../../model/params';
import { cpuContext, smallTrainSet } from '../testutil';
import { makeTrainSet } from '../trainSet';
import { countNeuralParameters, describeNeuralLayers, formatCount, parseLayers } from './layers';
import { ncf, neuralScorer, positiveRowsOf } from './index';
import type { NeuralState } from './fitted';

const order = (scores: Float32Array): number[] =>
  Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);

describe('describeNeuralLayers', () => {
  it('lists NCF’s layers with shapes and parameter counts before fitting', () => {
    const rows = describeNeuralLayers({ embeddingDim: 8, layers: '8,4', gmf: true, gmfDim: 4 }, 943, 1682);
    // microsoft/recommenders' benchmark NeuMF: 943·8 + 1682·8 + 943·4 + 1682·4 = 31 500 embedding
    // parameters; Dense 16 → 8: 136, 8 → 4: 36, output (4 + 4) → 1: 9
    expect(rows.map((r) => [r.name, r.shape, r.params])).toEqual([
      ['user embedding h_u', '943 × 8', 7544],
      ['item embedding h_i', '1682 × 8', 13456],
      ['GMF user embedding p_u', '943 × 4', 3772],
      ['GMF item embedding q_i', '1682 × 4', 6728],
      ['concatenate [h_u; h_i]', '16', 0],
      ['Dense 16 → 8 + ReLU', '16 × 8 + 8', 136],
      ['Dense 8 → 4 + ReLU', '8 × 4 + 4', 36],
      ['GMF product p_u ⊙ q_i', '4', 0],
      ['concatenate [a; p_u ⊙ q_i]', '8', 0],
      ['Dense 8 → 1 + sigmoid (output)', '8 × 1 + 1', 9],
    ]);
    expect(countNeuralParameters({ embeddingDim: 8, layers: '8,4', gmf: true, gmfDim: 4 }, 943, 1682)).toBe(31681);
  });

  it('the neural scorer (no layers value) is embeddings and one output neuron; tolerant of a form being edited', () => {
    // 2d = 32 inputs: 32 weights + 1 bias
    expect(describeNeuralLayers({ embeddingDim: 16 }, 10, 20).at(-1)).toEqual({ name: 'Dense 32 → 1 + sigmoid (output)', shape: '32 × 1 + 1', params: 33 });
    expect(describeNeuralLayers({ embeddingDim: Number.NaN, layers: '64,x' }, 10, 20).at(-1)!.name).toBe('Dense 32 → 1 + sigmoid (output)');
  });

  it('parses presets and formats counts', () => {
    expect(parseLayers('64,32,16')).toEqual([64, 32, 16]);
    expect(parseLayers('')).toEqual([]);
    expect(() => parseLayers('64,0')).toThrow(/whole numbers ≥ 1/);
    expect(formatCount(2080)).toBe('2 080');
    expect(formatCount(1234567)).toBe('1 234 567');
    expect(formatCount(17)).toBe('17');
  });
});

describe('positives and labels', () => {
  it('keeps ratings ≥ the threshold user by user; MSE labels are rating / max rating; implicit rows are all 1', () => {
    const ratings = { users: Int32Array.from([1, 0, 0, 1]), items: Int32Array.from([0, 2, 1, 1]), ratings: Float32Array.from([4, 5, 2, 3]) };
    const train = makeTrainSet(ratings, { nUsers: 2, nItems: 3, ratingMin: 1, ratingMax: 5, implicit: false });
    const p = positiveRowsOf(train, 3, 'mse');
    expect(Array.from(p.users)).toEqual([0, 1, 1]);
    expect(Array.from(p.items)).toEqual([2, 0, 1]);
    expect(Array.from(p.targets)).toEqual([1, Math.fround(0.8), Math.fround(0.6)]);
    expect(Array.from(positiveRowsOf(train, 3, 'bce').targets)).toEqual([1, 1, 1]);
    const implicit = makeTrainSet(ratings, { nUsers: 2, nItems: 3, ratingMin: 1, ratingMax: 1, implicit: true });
    expect(positiveRowsOf(implicit, 4, 'mse').targets.length).toBe(4);
  });
});

describe('the neural scorer', () => {
  it('gives every user the same ranking — the lesson: w·[h_u; h_i] = w_u·h_u + w_i·h_i', async () => {
    const fitted = await neuralScorer.fit(smallTrainSet(), { epochs: 5 }, cpuContext());
    const first = order(fitted.scoreItems(0));
    for (const u of [1, 7, 22, 39]) expect(order(fitted.scoreItems(u))).toEqual(first);
    // and a folded-in visitor gets it too
    expect(order(fitted.foldIn!([{ item: 3, rating: 5 }]).scores)).toEqual(first);
  });

  it('explains a score as user term + item term + b, with the parts in a table', async () => {
    const fitted = await neuralScorer.fit(smallTrainSet(), { epochs: 3 }, cpuContext());
    const e = fitted.explain(4, 9);
    expect(e.trace.steps[0]!.label).toBe('User term (the same for every item)');
    const parts = e.tables[0]!;
    expect(parts.columns).toEqual(['part', 'value', 'same for every item?']);
    const z = parts.rows.reduce((s, r) => s + (r[1] as number), 0);
    expect(1 / (1 + Math.exp(-z))).toBeCloseTo(fitted.scoreItems(4)[9]!, 4);
    expect(e.tables.at(-1)!.caption).toBe('Embedding norms');
    const facts = fitted.facts();
    expect(facts[0]).toEqual({ label: 'layer 1: user embedding h_u', value: '40 × 16 = 640 params' });
    expect(facts).toContainEqual({ label: 'layer 4: Dense 32 → 1 + sigmoid (output)', value: '32 × 1 + 1 = 33 params' });
    // 40·16 + 30·16 + 33
    expect(facts).toContainEqual({ label: 'total parameters', value: '1 153' });
  });
});

describe('NCF', () => {
  it('ranks differently for different users, reports its loss per epoch, and explains with the last layer', async () => {
    const reports: EpochReport[] = [];
    const fitted = await ncf.fit(smallTrainSet(), { epochs: 6, learningRate: 0.01, batchSize: 64 }, { ...cpuContext(), hooks: { onEpoch: (r) => reports.push(r) } });
    const rankings = new Set([0, 5, 11, 20, 33].map((u) => order(fitted.scoreItems(u)).slice(0, 5).join(',')));
    expect(rankings.size).toBeGreaterThan(1);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reports.every((r) => r.lossLabel === 'binary cross-entropy' && Number.isNaN(r.valRmse) && Number.isNaN(r.valMae))).toBe(true);
    expect(reports[5]!.trainLoss).toBeLessThan(reports[0]!.trainLoss);
    const e = fitted.explain(2, 3);
    expect(e.trace.formula).toBe('\\hat y_{ui} = \\sigma\\!\\left(\\sum_j w_j a_j + b\\right)');
    expect(e.tables.map((t) => t.caption.split(' (')[0]!.split(':')[0])).toEqual(['Largest contributions w_j·a_j to z', 'Hidden layers for this pair', 'Embedding norms']);
    // the contributions listed are w_j·a_j of the output neuron's inputs
    for (const row of e.tables[0]!.rows) expect(row[3] as number).toBeCloseTo((row[1] as number) * (row[2] as number), 4);
    const labels = fitted.facts().map((f) => f.label);
    expect(labels).toContain('layer 6: Dense 32 → 16 + ReLU');
    expect(labels).toContain('layer 10: Dense 24 → 1 + sigmoid (output)');
    expect(labels).toContain('total parameters');
  });

  it('trains with the squared-error loss on scaled ratings, and on implicit data', async () => {
    const reports: EpochReport[] = [];
    await ncf.fit(smallTrainSet(), { epochs: 2, loss: 'mse' }, { ...cpuContext(), hooks: { onEpoch: (r) => reports.push(r) } });
    expect(reports[0]!.lossLabel).toMatch(/^squared error/);
    const small = smallTrainSet();
    const implicit = makeTrainSet(
      { ...small.ratings, ratings: new Float32Array(small.ratings.ratings.length).fill(1) },
      { nUsers: small.nUsers, nItems: small.nItems, ratingMin: 1, ratingMax: 1, implicit: true },
    );
    const fitted = await ncf.fit(implicit, { epochs: 2 }, cpuContext());
    expect(fitted.facts()).toContainEqual({ label: 'positives', value: `every training row is a positive (implicit data, ${small.ratings.ratings.length} rows)` });
  });

  it('folds a visitor in: their positive climbs their list, the state survives a structured clone', async () => {
    const train = smallTrainSet();
    const fitted = await ncf.fit(train, { epochs: 6, learningRate: 0.01, batchSize: 64 }, cpuContext());
    const none = fitted.foldIn!([{ item: 2, rating: 1 }]);
    expect(none.how).toMatch(/None of your ratings is a positive/);
    const liked = fitted.foldIn!([
      { item: 2, rating: 5 },
      { item: 7, rating: 4 },
    ]);
    expect(liked.how).toMatch(/learned from your 2 positives/);
    expect(order(liked.scores).indexOf(2)).toBeLessThan(order(none.scores).indexOf(2));
    const restored = ncf.restore(structuredClone(fitted.state()), train, cpuContext());
    expect((restored.state() as NeuralState).weights.dense.map((l) => [l.inputs, l.outputs])).toEqual([[32, 16], [16, 8], [24, 1]]);
    expect(Array.from(restored.foldIn!([{ item: 2, rating: 5 }]).scores)).toEqual(Array.from(fitted.foldIn!([{ item: 2, rating: 5 }]).scores));
  });

  it('names a bad parameter', async () => {
    await expect(ncf.fit(smallTrainSet(), { layers: '3,3' }, cpuContext())).rejects.toThrow(/Hidden layers must be one of/);
    await expect(neuralScorer.fit(smallTrainSet(), { layers: '8,4' }, cpuContext())).rejects.toThrow(/unknown parameter "layers"/);
  });
});
