import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../src/core/errors';
import { err } from '../src/core/result';
import { openGradlabDb, type OpenGradlabDbOptions } from '../src/storage/open';
import { workerDb } from './worker-db';

describe('workerDb', () => {
  it('keeps one connection, and opens a new one after another tab upgraded the database', async () => {
    const name = `worker-db-${crypto.randomUUID()}`;
    let opens = 0;
    const db = workerDb((options: OpenGradlabDbOptions) => {
      opens++;
      return openGradlabDb({ ...options, name });
    });
    const first = await db();
    expect(await db()).toBe(first);
    expect(opens).toBe(1);
    if (!first.ok) throw first.error;

    const version = first.value.version;
    await new Promise<void>((resolve, reject) => {
      const upgrade = indexedDB.open(name, version + 1);
      upgrade.onsuccess = () => {
        upgrade.result.close();
        resolve();
      };
      upgrade.onerror = () => reject(upgrade.error);
    });
    const again = await db();
    expect(opens).toBe(2);
    // This app's schema is now older than the database's: the new open says so instead of
    // failing later on a closed connection.
    expect(again.ok).toBe(false);
  });

  it('tries again after an open that failed', async () => {
    let opens = 0;
    const db = workerDb(async () => {
      opens++;
      return err(new StorageUnavailableError('refused'));
    });
    await db();
    await db();
    expect(opens).toBe(2);
  });
});
