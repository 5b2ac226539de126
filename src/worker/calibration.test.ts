/**
 * The Automatic backend measures before it trains. In Node there is no GPU: with a stand-in
 * navigator.gpu whose adapter is null, WebGPU is a candidate that gets no figure (and says why), the
 * CPU trainer gets one, and the run trains there. Without even that, nothing is measured.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../data/types';
import { makeTrainSet } from '../recommenders/trainSet';
import { calibrationSample, forgetCalibrations, measuredEnough, nextStepGuess, skipReason, slowestStep } from './calibration';
import { selectCurrent, setBackendPreference } from './session';
import { trainingApi } from './trainingApi';
import { syntheticDataset } from './syntheticDataset.testutil';

const dataset = (id: string): Dataset => syntheticDataset(id);
const none = () => undefined;

describe('calibrationSample', () => {
  it('takes every ⌈n / limit⌉-th rating and keeps the shape', () => {
    const ratings = { users: Int32Array.of(0, 1, 2, 0, 1, 2, 0), items: Int32Array.of(0, 0, 1, 1, 2, 2, 3), ratings: Float32Array.of(1, 2, 3, 4, 5, 1, 2) };
    const set = makeTrainSet(ratings, { nUsers: 5, nItems: 9, ratingMin: 1, ratingMax: 5, implicit: false });
    // 7 ratings, at most 3: stride ⌈7/3⌉ = 3 → rows 0, 3, 6
    const sample = calibrationSample(set, 3);
    expect(Array.from(sample.ratings.users)).toEqual([0, 0, 0]);
    expect(Array.from(sample.ratings.items)).toEqual([0, 1, 3]);
    expect(Array.from(sample.ratings.ratings)).toEqual([1, 4, 2]);
    expect([sample.nUsers, sample.nItems]).toEqual([5, 9]);
    // μ of the sample: (1 + 4 + 2) / 3
    expect(sample.globalMean).toBeCloseTo(7 / 3, 6);
    expect(calibrationSample(set, 7)).toBe(set);
  });
});

describe('nextStepGuess', () => {
  it('is the time between the last two reports, and 0 before there are two', () => {
    expect(nextStepGuess([])).toBe(0);
    // the first report comes after the set-up: no guide to the next step
    expect(nextStepGuess([{ t: 900, fraction: 0.1 }])).toBe(0);
    expect(nextStepGuess([{ t: 900, fraction: 0.1 }, { t: 1000, fraction: 0.2 }, { t: 1250, fraction: 0.3 }])).toBe(250);
  });
});

describe('slowestStep', () => {
  it('is the longest stretch between reports; the first (set-up included) only when it is alone', () => {
    expect(slowestStep([], 100)).toBeNull();
    // one report at 900 after a start at 100: 800 ms, set-up and all
    expect(slowestStep([{ t: 900, fraction: 0.1 }], 100)).toBe(800);
    // stretches 1000 − 900 = 100 and 1250 − 1000 = 250; the first 800 is left out
    expect(slowestStep([{ t: 900, fraction: 0.1 }, { t: 1000, fraction: 0.2 }, { t: 1250, fraction: 0.3 }], 100)).toBe(250);
  });
});

describe('measuredEnough', () => {
  it('needs three reports that did work, the first and last at least enoughMs apart', () => {
    const at = (...ts: number[]) => ts.map((t, j) => ({ t, fraction: (j + 1) / 10 }));
    expect(measuredEnough(at(0, 100, 300), 300)).toBe(true);
    expect(measuredEnough(at(0, 299), 300)).toBe(false);
    expect(measuredEnough(at(0, 100, 299), 300)).toBe(false);
    // a report of no work (fraction 0) does not count: 100 → 350 is 250 ms
    expect(measuredEnough([{ t: 0, fraction: 0 }, ...at(100, 200, 350)], 300)).toBe(false);
  });
});

describe('skipReason', () => {
  const row = (ratingsPerSec: number | null, note = '') => ({ backend: 'webgpu' as const, ratingsPerSec, note, ms: 0 });
  it('always runs the CPU; WebGL only when WebGPU has no figure and was not too slow', () => {
    expect(skipReason('cpu', row(1e6), 5000, 0)).toBeNull();
    expect(skipReason('webgl', row(1e6), undefined, 2000)).toBe('not measured (webgpu has a figure, on the same GPU)');
    expect(skipReason('webgl', row(null, 'no adapter'), undefined, 2000)).toBeNull();
    expect(skipReason('webgl', undefined, undefined, 2000)).toBeNull();
    const slow = skipReason('webgpu', undefined, 2900, 1400);
    expect(slow).toBe('not measured (one step took 2.9 s in an earlier calibration; 1.4 s left)');
    expect(skipReason('webgl', row(null, slow!), undefined, 2000)).toBe('not measured (webgpu, on the same GPU, was too slow)');
  });
  it('runs a GPU backend whose last step fits in the time left', () => {
    expect(skipReason('webgpu', undefined, 1400, 1400)).toBeNull();
    expect(skipReason('webgl', undefined, 1401, 1400)).toMatch(/^not measured \(one step took 1\.4 s/);
    // the budget already spent: "0.0 s left", never a negative time
    expect(skipReason('webgpu', undefined, 10, -50)).toBe('not measured (one step took 0.0 s in an earlier calibration; 0.0 s left)');
  });
});

describe('the Automatic backend', () => {
  afterEach(() => void vi.unstubAllGlobals());

  it('measures each backend, says why one has no figure, and trains on the one measured', async () => {
    forgetCalibrations();
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => null } });
    selectCurrent(dataset('ds-auto'));
    setBackendPreference('auto');
    const request = { method: 'biased-mf', params: {}, defaults: true, validationFraction: 0.1, splitSeed: 1 };
    const outcome = await trainingApi.train('auto-1', request, none, none);
    const choice = outcome.choice!;
    expect(choice.rows.map((r) => r.backend)).toEqual(['webgpu', 'cpu']);
    expect(choice.rows[0]).toMatchObject({ ratingsPerSec: null, note: 'no adapter (navigator.gpu.requestAdapter() returned null)' });
    expect(choice.rows[1]!.ratingsPerSec).toBeGreaterThan(0);
    expect(choice.backend.name).toBe('cpu');
    expect(outcome.backend).toBe('cpu');
    expect(choice.reason).toMatch(/^webgpu: no adapter \(navigator\.gpu\.requestAdapter\(\) returned null\), cpu \(1 thread\) [\d.]+ [kM] ratings\/s → cpu$/);
    expect(choice.reused).toBe(false);
    // the same data, method and settings: the figures are reused, not measured again
    const again = await trainingApi.train('auto-2', request, none, none);
    expect(again.choice).toMatchObject({ reused: true, ms: 0, reason: choice.reason });
  });

  it('measures nothing on a pinned backend, for a method that trains on the CPU only, or with no GPU API at all', async () => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => null } });
    selectCurrent(dataset('ds-pinned'));
    setBackendPreference('cpu');
    expect((await trainingApi.train('pinned', { method: 'biased-mf', params: { epochs: 2 }, validationFraction: 0.1, splitSeed: 1 }, none, none)).choice).toBeNull();
    setBackendPreference('auto');
    expect((await trainingApi.train('knn', { method: 'item-knn', params: {}, validationFraction: 0.1, splitSeed: 1 }, none, none)).choice).toBeNull();
    vi.unstubAllGlobals();
    expect((await trainingApi.train('no-gpu', { method: 'biased-mf', params: { epochs: 2 }, validationFraction: 0.1, splitSeed: 1 }, none, none)).choice).toBeNull();
  });
});
