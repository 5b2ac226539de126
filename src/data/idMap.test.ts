import { describe, expect, it } from 'vitest';
import { createIdMap } from './idMap';

describe('createIdMap', () => {
  it('assigns dense indices in order of first appearance', () => {
    const m = createIdMap();
    expect(m.indexOf('196')).toBe(0);
    expect(m.indexOf('186')).toBe(1);
    expect(m.indexOf('196')).toBe(0);
    expect(m.indexOf('电影-456')).toBe(2);
    expect(m.ids).toEqual(['196', '186', '电影-456']);
    expect(m.size).toBe(3);
  });

  it('find does not assign', () => {
    const m = createIdMap();
    m.indexOf('a');
    expect(m.find('a')).toBe(0);
    expect(m.find('b')).toBe(-1);
    expect(m.size).toBe(1);
  });

  it('treats ids as exact strings ("01" and "1" differ)', () => {
    const m = createIdMap();
    expect(m.indexOf('1')).toBe(0);
    expect(m.indexOf('01')).toBe(1);
  });
});
