/** What the IndexedDB stores share: new record ids, the listing order, and undoing a failed write. */

/** Ids made in this session (newId's counter). */
let idCounter = 0;

/** A new id: prefix + '-' + createdAt + '-' + a per-session counter + '-' + a random suffix. */
export function newId(prefix: string, createdAt: number): string {
  idCounter++;
  const suffix = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : String(idCounter);
  return `${prefix}-${createdAt}-${idCounter}-${suffix}`;
}

/** Newest first by createdAt, then by id descending (a stable order for equal times). */
export function newestFirst(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Abort a transaction after a failed write and wait for everything queued to settle. */
export async function abortAfter(tx: { abort(): void; done: Promise<void> }, writes: Promise<unknown>[]): Promise<void> {
  // A synchronous put error (e.g. DataCloneError) does not abort the transaction by itself.
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
  await Promise.allSettled([...writes, tx.done]);
}
