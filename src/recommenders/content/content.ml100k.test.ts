import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ML100K_DIR, ML100K_ITEMS, ML100K_SKIP_REASON, ML100K_USERS, ml100kColumns } from '../../data/ml100k.testutil';
import type { RatingsColumns } from '../../data/types';
import { biasedMf } from '../biased-mf';
import { hybridMfContent } from '../hybrid';
import { cpuContext } from '../testutil';
import { makeTrainSet } from '../trainSet';
import type { Fitted, ItemSide, TrainSet } from '../types';
import { content } from './index';

const present = ['u1.base', 'u1.test', 'u.item', 'u.genre'].every((f) => existsSync(resolve(ML100K_DIR, f)));

/**
 * Titles and genres from u.item (latin-1, '|'-separated: id | title | date | video date | url | 19
 * genre flags in u.genre's order). A plain reader, so the test does not depend on the import pipeline.
 */
function ml100kItemSide(): ItemSide {
  const genreNames = readFileSync(resolve(ML100K_DIR, 'u.genre'), 'latin1')
    .trim()
    .split('\n')
    .map((line) => line.split('|')[0]!);
  const titles: (string | null)[] = new Array<string | null>(ML100K_ITEMS).fill(null);
  const genres: string[][] = Array.from({ length: ML100K_ITEMS }, () => []);
  for (const line of readFileSync(resolve(ML100K_DIR, 'u.item'), 'latin1').trim().split('\n')) {
    const fields = line.split('|');
    const i = Number(fields[0]) - 1;
    titles[i] = fields[1]!;
    genres[i] = fields.slice(5).flatMap((flag, g) => (flag.trim() === '1' ? [genreNames[g]!] : []));
  }
  return { titles, genres };
}

/** Unclipped RMSE of predict on the test rows. */
function rmse(fitted: Fitted, test: RatingsColumns): number {
  let se = 0;
  for (let j = 0; j < test.ratings.length; j++) se += (fitted.predict!(test.users[j]!, test.items[j]!) - test.ratings[j]!) ** 2;
  return Math.sqrt(se / test.ratings.length);
}

async function timed(what: string, fit: () => Promise<Fitted>, test: RatingsColumns): Promise<{ fitted: Fitted; value: number }> {
  const started = performance.now();
  const fitted = await fit();
  const seconds = (performance.now() - started) / 1000;
  const value = rmse(fitted, test);
  console.log(`${what}: u1.test RMSE ${value.toFixed(4)} (unclipped), fitted in ${seconds.toFixed(2)} s`);
  return { fitted, value };
}

describe.skipIf(!present)(present ? 'MovieLens 100K u1: content-based and the MF + content hybrid' : ML100K_SKIP_REASON, () => {
  let train: TrainSet;
  let test: RatingsColumns;
  const setup = () => {
    test ??= ml100kColumns('u1.test');
    train ??= makeTrainSet(ml100kColumns('u1.base'), { nUsers: ML100K_USERS, nItems: ML100K_ITEMS, ratingMin: 1, ratingMax: 5, implicit: false }, { itemSide: ml100kItemSide() });
  };

  // Measured with the defaults (λ 10, title weight 1, 19 genres + 544 title words with df ≥ 2):
  // RMSE 1.0411 in ~1 s; the user's mean alone gets 1.0630, genres only (title weight 0) 1.0423.
  it('content-based beats the user’s mean and scores every test rating, unrated items included', async () => {
    setup();
    const { fitted, value } = await timed('content-based', () => content.fit(train, {}, cpuContext()), test);
    expect(value).toBeLessThan(1.05);
    // u1.test has 32 ratings of items u1.base lacks: content scores them from their features
    const trained = new Set(train.ratings.items);
    const cold = Array.from(test.items.keys()).filter((j) => !trained.has(test.items[j]!));
    expect(cold.length).toBe(32);
    for (const j of cold) expect(Number.isFinite(fitted.predict!(test.users[j]!, test.items[j]!))).toBe(true);
  }, 30_000);

  // Measured with the CPU defaults (k 32, 20 epochs of SGD, η 0.01, reg 0.1, seed 42) and λ 10,
  // title weight 1: the hybrid 0.9156 (~1.5 s), biased MF alone 0.9257 (~0.7 s); the hybrid's MF part
  // alone (untrained items' p_i set to 0) 0.9256, so the content part is worth ~0.010.
  it('the hybrid is no worse than biased MF with the same settings', async () => {
    setup();
    const hybrid = (await timed('hybrid MF + content', () => hybridMfContent.fit(train, {}, cpuContext()), test)).value;
    const mf = (await timed('biased MF (same settings)', () => biasedMf.fit(train, {}, cpuContext()), test)).value;
    expect(hybrid).toBeLessThan(mf + 0.002);
    expect(hybrid).toBeLessThan(0.922);
  }, 30_000);
});
