/** Small seeded synthetic ratings for model tests (a low-rank signal plus noise, ratings in [1, 5]). */
import type { RatingsColumns } from '../data/types';
import { createRng, randomInt, randomNormal } from '../math/random';

export function syntheticRatings(nUsers: number, nItems: number, nRatings: number, seed: number): RatingsColumns {
  const rng = createRng(seed);
  const k = 3;
  const uf = Array.from({ length: nUsers * k }, () => randomNormal(rng, 0, 0.7));
  const itf = Array.from({ length: nItems * k }, () => randomNormal(rng, 0, 0.7));
  const users = new Int32Array(nRatings);
  const items = new Int32Array(nRatings);
  const ratings = new Float32Array(nRatings);
  for (let j = 0; j < nRatings; j++) {
    const u = randomInt(rng, nUsers);
    const i = randomInt(rng, nItems);
    let dot = 0;
    for (let f = 0; f < k; f++) dot += uf[u * k + f]! * itf[i * k + f]!;
    users[j] = u;
    items[j] = i;
    ratings[j] = Math.min(5, Math.max(1, Math.round(3.5 + dot + randomNormal(rng, 0, 0.3))));
  }
  return { users, items, ratings };
}

/** Seeded ratings 1…5 with a planted structure (user taste × item kind) so SGD has something to fit. */
export function plantedRatings(nUsers: number, nItems: number, n: number, seed: number): RatingsColumns {
  const rng = createRng(seed);
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const u = randomInt(rng, nUsers);
    const i = randomInt(rng, nItems);
    users[j] = u;
    items[j] = i;
    ratings[j] = 1 + (((u % 3) + (i % 4) + randomInt(rng, 2)) % 5);
  }
  return { users, items, ratings };
}
