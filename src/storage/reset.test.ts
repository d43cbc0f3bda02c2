import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { resetStorage } from './reset';

const freshName = () => `reset-${crypto.randomUUID()}`;
const names = async () => (await indexedDB.databases()).map((d) => d.name);

describe('resetStorage', () => {
  it('deletes the database with everything in it', async () => {
    const name = freshName();
    const db = await openDB(name, 1, { upgrade: (d) => d.createObjectStore('settings') });
    await db.put('settings', 'cpu', 'backend');
    db.close();

    expect(await resetStorage(indexedDB, name)).toEqual({ ok: true, value: undefined });
    expect(await names()).not.toContain(name);
    const reopened = await openDB(name, 1);
    expect([...reopened.objectStoreNames]).toEqual([]);
    reopened.close();
  });

  it('says to close other tabs when one holds the database and will not let go', async () => {
    const name = freshName();
    const otherTab = await openDB(name, 1);
    const reset = await resetStorage(indexedDB, name);
    expect(!reset.ok && reset.error.message).toMatch(/Close the other Gradlab tabs/);
    otherTab.close();
  });

  it('says so when the browser refuses', async () => {
    const refusing = {
      deleteDatabase: () => {
        throw new DOMException('Access to storage is denied.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const reset = await resetStorage(refusing, freshName());
    expect(!reset.ok && reset.error.message).toContain('SecurityError');
  });
});
