import { describe, expect, it } from 'vitest';
import { genreFeatures } from './genreFeatures';

describe('genreFeatures', () => {
  it('one-hot genres in alphabetical order, then the constant 1', () => {
    // vocabulary sorted: Comedy (0), Drama (1), Horror (2); d = 3 + 1
    const f = genreFeatures([['Drama'], ['Horror', 'Comedy'], []]);
    expect(f.genres).toEqual(['Comedy', 'Drama', 'Horror']);
    expect(f.d).toBe(4);
    expect(f.k).toBe(3);
    expect(Array.from(f.x)).toEqual([0, 1, 0, 1, /* item 1 */ 1, 0, 1, 1, /* item 2: no genre */ 0, 0, 0, 1]);
    expect(Array.from(f.vectors)).toEqual([0, 1, 0, 1, 0, 1, 0, 0, 0]);
  });

  it('refuses a catalogue with no genre at all, saying what to do', () => {
    expect(() => genreFeatures([[], []])).toThrow(/No item has a genre/);
  });
});
