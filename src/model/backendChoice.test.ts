import { describe, expect, it } from 'vitest';
import { chooseFastest, describeChoice, formatRate, rateFromProgress } from './backendChoice';
import type { CalibrationRow } from './backendChoice';

const ORDER = ['webgpu', 'webgl', 'cpu'] as const;
const row = (backend: CalibrationRow['backend'], ratingsPerSec: number | null, note = ''): CalibrationRow => ({ backend, ratingsPerSec, note, ms: 600 });

describe('rateFromProgress', () => {
  it('measures between the first and last report, leaving set-up out', () => {
    // 10% done at 100 ms, 35% at 600 ms of a 1 000 000-rating run: 0.25 · 1e6 ratings in 0.5 s = 500 000/s
    expect(rateFromProgress([{ t: 100, fraction: 0.1 }, { t: 300, fraction: 0.2 }, { t: 600, fraction: 0.35 }], 1_000_000, 0)).toBeCloseTo(500_000, 6);
  });
  it('with one report, counts from the start (a lower bound); with no work shown, has no figure', () => {
    // 20% of 1e6 by 500 ms after the start: 200 000 in 0.5 s = 400 000/s
    expect(rateFromProgress([{ t: 0, fraction: 0 }, { t: 500, fraction: 0.2 }], 1_000_000, 0)).toBe(400_000);
    expect(rateFromProgress([{ t: 200, fraction: 0 }], 1_000_000, 0)).toBeNull();
    expect(rateFromProgress([], 1_000_000, 0)).toBeNull();
  });
});

describe('chooseFastest', () => {
  it('picks the highest figure', () => {
    expect(chooseFastest([row('webgpu', 710_000), row('webgl', null, 'no step finished in 0.67 s'), row('cpu', 6_200_000)], ORDER)).toBe('cpu');
    expect(chooseFastest([row('webgpu', 90e6), row('cpu', 21e6)], ORDER)).toBe('webgpu');
  });
  it('breaks a tie by the availability order, and falls back to the CPU when nothing was measured', () => {
    expect(chooseFastest([row('cpu', 1e6), row('webgpu', 1e6)], ORDER)).toBe('webgpu');
    expect(chooseFastest([row('webgpu', null, 'failed'), row('cpu', null, 'stopped')], ORDER)).toBe('cpu');
  });
});

describe('describeChoice', () => {
  it('gives each figure in order, why one is missing, and the winner', () => {
    expect(describeChoice([row('webgpu', 1_234_567), row('webgl', null, 'no step finished in 0.67 s'), row('cpu', 21_000_000, '2 threads')], 'cpu')).toBe(
      'webgpu 1.23 M ratings/s, webgl: no step finished in 0.67 s, cpu (2 threads) 21 M ratings/s → cpu',
    );
  });
  it('formats rates with at most three significant figures', () => {
    expect([21_000_000, 1_234_567, 17_700, 950.4, 999_999].map(formatRate)).toEqual(['21 M', '1.23 M', '17.7 k', '950', '1 M']);
  });
});
