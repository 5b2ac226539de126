/**
 * What the policies may know of an item when its vector from a fitted model is not given: only its
 * genres, the side information a new catalogue has. `x_i = [g_i; 1]`, g_i the item's genres one-hot
 * (an item in two genres has two ones), genres in alphabetical order. Two films of the same genres
 * look the same through x, so with these features the estimator learns each item's own quality as
 * its offset c_i (the hybrid model), which only showing the item can teach.
 */
import type { ItemFeatures } from './types';

/** The genre vocabulary (alphabetical) and `x_i = [g_i; 1]` per item; g_i also serves as the diversity vector. */
export function genreFeatures(genres: readonly (readonly string[])[]): ItemFeatures & { genres: string[] } {
  const vocabulary = [...new Set(genres.flat())].sort();
  if (vocabulary.length === 0) throw new Error('No item has a genre: the policies cannot be given genres only. Import a titles file with a genres column, or give them the fitted vectors.');
  const column = new Map(vocabulary.map((g, c) => [g, c]));
  const nItems = genres.length;
  const k = vocabulary.length;
  const d = k + 1;
  const x = new Float64Array(nItems * d);
  const vectors = new Float32Array(nItems * k);
  genres.forEach((list, i) => {
    for (const g of list) {
      const c = column.get(g) as number;
      x[i * d + c] = 1;
      vectors[i * k + c] = 1;
    }
    x[i * d + k] = 1;
  });
  return { nItems, d, x, k, vectors, genres: vocabulary };
}
