import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openGradlabDb } from './open';
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
});
