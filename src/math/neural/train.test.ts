import { describe, expect, it } from 'vitest';
import { neuMfExample, smallBatch, smallNetwork } from './examples.testutil';
import { parameterList } from './weights';
import type { NeuralWeights } from './weights';
import { adamStep, createAdamState } from './adam';
import { createGradients } from './gradients';
import { exampleLoss, forwardBackward, lossAndGradients } from './loss';
import type { NeuralBatch, NeuralLoss } from './loss';

const one: NeuralBatch = { users: Int32Array.from([0]), items: Int32Array.from([0]), labels: Float32Array.from([1]) };

describe('exampleLoss', () => {
  it('BCE = max(z,0) − zy + ln(1 + e^{−|z|}), ∂/∂z = σ(z) − y; stable for large z', () => {
    expect(exampleLoss(0, 1, 'bce')).toEqual({ loss: Math.LN2, dz: -0.5 });
    // z = 40, y = 0: −ln(1 − σ(40)) = 40 + ln(1 + e^{−40}) ≈ 40 (the naive form gives ln 0 = −∞)
    expect(exampleLoss(40, 0, 'bce').loss).toBeCloseTo(40, 12);
    expect(exampleLoss(-40, 1, 'bce').loss).toBeCloseTo(40, 12);
  });

  it('MSE = (σ(z) − y)², ∂/∂z = 2(σ − y)σ(1 − σ)', () => {
    // σ(0) = 0.5: loss (0.5 − 1)² = 0.25, ∂/∂z = 2·(−0.5)·0.25 = −0.25
    expect(exampleLoss(0, 1, 'mse')).toEqual({ loss: 0.25, dz: -0.25 });
  });
});

describe('backpropagation, worked by hand on the NeuMF example', () => {
  // z = 0.75 (see examples.testutil.ts). BCE with y = 1: ℓ = ln(1 + e^{−0.75}) = 0.386871006114900,
  // δ = σ(0.75) − 1 = −0.320821300824607. Output: ∂w = δ·(1, 0, −1), ∂b = δ. GMF: ∂g = δ·0.5, so
  // ∂p_u = ∂g·q_i = −0.25δ, ∂q_i = ∂g·p_u = δ. Hidden: ∂a = δ·(1.5, 3), unit 2 inactive (pre −0.5)
  // → ∂pre = (1.5δ, 0); ∂W₁ = x ⊗ ∂pre = [[1.5δ, 0], [3δ, 0]], ∂b₁ = (1.5δ, 0);
  // ∂x = W₁·∂pre = (0.5·1.5δ, 0.25·1.5δ) → ∂h_u = 0.75δ, ∂h_i = 0.375δ.
  const check = (loss: NeuralLoss, label: number, wantLoss: number, dz: number) => {
    const { loss: got, grads } = lossAndGradients(neuMfExample(), { ...one, labels: Float32Array.from([label]) }, loss);
    expect(got).toBeCloseTo(wantLoss, 14);
    const want = [[0.75 * dz], [0.375 * dz], [-0.25 * dz], [dz], [1.5 * dz, 0, 3 * dz, 0], [1.5 * dz, 0], [dz, 0, -dz], [dz]];
    expect(grads.length).toBe(want.length);
    grads.forEach((g, k) => Array.from(g).forEach((x, j) => expect(x).toBeCloseTo(want[k]![j]!, 14)));
  };
  it('binary cross-entropy, y = 1', () => check('bce', 1, 0.38687100611489994, -0.320821300824607));
  // MSE with y = 0.625 (exact in float32): ℓ = (0.679178699175393 − 0.625)² = 0.0029353314443377274,
  // δ = 2(σ − y)σ(1 − σ) = 0.023610534637690903
  it('squared error, y = 0.625', () => check('mse', 0.625, 0.0029353314443377274, 0.023610534637690903));
});

/** Central finite differences of the mean loss in every parameter, on the float32 values actually stored. */
function numericGradients(w: NeuralWeights, batch: NeuralBatch, loss: NeuralLoss, h = 1e-3): Float64Array[] {
  return parameterList(w).map(({ values }) => {
    const out = new Float64Array(values.length);
    for (let j = 0; j < values.length; j++) {
      const x = values[j]!;
      values[j] = x + h;
      const up = values[j]!;
      const lUp = lossAndGradients(w, batch, loss).loss;
      values[j] = x - h;
      const down = values[j]!;
      const lDown = lossAndGradients(w, batch, loss).loss;
      values[j] = x;
      out[j] = (lUp - lDown) / (up - down);
    }
    return out;
  });
}

describe('finite-difference gradient check', () => {
  const cases: [string, NeuralWeights][] = [
    ['NeuMF (hidden 4 → 3, GMF 2)', smallNetwork()],
    ['MLP (hidden 5, no GMF)', smallNetwork(12, { hidden: [5], gmfDim: 0 })],
    ['neural scorer (no hidden layer)', smallNetwork(13, { hidden: [], gmfDim: 0 })],
  ];
  for (const [name, w] of cases) {
    for (const loss of ['bce', 'mse'] as const) {
      it(`${name}, ${loss}`, () => {
        const { grads } = lossAndGradients(w, smallBatch(), loss);
        const numeric = numericGradients(w, smallBatch(), loss);
        let checked = 0;
        grads.forEach((g, k) => {
          g.forEach((x, j) => {
            const n = numeric[k]![j]!;
            expect(Math.abs(x - n), `parameter ${parameterList(w)[k]!.name}[${j}]: backprop ${x}, numeric ${n}`).toBeLessThan(1e-6 + 1e-4 * Math.abs(n));
            checked++;
          });
        });
        expect(checked).toBe(parameterList(w).reduce((s, p) => s + p.values.length, 0));
      });
    }
  }
});

describe('Adam with lazy embedding rows', () => {
  it('first step: every parameter with a gradient moves by η·|g|/(|g| + ε) against it; rows outside the batch stay', () => {
    const w = smallNetwork();
    const before = parameterList(w).map((p) => Float32Array.from(p.values));
    // users 0 and 1, items 1 and 4 only
    const batch: NeuralBatch = { users: Int32Array.from([0, 0, 1]), items: Int32Array.from([1, 4, 1]), labels: Float32Array.from([1, 0, 1]) };
    const { grads } = lossAndGradients(w, batch, 'bce');
    const g = createGradients(w.spec, w);
    forwardBackward(w, g, batch, 'bce');
    const state = createAdamState(w);
    adamStep(w, g, state, 0.01);
    // step 1: m̂ = g, v̂ = g², so Δθ = −η·g/(|g| + ε)
    parameterList(w).forEach((p, k) =>
      p.values.forEach((x, j) => {
        const gj = grads[k]![j]!;
        expect(x).toBeCloseTo(Math.fround(before[k]![j]! - (0.01 * gj) / (Math.abs(gj) + 1e-8)), 6);
      }),
    );
    const d = w.spec.dim;
    expect(Array.from(w.userEmb.subarray(2 * d))).toEqual(Array.from(before[0]!.subarray(2 * d)));
    expect(Array.from(w.itemEmb.subarray(2 * d, 4 * d))).toEqual(Array.from(before[1]!.subarray(2 * d, 4 * d)));
    // gradients are cleared after the step
    expect(g.userEmb.every((x) => x === 0) && g.dense.every((l) => l.W.every((x) => x === 0))).toBe(true);
    expect(g.users.n).toBe(0);

    // step 2 on user 2 / item 0 only: user 0 keeps its row (lazy: its momentum does not move it)
    const user0 = Float32Array.from(w.userEmb.subarray(0, d));
    const layer = Float32Array.from(w.dense[0]!.W);
    forwardBackward(w, g, { users: Int32Array.from([2]), items: Int32Array.from([0]), labels: Float32Array.from([1]) }, 'bce');
    adamStep(w, g, state, 0.01);
    expect(Array.from(w.userEmb.subarray(0, d))).toEqual(Array.from(user0));
    expect(Array.from(w.dense[0]!.W)).not.toEqual(Array.from(layer));
    expect(state.t).toBe(2);
  });

  it('forwardBackward over a range of a batch equals the same examples as their own batch', () => {
    const w = smallNetwork();
    const full = smallBatch();
    const g = createGradients(w.spec, w);
    const sum = forwardBackward(w, g, full, 'bce', 2, 3);
    const part = { users: full.users.slice(2, 5), items: full.items.slice(2, 5), labels: full.labels.slice(2, 5) };
    const ref = lossAndGradients(w, part, 'bce');
    expect(sum / 3).toBeCloseTo(ref.loss, 14);
    g.dense.forEach((l, k) => expect(Array.from(l.W)).toEqual(Array.from(ref.grads[4 + 2 * k]!)));
  });
});
