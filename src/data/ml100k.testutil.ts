/** Test helper: locates the MovieLens 100K files at ../shared/data/ml-100k (relative to the repo root). Never copied into the repo. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
