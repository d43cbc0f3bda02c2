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

/** A store's records as IndexedDB holds them, for checks of what was saved. */
const storedRecords = (page: Page, store: 'notebooks' | 'runs'): Promise<unknown[]> =>
  page.evaluate(
    (name) =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('gradlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) return resolve([]);
          const all = db.transaction(name).objectStore(name).getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result);
          };
          all.onerror = () => reject(all.error);
        };
      }),
    store,
  );

const field = (record: unknown, key: string): unknown =>
  typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : null;

/** Each saved notebook's title and its cells' texts (an experiment cell as its id), by title. */
export async function storedNotebooks(page: Page): Promise<{ title: string; texts: string[] }[]> {
  const records = await storedRecords(page, 'notebooks');
  return records
    .map((record) => {
      const cells = field(field(field(record, 'draft'), 'notebook'), 'cells');
      return {
        title: String(field(record, 'title')),
        texts: (Array.isArray(cells) ? cells : []).map((cell: unknown) =>
          field(cell, 'type') === 'markdown'
            ? String(field(cell, 'text'))
            : String(field(cell, 'id')),
        ),
      };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** The ids of the runs this browser has saved. */
export const storedRunIds = async (page: Page): Promise<string[]> =>
  (await storedRecords(page, 'runs')).map((record) => String(field(record, 'id'))).sort();
