/**
 * A fingerprint of a dataset's contents: its sizes and a 32-bit FNV-1a checksum over every rating
 * row (user, item, rating bits, timestamp bits), the id maps, titles and genres. A stored model
 * keeps the fingerprint of the dataset it was fitted on; a dataset that no longer matches it (the
 * built-in demo generated differently, a changed store) cannot restore the model.
 */
import type { Dataset } from './types';

/** Sizes and checksum of a dataset's contents. */
export interface DatasetFingerprint {
  users: number;
  items: number;
  ratings: number;
  /** FNV-1a (32 bits) as 8 hex digits. */
  checksum: string;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mixWord(h: number, word: number): number {
  let x = h;
  for (let shift = 0; shift < 32; shift += 8) {
    x ^= (word >>> shift) & 0xff;
    x = Math.imul(x, FNV_PRIME);
  }
  return x >>> 0;
}

function mixString(h: number, s: string | null): number {
  if (s === null) return mixWord(h, 0xffffffff);
  let x = mixWord(h, s.length);
  for (let k = 0; k < s.length; k++) x = mixWord(x, s.charCodeAt(k));
  return x;
}

function mixWords(h: number, words: ArrayLike<number>): number {
  let x = mixWord(h, words.length);
  for (let k = 0; k < words.length; k++) x = mixWord(x, words[k] as number);
  return x;
}

/** The fingerprint of a dataset (a few milliseconds per 100 000 ratings). */
export function datasetFingerprint(dataset: Dataset): DatasetFingerprint {
  const { users, items, ratings } = dataset.ratings;
  let h = FNV_OFFSET;
  h = mixWords(h, users);
  h = mixWords(h, items);
  h = mixWords(h, new Uint32Array(ratings.buffer, ratings.byteOffset, ratings.length));
  const ts = dataset.timestamps;
  h = ts ? mixWords(h, new Uint32Array(ts.buffer, ts.byteOffset, ts.length * 2)) : mixWord(h, 0);
  for (const id of dataset.userIds) h = mixString(h, id);
  for (const id of dataset.itemIds) h = mixString(h, id);
  for (const t of dataset.titles ?? []) h = mixString(h, t);
  for (const g of dataset.genres ?? []) h = mixString(h, g.join('\u0001'));
  return { users: dataset.meta.users, items: dataset.meta.items, ratings: users.length, checksum: h.toString(16).padStart(8, '0') };
}

/** Whether two fingerprints describe the same contents. */
export function sameFingerprint(a: DatasetFingerprint, b: DatasetFingerprint): boolean {
  return a.users === b.users && a.items === b.items && a.ratings === b.ratings && a.checksum === b.checksum;
}
