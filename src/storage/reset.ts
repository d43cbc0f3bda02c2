/**
 * "Reset storage": deletes the whole `gradlab` database, for a browser whose copy is broken. The
 * raw request is used rather than idb's deleteDB, which only sees requests of the global IDB*
 * classes, and those are the in-memory ones while the page runs from memory.
 */
import { StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import { describeError } from './quota';
import { DB_NAME } from './schema';

export async function resetStorage(
  factory: IDBFactory | undefined = (globalThis as { indexedDB?: IDBFactory }).indexedDB,
  name: string = DB_NAME,
): Promise<Result<void, StorageUnavailableError>> {
  if (factory === undefined) {
    return err(new StorageUnavailableError('This browser has no storage to reset.'));
  }
  let request: IDBOpenDBRequest;
  try {
    request = factory.deleteDatabase(name);
  } catch (error) {
    return err(failed(error));
  }
  return new Promise((resolve) => {
    request.onsuccess = () => resolve(ok(undefined));
    request.onerror = () => resolve(err(failed(request.error)));
    // The delete still goes through once the other tabs close; until then nothing has changed.
    request.onblocked = () =>
      resolve(
        err(
          new StorageUnavailableError(
            'Another Gradlab tab is still using the storage, so it was not reset. Close the ' +
              'other Gradlab tabs, then try again.',
          ),
        ),
      );
  });
}

function failed(error: unknown): StorageUnavailableError {
  return new StorageUnavailableError(
    `The browser did not reset Gradlab's storage (${describeError(error)}). Clear this site's ` +
      "data in the browser's settings instead.",
  );
}
