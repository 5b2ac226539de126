/**
 * Item–item neighbour lists on a tfjs GPU backend, in dense tiles: the alternative to the sparse CPU
 * kernel (src/math/knn), kept so the benchmark can compare the two on the same data. Cosine over
 * co-rated users, as the CPU kernel computes it, from three matrix products per tile:
 * with X the items × users ratings (0 where unrated) and B its 0/1 mask,
 * `Σxy = X_t·Xᵀ`, `Σx² over co-rated = X_t²·Bᵀ`, `Σy² over co-rated = B_t·(X²)ᵀ`,
 * `s = Σxy / √(Σx² · Σy²)`. Holds X (and B, X²) dense on the device — nItems × nUsers floats each —
 * so it only suits catalogues whose dense matrix fits; never an items × items matrix (tiles of rows).
 */
import type * as tfType from '@tensorflow/tfjs';
import type { Csr } from '../math/sparse';

type Tf = typeof tfType;

/** Top-L neighbours per item (s > 0 only, best first), as the GPU computed them. */
export interface DenseNeighbourLists {
  listLength: number;
  /** nItems · listLength; −1 where fewer than listLength neighbours have s > 0. */
  neighbours: Int32Array;
  similarity: Float32Array;
}

/**
 * Co-rated cosine top-L lists for every row of `byItem` (items × users), `tileRows` item rows at a
 * time. Must not run concurrently with other tfjs work; disposes everything it creates.
 */
export async function denseCosineNeighboursTfjs(tf: Tf, byItem: Csr, listLength: number, tileRows = 512): Promise<DenseNeighbourLists> {
  const n = byItem.nRows;
  const m = byItem.nCols;
  const L = Math.max(1, Math.min(listLength, n - 1));
  const dense = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let p = byItem.indptr[i] as number; p < (byItem.indptr[i + 1] as number); p++) dense[i * m + (byItem.indices[p] as number)] = byItem.values[p] as number;
  }
  const [X, B, X2] = tf.tidy(() => {
    const x = tf.tensor2d(dense, [n, m]);
    return [x, tf.cast(tf.notEqual(x, 0), 'float32'), tf.square(x)] as tfType.Tensor2D[];
  }) as [tfType.Tensor2D, tfType.Tensor2D, tfType.Tensor2D];
  const neighbours = new Int32Array(n * L).fill(-1);
  const similarity = new Float32Array(n * L);
  try {
    for (let start = 0; start < n; start += tileRows) {
      const rows = Math.min(tileRows, n - start);
      const take = Math.min(L + 1, n);
      const { values, indices } = tf.tidy(() => {
        const xt = tf.slice(X, [start, 0], [rows, m]);
        const bt = tf.slice(B, [start, 0], [rows, m]);
        const x2t = tf.slice(X2, [start, 0], [rows, m]);
        const dot = tf.matMul(xt, X, false, true);
        const den = tf.sqrt(tf.mul(tf.matMul(x2t, B, false, true), tf.matMul(bt, X2, false, true)));
        const sim = tf.where(tf.greater(den, 0), tf.div(dot, tf.maximum(den, 1e-30)), tf.zerosLike(dot));
        // the item itself must not be its own neighbour: its similarity becomes −2 (below any cosine);
        // no infinities or NaN, which GPU backends do not all treat alike
        const self = tf.cast(tf.oneHot(tf.range(start, start + rows, 1, 'int32'), n), 'bool');
        return tf.topk(tf.where(self, tf.fill([rows, n], -2), sim), take, true);
      });
      try {
        const [vals, idx] = await Promise.all([values.data(), indices.data()]);
        for (let r = 0; r < rows; r++) {
          let w = 0;
          for (let t = 0; t < take && w < L; t++) {
            const s = vals[r * take + t] as number;
            if (!(s > 0)) break;
            neighbours[(start + r) * L + w] = idx[r * take + t] as number;
            similarity[(start + r) * L + w] = s;
            w++;
          }
        }
      } finally {
        values.dispose();
        indices.dispose();
      }
    }
  } finally {
    X.dispose();
    B.dispose();
    X2.dispose();
  }
  return { listLength: L, neighbours, similarity };
}
