/** Maps original id strings from a file to dense indices 0, 1, 2… in order of first appearance. */

/** A growing id → dense index map. */
export interface IdMap {
  /** Index of `id`, assigning the next free index when it is new. */
  indexOf(id: string): number;
  /** Index of `id`, or -1 when it has not been seen (never assigns). */
  find(id: string): number;
  /** `ids[i]` is the id with index i. */
  readonly ids: string[];
  /** Number of distinct ids. */
  readonly size: number;
}

/** Create an empty IdMap. */
export function createIdMap(): IdMap {
  const index = new Map<string, number>();
  const ids: string[] = [];
  return {
    indexOf(id: string): number {
      let i = index.get(id);
      if (i === undefined) {
        i = ids.length;
        index.set(id, i);
        ids.push(id);
      }
      return i;
    },
    find(id: string): number {
      return index.get(id) ?? -1;
    },
    ids,
    get size(): number {
      return ids.length;
    },
  };
}
