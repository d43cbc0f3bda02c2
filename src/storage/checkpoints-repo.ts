/**
 * Checkpoints in IndexedDB: one per run (keyed by runId), replaced at every save, so a run that
 * stops for any reason can resume from its last saved epoch. The `by-saved` index finds the newest
 * without reading every checkpoint's weights. Every function returns a Result and never rejects.
 */
import { type StorageCorruptError, StorageUnavailableError } from '../core/errors';
import { type Checkpoint, parseCheckpoint } from '../core/runs/checkpoint';
import { err, ok, type Result } from '../core/result';
import type { GradlabDb } from './open';
import { describeError, toStorageError } from './quota';
import { abortQuietly, rootCause, type WriteError } from './transaction-errors';

type ReadError = StorageCorruptError | StorageUnavailableError;

const readError = (error: unknown, what: string): StorageUnavailableError =>
  new StorageUnavailableError(
    `Could not ${what}: the browser's storage refused it (${describeError(error)}). ` +
      'Reload the page and try again.',
  );

/** Stores the checkpoint in place of any earlier one of the same run; resolves once committed. */
export async function saveCheckpoint(
  db: GradlabDb,
  checkpoint: Checkpoint,
): Promise<Result<void, WriteError>> {
  const what = `save the checkpoint of epoch ${checkpoint.epoch}`;
  let tx;
  try {
    tx = db.transaction('checkpoints', 'readwrite');
  } catch (error) {
    return err(toStorageError(error, what));
  }
  const done = tx.done;
  // The put's failure aborts the transaction, so `done` rejects too; one of them answers.
  done.catch(() => undefined);
  try {
    await Promise.all([tx.store.put(checkpoint), done]);
    return ok(undefined);
  } catch (error) {
    const cause = rootCause(tx, error);
    abortQuietly(tx);
    return err(toStorageError(cause, what));
  }
}

/** The run's checkpoint, or null when it has none. */
export async function loadCheckpoint(
  db: GradlabDb,
  runId: string,
): Promise<Result<Checkpoint | null, ReadError>> {
  let value: unknown;
  try {
    value = await db.get('checkpoints', runId);
  } catch (error) {
    return err(readError(error, 'read a checkpoint'));
  }
  return value === undefined ? ok(null) : parseCheckpoint(value);
}

/**
 * The most recently saved checkpoint of any run, for "Resume" after a reload; null when none.
 * Damaged ones (from a bug, or a format this app no longer reads) are passed over, as they can
 * never be resumed: loadCheckpoint reports them, deleteCheckpoint removes them.
 */
export async function latestCheckpoint(
  db: GradlabDb,
): Promise<Result<Checkpoint | null, StorageUnavailableError>> {
  try {
    const tx = db.transaction('checkpoints', 'readonly');
    let cursor = await tx.store.index('by-saved').openCursor(null, 'prev');
    while (cursor !== null) {
      const parsed = parseCheckpoint(cursor.value);
      if (parsed.ok) return parsed;
      cursor = await cursor.continue();
    }
    return ok(null);
  } catch (error) {
    return err(readError(error, 'look for a checkpoint to resume'));
  }
}

/** True when the run had a checkpoint. */
export async function deleteCheckpoint(
  db: GradlabDb,
  runId: string,
): Promise<Result<boolean, WriteError>> {
  try {
    const tx = db.transaction('checkpoints', 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    const existed = (await tx.store.getKey(runId)) !== undefined;
    await Promise.all([tx.store.delete(runId), done]);
    return ok(existed);
  } catch (error) {
    return err(toStorageError(error, 'delete a checkpoint'));
  }
}
