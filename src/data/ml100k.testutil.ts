/** Test helper: locates the MovieLens 100K files at ../shared/data/ml-100k (relative to the repo root). Never copied into the repo. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RatingsColumns } from './types';

/** The repository root (this file is src/data/ml100k.testutil.ts). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of the ML-100K directory (may not exist). */
export const ML100K_DIR = resolve(REPO_ROOT, '../shared/data/ml-100k');

/** True when u.data and u.item are present. */
export const HAVE_ML100K = existsSync(resolve(ML100K_DIR, 'u.data')) && existsSync(resolve(ML100K_DIR, 'u.item'));

/** Shown in the skip message when the data is missing. */
export const ML100K_SKIP_REASON = `MovieLens 100K not found at ${ML100K_DIR}: skipping tests on real data`;

/** One ML-100K file as a Blob. */
export function ml100kBlob(name: string): Blob {
  return new Blob([readFileSync(resolve(ML100K_DIR, name))]);
}

/** ML-100K's ids are dense: users 1…943, items 1…1682. */
export const ML100K_USERS = 943;
export const ML100K_ITEMS = 1682;

/**
 * An ML-100K tab file (u.data, u1.base, u1.test, …: `user \t item \t rating \t time`, 1-based ids)
 * as ratings columns with 0-based indices. A plain reader for tests and benchmarks of the model,
 * which should not depend on the import pipeline.
 */
export function ml100kColumns(name: string): RatingsColumns {
  const lines = readFileSync(resolve(ML100K_DIR, name), 'utf8').trim().split('\n');
  const users = new Int32Array(lines.length);
  const items = new Int32Array(lines.length);
  const ratings = new Float32Array(lines.length);
  lines.forEach((line, j) => {
    const [u, i, r] = line.split('\t');
    users[j] = Number(u) - 1;
    items[j] = Number(i) - 1;
    ratings[j] = Number(r);
  });
  return { users, items, ratings };
}
