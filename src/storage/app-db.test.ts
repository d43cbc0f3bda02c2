import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as openModule from './open';
import type * as schemaModule from './schema';
import { DB_NAME, DB_VERSION } from './schema';

/** A fresh page: app-db and the banner's store hold module state. */
async function freshPage() {
  vi.resetModules();
  const appDb = await import('./app-db');
  const status = await import('./status-store');
  return { ...appDb, ...status };
}

beforeEach(async () => {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('delete failed'));
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('appDb', () => {
  it('opens the browser storage and reports nothing wrong', async () => {
    const page = await freshPage();
    const db = await page.appDb();
    expect(db.ok).toBe(true);
    expect(page.getStorageStatus()).toEqual({ kind: 'ok' });
    if (db.ok) db.value.close();
  });

  it('runs from memory when the browser refuses storage, and says why', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        throw new DOMException('The user denied permission.', 'SecurityError');
      },
    });
    const page = await freshPage();
    const db = await page.appDb();
    if (!db.ok) throw db.error;
    expect(page.getStorageStatus()).toEqual({
      kind: 'memory',
      reason: 'SecurityError: The user denied permission.',
    });
    // The same schema, written and read through idb like the real one.
    await db.value.put('settings', 'cpu', 'backend');
    expect(await db.value.get('settings', 'backend')).toBe('cpu');
    expect(await db.value.getAllFromIndex('runs', 'by-created')).toEqual([]);
    expect(await page.appDb()).toBe(db);
    db.value.close();
  });

  it('closes and fails every later use with a reload message when another tab upgrades', async () => {
    const page = await freshPage();
    const first = await page.appDb();
    if (!first.ok) throw first.error;
    const newer = await openDB(DB_NAME, DB_VERSION + 1);
    expect(page.getStorageStatus()).toEqual({ kind: 'versionChange' });
    const later = await page.appDb();
    expect(!later.ok && later.error.message).toBe(page.VERSION_CHANGED_MESSAGE);
    expect(() => first.value.transaction('settings')).toThrow();
    newer.close();
  });

  it('asks for a reload, not memory, when the storage holds a newer version', async () => {
    (await openDB(DB_NAME, DB_VERSION + 1)).close();
    const page = await freshPage();
    const db = await page.appDb();
    expect(!db.ok && db.error.code).toBe('storage-unavailable');
    expect(page.getStorageStatus()).toEqual({ kind: 'versionChange' });
  });

  it('says an upgrade is blocked by another tab instead of running from memory', async () => {
    vi.doMock('./open', async (importOriginal) => {
      const actual = await importOriginal<typeof openModule>();
      return { ...actual, openGradlabDb: () => actual.openGradlabDb({ blockedTimeoutMs: 20 }) };
    });
    vi.doMock('./schema', async (importOriginal) => {
      const actual = await importOriginal<typeof schemaModule>();
      return { ...actual, DB_VERSION: actual.DB_VERSION + 1 };
    });
    const olderTab = await openDB(DB_NAME, DB_VERSION);
    const page = await freshPage();
    const db = await page.appDb();
    expect(!db.ok && db.error.message).toMatch(/Close other Gradlab tabs/);
    const status = page.getStorageStatus();
    expect(status.kind === 'unavailable' && status.message).toMatch(/Close other Gradlab tabs/);
    olderTab.close();
    vi.doUnmock('./open');
    vi.doUnmock('./schema');
  });
});
