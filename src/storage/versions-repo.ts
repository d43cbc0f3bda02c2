/**
 * Bundle versions in IndexedDB, keyed by their content id. A version never changes once written
 * (its id is the hash of its content), so saving one that is already there is a no-op, and
 * reading one validates it again, which also migrates a version saved by an older Gradlab.
 * Every function returns a Result and never rejects.
 */
import type { Bundle } from '../core/bundle/schema';
import { validateBundle } from '../core/bundle/validate';
import { StorageCorruptError, type StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';

type ReadError = StorageCorruptError | StorageUnavailableError;

/** Saves the version unless one with its id is there; `created` says which. */
export const saveVersion = (
  db: GradlabDb,
  bundle: Bundle,
): Promise<Result<{ created: boolean }, WriteError>> =>
  write(
    db,
    ['versions'],
    `save version ${bundle.version} of "${bundle.notebook.title}"`,
    async (tx) => {
      const store = tx.objectStore('versions');
      const there = (await store.getKey(bundle.id)) !== undefined;
      if (!there) await store.put(bundle);
      return { created: !there };
    },
  );

/** The version with this id, or null when there is none. */
export async function getVersion(
  db: GradlabDb,
  id: string,
): Promise<Result<Bundle | null, ReadError>> {
  let record: unknown;
  try {
    record = await db.get('versions', id);
  } catch (error) {
    return err(toReadError(error, 'read a saved version'));
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
