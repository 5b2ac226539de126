import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeScaleFile } from './scaleData';

const dir = mkdtempSync(join(tmpdir(), 'scale-data-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeScaleFile', () => {
  it('writes exactly the ratings asked for: users with ≥ 20 each, half-star ratings, no repeated pair, the same bytes for the same seed', () => {
    const a = writeScaleFile(join(dir, 'a.csv'), { ratings: 30_000, items: 2000, seed: 7 });
    const text = readFileSync(a.path, 'latin1');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('userId,movieId,rating,timestamp');
    expect(lines.length - 1).toBe(30_000);
    expect(a.bytes).toBe(Buffer.byteLength(text, 'latin1'));
    const perUser = new Map<string, number>();
    const pairs = new Set<string>();
    const items = new Set<string>();
    for (const line of lines.slice(1)) {
      const [u, i, r, t] = line.split(',');
      expect(Number(r) * 2).toSatisfy(Number.isInteger);
      expect(Number(r)).toBeGreaterThanOrEqual(0.5);
      expect(Number(r)).toBeLessThanOrEqual(5);
      expect(Number(t)).toBeGreaterThan(9e8);
      expect(Number(i)).toBeGreaterThanOrEqual(1);
      expect(Number(i)).toBeLessThanOrEqual(2000);
      pairs.add(`${u},${i}`);
      items.add(i!);
      perUser.set(u!, (perUser.get(u!) ?? 0) + 1);
    }
    expect(pairs.size).toBe(30_000);
    expect(perUser.size).toBe(a.users);
    expect(items.size).toBe(a.items);
    expect(Math.min(...perUser.values())).toBeGreaterThanOrEqual(20);
    const b = writeScaleFile(join(dir, 'b.csv'), { ratings: 30_000, items: 2000, seed: 7 });
    expect(readFileSync(b.path, 'latin1')).toBe(text);
  });

  it('scales the users with the ratings, MovieLens 25M-like (about 154 a user)', () => {
    const f = writeScaleFile(join(dir, 'c.csv'), { ratings: 100_000 });
    expect(f.users).toBe(650);
  });
});
