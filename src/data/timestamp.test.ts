import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './timestamp';

describe('parseTimestamp', () => {
  it('takes finite numbers as unix seconds', () => {
    expect(parseTimestamp('978300760')).toBe(978300760);
    expect(parseTimestamp(' 1.5 ')).toBe(1.5);
    expect(parseTimestamp('-86400')).toBe(-86400);
  });

  it('reads ISO-8601 dates and date-times in seconds; no zone means UTC', () => {
    // 2000-01-01T00:00Z is 10 957 days after the epoch: 946 684 800 s.
    expect(parseTimestamp('2000-01-01')).toBe(946_684_800);
    expect(parseTimestamp('2000-01-01T00:01')).toBe(946_684_860);
    expect(parseTimestamp('2000-01-01 00:00:01.5')).toBe(946_684_801.5);
    expect(parseTimestamp('2000-01-01T00:00:01,5Z')).toBe(946_684_801.5);
    expect(parseTimestamp('2000-01-01T01:00:00+01:00')).toBe(946_684_800);
    expect(parseTimestamp('2000-01-01T01:00:00+0100')).toBe(946_684_800);
    expect(parseTimestamp('1999-12-31T23:00:00-01')).toBe(946_684_800);
    expect(parseTimestamp('2024-02-29')).toBe(1_709_164_800);
  });

  it('gives NaN for anything else', () => {
    for (const s of ['', '  ', 'abc', 'Infinity', 'NaN', '2023-02-29', '2024-04-31', '2024-13-01', '2024-03-07T25:00', 'March 7, 2024', '07/03/2024', '2024-03-07T10:15 junk']) {
      expect(parseTimestamp(s), s).toBeNaN();
    }
  });
});
