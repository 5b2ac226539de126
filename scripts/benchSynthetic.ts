// Stand-in ratings for the Node benchmarks when MovieLens 100K is absent: uniform random (user, item)
// pairs with ratings ~ N(3.5, 1) rounded and clipped to 1…5, from a seed. Throughput only: no structure.
import type { RatingsColumns } from '../src/data/types';
import { createRng, randomInt, randomNormal } from '../src/math/random';

export function syntheticBenchRatings(nUsers: number, nItems: number, n: number, seed: number): RatingsColumns {
  const rng = createRng(seed);
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    users[j] = randomInt(rng, nUsers);
    items[j] = randomInt(rng, nItems);
    ratings[j] = Math.min(5, Math.max(1, Math.round(randomNormal(rng, 3.5, 1))));
  }
  return { users, items, ratings };
}
