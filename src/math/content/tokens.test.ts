import { describe, expect, it } from 'vitest';
import { titleWords } from './tokens';

describe('titleWords', () => {
  it('lower-cases, drops the trailing year, stop words and single letters', () => {
    expect(titleWords('Usual Suspects, The (1995)')).toEqual(['usual', 'suspects']);
    expect(titleWords('Toy Story (1995)')).toEqual(['toy', 'story']);
    expect(titleWords('Night of the Living Dead (1968)')).toEqual(['night', 'living', 'dead']);
    expect(titleWords('Alien 3 (1992)')).toEqual(['alien', '3']);
    expect(titleWords('2001: A Space Odyssey (1968)')).toEqual(['2001', 'space', 'odyssey']);
  });

  it('strips accents and apostrophes, keeps repeats, and reads series years', () => {
    expect(titleWords('Misérables, Les (1995)')).toEqual(['miserables']);
    expect(titleWords("Schindler's List (1993)")).toEqual(['schindlers', 'list']);
    expect(titleWords('River of Storm River')).toEqual(['river', 'storm', 'river']);
    expect(titleWords('Sherlock (2010–)')).toEqual(['sherlock']);
    expect(titleWords('Band of Brothers (2001-2001)')).toEqual(['band', 'brothers']);
    expect(titleWords('')).toEqual([]);
  });
});
