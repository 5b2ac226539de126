import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ML100K_DIR, ML100K_ITEMS, ML100K_USERS, ml100kColumns } from '../data/ml100k.testutil';
import { predictRating } from '../math/mf';
import { trainMfCpu } from './cpuTrainer';
import { CPU_DEFAULT_TRAIN_PARAMS, DEFAULT_TRAIN_PARAMS } from './params';

const present = existsSync(resolve(ML100K_DIR, 'u1.base')) && existsSync(resolve(ML100K_DIR, 'u1.test'));
if (!present) console.warn(`MovieLens 100K not found at ${ML100K_DIR}: skipping the u1.base → u1.test accuracy test`);

describe.skipIf(!present)('MovieLens 100K u1 (CPU trainer, each backend\'s default settings)', () => {
  // Measured: 0.9436 with the GPU defaults (Adam η 0.05, k 16, batch 4096, 8 epochs); 0.9323 with the
  // CPU defaults (SGD η 0.01, λ 0.1, k 32, batch 2048, 20 epochs). Predictions unclipped, like the
  // validation RMSE in the app.
  it.each([
    ['GPU defaults', 0.955, DEFAULT_TRAIN_PARAMS],
    ['CPU defaults', 0.945, CPU_DEFAULT_TRAIN_PARAMS],
  ] as const)('%s reach u1.test RMSE below %s', async (_name, bound, params) => {
    const base = ml100kColumns('u1.base');
    const test = ml100kColumns('u1.test');
    const model = await trainMfCpu(base, ML100K_USERS, ML100K_ITEMS, params);
    let s = 0;
    for (let j = 0; j < test.ratings.length; j++) {
      const d = predictRating(model, test.users[j]!, test.items[j]!) - test.ratings[j]!;
      s += d * d;
    }
    const rmse = Math.sqrt(s / test.ratings.length);
    console.log(`u1.test RMSE ${rmse.toFixed(4)}`);
    expect(rmse).toBeLessThan(bound);
  }, 20_000);
});
