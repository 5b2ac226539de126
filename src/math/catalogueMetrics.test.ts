import { describe, expect, it } from 'vitest';
import { CatalogueAccumulator, catalogueMetrics, cooccurrenceCosine, itemPopularity } from './catalogueMetrics';
import { createRng, randomInt, shuffleInPlace } from './random';
import { csrFromColumns, type Csr } from './sparse';

/** Item-rows CSR of the training pairs (user, item). */
function byItemOf(pairs: readonly [number, number][], nUsers: number, nItems: number): Csr {
  return csrFromColumns(
    Int32Array.from(pairs.map((p) => p[1])),
    Int32Array.from(pairs.map((p) => p[0])),
    new Float32Array(pairs.length).fill(1),
    nItems,
    nUsers,
  );
}

// Training (user: items): u0: 0, 1 · u1: 0, 1, 2 · u2: 0, 3 · u3: 2 — item 4 has no training rating.
// U_0 = {u0, u1, u2} (3), U_1 = {u0, u1} (2), U_2 = {u1, u3} (2), U_3 = {u2} (1), U_4 = ∅; |R_train| = 8.
const pairs: [number, number][] = [
  [0, 0], [0, 1],
  [1, 0], [1, 1], [1, 2],
  [2, 0], [2, 3],
  [3, 2],
];
const byItem = byItemOf(pairs, 4, 5);

describe('catalogue metrics: cases worked by hand', () => {
  it('counts training popularity', () => {
    const pop = itemPopularity(byItem);
    expect(Array.from(pop.counts)).toEqual([3, 2, 2, 1, 0]);
    expect(pop.nInteractions).toBe(8);
    expect(pop.nTrainItems).toBe(4);
  });

  it('co-occurrence cosine |U_i ∩ U_j| / √(|U_i|·|U_j|)', () => {
    // U_1 ∩ U_2 = {u1} → 1/√(2·2) = 0.5; U_0 ∩ U_1 = {u0, u1} → 2/√(3·2) = 0.816497
    expect(cooccurrenceCosine(byItem, 1, 2)).toBe(0.5);
    expect(cooccurrenceCosine(byItem, 2, 1)).toBe(0.5);
    expect(cooccurrenceCosine(byItem, 0, 1)).toBeCloseTo(0.816497, 6);
    // U_3 ∩ U_1 = ∅ → 0; item 4 has no users → 0
    expect(cooccurrenceCosine(byItem, 3, 1)).toBe(0);
    expect(cooccurrenceCosine(byItem, 4, 0)).toBe(0);
  });

  it('three lists', () => {
    // lists A: 1, 2 · B: 3, 1 · C: 2 (5 slots)
    // coverage = |{1, 2, 3}| / 4 items with training ratings = 0.75
    // novelty: p(1) = p(2) = 2/8 → −log₂ ¼ = 2; p(3) = 1/8 → 3; slots 1, 2, 3, 1, 2 → (2+2+3+2+2)/5 = 11/5 = 2.2
    // diversity: A 1 − sim(1,2) = 1 − 0.5 = 0.5; B 1 − sim(3,1) = 1 − 0 = 1; C has no pair (left out) → (0.5 + 1)/2 = 0.75
    // avgPopularity: counts 2, 2, 1, 2, 2 → 9/5 = 1.8
    const m = catalogueMetrics(byItem, [Int32Array.of(1, 2), Int32Array.of(3, 1), Int32Array.of(2)]);
    expect(m.coverage).toBe(0.75);
    expect(m.novelty).toBeCloseTo(2.2, 12);
    expect(m.diversity).toBeCloseTo(0.75, 12);
    expect(m.avgPopularity).toBeCloseTo(1.8, 12);
  });

  it('an item without training ratings: counted in coverage and in N, adds 0 novelty (as recommenders)', () => {
    // list 4, 0: coverage |{4, 0}| / 4 = 0.5
    // novelty (0 + −log₂(3/8)) / 2 = 1.415037 / 2 = 0.707519
    // diversity 1 − sim(4, 0) = 1 − 0 = 1; avgPopularity (0 + 3)/2 = 1.5
    const m = catalogueMetrics(byItem, [Int32Array.of(4, 0)]);
    expect(m.coverage).toBe(0.5);
    expect(m.novelty).toBeCloseTo(0.707519, 6);
    expect(m.diversity).toBe(1);
    expect(m.avgPopularity).toBe(1.5);
  });

  it('a three-item list averages its three pairs', () => {
    // list 0, 1, 2: sim(0,1) = 2/√6 = 0.816497, sim(0,2) = |{u1}|/√(3·2) = 0.408248, sim(1,2) = 0.5
    // mean sim = 1.724745 / 3 = 0.574915 → diversity 0.425085
    const acc = new CatalogueAccumulator(byItem);
    acc.add(Int32Array.of(0, 1, 2, 3), 3); // only the first 3 entries
    expect(acc.result().diversity).toBeCloseTo(0.425085, 6);
  });

  it('no lists: coverage 0, NaN means', () => {
    const m = catalogueMetrics(byItem, []);
    expect(m.coverage).toBe(0);
    expect(m.novelty).toBeNaN();
    expect(m.diversity).toBeNaN();
    expect(m.avgPopularity).toBeNaN();
  });
});

describe('catalogue metrics agree with a dense brute force', () => {
  it('on random training sets and lists', () => {
    const rng = createRng(77);
    for (let trial = 0; trial < 60; trial++) {
      const nUsers = 1 + randomInt(rng, 25);
      const nItems = 2 + randomInt(rng, 20);
      const density = rng.next();
      const dense: number[][] = Array.from({ length: nUsers }, () => Array.from({ length: nItems }, () => (rng.next() < density ? 1 : 0)));
      const trainPairs: [number, number][] = [];
      dense.forEach((row, u) =>
        row.forEach((x, i) => {
          if (x === 1) trainPairs.push([u, i]);
        }),
      );
      const m = byItemOf(trainPairs, nUsers, nItems);

      const count = (i: number): number => dense.reduce((s, row) => s + (row[i] as number), 0);
      const sim = (i: number, j: number): number => {
        const both = dense.reduce((s, row) => s + (row[i] as number) * (row[j] as number), 0);
        return count(i) === 0 || count(j) === 0 ? 0 : both / Math.sqrt(count(i) * count(j));
      };
      for (let i = 0; i < nItems; i++) for (let j = 0; j < nItems; j++) if (i !== j) expect(cooccurrenceCosine(m, i, j)).toBeCloseTo(sim(i, j), 12);

      const lists: Int32Array[] = [];
      const nLists = randomInt(rng, 30);
      for (let l = 0; l < nLists; l++) {
        const len = randomInt(rng, Math.min(nItems, 6) + 1);
        lists.push(shuffleInPlace(rng, Int32Array.from({ length: nItems }, (_, i) => i)).slice(0, len));
      }
      const got = catalogueMetrics(m, lists);

      const total = trainPairs.length;
      const trainItems = Array.from({ length: nItems }, (_, i) => i).filter((i) => count(i) > 0).length;
      const slots = lists.flatMap((l) => Array.from(l));
      const distinct = new Set(slots).size;
      const novelty = slots.reduce((s, i) => s + (count(i) > 0 ? -Math.log2(count(i) / total) : 0), 0) / slots.length;
      const avgPop = slots.reduce((s, i) => s + count(i), 0) / slots.length;
      const perUser = lists
        .filter((l) => l.length >= 2)
        .map((l) => {
          let s = 0;
          let n = 0;
          for (let a = 0; a < l.length; a++) for (let b = a + 1; b < l.length; b++, n++) s += 1 - sim(l[a] as number, l[b] as number);
          return s / n;
        });
      const diversity = perUser.length > 0 ? perUser.reduce((s, x) => s + x, 0) / perUser.length : NaN;

      if (trainItems === 0) expect(got.coverage).toBeNaN();
      else expect(got.coverage).toBeCloseTo(distinct / trainItems, 12);
      if (slots.length === 0) expect(got.novelty).toBeNaN();
      else {
        expect(got.novelty).toBeCloseTo(novelty, 10);
        expect(got.avgPopularity).toBeCloseTo(avgPop, 12);
      }
      if (Number.isNaN(diversity)) expect(got.diversity).toBeNaN();
      else expect(got.diversity).toBeCloseTo(diversity, 12);
    }
  });
});

describe('CatalogueAccumulator diversity on long lists', () => {
  it('matches pairwise merges for lists longer than 32 (several bit words), repeated lists included (cache)', () => {
    const rng = createRng(5);
    const nUsers = 60;
    const nItems = 80;
    const trainPairs: [number, number][] = [];
    for (let u = 0; u < nUsers; u++) for (let i = 0; i < nItems; i++) if (rng.next() < 0.3) trainPairs.push([u, i]);
    const m = byItemOf(trainPairs, nUsers, nItems);
    const lists: Int32Array[] = [];
    for (let l = 0; l < 8; l++) {
      const list = shuffleInPlace(rng, Int32Array.from({ length: nItems }, (_, i) => i)).slice(0, 33 + randomInt(rng, 40));
      lists.push(list, list.slice()); // the copy is served from the pair cache
    }
    const expected =
      lists
        .map((l) => {
          let s = 0;
          for (let a = 0; a < l.length; a++) for (let b = a + 1; b < l.length; b++) s += 1 - cooccurrenceCosine(m, l[a] as number, l[b] as number);
          return s / ((l.length * (l.length - 1)) / 2);
        })
        .reduce((s, x) => s + x, 0) / lists.length;
    expect(catalogueMetrics(m, lists).diversity).toBeCloseTo(expected, 12);
  });
});
