/** A check shared by methods' scoring code. */

/** Throws a clear error for a user or item index outside the fitted model. */
export function checkIndex(kind: 'user' | 'item', index: number, n: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new Error(`No ${kind} with index ${index} (the model has ${n} ${kind}s).`);
}
