import { describe, expect, it } from 'vitest';
import { invertSpd } from '../../math/gaussian';
import { createRng, randomNormal } from '../../math/random';
import { scoreItems } from '../estimator';
import { createSlateBuffer, topN, uniformEligible } from '../slate';
import type { SlateBuffer } from '../slate';
import type { ItemFeatures } from '../types';
import { epsilonGreedy } from './epsilonGreedy';
import { greedy } from './greedy';
import { eigenvalueBound, linUcb, ucbBonus } from './linucb';
import { random } from './random';
import { findPolicy, policyInfos, policyLabel, resolveKnobs } from './registry';
import { samplePosterior, thompson } from './thompson';
import type { PolicyContext } from './types';

const f64 = (...xs: number[]) => Float64Array.from(xs);

/** A one-user context over item rows, with θ̂ and A⁻¹ given. */
function context(rows: number[][], theta: number[], cov: number[], n: number, blocked: number[] = [], seed = 1): PolicyContext {
  const d = theta.length;
  const features: ItemFeatures = { nItems: rows.length, d, x: Float64Array.from(rows.flat()), k: d, vectors: Float32Array.from(rows.flat()) };
  const block = new Uint8Array(rows.length);
  for (const i of blocked) block[i] = 1;
  return {
    user: 0,
    n,
    features,
    blocked: block,
    base: 0,
    theta: Float64Array.from(theta),
    covariances: Float64Array.from(cov),
    covOffset: 0,
    offsets: new Float64Array(rows.length),
    offsetVariance: new Float64Array(rows.length),
    estimates: scoreItems(features, theta, new Float64Array(rows.length)),
    scores: new Float64Array(rows.length),
    rng: createRng(seed),
  };
}
const itemsOf = (s: SlateBuffer) => [...s.items.subarray(0, s.length)];

describe('topN and uniformEligible', () => {
  it('takes the best unblocked items, skipping NaN, ties to the first visited', () => {
    const out = new Int32Array(2);
    // item 1 is blocked; items 0 and 2 tie at 0.9: visiting from 0, item 0 wins the tie
    expect(topN(f64(0.9, 5, 0.9, 0.1, NaN), 5, Uint8Array.from([0, 1, 0, 0, 0]), 0, 2, out)).toBe(2);
    expect([...out]).toEqual([0, 2]);
    // visiting from 2, item 2 comes first
    topN(f64(0.9, 5, 0.9, 0.1, NaN), 5, Uint8Array.from([0, 1, 0, 0, 0]), 0, 2, out, 2);
    expect([...out]).toEqual([2, 0]);
    expect(topN(f64(1, 2), 2, Uint8Array.from([1, 1]), 0, 2, out)).toBe(0);
  });
  it('draws only unblocked items not yet on the slate, −1 when none is left', () => {
    const rng = createRng(4);
    const blocked = Uint8Array.from([1, 0, 1, 0, 0]);
    const slate = Int32Array.from([3, 0, 0]);
    for (let t = 0; t < 200; t++) expect([1, 4]).toContain(uniformEligible(rng, 5, blocked, 0, slate, 1));
    expect(uniformEligible(rng, 5, blocked, 0, Int32Array.from([1, 3, 4]), 3)).toBe(-1);
  });
});

describe('LinUCB', () => {
  it('bonus α·√(xᵀA⁻¹x) by hand', () => {
    // A⁻¹ = (I + (1, 2)(1, 2)ᵀ)⁻¹ = [[5/6, −1/3], [−1/3, 1/3]]; x = (1, 0): xᵀA⁻¹x = 5/6; α = 2 → 2·√(5/6) = 1.825742
    expect(ucbBonus(2, f64(5 / 6, -1 / 3, -1 / 3, 1 / 3), 0, 2, f64(1, 0), 0)).toBeCloseTo(2 * Math.sqrt(5 / 6), 14);
  });
  it('adds the offset variance under the root, and ranks unshown items up (exact pruning kept)', () => {
    // xᵀA⁻¹x = 5/6 (above) + Var c = 1/6 → α·√1 = 2
    expect(ucbBonus(2, f64(5 / 6, -1 / 3, -1 / 3, 1 / 3), 0, 2, f64(1, 0), 0, 1 / 6)).toBeCloseTo(2, 14);
    // θ̂ = (1, 0), A⁻¹ = diag(0.01, 0.01), α = 1; items (1, 0), (0.9, 0), (0.5, 0) with Var c = (0, 0, 1):
    // scores 1 + 0.1, 0.9 + 0.09, 0.5 + √(0.0025 + 1) = 1.50125 → item 2 first
    const ctx = context([[1, 0], [0.9, 0], [0.5, 0]], [1, 0], [0.01, 0, 0, 0.01], 2);
    ctx.offsetVariance.set([0, 0, 1]);
    const out = createSlateBuffer(2);
    linUcb.create({ alpha: 1 })(ctx, out);
    expect(itemsOf(out)).toEqual([2, 0]);
    expect(out.score[0]).toBeCloseTo(0.5 + Math.sqrt(1.0025), 14);
  });
  it('bounds the largest eigenvalue safely', () => {
    // diag(3, 1): Gershgorin 3, Frobenius √10 → 3; [[2, 1], [1, 2]] has λ_max 3, Gershgorin 3, Frobenius √10
    expect(eigenvalueBound(f64(3, 0, 0, 1), 0, 2)).toBe(3);
    expect(eigenvalueBound(f64(2, 1, 1, 2), 0, 2)).toBe(3);
  });
  it('ranks by estimate + bonus and explains each slot', () => {
    // θ̂ = (1, 0), A⁻¹ = diag(0.01, 1), α = 1: item 0 = (1, 0): 1 + 0.1 = 1.1; item 1 = (0.5, 1): 0.5 + 1.00125 = 1.50125;
    // item 2 = (0.8, 0): 0.8 + 0.08 = 0.88. Greedy would take 0 then 2; LinUCB takes 1 then 0.
    const ctx = context([[1, 0], [0.5, 1], [0.8, 0]], [1, 0], [0.01, 0, 0, 1], 2);
    const out = createSlateBuffer(2);
    linUcb.create({ alpha: 1 })(ctx, out);
    expect(itemsOf(out)).toEqual([1, 0]);
    expect(out.estimate[0]).toBeCloseTo(0.5, 14);
    expect(out.extra[0]).toBeCloseTo(Math.sqrt(1 + 0.25 * 0.01), 14);
    expect(out.score[1]).toBeCloseTo(1.1, 14);
    const g = createSlateBuffer(2);
    greedy.create({})(ctx, g);
    expect(itemsOf(g)).toEqual([0, 2]);
  });
  it('gives the same slate as scoring every item (the pruning is exact)', () => {
    const rng = createRng(11);
    const d = 6;
    const rows = Array.from({ length: 300 }, () => Array.from({ length: d }, () => randomNormal(rng)));
    // A⁻¹ of λI + 40 random rows
    const a = new Float64Array(d * d);
    for (let r = 0; r < d; r++) a[r * d + r] = 2;
    for (let t = 0; t < 40; t++) for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) a[r * d + c]! += rows[t]![r]! * rows[t]![c]!;
    const cov = Array.from(invertSpd(a, d));
    const theta = Array.from({ length: d }, () => randomNormal(rng, 0, 0.3));
    const ctx = context(rows, theta, cov, 10, [3, 17, 42]);
    const out = createSlateBuffer(10);
    linUcb.create({ alpha: 0.7 })(ctx, out);
    const brute = rows.map((_, i) => (ctx.blocked[i] ? -Infinity : ctx.estimates[i]! + ucbBonus(0.7, ctx.covariances, 0, d, ctx.features.x, i)));
    const expected = brute.map((s, i) => [s, i] as const).sort((p, q) => q[0] - p[0]).slice(0, 10).map(([, i]) => i);
    expect(itemsOf(out)).toEqual(expected);
  });
});

describe('Thompson sampling', () => {
  it('draws θ̃ = θ̂ + v·L z with L Lᵀ = A⁻¹, by hand', () => {
    // A⁻¹ = diag(4, 1) → L = diag(2, 1); θ̂ = (1, 1); v = 0.5 → θ̃ = (1 + 0.5·2·z₀, 1 + 0.5·z₁)
    const zr = createRng(9);
    const z0 = randomNormal(zr);
    const z1 = randomNormal(zr);
    const draw = samplePosterior(createRng(9), f64(1, 1), f64(4, 0, 0, 1), 0, 2, 0.5, new Float64Array(4), new Float64Array(2));
    expect(draw[0]).toBeCloseTo(1 + z0, 14);
    expect(draw[1]).toBeCloseTo(1 + 0.5 * z1, 14);
  });
  it('has covariance v²A⁻¹ over many draws', () => {
    const rng = createRng(2);
    const cov = f64(0.5, 0.2, 0.2, 0.3);
    const n = 40_000;
    let s00 = 0;
    let s01 = 0;
    let s11 = 0;
    const draw = new Float64Array(2);
    for (let t = 0; t < n; t++) {
      samplePosterior(rng, f64(0, 0), cov, 0, 2, 2, new Float64Array(4), draw);
      s00 += draw[0]! ** 2;
      s01 += draw[0]! * draw[1]!;
      s11 += draw[1]! ** 2;
    }
    // v² = 4: expected 2.0, 0.8, 1.2
    expect(s00 / n).toBeCloseTo(2.0, 1);
    expect(s01 / n).toBeCloseTo(0.8, 1);
    expect(s11 / n).toBeCloseTo(1.2, 1);
  });
  it('one draw per slot: distinct items; with v² = 0 the greedy slate', () => {
    const ctx = context([[1, 0], [0.5, 1], [0.8, 0], [0.2, 0]], [1, 0], [0.01, 0, 0, 1], 3, [3]);
    const out = createSlateBuffer(3);
    thompson.create({ variance: 0, perSlot: 1 })(ctx, out);
    expect(itemsOf(out)).toEqual([0, 2, 1]);
    expect(out.extra[2]).toBeCloseTo(0.5, 14);
    for (const seed of [1, 2, 3]) {
      const c = context([[1, 0], [0.5, 1], [0.8, 0], [0.2, 0]], [1, 0], [0.01, 0, 0, 1], 3, [3], seed);
      const o = createSlateBuffer(3);
      thompson.create({ variance: 1, perSlot: 1 })(c, o);
      expect(new Set(itemsOf(o)).size).toBe(3);
      expect(itemsOf(o)).not.toContain(3);
    }
  });
  it('adds the item offsets, and draws them with variance v²·Var c_i', () => {
    // v² = 0: scores = x·θ̂ + c = (1, 0.5, 0.8) + (0, 0.6, 0) → item 1 (1.1) first, then item 0
    const ctx = context([[1, 0], [0.5, 0], [0.8, 0]], [1, 0], [0, 0, 0, 0], 2);
    ctx.offsets.set([0, 0.6, 0]);
    const out = createSlateBuffer(2);
    thompson.create({ variance: 0 })(ctx, out);
    expect(itemsOf(out)).toEqual([1, 0]);
    expect(out.extra[0]).toBeCloseTo(1.1, 14);
    // A⁻¹ ≈ 0 and Var c = (0, 0, 4), v² = 1: item 2's sampled score is 0.8 + 2z, the others fixed
    const c2 = context([[1, 0], [0.5, 0], [0.8, 0]], [1, 0], [1e-30, 0, 0, 1e-30], 3, [], 5);
    c2.offsetVariance.set([0, 0, 4]);
    const o2 = createSlateBuffer(3);
    thompson.create({ variance: 1 })(c2, o2);
    const j0 = itemsOf(o2).indexOf(0);
    const j1 = itemsOf(o2).indexOf(1);
    expect(o2.extra[j0]).toBeCloseTo(1, 14);
    expect(o2.extra[j1]).toBeCloseTo(0.5, 14);
  });
  it('with v² = 0 is greedy, and records the sampled score', () => {
    const ctx = context([[1, 0], [0.5, 1], [0.8, 0]], [1, 0], [0.01, 0, 0, 1], 2);
    const out = createSlateBuffer(2);
    thompson.create({ variance: 0 })(ctx, out);
    expect(itemsOf(out)).toEqual([0, 2]);
    expect(out.extra[0]).toBeCloseTo(1, 14);
  });
});

describe('ε-greedy and random', () => {
  const rows = Array.from({ length: 50 }, (_, i) => [i / 50, 1]);
  it('ε = 0 is greedy; ε = 1 fills every slot at random', () => {
    const ctx = context(rows, [1, 0], [1, 0, 0, 1], 5, [49]);
    const out = createSlateBuffer(5);
    epsilonGreedy.create({ epsilon: 0 })(ctx, out);
    expect(itemsOf(out)).toEqual([48, 47, 46, 45, 44]);
    expect([...out.explored]).toEqual([0, 0, 0, 0, 0]);
    out.length = 0;
    epsilonGreedy.create({ epsilon: 1 })(ctx, out);
    expect([...out.explored]).toEqual([1, 1, 1, 1, 1]);
    expect(new Set(itemsOf(out)).size).toBe(5);
    expect(itemsOf(out)).not.toContain(49);
  });
  it('ε = 0.5 mixes greedy picks and distinct random ones', () => {
    const ctx = context(rows, [1, 0], [1, 0, 0, 1], 10, [], 3);
    const out = createSlateBuffer(10);
    epsilonGreedy.create({ epsilon: 0.5 })(ctx, out);
    const explored = [...out.explored].filter((e) => e === 1).length;
    expect(explored).toBeGreaterThan(0);
    expect(explored).toBeLessThan(10);
    expect(new Set(itemsOf(out)).size).toBe(10);
    // the greedy slots hold the best items in order
    const greedyItems = itemsOf(out).filter((_, j) => out.explored[j] === 0);
    expect(greedyItems).toEqual([49, 48, 47, 46, 45, 44, 43, 42, 41, 40].slice(0, greedyItems.length));
  });
  it('random shows distinct unblocked items, all marked explored', () => {
    const ctx = context(rows, [1, 0], [1, 0, 0, 1], 10, [0, 1, 2]);
    const out = createSlateBuffer(10);
    random.create({})(ctx, out);
    expect(new Set(itemsOf(out)).size).toBe(10);
    for (const i of itemsOf(out)) expect(i).toBeGreaterThan(2);
    expect([...out.explored]).toEqual(Array(10).fill(1));
  });
});

describe('the registry', () => {
  it('lists the five policies with their knobs', () => {
    expect(policyInfos().map((p) => p.id)).toEqual(['greedy', 'epsilon-greedy', 'linucb', 'thompson', 'random']);
    expect(findPolicy('linucb').info.knobs.map((k) => [k.key, k.default])).toEqual([['alpha', 0.2]]);
    expect(findPolicy('thompson').info.knobs.map((k) => [k.key, k.default])).toEqual([['variance', 0.01], ['perSlot', 1]]);
    expect(() => findPolicy('nope')).toThrow(/Known policies: greedy/);
  });
  it('resolves knobs against their bounds and labels runs', () => {
    const info = findPolicy('epsilon-greedy').info;
    expect(resolveKnobs(info)).toEqual({ epsilon: 0.1 });
    expect(resolveKnobs(info, { epsilon: 0.05 })).toEqual({ epsilon: 0.05 });
    expect(() => resolveKnobs(info, { epsilon: 2 })).toThrow(/ε must be in \[0, 1\], got 2/);
    expect(() => resolveKnobs(info, { alpha: 1 })).toThrow(/unknown knob "alpha"/);
    expect(policyLabel(info, { epsilon: 0.05 })).toBe('ε-greedy (ε 0.05)');
    expect(policyLabel(findPolicy('greedy').info, {})).toBe('Greedy');
  });
});
