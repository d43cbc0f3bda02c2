/**
 * Bundle versions in IndexedDB, keyed by their content id. A version never changes once written
 * (its id is the hash of its content), so saving one that is already there is a no-op, and
 * reading one validates it again, which also migrates a version saved by an older Gradlab.
 * Every function returns a Result and never rejects.
 */
import type { Bundle } from '../core/bundle/schema';
import { validateBundle } from '../core/bundle/validate';
import { StorageCorruptError, StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import type { GradlabDb } from './open';
import { describeError, toStorageError } from './quota';
import type { VersionRecord } from './schema';
import { rootCause, type WriteError } from './transaction-errors';

type ReadError = StorageCorruptError | StorageUnavailableError;

/** The bundle as the store's record type: a bundle is stored as it is, its id the key. */
export const versionRecordOf = (bundle: Bundle): VersionRecord =>
  bundle as unknown as VersionRecord;

/** Saves the version unless one with its id is there; `created` says which. */
export async function saveVersion(
  db: GradlabDb,
  bundle: Bundle,
): Promise<Result<{ created: boolean }, WriteError>> {
  const what = `save version ${bundle.version} of "${bundle.notebook.title}"`;
  let tx;
  try {
    tx = db.transaction('versions', 'readwrite');
  } catch (error) {
    return err(toStorageError(error, what));
  }
  const done = tx.done;
  // A failed write aborts the transaction, so `done` rejects too; one of them answers.
  done.catch(() => undefined);
  try {
    const there = (await tx.store.getKey(bundle.id)) !== undefined;
    if (!there) await tx.store.put(versionRecordOf(bundle));
    await done;
    return ok({ created: !there });
  } catch (error) {
    return err(toStorageError(rootCause(tx, error), what));
  }
}

/** The version with this id, or null when there is none. */
export async function getVersion(
  db: GradlabDb,
  id: string,
): Promise<Result<Bundle | null, ReadError>> {
  let record: VersionRecord | undefined;
  try {
    record = await db.get('versions', id);
  } catch (error) {
    return err(
      new StorageUnavailableError(
        `Could not read a saved version: the browser's storage refused it (${describeError(error)}). ` +
          'Reload the page and try again.',
      ),
    );
  }
  if (record === undefined) return ok(null);
  const bundle = validateBundle(record);
  if (!bundle.ok || bundle.value.id !== id) {
    return err(
      new StorageCorruptError(
        `The saved version ${id.slice(0, 19)}... is damaged and cannot be opened` +
          (bundle.ok ? '' : ` (${bundle.error.message})`) +
          '. Open the link or file it came from again.',
      ),
    );
  }
  return ok(bundle.value);
}
