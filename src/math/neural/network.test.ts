import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { forwardPass, itemPartOf, scoreAllItemsWith, sigmoidOf, tableRow } from './network';
import { initNeuralWeights, parameterList } from './weights';
import { countParameters, describeLayers } from './architecture';
import { neuMfExample, scorerExample } from './examples.testutil';

describe('forward pass', () => {
  it('the neural scorer: σ(0.3) = 0.574442516811659', () => {
    const pass = forwardPass(scorerExample(), 0, 0);
    expect(pass.z).toBeCloseTo(0.3, 7);
    expect(pass.score).toBeCloseTo(0.574442516811659, 7);
    expect(pass.hidden).toEqual([]);
  });

  it('a NeuMF: a = (1, 0), p_u ⊙ q_i = −1, z = 0.75, σ = 0.679178699175393', () => {
    const pass = forwardPass(neuMfExample(), 0, 0);
    expect(Array.from(pass.hidden[0]!)).toEqual([1, 0]);
    expect(Array.from(pass.gmf)).toEqual([-1]);
    expect(Array.from(pass.top)).toEqual([1, 0, -1]);
    expect(pass.z).toBe(0.75);
    expect(pass.score).toBeCloseTo(0.679178699175393, 14);
  });

  it('σ is stable at large |z|', () => {
    expect(sigmoidOf(800)).toBe(1);
    expect(sigmoidOf(-800)).toBe(0);
    expect(sigmoidOf(0)).toBe(0.5);
  });

  it('scoring every item (first layer split into user and item halves) agrees with the plain forward pass', () => {
    for (const spec of [
      { nUsers: 3, nItems: 7, dim: 4, hidden: [], gmfDim: 0 },
      { nUsers: 3, nItems: 7, dim: 4, hidden: [5, 3], gmfDim: 2 },
      { nUsers: 3, nItems: 7, dim: 2, hidden: [6], gmfDim: 0 },
    ]) {
      const w = initNeuralWeights(spec, createRng(3), 0.5);
      const part = itemPartOf(w);
      for (let u = 0; u < spec.nUsers; u++) {
        const scores = scoreAllItemsWith(w, part, tableRow(w.userEmb, u, spec.dim), tableRow(w.userGmf, u, spec.gmfDim));
        for (let i = 0; i < spec.nItems; i++) expect(scores[i]).toBe(Math.fround(forwardPass(w, u, i).score));
      }
    }
  });
});

describe('architecture', () => {
  it('lists the layers with shapes and parameter counts', () => {
    const spec = { nUsers: 943, nItems: 1682, dim: 16, hidden: [64, 32, 16], gmfDim: 0 };
    // 943·16 = 15 088, 1682·16 = 26 912, 32·64 + 64 = 2 112, 64·32 + 32 = 2 080, 32·16 + 16 = 528, 16 + 1 = 17
    expect(describeLayers(spec)).toEqual([
      { name: 'user embedding h_u', shape: '943 × 16', params: 15088 },
      { name: 'item embedding h_i', shape: '1682 × 16', params: 26912 },
      { name: 'concatenate [h_u; h_i]', shape: '32', params: 0 },
      { name: 'Dense 32 → 64 + ReLU', shape: '32 × 64 + 64', params: 2112 },
      { name: 'Dense 64 → 32 + ReLU', shape: '64 × 32 + 32', params: 2080 },
      { name: 'Dense 32 → 16 + ReLU', shape: '32 × 16 + 16', params: 528 },
      { name: 'Dense 16 → 1 + sigmoid (output)', shape: '16 × 1 + 1', params: 17 },
    ]);
    expect(countParameters(spec)).toBe(46737);
  });

  it('adds the GMF tables and product for NeuMF, and counts what initNeuralWeights allocates', () => {
    const spec = { nUsers: 5, nItems: 4, dim: 3, hidden: [4], gmfDim: 2 };
    const rows = describeLayers(spec);
    expect(rows.map((r) => r.name)).toEqual([
      'user embedding h_u',
      'item embedding h_i',
      'GMF user embedding p_u',
      'GMF item embedding q_i',
      'concatenate [h_u; h_i]',
      'Dense 6 → 4 + ReLU',
      'GMF product p_u ⊙ q_i',
      'concatenate [a; p_u ⊙ q_i]',
      'Dense 6 → 1 + sigmoid (output)',
    ]);
    const w = initNeuralWeights(spec, createRng(1));
    const allocated = parameterList(w).reduce((s, p) => s + p.values.length, 0);
    // 15 + 12 + 10 + 8 + (6·4 + 4) + (6 + 1) = 80
    expect(allocated).toBe(80);
    expect(countParameters(spec)).toBe(80);
  });

  it('initialises deterministically: N(0, 0.01²) embeddings, Glorot-uniform kernels, zero biases', () => {
    const spec = { nUsers: 50, nItems: 40, dim: 8, hidden: [16], gmfDim: 0 };
    const a = initNeuralWeights(spec, createRng(9));
    const b = initNeuralWeights(spec, createRng(9));
    expect(a).toEqual(b);
    const limit = Math.sqrt(6 / (16 + 16));
    expect(Math.max(...Array.from(a.dense[0]!.W, Math.abs))).toBeLessThanOrEqual(limit);
    expect(Array.from(a.dense[0]!.b).every((x) => x === 0)).toBe(true);
    const sd = Math.sqrt(a.userEmb.reduce((s, x) => s + x * x, 0) / a.userEmb.length);
    expect(sd).toBeGreaterThan(0.008);
    expect(sd).toBeLessThan(0.012);
  });

  it('rejects impossible shapes', () => {
    expect(() => initNeuralWeights({ nUsers: 2, nItems: 2, dim: 0, hidden: [], gmfDim: 0 }, createRng(1))).toThrow(/embedding size d must be a whole number ≥ 1, got 0/);
    expect(() => initNeuralWeights({ nUsers: 2, nItems: 2, dim: 2, hidden: [3, 0], gmfDim: 0 }, createRng(1))).toThrow(/hidden layer 2's width/);
  });
});
