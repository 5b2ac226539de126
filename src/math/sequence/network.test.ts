import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { adamMoments, adamStep } from './adam';
import { finalHidden, forwardSequence, scoresFromHidden } from './forward';
import { batchLoss } from './loss';
import type { SeqBatch } from './loss';
import { SeqWorkspace, zeroGradients } from './workspace';
import type { SeqGradients } from './workspace';
import { SEQ_WEIGHT_KEYS, checkWeights, copyWeights, initSeqWeights, weightSizes } from './weights';
import type { SeqCell, SeqWeights } from './weights';

/**
 * A 1-dimensional GRU (d = H = 1) over 2 items: e_0 = 1, e_1 = 0.5;
 * W_x = [w_z, w_r, w_h̃] = [0.5, −0.5, 1], W_h = [u_z, u_r, u_h̃] = [1, 2, −1], b = [0, 0, 0.5].
 */
function tinyGru(): SeqWeights {
  return {
    cell: 'gru',
    nItems: 2,
    embeddingDim: 1,
    hiddenSize: 1,
    embedding: Float32Array.from([1, 0.5]),
    wx: Float32Array.from([0.5, -0.5, 1]),
    wh: Float32Array.from([1, 2, -1]),
    b: Float32Array.from([0, 0, 0.5]),
    out: Float32Array.from([2, -1]),
    outBias: Float32Array.from([0.25, 0]),
  };
}

describe('one GRU step, worked by hand', () => {
  it('reads item 0 from h_0 = 0', () => {
    // z = σ(0.5·1 + 1·0 + 0) = σ(0.5) = 0.6224593
    // r = σ(−0.5) = 0.3775407 (r ⊙ h_0 = 0, so the reset gate has no effect on the first step)
    // h̃ = tanh(1·1 + (−1)·0 + 0.5) = tanh(1.5) = 0.9051483
    // h_1 = (1 − z)·0 + z·h̃ = 0.6224593 · 0.9051483 = 0.5634180
    const w = tinyGru();
    const ws = new SeqWorkspace(w, 2);
    forwardSequence(w, [0], 0, 1, ws);
    expect(ws.gates[0]).toBeCloseTo(0.6224593312, 9);
    expect(ws.gates[1]).toBeCloseTo(0.3775406688, 9);
    expect(ws.gates[2]).toBeCloseTo(0.9051482536, 9);
    expect(ws.hs[1]).toBeCloseTo(0.5634179766, 9);
    expect(finalHidden(w, [0])[0]).toBeCloseTo(0.5634179766, 7);
  });

  it('then reads item 1: the reset gate scales h_1 inside the candidate', () => {
    // e = 0.5, h_1 = 0.5634180
    // a_z = 0.5·0.5 + 1·0.5634180 = 0.8134180 → z = 0.6928374
    // a_r = −0.5·0.5 + 2·0.5634180 = 0.8768360 → r = 0.7061661; r ⊙ h_1 = 0.3978667
    // a_h̃ = 1·0.5 + (−1)·0.3978667 + 0.5 = 0.6021333 → h̃ = 0.5385658
    // h_2 = (1 − 0.6928374)·0.5634180 + 0.6928374·0.5385658 = 0.5461995
    const h = finalHidden(tinyGru(), [0, 1]);
    expect(h[0]).toBeCloseTo(0.5461994905, 7);
  });

  it('scores every item as h·o_j + c_j', () => {
    // h_1 = 0.5634180: s_0 = 0.5634180·2 + 0.25 = 1.3768360, s_1 = 0.5634180·(−1) + 0 = −0.5634180
    const w = tinyGru();
    const s = scoresFromHidden(w, finalHidden(w, [0]));
    expect(s[0]).toBeCloseTo(1.376835953, 6);
    expect(s[1]).toBeCloseTo(-0.5634179766, 6);
    // nothing read: h = 0, the scores are the biases
    expect(Array.from(scoresFromHidden(w, finalHidden(w, [])))).toEqual([0.25, 0]);
  });
});

describe('one LSTM step, worked by hand', () => {
  it('reads e = 1 from h_0 = c_0 = 0', () => {
    // W_x = [i, f, g, o] = [1, −1, 0.5, 2], b = [0, 1, 0, 0] (forget bias 1), W_h irrelevant (h_0 = 0)
    // i = σ(1) = 0.7310586, f = σ(−1 + 1) = 0.5, g = tanh(0.5) = 0.4621172, o = σ(2) = 0.8807971
    // c_1 = 0.5·0 + 0.7310586·0.4621172 = 0.3378347; h_1 = 0.8807971·tanh(0.3378347) = 0.8807971·0.3255429 = 0.2867373
    const w: SeqWeights = {
      cell: 'lstm',
      nItems: 1,
      embeddingDim: 1,
      hiddenSize: 1,
      embedding: Float32Array.from([1]),
      wx: Float32Array.from([1, -1, 0.5, 2]),
      wh: Float32Array.from([0.5, 0.5, 0.5, 0.5]),
      b: Float32Array.from([0, 1, 0, 0]),
      out: Float32Array.from([1]),
      outBias: Float32Array.from([0]),
    };
    const ws = new SeqWorkspace(w, 1);
    forwardSequence(w, [0], 0, 1, ws);
    expect(Array.from(ws.gates).map((x) => Number(x.toFixed(7)))).toEqual([0.7310586, 0.5, 0.4621172, 0.8807971]);
    expect(ws.cs[1]).toBeCloseTo(0.3378347121, 9);
    expect(ws.hs[1]).toBeCloseTo(0.2867372764, 9);
  });
});

describe('the training loss', () => {
  /** Zero output layer: every logit is 0, so each position's cross-entropy is ln |C|. */
  function flat(cell: SeqCell, nItems: number): SeqWeights {
    const w = initSeqWeights({ cell, nItems, embeddingDim: 2, hiddenSize: 3 }, createRng(1));
    w.out.fill(0);
    w.outBias.fill(0);
    return w;
  }

  it('is ln n per position with the full softmax when all logits are equal', () => {
    const w = flat('gru', 5);
    const ws = new SeqWorkspace(w, 4);
    // two sequences: 3 + 1 positions, each −ln(1/5) = ln 5 = 1.6094379
    const r = batchLoss(w, { sequences: [Int32Array.from([0, 1, 2, 3]), Int32Array.from([4, 0]), Int32Array.from([2])], negatives: new Int32Array(0) }, ws, null);
    expect(r.positions).toBe(4);
    expect(r.lossSum).toBeCloseTo(4 * Math.log(5), 12);
  });

  it('counts the target and each drawn negative once per draw, leaving out accidental hits', () => {
    const w = flat('lstm', 5);
    const ws = new SeqWorkspace(w, 2);
    // positions: (0 → 1) with C = {1, 3, 3, 4}: ln 4; (1 → 3) with C = {3, 4} (both 3s are hits): ln 2
    const r = batchLoss(w, { sequences: [Int32Array.from([0, 1, 3])], negatives: Int32Array.from([3, 3, 4]) }, ws, null);
    expect(r.lossSum).toBeCloseTo(Math.log(4) + Math.log(2), 12);
  });

  it('takes more negatives than there are items', () => {
    const w = flat('gru', 3);
    const ws = new SeqWorkspace(w, 1);
    // (0 → 1) with C = {1} and the 5 draws that are not 1 (0, 2, 0, 2, 0, of 0 1 2 0 1 2 0 1): ln 6
    const r = batchLoss(w, { sequences: [Int32Array.from([0, 1])], negatives: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1]) }, ws, null);
    expect(r.lossSum).toBeCloseTo(Math.log(6), 12);
  });
});

/** Float64 copies of seeded weights with non-zero biases, for finite differences. */
function weights64(cell: SeqCell, seed: number): SeqWeights<Float64Array> {
  const w = initSeqWeights({ cell, nItems: 7, embeddingDim: 3, hiddenSize: 4 }, createRng(seed));
  const rng = createRng(seed + 1);
  const out = {} as SeqWeights<Float64Array>;
  Object.assign(out, { cell: w.cell, nItems: w.nItems, embeddingDim: w.embeddingDim, hiddenSize: w.hiddenSize });
  for (const key of SEQ_WEIGHT_KEYS) out[key] = Float64Array.from(w[key], (x) => x + 0.3 * (rng.next() - 0.5));
  return out;
}

describe('backpropagation through time', () => {
  const batch = (negatives: number[]): SeqBatch => ({
    sequences: [Int32Array.from([0, 3, 5, 3, 6]), Int32Array.from([2, 1]), Int32Array.from([6, 6, 4])],
    negatives: Int32Array.from(negatives),
  });

  describe.each([
    ['gru', []],
    ['gru', [3, 1, 1, 5]],
    ['lstm', []],
    ['lstm', [4, 6, 0]],
  ] as const)('%s with negatives %j', (cell, negatives) => {
    it('matches central finite differences of L_B for every parameter', () => {
      const w = weights64(cell, 11);
      const ws = new SeqWorkspace(w, 4);
      const b = batch([...negatives]);
      const g: SeqGradients = zeroGradients(w);
      const { positions } = batchLoss(w, b, ws, g);
      expect(positions).toBe(4 + 1 + 2);
      const loss = (): number => batchLoss(w, b, ws, null).lossSum / positions;
      const eps = 1e-5;
      let worst = 0;
      let checked = 0;
      for (const key of SEQ_WEIGHT_KEYS) {
        const theta = w[key];
        for (let j = 0; j < theta.length; j++) {
          const keep = theta[j]!;
          theta[j] = keep + eps;
          const up = loss();
          theta[j] = keep - eps;
          const down = loss();
          theta[j] = keep;
          const numeric = (up - down) / (2 * eps);
          const analytic = g[key][j]!;
          worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic)));
          checked++;
        }
      }
      expect(checked).toBe(Object.values(weightSizes(w)).reduce((a, c) => a + c, 0));
      // float64 central differences agree to ~1e-6 relative; a wrong term would be off by ≳ 1e-2
      expect(worst).toBeLessThan(2e-5);
    });
  });
});

describe('adamStep', () => {
  it('moves each parameter by about η against the sign of its gradient on the first step', () => {
    // t = 1: m = 0.1g, v = 0.001g², m/(1−0.9) = g, v/(1−0.999) = g², so θ ← θ − η·g/(|g| + ε)
    const w = initSeqWeights({ cell: 'gru', nItems: 2, embeddingDim: 1, hiddenSize: 1 }, createRng(3));
    const before = copyWeights(w);
    const g = zeroGradients(w);
    g.outBias[0] = 2;
    g.outBias[1] = -0.5;
    adamStep(w, g, adamMoments(w), 1, { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(w.outBias[0]).toBeCloseTo(-0.01, 7);
    expect(w.outBias[1]).toBeCloseTo(0.01, 7);
    // zero gradient: no move
    expect(Array.from(w.wx)).toEqual(Array.from(before.wx));
  });
});

describe('initSeqWeights', () => {
  it('is seeded, has the right sizes, and starts the LSTM forget gate at 1', () => {
    const a = initSeqWeights({ cell: 'lstm', nItems: 5, embeddingDim: 2, hiddenSize: 3 }, createRng(9));
    const b = initSeqWeights({ cell: 'lstm', nItems: 5, embeddingDim: 2, hiddenSize: 3 }, createRng(9));
    checkWeights(a);
    expect(a).toEqual(b);
    expect(Array.from(a.b)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(weightSizes(a)).toEqual({ embedding: 10, wx: 24, wh: 36, b: 12, out: 15, outBias: 5 });
    expect(() => initSeqWeights({ cell: 'gru', nItems: 0, embeddingDim: 2, hiddenSize: 3 }, createRng(1))).toThrow('nItems must be a positive whole number, got 0');
  });
});
