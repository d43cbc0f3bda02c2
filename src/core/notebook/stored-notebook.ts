/**
 * A notebook as this browser keeps it: a title, the version it was opened from or last saved as
 * (its head, kept among the versions), its place in its lineage, and its draft (the bundle as
 * being edited). The draft is read through the bundle's validator, which migrates a draft saved by
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
  /** Id of the version this notebook was opened from or last saved as. */
  headVersion: string;
  /** The head's parent and number in its lineage, copied so lists need not read versions. */
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
}

const isNullableString = (x: unknown): x is string | null => x === null || typeof x === 'string';

function readNotebook(x: Record<string, unknown>): StoredNotebook | string {
  const { id, title, headVersion, parent, version, savedAt, origin, mode } = x;
  if (typeof id !== 'string' || typeof title !== 'string') return 'it has no id or title';
  if (typeof headVersion !== 'string' || !isNullableString(parent)) return 'its lineage is bad';
  if (typeof version !== 'number' || typeof savedAt !== 'string') return 'its version is bad';
  if (origin !== undefined && typeof origin !== 'string') return 'its origin is bad';
  if (mode !== undefined && mode !== 'author' && mode !== 'student') return 'its mode is bad';
  const draft = validateBundle(x.draft);
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
