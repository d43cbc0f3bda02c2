/** What the page's browser has stored, read straight from IndexedDB. */
import type { Page } from '@playwright/test';

/** How many notebooks this browser has saved. */
export const savedNotebooks = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('gradlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('notebooks')) return resolve(0);
          const count = db.transaction('notebooks').objectStore('notebooks').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );

/** Every dataset this browser has stored, by name and SHA-256, sorted by name. */
export const storedDatasets = (page: Page): Promise<{ name: string; sha256: string }[]> =>
  page.evaluate(
    () =>
      new Promise<{ name: string; sha256: string }[]>((resolve, reject) => {
        const open = indexedDB.open('gradlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('datasets')) return resolve([]);
          const all = db.transaction('datasets').objectStore('datasets').getAll();
          all.onsuccess = () =>
            resolve(
              all.result
                .map((record: { name: string; sha256: string }) => ({
                  name: record.name,
                  sha256: record.sha256,
                }))
                .sort((a, b) => a.name.localeCompare(b.name)),
            );
          all.onerror = () => reject(all.error);
        };
      }),
  );
