/** Small helpers shared by methods' scoring code. */

/** Scores of every item for a user from a per-item function. */
export function scoresFrom(nItems: number, score: (item: number) => number): Float32Array {
  const out = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) out[i] = score(i);
  return out;
}

/** Throws a clear error for a user or item index outside the fitted model. */
export function checkIndex(kind: 'user' | 'item', index: number, n: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new Error(`No ${kind} with index ${index} (the model has ${n} ${kind}s).`);
}
