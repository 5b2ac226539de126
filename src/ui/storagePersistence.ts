/**
 * Persistent storage for the lab's datasets: asked for once, at the first import (browsers may
 * otherwise clear IndexedDB when space runs low), and shown in the dataset panel.
 */
const ASKED_KEY = 'reclab.persistAsked';

/** Whether this site's storage is persistent; null when the browser does not say. */
export async function storageIsPersistent(): Promise<boolean | null> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persisted) return null;
  return storage.persisted().catch(() => null);
}

/**
 * Asks for persistent storage unless it is granted already or was asked before (the browser decides,
 * often without asking the user); returns whether storage is persistent now.
 */
export async function askForPersistenceOnce(): Promise<boolean | null> {
  const now = await storageIsPersistent();
  const storage = navigator.storage as StorageManager | undefined;
  if (now !== false || !storage?.persist || localStorage.getItem(ASKED_KEY)) return now;
  localStorage.setItem(ASKED_KEY, '1');
  return storage.persist().catch(() => false);
}

/** The line the dataset panel shows. */
export function persistenceNote(persistent: boolean | null): string {
  if (persistent === null) return 'Storage: this browser does not say whether it keeps the datasets when space runs low.';
  return persistent
    ? 'Storage: persistent (the browser keeps these datasets until you delete them).'
    : 'Storage: best-effort (the browser may clear these datasets when the disk runs low on space).';
}
