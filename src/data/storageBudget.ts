/**
 * Browser storage for an import: how much a dataset takes in IndexedDB (from saveDataset's chunk
 * layout), whether it fits what navigator.storage.estimate() says is free, and the messages when it
 * does not (refused before parsing, or QuotaExceededError while saving, which rolls the save back).
 */
import type { IDBPDatabase } from 'idb';
import { saveDataset } from './dbDatasets';
import type { LabDB } from './db';
import type { Dataset, DatasetMeta } from './types';

/** Stored bytes per rating: Int32 user + Int32 item + Float32 rating in each chunk. */
export const BYTES_PER_RATING = 12;
/** Extra stored bytes per rating when the dataset has timestamps (a Float64 per row). */
export const BYTES_PER_TIMESTAMP = 8;
/** Stored bytes per id or title string beyond its characters (length and tag; an estimate). */
export const BYTES_PER_STRING = 8;

/** What navigator.storage.estimate() reports (both may be missing). */
export interface StorageFigures {
  quota?: number;
  usage?: number;
}

/** Bytes a dataset takes once stored: its rating columns, plus its id and title strings (a character ≈ 1 byte, 2 when not Latin-1). */
export function storedBytes(dataset: Pick<Dataset, 'userIds' | 'itemIds' | 'titles' | 'timestamps'> & { ratings: { ratings: ArrayLike<number> } }): number {
  const rows = dataset.ratings.ratings.length;
  let strings = 0;
  for (const list of [dataset.userIds, dataset.itemIds, dataset.titles ?? []]) {
    for (const s of list) if (s !== null) strings += BYTES_PER_STRING + stringBytes(s);
  }
  return rows * (BYTES_PER_RATING + (dataset.timestamps ? BYTES_PER_TIMESTAMP : 0)) + strings;
}

function stringBytes(s: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u00ff]*$/.test(s) ? s.length : 2 * s.length;
}

/**
 * Bytes a ratings file will take once stored, before parsing it: its rows estimated from the head
 * (`headLines` line breaks in the first `headBytes` bytes, scaled to `fileBytes`) times the bytes
 * per row. Ids are left out (a lower bound: most files have far fewer users and items than rows).
 */
export function estimateStoredBytesOfFile(fileBytes: number, headBytes: number, headLines: number, hasTimestamps: boolean): number {
  if (fileBytes <= 0 || headBytes <= 0) return 0;
  const rows = Math.ceil((fileBytes * Math.max(1, headLines)) / headBytes);
  return rows * (BYTES_PER_RATING + (hasTimestamps ? BYTES_PER_TIMESTAMP : 0));
}

/** Bytes free for this site, or null when the browser does not say. */
export function freeBytes(figures: StorageFigures | null): number | null {
  if (!figures || figures.quota === undefined) return null;
  return Math.max(0, figures.quota - (figures.usage ?? 0));
}

/** A storage size for messages: megabytes with one decimal, or whole kilobytes below 0.1 MB. */
export function storageSize(bytes: number): string {
  return bytes >= 100_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} kB`;
}

/** The refusal before parsing, or null when the file fits (or the browser gives no figures). */
export function refusalBeforeImport(neededBytes: number, figures: StorageFigures | null): string | null {
  const free = freeBytes(figures);
  if (free === null || neededBytes <= free) return null;
  return (
    `This file needs about ${storageSize(neededBytes)} of browser storage; only ${storageSize(free)} are free. ` +
    'Free space by deleting datasets you no longer need, or by clearing other sites’ data in the browser’s settings, then import again.'
  );
}

/** The message when the browser refused the save for lack of space (it was rolled back). */
export function quotaMessage(neededBytes: number, figures: StorageFigures | null): string {
  const free = freeBytes(figures);
  const left = free === null ? '' : ` and about ${storageSize(free)} are free`;
  return (
    `Not enough browser storage: this dataset needs about ${storageSize(neededBytes)}${left}. Nothing was stored. ` +
    'Delete datasets you no longer need (or clear other sites’ data in the browser’s settings) and import again.'
  );
}

/** True for a QuotaExceededError, also when it is the cause or transaction error of what was thrown. */
export function isQuotaExceeded(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x !== null && typeof x === 'object' && depth < 4; depth++) {
    const name = (x as { name?: unknown }).name;
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    const inner = x as { cause?: unknown; error?: unknown; target?: { error?: unknown } };
    x = inner.cause ?? inner.error ?? inner.target?.error;
  }
  return false;
}

/** Thrown by saveOrExplain when the browser is out of storage; `message` says how much is needed. */
export class StorageQuotaError extends Error {
  override name = 'QuotaExceededError';
}

/**
 * saveDataset (one transaction: all or nothing), with a QuotaExceededError turned into a
 * StorageQuotaError that says how much space the dataset needs and how much is free (`figures` is
 * asked only then).
 */
export async function saveOrExplain(db: IDBPDatabase<LabDB>, dataset: Dataset, figures: () => Promise<StorageFigures | null>): Promise<DatasetMeta> {
  try {
    return await saveDataset(db, dataset);
  } catch (e) {
    if (!isQuotaExceeded(e)) throw e;
    throw new StorageQuotaError(quotaMessage(storedBytes(dataset), await figures().catch(() => null)), { cause: e });
  }
}

/** navigator.storage.estimate() where there is one (window or worker), else null. */
export async function storageFigures(): Promise<StorageFigures | null> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.estimate) return null;
  return storage.estimate();
}
