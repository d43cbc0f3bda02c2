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
