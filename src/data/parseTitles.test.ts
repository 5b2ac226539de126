import { describe, expect, it } from 'vitest';
import { HAVE_ML100K, ML100K_SKIP_REASON, ml100kBlob } from './ml100k.testutil';
import { ImportError } from './parseRatings';
import { attachTitles, parseTitlesFile, splitGenres } from './parseTitles';

describe('parseTitlesFile', () => {
  it('reads movies.csv with quoted commas and genre lists', async () => {
    const text = 'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation|Children\n11,"American President, The (1995)",Comedy|Drama|Romance\n99,Nothing (2001),(no genres listed)\n';
    const t = await parseTitlesFile(new Blob([text]), { encoding: 'utf-8', delimiter: ',', hasHeader: true, mapping: { item: 0, title: 1, genres: 2 } });
    expect(t.rowsRead).toBe(3);
    expect(t.byId.get('11')).toEqual({ title: 'American President, The (1995)', genres: ['Comedy', 'Drama', 'Romance'] });
    expect(t.byId.get('99')).toEqual({ title: 'Nothing (2001)', genres: [] });
  });

  it("reads movies.dat with '::' and reports bad rows", async () => {
    const text = "1::Toy Story (1995)::Animation|Children's|Comedy\n::No id (1990)::Drama\n3::Too::many::fields\n4::Heat (1995)::Action\n";
    const t = await parseTitlesFile(new Blob([text]), { encoding: 'utf-8', delimiter: '::', hasHeader: false, mapping: { item: 0, title: 1, genres: 2 } });
    expect([...t.byId.keys()]).toEqual(['1', '4']);
    expect(t.byId.get('1')?.genres).toEqual(['Animation', "Children's", 'Comedy']);
    expect(t.badRowCount).toBe(2);
    expect(t.badRows).toEqual([
      { line: 2, column: 1, message: 'empty item id', text: '::No id (1990)::Drama' },
      { line: 3, column: null, message: 'expected 3 fields, found 4', text: '3::Too::many::fields' },
    ]);
  });

  it('turns 0/1 flag columns into genres named by the header, and reports a bad flag with its column', async () => {
    const text = 'id,title,Action,Comedy,Drama\n1,Heat,1,0,1\n2,Up,0,1,0\n3,Odd,0,2,0\n';
    const t = await parseTitlesFile(new Blob([text]), { encoding: 'utf-8', delimiter: ',', hasHeader: true, mapping: { item: 0, title: 1, genres: null, flags: { from: 2, to: 4 } } });
    expect(t.byId.get('1')).toEqual({ title: 'Heat', genres: ['Action', 'Drama'] });
    expect(t.byId.get('2')).toEqual({ title: 'Up', genres: ['Comedy'] });
    expect(t.byId.has('3')).toBe(false);
    // line 4 (the header is line 1), column 4 = 'Comedy'
    expect(t.badRows).toEqual([{ line: 4, column: 4, message: 'genre flag must be 0 or 1, found "2"', text: '3,Odd,0,2,0' }]);
  });

  it('fails with ImportError when the title column is missing', async () => {
    await expect(parseTitlesFile(new Blob(['1,a\n']), { encoding: 'utf-8', delimiter: ',', hasHeader: false, mapping: { item: 0, title: 2, genres: null } })).rejects.toThrow(
      new ImportError('The title column is set to column 3, but the first data row (line 1) has only 2 fields.'),
    );
  });
});

describe('splitGenres', () => {
  it('splits on | and drops empties', () => {
    expect(splitGenres(' Drama | Comedy|')).toEqual(['Drama', 'Comedy']);
    expect(splitGenres('')).toEqual([]);
  });
});

describe('attachTitles', () => {
  it('lines titles up with dense item indices', () => {
    const titles = { byId: new Map([['1', { title: 'One', genres: ['Drama'] }], ['9', { title: 'Nine', genres: [] }]]), rowsRead: 2, badRowCount: 0, badRows: [] };
    expect(attachTitles(['9', '5', '1'], titles)).toEqual({ titles: ['Nine', null, 'One'], genres: [[], [], ['Drama']], matched: 2 });
  });
});

describe.skipIf(!HAVE_ML100K)(HAVE_ML100K ? 'parseTitlesFile on MovieLens 100K u.item' : ML100K_SKIP_REASON, () => {
  const options = { delimiter: '|', hasHeader: false, mapping: { item: 0, title: 1, genres: null } } as const;

  it('reads 1682 latin-1 titles with windows-1252', async () => {
    const t = await parseTitlesFile(ml100kBlob('u.item'), { ...options, encoding: 'windows-1252' });
    expect(t.rowsRead).toBe(1682);
    expect(t.byId.size).toBe(1682);
    expect(t.badRowCount).toBe(0);
    expect(t.byId.get('1')).toEqual({ title: 'Toy Story (1995)', genres: [] });
    expect(t.byId.get('543')?.title).toBe('Misérables, Les (1995)');
    expect(t.byId.get('1104')?.title).toBe("C'est arrivé près de chez vous (1992)");
    expect(t.byId.get('1682')?.title).toBe('Scream of Stone (Schrei aus Stein) (1991)');
  });

  it("reads u.item's 19 genre flags as MovieLens's genres", async () => {
    const t = await parseTitlesFile(ml100kBlob('u.item'), { ...options, mapping: { ...options.mapping, flags: { from: 5, to: 23 } }, encoding: 'windows-1252' });
    expect(t.badRowCount).toBe(0);
    // u.item line 1: Toy Story|…|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0 → Animation, Children's, Comedy
    expect(t.byId.get('1')).toEqual({ title: 'Toy Story (1995)', genres: ['Animation', "Children's", 'Comedy'] });
  });

  it('refuses to read it as UTF-8, suggesting windows-1252', async () => {
    await expect(parseTitlesFile(ml100kBlob('u.item'), { ...options, encoding: 'utf-8' })).rejects.toThrow(/not valid UTF-8.*windows-1252/);
  });
});
