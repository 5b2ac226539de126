import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { EvaluationReport, Split } from '../evaluation/types';
import { CHUNK_ROWS, DB_VERSION, openLabDb, type LabDBV1, type LabDBV2, type StoredModel } from './db';
import { deleteDataset, listDatasets, loadDataset, saveDataset } from './dbDatasets';
import { deleteEvaluation, deleteSplit, listEvaluations, listSplits, loadSplit, saveEvaluation, saveSplit } from './dbEvaluations';
import { deleteModel, listModels, loadModel, saveModel } from './dbModels';
import { datasetFingerprint } from './fingerprint';
import { buildDatasetMeta } from './meta';
import type { Dataset } from './types';

let dbCounter = 0;
const freshDb = () => openLabDb(`test-db-${++dbCounter}`);

/** n rows: user k mod 1000, item k mod 997, rating (k mod 5) + 1; with timestamps 1e9 + 60·k when asked. */
function makeDataset(n: number, name: string, createdAt: number, withTimestamps = false): Dataset {
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
  const timestamps = withTimestamps ? Float64Array.from({ length: n }, (_, k) => 1e9 + 60 * k) : null;
  return {
    meta: buildDatasetMeta({ name, ratings: columns, userIds, itemIds, implicit: false, hasTitles: true, hasTimestamps: withTimestamps, createdAt }),
    ratings: columns,
    timestamps,
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
    expect(back.timestamps).toBeNull();
    expect(back.meta.hasTimestamps).toBe(false);
    db.close();
  });

  it('round-trips timestamps chunk by chunk', async () => {
    const db = await freshDb();
    const d = makeDataset(70_000, 'timed', 2, true);
    const meta = await saveDataset(db, d);
    expect(meta.hasTimestamps).toBe(true);
    const chunks = await db.getAllFromIndex('chunks', 'byDataset', meta.id);
    expect(chunks.map((c) => c.timestamps?.length)).toEqual([CHUNK_ROWS, 70_000 - CHUNK_ROWS]);
    expect(chunks[1]?.timestamps).toBeInstanceOf(Float64Array);
    const back = await loadDataset(db, meta.id);
    expect(back.meta.hasTimestamps).toBe(true);
    expect(back.timestamps).toEqual(d.timestamps);
    // Row 69 999: 1e9 + 60 · 69 999 = 1 004 199 940.
    expect(back.timestamps?.[69_999]).toBe(1_004_199_940);
    // A chunk that lost its timestamps is reported, not filled with zeros.
    const second = chunks[1];
    if (!second) throw new Error('no second chunk');
    delete second.timestamps;
    await db.put('chunks', second);
    await expect(loadDataset(db, meta.id)).rejects.toThrow(`Dataset "timed" (${meta.id}) is damaged: its ratings chunk 1 has no timestamps.`);
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
    const timed = makeDataset(10, 'timed', 1, true);
    timed.timestamps = new Float64Array(9);
    await expect(saveDataset(db, timed)).rejects.toThrow('Cannot save dataset "timed": 9 timestamps for 10 rows.');
    timed.timestamps = null;
    await expect(saveDataset(db, timed)).rejects.toThrow('Cannot save dataset "timed": meta.hasTimestamps is true but the timestamps are missing.');
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

/** A small split of a dataset: rows 0..3 train, one test rating. */
function makeSplit(datasetId: string, name: string, createdAt: number, id = ''): Split {
  return {
    id,
    datasetId,
    name,
    settings: { protocol: 'random', seed: 42, testFraction: 0.1, minUserRatings: 1, lastN: 1 },
    createdAt,
    train: Int32Array.from([0, 1, 2, 3]),
    test: { users: Int32Array.from([4]), items: Int32Array.from([4]), ratings: Float32Array.from([5]) },
    summary: { trainRatings: 4, testRatings: 1, testUsers: 1, usersKeptInTrain: 0, unknownUsers: 0, unknownItems: 0, unknownRows: 0 },
  };
}

function makeReport(datasetId: string, splitId: string, createdAt: number): EvaluationReport {
  return {
    id: '',
    datasetId,
    splitId,
    splitName: 'random 10% · seed 42',
    settings: { k: 10, relevanceThreshold: null },
    createdAt,
    rows: [{ label: 'MF', method: 'mf', params: { factors: 8 }, backend: 'cpu', fitMs: 12, predictMs: 3, metrics: { rmse: 0.93, ndcg: 0.1 } }],
    partial: false,
  };
}

describe('IndexedDB schema v2: migration, splits and evaluations', () => {
  it('opens a version-1 database and loads its dataset intact (no timestamps)', async () => {
    const name = `test-db-v1-${++dbCounter}`;
    // Write a database exactly as version 1 did.
    const v1 = await openDB<LabDBV1>(name, 1, {
      upgrade(db) {
        db.createObjectStore('meta', { keyPath: 'id' });
        db.createObjectStore('chunks', { keyPath: ['datasetId', 'index'] }).createIndex('byDataset', 'datasetId');
        db.createObjectStore('idmaps', { keyPath: 'datasetId' });
        db.createObjectStore('titles', { keyPath: 'datasetId' });
      },
    });
    const columns = { users: Int32Array.from([0, 1, 1]), items: Int32Array.from([1, 0, 1]), ratings: Float32Array.from([4, 2.5, 5]) };
    await v1.put('chunks', { datasetId: 'old', index: 0, ...columns });
    await v1.put('idmaps', { datasetId: 'old', userIds: ['alice', 'bob'], itemIds: ['x', 'y'] });
    await v1.put('titles', { datasetId: 'old', titles: ['X', null], genres: null });
    const metaV1 = { id: 'old', name: 'from v1', createdAt: 5, users: 2, items: 2, ratings: 3, ratingMin: 2.5, ratingMax: 5, implicit: false, sparsity: 0.25, builtIn: false, hasTitles: true, complete: true };
    await v1.put('meta', metaV1);
    v1.close();

    const db = await openLabDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['checkpoints', 'chunks', 'evaluations', 'idmaps', 'meta', 'models', 'splits', 'titles']);
    const { complete: _complete, ...expectedMeta } = { ...metaV1, hasTimestamps: false };
    expect(await listDatasets(db)).toEqual([expectedMeta]);
    const d = await loadDataset(db, 'old');
    expect(d.meta).toEqual(expectedMeta);
    expect(d.timestamps).toBeNull();
    expect(Array.from(d.ratings.users)).toEqual([0, 1, 1]);
    expect(Array.from(d.ratings.items)).toEqual([1, 0, 1]);
    expect(Array.from(d.ratings.ratings)).toEqual([4, 2.5, 5]);
    expect([d.userIds, d.itemIds, d.titles, d.genres]).toEqual([['alice', 'bob'], ['x', 'y'], ['X', null], null]);
    // The new stores work on the migrated database.
    const info = await saveSplit(db, makeSplit('old', 'first split', 10));
    expect((await listSplits(db, 'old')).map((s) => s.id)).toEqual([info.id]);
    db.close();
    // Opening again (already the current version) changes nothing.
    const again = await openLabDb(name);
    expect((await loadDataset(again, 'old')).meta.name).toBe('from v1');
    expect(await again.count('splits')).toBe(1);
    again.close();
  });

  it('round-trips splits; lists them without arrays, newest first, per dataset', async () => {
    const db = await freshDb();
    const a = await saveSplit(db, makeSplit('ds-a', 'old', 100));
    const b = await saveSplit(db, makeSplit('ds-a', 'new', 300));
    await saveSplit(db, makeSplit('ds-b', 'other', 200, 'mine'));
    expect(a.id).toMatch(/^split-100-/);
    expect(a).not.toHaveProperty('train');
    expect(a).not.toHaveProperty('test');
    const listed = await listSplits(db, 'ds-a');
    expect(listed.map((s) => s.name)).toEqual(['new', 'old']);
    expect(listed[0]).toEqual(b);
    expect(listed[0]).not.toHaveProperty('train');
    const back = await loadSplit(db, a.id);
    expect(back).toEqual({ ...makeSplit('ds-a', 'old', 100), id: a.id });
    expect(back.train).toBeInstanceOf(Int32Array);
    expect(back.test.ratings).toBeInstanceOf(Float32Array);
    expect((await loadSplit(db, 'mine')).datasetId).toBe('ds-b');
    await deleteSplit(db, a.id);
    await expect(loadSplit(db, a.id)).rejects.toThrow(`Split "${a.id}" is not stored in this browser.`);
    expect((await listSplits(db, 'ds-a')).map((s) => s.id)).toEqual([b.id]);
    db.close();
  });

  it('refuses a split whose arrays disagree with its summary', async () => {
    const db = await freshDb();
    const s = makeSplit('ds', 'bad', 1);
    s.summary.trainRatings = 5;
    s.train = Int32Array.from([0, 2, 1, 3]);
    await expect(saveSplit(db, s)).rejects.toThrow('Cannot save split "bad": summary.trainRatings is 5 but train has 4 rows; train rows are not strictly ascending at position 2.');
    expect(await db.count('splits')).toBe(0);
    db.close();
  });

  it('round-trips evaluations, lists them newest first by dataset and by split, and deletes with their split', async () => {
    const db = await freshDb();
    const s1 = await saveSplit(db, makeSplit('ds-a', 's1', 1));
    const s2 = await saveSplit(db, makeSplit('ds-a', 's2', 2));
    const r1 = await saveEvaluation(db, makeReport('ds-a', s1.id, 10));
    const r2 = await saveEvaluation(db, makeReport('ds-a', s2.id, 30));
    const r3 = await saveEvaluation(db, makeReport('ds-a', s1.id, 20));
    await saveEvaluation(db, makeReport('ds-b', 'elsewhere', 40));
    expect(r1.id).toMatch(/^eval-10-/);
    expect((await listEvaluations(db, 'ds-a')).map((r) => r.id)).toEqual([r2.id, r3.id, r1.id]);
    expect((await listEvaluations(db, 'ds-a', s1.id)).map((r) => r.id)).toEqual([r3.id, r1.id]);
    expect(await listEvaluations(db, 'ds-b', s1.id)).toEqual([]);
    const [back] = await listEvaluations(db, 'ds-a', s2.id);
    expect(back).toEqual(r2);
    await deleteEvaluation(db, r3.id);
    expect((await listEvaluations(db, 'ds-a', s1.id)).map((r) => r.id)).toEqual([r1.id]);
    await deleteSplit(db, s1.id);
    expect((await listEvaluations(db, 'ds-a')).map((r) => r.id)).toEqual([r2.id]);
    db.close();
  });

  it("deleting a dataset removes its splits and evaluations, and nobody else's", async () => {
    const db = await freshDb();
    const a = await saveDataset(db, makeDataset(10, 'a', 1, true));
    const b = await saveDataset(db, makeDataset(10, 'b', 2));
    const sa1 = await saveSplit(db, makeSplit(a.id, 'a1', 1));
    await saveSplit(db, makeSplit(a.id, 'a2', 2));
    const sb = await saveSplit(db, makeSplit(b.id, 'b1', 3));
    await saveEvaluation(db, makeReport(a.id, sa1.id, 1));
    await saveEvaluation(db, makeReport(a.id, sa1.id, 2));
    const rb = await saveEvaluation(db, makeReport(b.id, sb.id, 3));
    await deleteDataset(db, a.id);
    expect(await listSplits(db, a.id)).toEqual([]);
    expect(await listEvaluations(db, a.id)).toEqual([]);
    expect(await db.count('splits')).toBe(1);
    expect(await db.count('evaluations')).toBe(1);
    expect((await listSplits(db, b.id)).map((s) => s.id)).toEqual([sb.id]);
    expect((await listEvaluations(db, b.id)).map((r) => r.id)).toEqual([rb.id]);
    expect((await listDatasets(db)).map((m) => m.id)).toEqual([b.id]);
    db.close();
  });
});

/** A stored model record: a popularity-like state with typed arrays, on `datasetId`. */
function makeModel(id: string, datasetId: string, createdAt: number, counts = Float64Array.from([3, 1, 2])): StoredModel<{ methodName: string; epochs: number }> {
  return {
    id,
    datasetId,
    method: 'popularity',
    params: { damping: 0 },
    summary: { methodName: 'Popularity', epochs: 0 },
    train: { validationFraction: 0.1, splitSeed: 42, trainRatings: 9 },
    dataset: { users: 2, items: 3, ratings: 10, checksum: '0123abcd' },
    state: { counts, nUsers: 2 },
    createdAt,
    bytes: counts.byteLength + 8,
  };
}

describe('IndexedDB schema v3: fitted models', () => {
  it('opens a version-2 database with its splits intact and adds the models store', async () => {
    const name = `test-db-v2-${++dbCounter}`;
    const v2 = await openDB<LabDBV2>(name, 2, {
      upgrade(db) {
        db.createObjectStore('meta', { keyPath: 'id' });
        db.createObjectStore('chunks', { keyPath: ['datasetId', 'index'] }).createIndex('byDataset', 'datasetId');
        db.createObjectStore('idmaps', { keyPath: 'datasetId' });
        db.createObjectStore('titles', { keyPath: 'datasetId' });
        db.createObjectStore('splits', { keyPath: 'id' }).createIndex('byDataset', 'datasetId');
        const evaluations = db.createObjectStore('evaluations', { keyPath: 'id' });
        evaluations.createIndex('byDataset', 'datasetId');
        evaluations.createIndex('bySplit', 'splitId');
      },
    });
    await v2.put('splits', makeSplit('demo', 'kept', 7, 'split-kept'));
    v2.close();

    const db = await openLabDb(name);
    expect(db.version).toBe(4);
    expect([...db.objectStoreNames].sort()).toEqual(['checkpoints', 'chunks', 'evaluations', 'idmaps', 'meta', 'models', 'splits', 'titles']);
    expect([...db.transaction('models').store.indexNames]).toEqual(['byDataset']);
    expect((await loadSplit(db, 'split-kept')).name).toBe('kept');
    expect(await listModels(db, 'demo')).toEqual([]);
    await saveModel(db, makeModel('m1', 'demo', 1));
    db.close();
    const again = await openLabDb(name);
    expect((await listModels(again, 'demo')).map((m) => m.id)).toEqual(['m1']);
    expect(await again.count('splits')).toBe(1);
    again.close();
  });

  it('saves, lists (without states, newest first, per dataset), loads and deletes models', async () => {
    const db = await freshDb();
    const info = await saveModel(db, makeModel('old', 'ds-a', 100));
    await saveModel(db, makeModel('new', 'ds-a', 300, Float64Array.from([9, 8, 7])));
    await saveModel(db, makeModel('other', 'ds-b', 200));
    expect(info).not.toHaveProperty('state');
    expect(info.summary).toEqual({ methodName: 'Popularity', epochs: 0 });
    const listed = await listModels<{ methodName: string }>(db, 'ds-a');
    expect(listed.map((m) => m.id)).toEqual(['new', 'old']);
    expect(listed[0]).not.toHaveProperty('state');
    expect(listed[0]?.train).toEqual({ validationFraction: 0.1, splitSeed: 42, trainRatings: 9 });
    expect(listed[0]?.bytes).toBe(32);
    const back = await loadModel(db, 'new');
    const state = back.state as { counts: Float64Array; nUsers: number };
    expect(state.counts).toBeInstanceOf(Float64Array);
    expect(Array.from(state.counts)).toEqual([9, 8, 7]);
    expect(state.nUsers).toBe(2);
    expect(back.dataset.checksum).toBe('0123abcd');
    await deleteModel(db, 'new');
    await expect(loadModel(db, 'new')).rejects.toThrow('Model "new" is not stored in this browser.');
    expect((await listModels(db, 'ds-a')).map((m) => m.id)).toEqual(['old']);
    await deleteModel(db, 'never-stored');
    expect(await db.count('models')).toBe(2);
    db.close();
  });

  it('writes a model in one strict readwrite transaction on the models store', async () => {
    const db = await freshDb();
    const calls: unknown[][] = [];
    const original = db.transaction.bind(db);
    (db as { transaction: unknown }).transaction = (...args: Parameters<typeof original>) => {
      calls.push(args);
      return original(...args);
    };
    await saveModel(db, makeModel('m', 'ds', 1));
    expect(calls).toEqual([['models', 'readwrite', { durability: 'strict' }]]);
    db.close();
  });

  it('refuses a model without id, dataset or state, and an uncloneable state leaves the earlier copy', async () => {
    const db = await freshDb();
    const bad = { ...makeModel('', '', 1), state: undefined };
    await expect(saveModel(db, bad)).rejects.toThrow('Cannot save model "": it has no id; it has no datasetId; it has no state.');
    await saveModel(db, makeModel('m', 'ds', 1));
    await expect(saveModel(db, { ...makeModel('m', 'ds', 2), state: { f: () => 1 } })).rejects.toThrow();
    const back = await loadModel(db, 'm');
    expect(back.createdAt).toBe(1);
    expect(Array.from((back.state as { counts: Float64Array }).counts)).toEqual([3, 1, 2]);
    db.close();
  });

  it('deleting a dataset removes its models, and nobody else\'s', async () => {
    const db = await freshDb();
    const a = await saveDataset(db, makeDataset(10, 'a', 1));
    const b = await saveDataset(db, makeDataset(10, 'b', 2));
    await saveModel(db, makeModel('a1', a.id, 1));
    await saveModel(db, makeModel('a2', a.id, 2));
    await saveModel(db, makeModel('b1', b.id, 3));
    await saveModel(db, makeModel('d1', 'demo', 4));
    await deleteDataset(db, a.id);
    expect(await listModels(db, a.id)).toEqual([]);
    expect((await listModels(db, b.id)).map((m) => m.id)).toEqual(['b1']);
    expect((await listModels(db, 'demo')).map((m) => m.id)).toEqual(['d1']);
    expect(await db.count('models')).toBe(2);
    db.close();
  });
});

describe('dataset fingerprint', () => {
  it('is the same for equal contents and differs when one rating, title or timestamp changes', () => {
    const a = datasetFingerprint(makeDataset(50, 'a', 1, true));
    expect(a).toMatchObject({ users: 50, items: 50, ratings: 50 });
    expect(a.checksum).toMatch(/^[0-9a-f]{8}$/);
    expect(datasetFingerprint(makeDataset(50, 'renamed', 9, true))).toEqual(a);
    const rating = makeDataset(50, 'a', 1, true);
    rating.ratings.ratings[7] = 4.5;
    expect(datasetFingerprint(rating).checksum).not.toBe(a.checksum);
    const title = makeDataset(50, 'a', 1, true);
    title.titles![0] = 'Another film';
    expect(datasetFingerprint(title).checksum).not.toBe(a.checksum);
    const time = makeDataset(50, 'a', 1, true);
    time.timestamps![3] = 1;
    expect(datasetFingerprint(time).checksum).not.toBe(a.checksum);
    expect(datasetFingerprint(makeDataset(50, 'a', 1, false)).checksum).not.toBe(a.checksum);
  });
});
