/**
 * The one way every repository writes: the work runs in one readwrite transaction, and the result
 * is reported only once the transaction has committed (`tx.done`), so a write the user must not
 * lose is on disk when it says so. A failure aborts the transaction, so nothing of it is kept,
 * and is reported by its root cause: a full disk shows on the transaction, not on the request
 * that tripped it. Every failure is also recorded for the page-wide notice (write-failures.ts),
 * so it shows wherever the user is, and cleared when the same action later succeeds.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { StorageFullError, StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import type { GradlabDb } from './open';
import { toStorageError } from './quota';
import type { GradlabSchema } from './schema';
import { clearWriteFailure, reportWriteFailure } from './write-failures';

export type WriteError = StorageFullError | StorageUnavailableError;

type Stores = StoreNames<GradlabSchema>[];

export type WriteTransaction<Names extends Stores> = IDBPTransaction<
  GradlabSchema,
  Names,
  'readwrite'
>;

/** The failure behind an aborted transaction (a quota error) is on it, not on its requests. */
function rootCause(tx: { readonly error: DOMException | null }, caught: unknown): unknown {
  try {
    return tx.error ?? caught;
  } catch {
    return caught;
  }
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already aborted or finished: either way nothing of it will be committed.
  }
}

/**
 * Runs `work` in a readwrite transaction over `stores` and resolves once it committed. `what` is
 * the action as a verb phrase ('save the run "Spiral"'), for the message of a failure. `work`
 * must await every request it makes (Promise.all for several), so a failed one is seen here.
 */
export async function write<Names extends Stores, T>(
  db: GradlabDb,
  stores: Names,
  what: string,
  work: (tx: WriteTransaction<Names>) => Promise<T>,
): Promise<Result<T, WriteError>> {
  const written = await attempt(db, stores, what, work);
  if (written.ok) clearWriteFailure(what);
  else {
    const { error } = written;
    reportWriteFailure({ what, message: error.message, full: error.code === 'storage-full' });
  }
  return written;
}

async function attempt<Names extends Stores, T>(
  db: GradlabDb,
  stores: Names,
  what: string,
  work: (tx: WriteTransaction<Names>) => Promise<T>,
): Promise<Result<T, WriteError>> {
  let tx: WriteTransaction<Names>;
  try {
    tx = db.transaction(stores, 'readwrite');
  } catch (error) {
    return err(toStorageError(error, what));
  }
  const done = tx.done;
  // A failed request aborts the transaction, so `done` rejects too; the first failure answers.
  done.catch(() => undefined);
  try {
    const value = await work(tx);
    await done;
    return ok(value);
  } catch (error) {
    const cause = rootCause(tx, error);
    abortQuietly(tx);
    return err(toStorageError(cause, what));
  }
}
