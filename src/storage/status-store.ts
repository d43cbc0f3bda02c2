/**
 * What the page knows about its storage, for the banner: fine, running from memory, closed for
 * another tab's upgrade, or not open at all. A module-level store (app-db.ts sets it before any
 * component may exist) read with useSyncExternalStore.
 */
export type StorageStatus =
  | { kind: 'ok' }
  /** The browser refused storage; `reason` is what it said. */
  | { kind: 'memory'; reason: string }
  /** Another tab opened a newer version of the database; this page must reload. */
  | { kind: 'versionChange' }
  /** Neither the browser's storage nor memory could be opened (an upgrade blocked by a tab). */
  | { kind: 'unavailable'; message: string };

const OK: StorageStatus = { kind: 'ok' };

let status: StorageStatus = OK;
const listeners = new Set<() => void>();

export const getStorageStatus = (): StorageStatus => status;

export function setStorageStatus(next: StorageStatus): void {
  status = next;
  for (const listener of listeners) listener();
}

export function subscribeStorageStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
