import { describe, expect, it } from 'vitest';
import { HAVE_ML100K, ML100K_ITEMS, ML100K_SKIP_REASON, ML100K_USERS, ml100kColumns } from '../data/ml100k.testutil';
import { computeNeighbourLists, fitKnnModel, centreByColumnMeans, centreRowsByMean, mapValues, rowMeans, SIMILARITY_KINDS, type NeighbourListOptions, type NeighbourLists } from '../math/knn';
import { matrix, randomMatrix } from '../math/knn/matrix.testutil';
import { csrFromColumns, type Csr } from '../math/sparse';
import { computeNeighbourListsWasm, createWasmNeighbourLists } from './wasmNeighbours';
import { wasmSimdSupported } from './wasmSgd';

/** Bit-for-bit equality of two list sets (typed arrays compared element by element, NaN-free). */
function expectIdentical(got: NeighbourLists, want: NeighbourLists): void {
  expect(got.nRows).toBe(want.nRows);
  expect(got.listLength).toBe(want.listLength);
  expect(Array.from(got.indptr)).toEqual(Array.from(want.indptr));
  expect(Array.from(got.neighbours)).toEqual(Array.from(want.neighbours));
  expect(Array.from(got.support)).toEqual(Array.from(want.support));
  // Float32 bit patterns, so that −0/+0 or a last-bit difference would show
  const bits = (f: Float32Array) => Array.from(new Uint32Array(f.buffer, f.byteOffset, f.length));
  expect(bits(got.similarity)).toEqual(bits(want.similarity));
  expect(bits(got.rawSimilarity)).toEqual(bits(want.rawSimilarity));
}

// 3 users × 3 items:   i0 i1 i2
//                 u0 [ 5  3  − ]
//                 u1 [ 4  3  2 ]
//                 u2 [ −  1  5 ]
const small = matrix([0, 0, 1, 1, 1, 2, 2], [0, 1, 0, 1, 2, 1, 2], [5, 3, 4, 3, 2, 1, 5], 3, 3);

const VARIANTS: Omit<NeighbourListOptions, 'kind'>[] = [
  {},
  { shrinkage: 100 },
  { shrinkage: 3, shrinkageOffset: 1, minSupport: 2 },
  { minSupport: 3 },
  { listLength: 5 },
  { listLength: 1, shrinkage: 10 },
  { listLength: 0 },
];

/** Non-integer values, some negative (centred): the pearson guard and cosine on signed values. */
function centred(m: { rows: Csr; cols: Csr }): { rows: Csr; cols: Csr } {
  const means = rowMeans(m.cols);
  return { rows: centreByColumnMeans(m.rows, means), cols: centreRowsByMean(m.cols, means) };
}

describe('wasm k-NN kernel (knnSums.wasm)', () => {
  it('runs on a runtime with WebAssembly SIMD', () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  for (const kind of SIMILARITY_KINDS) {
    it(`${kind}: the JS kernel's lists, bit for bit, on the 3 × 3 matrix and seeded random ones (option variants)`, async () => {
      const lists = await createWasmNeighbourLists();
      const mats = [small, randomMatrix(1, 40, 30, 0.3, 1), randomMatrix(2, 300, 80, 0.15), centred(randomMatrix(3, 120, 60, 0.25, 2))];
      // the transpose too (item-based)
      const cases = mats.flatMap((m) => [m, { rows: m.cols, cols: m.rows }]);
      for (const m of cases) {
        for (const v of VARIANTS) {
          const opts = { kind, ...v };
          expectIdentical(lists(m.rows, m.cols, opts), computeNeighbourLists(m.rows, m.cols, opts));
        }
      }
    });
  }

  it('hand-worked msd lists on the 3 × 3 matrix (through computeNeighbourListsWasm)', async () => {
    const l = await computeNeighbourListsWasm(small.rows, small.cols, { kind: 'msd' });
    // u0: u1 (2/3, n = 2), u2 (1/5, n = 1)
    expect(Array.from(l.neighbours.subarray(0, 2))).toEqual([1, 2]);
    expect(l.similarity[0]).toBeCloseTo(2 / 3, 6);
    expect(l.similarity[1]).toBeCloseTo(0.2, 6);
    expect(Array.from(l.support.subarray(0, 2))).toEqual([2, 1]);
  });

  it('a constant row (pearson undefined) and values with rounding residue give the JS lists', async () => {
    const lists = await createWasmNeighbourLists();
    const m = randomMatrix(4, 60, 40, 0.3);
    const odd = { rows: mapValues(m.rows, (x, r) => (r % 5 === 0 ? 0.1 : x * 0.37)), cols: mapValues(m.cols, (x, _r, c) => (c % 5 === 0 ? 0.1 : x * 0.37)) };
    for (const kind of SIMILARITY_KINDS) expectIdentical(lists(odd.rows, odd.cols, { kind }), computeNeighbourLists(odd.rows, odd.cols, { kind }));
  });

  it('ties at the L-th score (keepTop keeps them all; the sort orders them by index), as the JS kernel', async () => {
    const lists = await createWasmNeighbourLists();
    // every row rates the same 3 columns with the same value: all pairs tie, for every kind
    const r: number[] = [];
    const c: number[] = [];
    for (let a = 0; a < 30; a++) {
      for (let j = 0; j < 3; j++) {
        r.push(a);
        c.push(j);
      }
    }
    const m = matrix(r, c, r.map(() => 4), 30, 3);
    const mixed = randomMatrix(10, 200, 12, 0.4);
    for (const kind of SIMILARITY_KINDS) {
      for (const listLength of [1, 2, 7, 28, 29]) {
        expectIdentical(lists(m.rows, m.cols, { kind, listLength }), computeNeighbourLists(m.rows, m.cols, { kind, listLength }));
        expectIdentical(lists(mixed.rows, mixed.cols, { kind, listLength }), computeNeighbourLists(mixed.rows, mixed.cols, { kind, listLength }));
      }
    }
  });

  it('reuses (and grows) its memory across calls of different sizes', async () => {
    const lists = await createWasmNeighbourLists();
    for (const [seed, n] of [[5, 20], [6, 900], [7, 30]] as const) {
      const m = randomMatrix(seed, n, 50, 0.2);
      expectIdentical(lists(m.rows, m.cols, { kind: 'cosine' }), computeNeighbourLists(m.rows, m.cols, { kind: 'cosine' }));
    }
  });

  it('reports progress as the JS kernel does and stops with an AbortError', async () => {
    const lists = await createWasmNeighbourLists();
    const m = randomMatrix(8, 200, 40, 0.2);
    const seen: number[] = [];
    const seenJs: number[] = [];
    lists(m.rows, m.cols, { kind: 'pearson' }, { onProgress: (f) => seen.push(f) });
    computeNeighbourLists(m.rows, m.cols, { kind: 'pearson' }, { onProgress: (f) => seenJs.push(f) });
    expect(seen).toEqual(seenJs);
    let calls = 0;
    expect(() => lists(m.rows, m.cols, { kind: 'cosine' }, { shouldStop: () => ++calls > 2 })).toThrow(expect.objectContaining({ name: 'AbortError' }) as Error);
    // and the instance still works after a stop (scratch reset on the next call)
    expectIdentical(lists(m.rows, m.cols, { kind: 'cosine' }), computeNeighbourLists(m.rows, m.cols, { kind: 'cosine' }));
  });

  it('fitKnnModel with the wasm kernel injected: the same model (adjusted cosine, pearson_baseline, item and user)', async () => {
    const lists = await createWasmNeighbourLists();
    const m = randomMatrix(9, 50, 70, 0.2);
    for (const kind of ['user', 'item'] as const) {
      for (const similarity of ['adjustedCosine', 'pearsonBaseline', 'msd'] as const) {
        const opts = { kind, variant: 'baseline' as const, similarity, k: 10, minK: 1 };
        const got = fitKnnModel(m.rows, m.cols, opts, {}, lists);
        const want = fitKnnModel(m.rows, m.cols, opts);
        expectIdentical(got.lists, want.lists);
        expect(got.reverse).toEqual(want.reverse);
      }
    }
  });

  it('rejects a cols that is not the transpose, as the JS kernel does', async () => {
    const lists = await createWasmNeighbourLists();
    expect(() => lists(small.rows, randomMatrix(1, 4, 3, 0.5).rows, { kind: 'cosine' })).toThrow(/transpose/);
  });

  it.skipIf(!HAVE_ML100K)(`MovieLens 100K: identical item–item and user–user lists for every kind${HAVE_ML100K ? '' : ` (${ML100K_SKIP_REASON})`}`, async () => {
    const lists = await createWasmNeighbourLists();
    const { users, items, ratings } = ml100kColumns('u.data');
    const byUser = csrFromColumns(users, items, ratings, ML100K_USERS, ML100K_ITEMS);
    const byItem = csrFromColumns(items, users, ratings, ML100K_ITEMS, ML100K_USERS);
    for (const kind of SIMILARITY_KINDS) {
      expectIdentical(lists(byItem, byUser, { kind, listLength: 100, shrinkage: 100 }), computeNeighbourLists(byItem, byUser, { kind, listLength: 100, shrinkage: 100 }));
      expectIdentical(lists(byUser, byItem, { kind, minSupport: 2 }), computeNeighbourLists(byUser, byItem, { kind, minSupport: 2 }));
    }
  }, 120_000);
});
