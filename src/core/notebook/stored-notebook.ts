/**
 * A notebook as this browser keeps it: a title, the version it was opened from or last saved as
 * (its head, kept among the versions; none yet for a new notebook), its place in its lineage, and
 * its draft (the bundle as being edited). The draft is read through the bundle's validator, which migrates a draft saved by
 * an older Gradlab; a record that does not read is reported, never passed off as a notebook.
 */
import type { Bundle } from '../bundle/schema';
import { validateBundle } from '../bundle/validate';
import { StorageCorruptError } from '../errors';
import { isRecord } from '../is-record';
import { err, ok, type Result } from '../result';
import { recordId } from '../runs/stored-run';

export type NotebookMode = 'author' | 'student';

export interface StoredNotebook {
  id: string;
  title: string;
  /**
   * Id of the version this notebook was opened from or last saved as; null for a notebook made
   * here with New and not saved as a version yet (its first save is version 1).
   */
  headVersion: string | null;
  /**
   * The head's parent and number in its lineage (number 0 without a head), copied so lists need
   * not read versions.
   */
  parent: string | null;
  version: number;
  /** ISO-8601. */
  savedAt: string;
  /** The notebook as being edited; the head version until it is changed. */
  draft: Bundle;
  /** The version it was first opened from (a lesson, a link); "Reset to lesson" goes back to it. */
  origin?: string;
  /** How it was last shown: a lesson opens for the student, a notebook of one's own for its author. */
  mode?: NotebookMode;
  /**
   * A student's own copy of its origin, made by switching a lesson to author mode. The lesson's
   * own notebook is the one its gallery card opens again, never this.
   */
  fork?: true;
  /**
   * Counts the writes of this record (absent, 0, before the first counted one): a tab saves its
   * draft only over the revision it last saw, and merges with the newer one otherwise.
   */
  revision?: number;
}

const isNullableString = (x: unknown): x is string | null => x === null || typeof x === 'string';

function readNotebook(x: Record<string, unknown>): StoredNotebook | string {
  const { id, title, headVersion, parent, version, savedAt, origin, mode, fork, revision } = x;
  if (typeof id !== 'string' || typeof title !== 'string') return 'it has no id or title';
  if (!isNullableString(headVersion) || !isNullableString(parent)) return 'its lineage is bad';
  if (typeof version !== 'number' || typeof savedAt !== 'string') return 'its version is bad';
  if (origin !== undefined && typeof origin !== 'string') return 'its origin is bad';
  if (mode !== undefined && mode !== 'author' && mode !== 'student') return 'its mode is bad';
  if (fork !== undefined && fork !== true) return 'its fork mark is bad';
  if (revision !== undefined && !(Number.isSafeInteger(revision) && Number(revision) >= 0)) {
    return 'its revision is bad';
  }
  // A draft may hold a text cell over the format's limit while its author shortens it.
  const draft = validateBundle(x.draft, { draft: true });
  if (!draft.ok) return `its draft is damaged (${draft.error.message})`;
  return {
    id,
    title,
    headVersion,
    parent,
    version,
    savedAt,
    draft: draft.value,
    ...(origin === undefined ? {} : { origin }),
    ...(mode === undefined ? {} : { mode }),
    ...(fork === undefined ? {} : { fork }),
    ...(typeof revision === 'number' ? { revision } : {}),
  };
}

/** A stored notebook read (its draft migrated) from storage, or why it cannot be; never throws. */
export function parseStoredNotebook(value: unknown): Result<StoredNotebook, StorageCorruptError> {
  const read = isRecord(value) ? readNotebook(value) : 'it is not a record';
  if (typeof read !== 'string') return ok(read);
  const id = recordId(value);
  const title = isRecord(value) && typeof value.title === 'string' ? ` "${value.title}"` : '';
  return err(
    new StorageCorruptError(`The saved notebook${title} (${id}) cannot be read: ${read}.`),
  );
}
