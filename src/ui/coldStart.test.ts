import { describe, expect, it } from 'vitest';
import type { SplitInfo } from '../worker/api';
import { splitSummaryText } from './evaluate/SplitList';
import { defaultSplitSettings, protocolLabel } from './evaluate/splitProtocols';

describe('the cold-start splits in the split form', () => {
  it('start at 10% held out and say so in their labels', () => {
    expect(defaultSplitSettings('cold-users')).toEqual({ protocol: 'cold-users', seed: 42, testFraction: 0.1, minUserRatings: 5, lastN: 5 });
    expect(defaultSplitSettings('cold-items').testFraction).toBe(0.1);
    expect(protocolLabel('cold-users', 'Cold users', 0.1)).toBe('Cold users (10% of users held out entirely)');
    expect(protocolLabel('cold-items', 'Cold items', 0.125)).toBe('Cold items (12.5% of items held out entirely)');
    expect(protocolLabel('random', 'Random', 0.2)).toBe('Random');
  });

  it('summarise how many users and items are cold', () => {
    // the demo's cold-items split at 10%, seed 42 (src/evaluation/coldStart.demo.test.ts)
    const split: SplitInfo = {
      id: 's',
      datasetId: 'demo',
      name: 'cold items (10% of items held out entirely) · seed 42',
      settings: defaultSplitSettings('cold-items'),
      createdAt: 0,
      summary: { trainRatings: 37913, testRatings: 3609, testUsers: 589, usersKeptInTrain: 0, unknownUsers: 0, unknownItems: 0, unknownRows: 0, coldUsers: 0, coldItems: 40 } as SplitInfo['summary'],
    };
    expect(splitSummaryText(split)).toBe('37913 train · 3609 test ratings · 589 test users · cold (no training ratings): 0 users, 40 items');
  });
});
