import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../worker/api';
import { defaultParams, paramError, validateParams } from './ParamForm';

const SPECS: readonly ParamSpec[] = [
  { key: 'k', label: 'Neighbours k', help: 'How many neighbours.', type: 'integer', default: 40, min: 1, max: 500 },
  { key: 'shrink', label: 'Shrinkage', help: 'Pulls small overlaps toward 0.', type: 'number', default: 100, min: 0 },
  { key: 'lr', label: 'Learning rate', help: 'Step size.', type: 'number', default: 0.01, min: 1e-6, max: 10, step: 0.001 },
  {
    key: 'sim',
    label: 'Similarity',
    help: 'How two items are compared.',
    type: 'choice',
    default: 'cosine',
    options: [
      { value: 'cosine', label: 'Cosine' },
      { value: 'pearson', label: 'Pearson' },
    ],
  },
  { key: 'center', label: 'Mean-centre', help: 'Subtract each user’s mean.', type: 'boolean', default: true },
];

describe('defaultParams', () => {
  it('takes every default from the schema', () => {
    expect(defaultParams(SPECS)).toEqual({ k: 40, shrink: 100, lr: 0.01, sim: 'cosine', center: true });
  });

  it('applies overrides for the schema’s keys and drops unknown keys', () => {
    expect(defaultParams(SPECS, { k: 20, sim: 'pearson', center: false, validationFraction: 0.1 })).toEqual({
      k: 20,
      shrink: 100,
      lr: 0.01,
      sim: 'pearson',
      center: false,
    });
  });

  it('is empty for a method without parameters', () => {
    expect(defaultParams([], { k: 3 })).toEqual({});
  });
});

describe('validateParams', () => {
  it('accepts the defaults and values on the bounds', () => {
    expect(validateParams(SPECS, defaultParams(SPECS))).toEqual([]);
    expect(validateParams(SPECS, { k: 1, shrink: 0, lr: 10, sim: 'pearson', center: false })).toEqual([]);
    expect(validateParams(SPECS, { k: 500, shrink: 1e9, lr: 1e-6, sim: 'cosine', center: true })).toEqual([]);
  });

  it('names every problem with the field’s label', () => {
    expect(validateParams(SPECS, { k: 0, shrink: -1, lr: 11, sim: 'jaccard', center: 'yes' })).toEqual([
      'Neighbours k: Must be between 1 and 500.',
      'Shrinkage: Must be at least 0.',
      'Learning rate: Must be between 0.000001 and 10.',
      'Similarity: Choose one of: Cosine, Pearson.',
      'Mean-centre: Must be on or off.',
    ]);
  });

  it('rejects non-numbers, missing values and fractional integers', () => {
    expect(validateParams(SPECS, { k: 2.5, shrink: NaN, sim: 'cosine', center: true })).toEqual([
      'Neighbours k: Must be a whole number.',
      'Shrinkage: Enter a number.',
      'Learning rate: Enter a number.',
    ]);
    expect(validateParams(SPECS, { k: '40', shrink: Infinity, lr: 0.1, sim: 'cosine', center: true })).toEqual([
      'Neighbours k: Enter a number.',
      'Shrinkage: Enter a number.',
    ]);
  });

  it('ignores values the schema does not have', () => {
    expect(validateParams(SPECS, { ...defaultParams(SPECS), extra: 'x' })).toEqual([]);
  });
});

describe('paramError', () => {
  it('is null for a fine value and a short message otherwise', () => {
    const k = SPECS[0]!;
    expect(paramError(k, 40)).toBeNull();
    expect(paramError(k, 501)).toBe('Must be between 1 and 500.');
    expect(paramError(k, undefined)).toBe('Enter a number.');
  });
});
