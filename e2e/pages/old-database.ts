/**
 * A browser that used Gradlab before datasets had versions: its `gradlab` database at version 3,
 * written as that version wrote it (dataset bytes in 1 MiB chunks under [sha256, n]), and what the
 * upgrade left behind, read straight from IndexedDB.
 */
import type { Page } from '@playwright/test';

/** A dataset record as version 3 stored it (chunkCount, no version fields). */
export interface V3Dataset {
  record: Record<string, unknown> & { sha256: string };
  /** The packed bytes, base64. */
  bytes: string;
}

export const V3_CHUNK_BYTES = 1024 * 1024;

/**
 * Makes the version-3 database with `datasets` in it. The page must be on the app's origin but
 * not running the app (which would open and upgrade the database first): a static file of it.
 */
export function seedVersion3(page: Page, datasets: V3Dataset[]): Promise<void> {
  return page.evaluate(
    ({ datasets, chunkBytes }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('gradlab', 3);
        open.onupgradeneeded = () => {
          const db = open.result;
          const stores = db.createObjectStore('datasets', { keyPath: 'sha256' });
          stores.createIndex('by-source', 'sourceKey');
          stores.createIndex('by-last-used', 'lastUsed');
          db.createObjectStore('chunks');
          db.createObjectStore('notebooks', { keyPath: 'id' });
          db.createObjectStore('versions', { keyPath: 'id' });
          db.createObjectStore('runs', { keyPath: 'id' }).createIndex('by-created', 'createdAt');
          const checkpoints = db.createObjectStore('checkpoints', { keyPath: 'runId' });
          checkpoints.createIndex('by-saved', 'savedAt');
          db.createObjectStore('settings');
          const sweeps = db.createObjectStore('sweeps', { keyPath: 'sweep.id' });
          sweeps.createIndex('by-created', 'sweep.createdAt');
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['datasets', 'chunks'], 'readwrite');
          for (const { record, bytes } of datasets) {
            const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
            tx.objectStore('datasets').put(record);
            for (let n = 0; n * chunkBytes < raw.length; n++) {
              const chunk = raw.slice(n * chunkBytes, (n + 1) * chunkBytes).buffer;
              tx.objectStore('chunks').put(chunk, [record.sha256, n]);
            }
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { datasets, chunkBytes: V3_CHUNK_BYTES },
  );
}

/** The database's version, its stores, and how many pieces and bytes the `pieces` store holds. */
export function databaseShape(
  page: Page,
): Promise<{ version: number; stores: string[]; pieces: number; pieceBytes: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('gradlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const stores = [...db.objectStoreNames].sort();
          const shape = { version: db.version, stores, pieces: 0, pieceBytes: 0 };
          if (!stores.includes('pieces')) {
            db.close();
            return resolve(shape);
          }
          const walk = db.transaction('pieces').objectStore('pieces').openCursor();
          walk.onerror = () => reject(walk.error);
          walk.onsuccess = () => {
            const cursor = walk.result;
            if (cursor === null) {
              db.close();
              return resolve(shape);
            }
            const value: unknown = cursor.value;
            shape.pieces += 1;
            shape.pieceBytes += value instanceof ArrayBuffer ? value.byteLength : 0;
            cursor.continue();
          };
        };
      }),
  );
}
