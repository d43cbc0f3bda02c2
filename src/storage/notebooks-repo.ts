/**
 * Local notebooks in IndexedDB: a title, the version it was opened from or last saved as (its
 * head, in `versions`), its place in its lineage, and a draft (the bundle as being edited). An
 * opened bundle is saved with its version in one transaction, so neither is kept without the
 * other. Records that do not parse are passed over, never deleted. Every function returns a
 * Result and never rejects.
 */
import type { Bundle } from '../core/bundle/schema';
import { StorageUnavailableError } from '../core/errors';
import { err, ok, type Result } from '../core/result';
import type { GradlabDb } from './open';
import { describeError, toStorageError } from './quota';
import type { NotebookRecord } from './schema';
import { versionRecordOf } from './versions-repo';
import { abortQuietly, rootCause, type WriteError } from './transaction-errors';

/** A type alias, not an interface: the store's record type is an index signature. */
export type StoredNotebook = {
  id: string;
  title: string;
  /** Id of the version in `versions` this notebook was opened from or last saved as. */
  headVersion: string;
  /** The head's parent and number in its lineage, copied so lists need not read versions. */
  parent: string | null;
  version: number;
  /** ISO-8601. */
  savedAt: string;
  /** The notebook as being edited; the head version until it is changed. */
  draft: Bundle;
  /** The id of the version it was first opened from (a lesson, a link); "Reset to lesson" goes back to it. */
  origin?: string;
  /** How it was last shown: a lesson opens for the student, a notebook of one's own for its author. */
  mode?: 'author' | 'student';
};

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The record as a StoredNotebook, or null when it is not one (damaged, or a foreign writer). */
export function parseStoredNotebook(value: unknown): StoredNotebook | null {
  if (!isObject(value)) return null;
  const v = value;
  const valid =
    typeof v.id === 'string' &&
    typeof v.title === 'string' &&
    typeof v.headVersion === 'string' &&
    (v.parent === null || typeof v.parent === 'string') &&
    typeof v.version === 'number' &&
    typeof v.savedAt === 'string' &&
    isObject(v.draft) &&
    isObject(v.draft.notebook) &&
    (v.origin === undefined || typeof v.origin === 'string') &&
    (v.mode === undefined || v.mode === 'author' || v.mode === 'student');
  return valid ? (value as StoredNotebook) : null;
}

const recordOf = (notebook: StoredNotebook): NotebookRecord => notebook;

/**
 * Saves the notebook and, unless it is already there, `head` in `versions`, in one transaction;
 * resolves once both are committed.
 */
export const saveNotebookWithVersion = (
  db: GradlabDb,
  notebook: StoredNotebook,
  head: Bundle,
): Promise<Result<void, WriteError>> => writeNotebook(db, notebook, head);

/** Saves the notebook (its draft and head pointer); resolves once committed. */
export const saveNotebook = (
  db: GradlabDb,
  notebook: StoredNotebook,
): Promise<Result<void, WriteError>> => writeNotebook(db, notebook, null);

async function writeNotebook(
  db: GradlabDb,
  notebook: StoredNotebook,
  head: Bundle | null,
): Promise<Result<void, WriteError>> {
  const what = `save the notebook "${notebook.title}"`;
  let tx;
  try {
    tx = db.transaction(['notebooks', 'versions'], 'readwrite');
  } catch (error) {
    return err(toStorageError(error, what));
  }
  const done = tx.done;
  done.catch(() => undefined);
  try {
    const versions = tx.objectStore('versions');
    if (head !== null && (await versions.getKey(head.id)) === undefined) {
      await versions.put(versionRecordOf(head));
    }
    await tx.objectStore('notebooks').put(recordOf(notebook));
    await done;
    return ok(undefined);
  } catch (error) {
    const cause = rootCause(tx, error);
    abortQuietly(tx);
    return err(toStorageError(cause, what));
  }
}

/** Deletes the notebook; its versions stay (other notebooks and links may share them). */
export async function deleteNotebook(db: GradlabDb, id: string): Promise<Result<void, WriteError>> {
  const what = 'delete the notebook';
  try {
    const tx = db.transaction('notebooks', 'readwrite');
    await tx.store.delete(id);
    await tx.done;
    return ok(undefined);
  } catch (error) {
    return err(toStorageError(error, what));
  }
}

/** Every readable notebook, the most recently saved first. */
export async function listNotebooks(
  db: GradlabDb,
): Promise<Result<StoredNotebook[], StorageUnavailableError>> {
  try {
    const records = await db.getAll('notebooks');
    const notebooks = records.flatMap((r) => {
      const notebook = parseStoredNotebook(r);
      return notebook ? [notebook] : [];
    });
    return ok(notebooks.sort((a, b) => b.savedAt.localeCompare(a.savedAt)));
  } catch (error) {
    return err(
      new StorageUnavailableError(
        `Could not read the saved notebooks: the browser's storage refused it (${describeError(error)}). ` +
          'Reload the page and try again.',
      ),
    );
  }
}

/** The notebook with this id, or null when there is none (or it does not parse). */
export async function getNotebook(
  db: GradlabDb,
  id: string,
): Promise<Result<StoredNotebook | null, StorageUnavailableError>> {
  try {
    return ok(parseStoredNotebook(await db.get('notebooks', id)));
  } catch (error) {
    return err(
      new StorageUnavailableError(
        `Could not read a saved notebook: the browser's storage refused it (${describeError(error)}). ` +
          'Reload the page and try again.',
      ),
    );
  }
}
