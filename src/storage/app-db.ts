/**
 * The page's own IndexedDB connection (the workers open theirs), opened on first use. Where the
 * browser refuses storage (a private window, a broken profile) the page runs on an in-memory
 * database with the same schema instead, and says so. When another tab upgrades the database
 * this connection closes, and from then on every caller gets an error that says to reload.
 */
import { unwrap } from 'idb';
import { StorageUnavailableError } from '../core/errors';
import { err, type Result } from '../core/result';
import { openGradlabDb, StorageRefusedError, StorageTooNewError, type GradlabDb } from './open';
import { describeError } from './quota';
import { setStorageStatus } from './status-store';

export const VERSION_CHANGED_MESSAGE =
  'Gradlab was updated in another tab. Reload to update this one.';

type AppDb = Result<GradlabDb, StorageUnavailableError>;

let connection: Promise<AppDb> | null = null;

export function appDb(): Promise<AppDb> {
  connection ??= openAppDb();
  return connection;
}

function versionChanged(): void {
  connection = Promise.resolve(err(new StorageUnavailableError(VERSION_CHANGED_MESSAGE)));
  setStorageStatus({ kind: 'versionChange' });
}

async function openAppDb(): Promise<AppDb> {
  const opened = await openGradlabDb({ onVersionChange: versionChanged });
  if (opened.ok) return opened;
  const { error } = opened;
  if (error instanceof StorageTooNewError) {
    setStorageStatus({ kind: 'versionChange' });
    return opened;
  }
  // Memory would hide an upgrade blocked by another tab, which closing that tab fixes.
  if (!(error instanceof StorageRefusedError)) {
    setStorageStatus({ kind: 'unavailable', message: error.message });
    return opened;
  }
  const inMemory = await openInMemory();
  if (!inMemory.ok) {
    setStorageStatus({ kind: 'unavailable', message: error.message });
    return opened;
  }
  setStorageStatus({ kind: 'memory', reason: error.reason });
  return inMemory;
}

/**
 * The same schema in fake-indexeddb, loaded only here. idb and the repositories know IDB objects
 * by the global IDB* classes, so those become fake-indexeddb's: the browser's are of no use to
 * this page any more (resetting storage uses the browser's factory without them).
 */
async function openInMemory(): Promise<AppDb> {
  try {
    const fake = await import('fake-indexeddb');
    Object.assign(globalThis, {
      IDBCursor: fake.IDBCursor,
      IDBCursorWithValue: fake.IDBCursorWithValue,
      IDBDatabase: fake.IDBDatabase,
      IDBIndex: fake.IDBIndex,
      IDBKeyRange: fake.IDBKeyRange,
      IDBObjectStore: fake.IDBObjectStore,
      IDBOpenDBRequest: fake.IDBOpenDBRequest,
      IDBRequest: fake.IDBRequest,
      IDBTransaction: fake.IDBTransaction,
      IDBVersionChangeEvent: fake.IDBVersionChangeEvent,
    });
    const opened = await openGradlabDb({ factory: new fake.IDBFactory() });
    // idb keeps the classes it saw first; had it seen the browser's, it could not wrap these.
    if (opened.ok && unwrap(opened.value) === undefined) {
      opened.value.close();
      return err(new StorageUnavailableError('The in-memory database could not be used.'));
    }
    return opened;
  } catch (error) {
    return err(
      new StorageUnavailableError(`The in-memory database failed (${describeError(error)}).`),
    );
  }
}
