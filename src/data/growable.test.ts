import { describe, expect, it } from 'vitest';
import { RatingsBuilder } from './growable';

describe('RatingsBuilder', () => {
  it('grows past its initial capacity and returns exact-length arrays', () => {
    const b = new RatingsBuilder(2);
    b.push(0, 1, 5);
    b.push(1, 0, 3.5);
    b.push(2, 2, 1);
    b.push(0, 2, 4);
    b.push(1, 1, 2);
    const c = b.finish();
    expect(b.length).toBe(5);
    expect(Array.from(c.users)).toEqual([0, 1, 2, 0, 1]);
    expect(Array.from(c.items)).toEqual([1, 0, 2, 2, 1]);
    expect(Array.from(c.ratings)).toEqual([5, 3.5, 1, 4, 2]);
    expect(c.users).toBeInstanceOf(Int32Array);
    expect(c.ratings).toBeInstanceOf(Float32Array);
  });

  it('finishes empty', () => {
    const b = new RatingsBuilder();
    expect(b.finish().users.length).toBe(0);
    expect(b.finishTimestamps()).toBeNull();
  });

  it('keeps timestamps aligned with the rows when asked, across growth', () => {
    const b = new RatingsBuilder(1, true);
    b.push(0, 0, 1, 978300760);
    b.push(1, 0, 2, 1.5);
    b.push(0, 1, 3, -86400);
    expect(Array.from(b.finish().ratings)).toEqual([1, 2, 3]);
    const t = b.finishTimestamps();
    expect(t).toBeInstanceOf(Float64Array);
    expect(Array.from(t ?? [])).toEqual([978300760, 1.5, -86400]);
  });

  it('clear() drops the rows, and the builder fills again from empty', () => {
    const b = new RatingsBuilder(4, true);
    b.push(0, 0, 1, 10);
    b.push(1, 1, 2, 20);
    b.clear();
    expect(b.length).toBe(0);
    expect(b.finish().users.length).toBe(0);
    b.push(2, 3, 4, 30);
    b.push(5, 6, 7, 40);
    expect(Array.from(b.finish().users)).toEqual([2, 5]);
    expect(Array.from(b.finishTimestamps() ?? [])).toEqual([30, 40]);
  });
});
