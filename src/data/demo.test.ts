import { describe, expect, it } from 'vitest';
import { DEMO_DATASET_ID, DEMO_GENRES, generateDemo, generateDemoDataset } from './demo';

describe('generateDemoDataset', () => {
  const d = generateDemoDataset(7);

  it('is identical for the same seed and different for another', () => {
    const again = generateDemoDataset(7);
    expect(again.ratings.users).toEqual(d.ratings.users);
    expect(again.ratings.items).toEqual(d.ratings.items);
    expect(again.ratings.ratings).toEqual(d.ratings.ratings);
    expect(again.titles).toEqual(d.titles);
    const other = generateDemoDataset(8);
    expect(other.ratings.items).not.toEqual(d.ratings.items);
    expect(other.titles).not.toEqual(d.titles);
  });

  it('has the promised shape and meta', () => {
    expect(d.meta.id).toBe(DEMO_DATASET_ID);
    expect(d.meta.name).toBe('Demo: invented films (seed 7)');
    expect([d.meta.builtIn, d.meta.hasTitles, d.meta.implicit]).toEqual([true, true, false]);
    expect([d.meta.users, d.meta.items]).toEqual([600, 400]);
    expect(d.userIds.length).toBe(600);
    expect(d.itemIds.length).toBe(400);
    expect(d.meta.ratings).toBe(d.ratings.users.length);
    expect(d.meta.ratings).toBeGreaterThan(30_000);
    expect(d.meta.ratings).toBeLessThan(40_000);
    expect(generateDemoDataset().meta.name).toBe('Demo: invented films (seed 42)');
  });

  it('gives each user 20–120 distinct films and integer ratings in 1..5', () => {
    const perUser = new Map<number, Set<number>>();
    for (let k = 0; k < d.ratings.users.length; k++) {
      const r = d.ratings.ratings[k] as number;
      expect(Number.isInteger(r) && r >= 1 && r <= 5).toBe(true);
      const s = perUser.get(d.ratings.users[k] as number) ?? new Set<number>();
      s.add(d.ratings.items[k] as number);
      perUser.set(d.ratings.users[k] as number, s);
    }
    expect(perUser.size).toBe(600);
    let pairs = 0;
    for (const s of perUser.values()) {
      expect(s.size).toBeGreaterThanOrEqual(20);
      expect(s.size).toBeLessThanOrEqual(120);
      pairs += s.size;
    }
    expect(pairs).toBe(d.meta.ratings); // no repeated (user, item)
    expect([d.meta.ratingMin, d.meta.ratingMax]).toEqual([1, 5]);
  });

  it('invents unique titles with a year, and 1–2 genres per film', () => {
    const titles = d.titles as string[];
    expect(new Set(titles).size).toBe(400);
    for (const t of titles) expect(t).toMatch(/^[A-Z].* \((19[5-9]\d|20[0-2]\d)\)$/);
    for (const g of d.genres as string[][]) {
      expect(g.length === 1 || g.length === 2).toBe(true);
      for (const name of g) expect(DEMO_GENRES).toContain(name);
    }
  });

  it('plants learnable taste: each cluster rates its loved genres > 1.0 above its disliked genre', () => {
    const { dataset, truth } = generateDemo(7);
    const { users, items, ratings } = dataset.ratings;
    truth.clusters.forEach((cl, c) => {
      let loveSum = 0;
      let loveN = 0;
      let hateSum = 0;
      let hateN = 0;
      for (let k = 0; k < users.length; k++) {
        if (truth.userCluster[users[k] as number] !== c) continue;
        const gs = truth.itemGenres[items[k] as number] as number[];
        if (gs.includes(cl.loved[0]) || gs.includes(cl.loved[1])) {
          loveSum += ratings[k] as number;
          loveN++;
        }
        if (gs.includes(cl.disliked)) {
          hateSum += ratings[k] as number;
          hateN++;
        }
      }
      expect(loveN).toBeGreaterThan(50);
      expect(hateN).toBeGreaterThan(20);
      expect(loveSum / loveN - hateSum / hateN).toBeGreaterThan(1.0);
    });
  });

  it('has one timestamp per rating: whole seconds in 2015–2025, each user within 3 years, from its own rng', () => {
    const t = d.timestamps as Float64Array;
    expect(t).toBeInstanceOf(Float64Array);
    expect(t.length).toBe(d.meta.ratings);
    expect(d.meta.hasTimestamps).toBe(true);
    const lo = Date.UTC(2015, 0, 1) / 1000;
    const hi = Date.UTC(2026, 0, 1) / 1000;
    const span = new Map<number, [number, number]>();
    // Users whose timestamps never decrease along their rows (rows are in item order).
    const increasing = new Set<number>(d.ratings.users);
    let bad = 0;
    for (let k = 0; k < t.length; k++) {
      const v = t[k] as number;
      if (!(Number.isInteger(v) && v >= lo && v < hi)) bad++;
      const u = d.ratings.users[k] as number;
      const prev = span.get(u);
      if (prev && v < (t[k - 1] as number)) increasing.delete(u);
      span.set(u, prev ? [Math.min(prev[0], v), Math.max(prev[1], v)] : [v, v]);
    }
    expect(bad).toBe(0);
    for (const [a, b] of span.values()) expect(b - a).toBeLessThanOrEqual(3 * 365 * 86400);
    // Time is not tied to item index: almost no user rates in item order.
    expect(increasing.size).toBeLessThan(10);
    expect(generateDemoDataset(7).timestamps).toEqual(t);
    expect(generateDemoDataset(8).timestamps).not.toEqual(t);
  });

  it('generates in well under 100 ms', () => {
    generateDemoDataset(1);
    const t0 = performance.now();
    generateDemoDataset(2);
    const ms = performance.now() - t0;
    console.info(`demo generated in ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(100);
  });
});
