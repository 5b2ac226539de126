/** Maps original id strings from a file to dense indices 0, 1, 2… in order of first appearance. */

/** Ids written as integers below this are looked up in a flat table, larger ones in a Map. */
const SMALL_INT_IDS = 1 << 21;
/** The largest id that canonicalInt accepts (nine digits). */
const MAX_CANONICAL_INT = 999_999_999;

/** A growing id → dense index map. */
export interface IdMap {
  /** Index of `id`, assigning the next free index when it is new. */
  indexOf(id: string): number;
  /**
   * Index of the id written `String(id)`, assigning the next free index when it is new: the same
   * index as `indexOf(String(id))`. `id` must be an integer in [0, 999 999 999].
   */
  indexOfInt(id: number): number;
  /** Index of `id`, or -1 when it has not been seen (never assigns). */
  find(id: string): number;
  /** `ids[i]` is the id with index i. */
  readonly ids: string[];
  /** Number of distinct ids. */
  readonly size: number;
}

/**
 * The value of `text` when it is a canonical non-negative integer of at most nine digits ("0", "7",
 * "196"; not "07", "+7", " 7" or "7.0"), so that String(value) === text; otherwise -1.
 */
export function canonicalInt(text: string): number {
  return canonicalIntAt(text, 0, text.length);
}

/** canonicalInt of `text.slice(from, to)`, without slicing. */
export function canonicalIntAt(text: string, from: number, to: number): number {
  const n = to - from;
  if (n <= 0 || n > 9) return -1;
  let v = 0;
  for (let k = from; k < to; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9 || (d === 0 && k === from && n > 1)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Create an empty IdMap. Ids that are canonical integers (see canonicalInt) are kept apart from the others, by value. */
export function createIdMap(): IdMap {
  const byString = new Map<string, number>();
  const byLargeInt = new Map<number, number>();
  /** index + 1 of the small integer ids, 0 when unseen. */
  let bySmallInt = new Int32Array(1024);
  const ids: string[] = [];
  const findInt = (id: number): number => {
    if (id < SMALL_INT_IDS) return id < bySmallInt.length ? (bySmallInt[id] as number) - 1 : -1;
    return byLargeInt.get(id) ?? -1;
  };
  const indexOfInt = (id: number): number => {
    if (id < bySmallInt.length) {
      const i = (bySmallInt[id] as number) - 1;
      if (i >= 0) return i;
    } else if (id >= SMALL_INT_IDS) {
      const i = byLargeInt.get(id);
      if (i !== undefined) return i;
    }
    if (!(id >= 0 && id <= MAX_CANONICAL_INT && Number.isInteger(id))) throw new RangeError(`indexOfInt: ${id} is not an integer id in [0, ${MAX_CANONICAL_INT}].`);
    const i = ids.length;
    ids.push(String(id));
    if (id < SMALL_INT_IDS) {
      if (id >= bySmallInt.length) {
        let cap = bySmallInt.length * 2;
        while (cap <= id) cap *= 2;
        const grown = new Int32Array(Math.min(cap, SMALL_INT_IDS));
        grown.set(bySmallInt);
        bySmallInt = grown;
      }
      bySmallInt[id] = i + 1;
    } else {
      byLargeInt.set(id, i);
    }
    return i;
  };
  return {
    indexOf(id: string): number {
      const n = canonicalInt(id);
      if (n >= 0) return indexOfInt(n);
      let i = byString.get(id);
      if (i === undefined) {
        i = ids.length;
        byString.set(id, i);
        ids.push(id);
      }
      return i;
    },
    indexOfInt,
    find(id: string): number {
      const n = canonicalInt(id);
      if (n >= 0) return findInt(n);
      return byString.get(id) ?? -1;
    },
    ids,
    get size(): number {
      return ids.length;
    },
  };
}
