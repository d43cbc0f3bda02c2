import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openGradlabDb, StorageRefusedError, StorageTooNewError } from './open';
import { DB_VERSION } from './schema';

const freshName = () => `open-${crypto.randomUUID()}`;

describe('openGradlabDb', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('creates the current schema', async () => {
    const opened = await openGradlabDb({ name: freshName() });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.version).toBe(DB_VERSION);
    expect([...opened.value.objectStoreNames]).toContain('datasets');
    opened.value.close();
  });

  it('says data will not be kept where there is no IndexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const opened = await openGradlabDb({ name: freshName() });
    expect(!opened.ok && opened.error.code).toBe('storage-unavailable');
    expect(!opened.ok && opened.error.message).toMatch(/will not be kept/);
  });

  it('says data will not be kept where opening is refused', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        throw new DOMException('Access to storage is denied.', 'SecurityError');
      },
    });
    const opened = await openGradlabDb({ name: freshName() });
    expect(!opened.ok && opened.error.code).toBe('storage-unavailable');
    expect(!opened.ok && opened.error.message).toContain('SecurityError');
    expect(!opened.ok && opened.error.message).toMatch(/will not be kept/);
  });

  it('refuses a database written by a newer version of the app, saying to reload', async () => {
    const name = freshName();
    (await openDB(name, DB_VERSION + 1)).close();
    const opened = await openGradlabDb({ name });
    expect(!opened.ok && opened.error.code).toBe('storage-unavailable');
    expect(!opened.ok && opened.error.message).toMatch(/newer version.*Reload/s);
  });

  it('closes itself and says so when another tab needs a newer schema', async () => {
    const name = freshName();
    const onVersionChange = vi.fn();
    const opened = await openGradlabDb({ name, onVersionChange });
    if (!opened.ok) throw opened.error;
    const blocked = vi.fn();
    const newer = await openDB(name, DB_VERSION + 1, { blocked });
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(blocked).not.toHaveBeenCalled();
    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(() => opened.value.transaction('datasets')).toThrow();
    newer.close();
  });

  it('opens on the factory it is given, leaving the global one alone', async () => {
    const name = freshName();
    const factory = new IDBFactory();
    const opened = await openGradlabDb({ name, factory });
    if (!opened.ok) throw opened.error;
    await opened.value.put('settings', 'cpu', 'backend');
    expect((await factory.databases()).map((d) => d.name)).toEqual([name]);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    opened.value.close();
  });

  it('tells a refusing browser (worth running from memory) from a newer app (worth a reload)', async () => {
    vi.stubGlobal('indexedDB', {
      open: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    const refused = await openGradlabDb({ name: freshName() });
    expect(!refused.ok && refused.error).toBeInstanceOf(StorageRefusedError);
    expect(!refused.ok && (refused.error as StorageRefusedError).reason).toBe(
      'SecurityError: The operation is insecure.',
    );
    vi.unstubAllGlobals();

    const name = freshName();
    (await openDB(name, DB_VERSION + 1)).close();
    const tooNew = await openGradlabDb({ name });
    expect(!tooNew.ok && tooNew.error).toBeInstanceOf(StorageTooNewError);
    expect(!tooNew.ok && tooNew.error).not.toBeInstanceOf(StorageRefusedError);
  });
});
