import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, deleteDataset, listDatasets, loadDataset, openLabDb, saveDataset } from './db';
import { buildDatasetMeta } from './meta';
import type { Dataset } from './types';

let dbCounter = 0;
const freshDb = () => openLabDb(`test-db-${++dbCounter}`);

/** n rows: user k mod 1000, item k mod 997, rating (k mod 5) + 1. */
function makeDataset(n: number, name: string, createdAt: number): Dataset {
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    users[k] = k % 1000;
    items[k] = k % 997;
    ratings[k] = (k % 5) + 1;
  }
  const userIds = Array.from({ length: Math.min(n, 1000) }, (_, i) => `u${i}`);
  const itemIds = Array.from({ length: Math.min(n, 997) }, (_, i) => `i${i}`);
  const columns = { users, items, ratings };
  return {
    meta: buildDatasetMeta({ name, ratings: columns, userIds, itemIds, implicit: false, hasTitles: true, createdAt }),
    ratings: columns,
    userIds,
    itemIds,
    titles: itemIds.map((id, i) => (i % 2 === 0 ? `Film ${id}` : null)),
    genres: itemIds.map((_, i) => (i % 3 === 0 ? ['Drama', 'Comedy'] : [])),
  };
}

describe('IndexedDB dataset store', () => {
  it('round-trips a 150 000-row dataset stored in 3 chunks', async () => {
    const db = await freshDb();
    const d = makeDataset(150_000, 'big', 1000);
    const meta = await saveDataset(db, d);
    expect(meta.id).toMatch(/^ds-1000-/);
    expect(meta.ratings).toBe(150_000);
    const chunks = await db.getAllFromIndex('chunks', 'byDataset', meta.id);
    expect(chunks.map((c) => c.users.length)).toEqual([CHUNK_ROWS, CHUNK_ROWS, 150_000 - 2 * CHUNK_ROWS]);
    expect(chunks[0]?.users).toBeInstanceOf(Int32Array);
    expect(chunks[2]?.ratings).toBeInstanceOf(Float32Array);
    const back = await loadDataset(db, meta.id);
    expect(back.meta).toEqual(meta);
    expect(back.ratings.users).toEqual(d.ratings.users);
    expect(back.ratings.items).toEqual(d.ratings.items);
    expect(back.ratings.ratings).toEqual(d.ratings.ratings);
    // Row 149 999: user 149999 mod 1000 = 999, item 149999 − 150·997 = 449, rating 149999 mod 5 + 1 = 5.
    expect([back.ratings.users[149_999], back.ratings.items[149_999], back.ratings.ratings[149_999]]).toEqual([999, 449, 5]);
    expect(back.userIds).toEqual(d.userIds);
    expect(back.itemIds).toEqual(d.itemIds);
    expect(back.titles?.slice(0, 3)).toEqual(['Film i0', null, 'Film i2']);
    expect(back.genres?.slice(0, 4)).toEqual([['Drama', 'Comedy'], [], [], ['Drama', 'Comedy']]);
    db.close();
  });

  it('lists complete datasets newest first, and deletes everything of one', async () => {
    const db = await freshDb();
    const a = await saveDataset(db, makeDataset(10, 'old', 100));
    const b = await saveDataset(db, makeDataset(70_000, 'new', 300));
    const c = await saveDataset(db, makeDataset(5, 'middle', 200));
    expect((await listDatasets(db)).map((m) => m.name)).toEqual(['new', 'middle', 'old']);
    expect(await db.count('chunks')).toBe(1 + 2 + 1);
    await deleteDataset(db, b.id);
    expect((await listDatasets(db)).map((m) => m.id)).toEqual([c.id, a.id]);
    expect(await db.count('chunks')).toBe(2);
    expect(await db.get('idmaps', b.id)).toBeUndefined();
    expect(await db.get('titles', b.id)).toBeUndefined();
    await expect(loadDataset(db, b.id)).rejects.toThrow(`Dataset "${b.id}" is not stored in this browser.`);
    // The others are untouched.
    expect((await loadDataset(db, a.id)).ratings.users.length).toBe(10);
    db.close();
  });

  it('keeps an id that is given', async () => {
    const db = await freshDb();
    const d = makeDataset(3, 'named', 1);
    d.meta.id = 'mine';
    expect((await saveDataset(db, d)).id).toBe('mine');
    expect((await loadDataset(db, 'mine')).meta.name).toBe('named');
    db.close();
  });

  it('leaves no meta and no chunks behind when a save fails midway', async () => {
    const db = await freshDb();
    const d = makeDataset(150_000, 'broken', 5);
    // A value IndexedDB cannot clone: the titles record fails after the chunks were queued.
    (d.titles as unknown[])[1] = Symbol('not cloneable');
    await expect(saveDataset(db, d)).rejects.toThrow();
    expect(await db.count('meta')).toBe(0);
    expect(await db.count('chunks')).toBe(0);
    expect(await db.count('idmaps')).toBe(0);
    expect(await listDatasets(db)).toEqual([]);
    db.close();
  });

  it('refuses inconsistent datasets and the built-in demo', async () => {
    const db = await freshDb();
    const d = makeDataset(10, 'bad', 1);
    d.meta.ratings = 11;
    await expect(saveDataset(db, d)).rejects.toThrow('Cannot save dataset "bad": meta.ratings is 11 but there are 10 rows.');
    const demo = makeDataset(10, 'demo', 1);
    demo.meta.builtIn = true;
    await expect(saveDataset(db, demo)).rejects.toThrow('never stored');
    expect(await db.count('chunks')).toBe(0);
    db.close();
  });

  it('reports a damaged dataset (missing chunk)', async () => {
    const db = await freshDb();
    const meta = await saveDataset(db, makeDataset(70_000, 'dmg', 1));
    await db.delete('chunks', [meta.id, 1]);
    await expect(loadDataset(db, meta.id)).rejects.toThrow(`Dataset "dmg" (${meta.id}) is damaged: expected 70000 ratings in 2 chunks, found 65536 in 1.`);
    db.close();
  });
});
