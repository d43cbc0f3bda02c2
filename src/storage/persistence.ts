/**
 * The `navigator.storage` calls behind the storage panel: how much is used, and whether the
 * browser keeps Gradlab's data when it runs short of space. Page only: workers have no `persist`.
 */
/** `navigator.storage` where this context has it: absent in Node, in old browsers, over http. */
function storageManager(): StorageManager | null {
  if (typeof navigator === 'undefined') return null;
  const storage = (navigator as { storage?: StorageManager }).storage;
  return storage ?? null;
}

export async function estimateStorage(): Promise<{ usage: number; quota: number } | null> {
  const storage = storageManager();
  if (storage === null || typeof storage.estimate !== 'function') return null;
  try {
    const { usage, quota } = await storage.estimate();
    return usage === undefined || quota === undefined ? null : { usage, quota };
  } catch {
    return null;
  }
}

/** Asks the browser not to evict Gradlab's data; null where it cannot be asked (workers too). */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const storage = storageManager();
  if (storage === null || typeof storage.persist !== 'function') return null;
  try {
    return await storage.persist();
  } catch {
    return null;
  }
}

export async function isStoragePersisted(): Promise<boolean | null> {
  const storage = storageManager();
  if (storage === null || typeof storage.persisted !== 'function') return null;
  try {
    return await storage.persisted();
  } catch {
    return null;
  }
}
