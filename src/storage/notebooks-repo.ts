/**
 * Local notebooks in IndexedDB (core/notebook/stored-notebook.ts). An opened bundle is saved with
 * its version in one transaction, so neither is kept without the other. A draft being edited is
 * saved over the revision its tab last saw (compare-and-swap in one transaction): when another tab
 * stored a newer one meanwhile, the two are merged (core/notebook/merge-drafts.ts), never lost. Records that do not read
 * are reported by id and left in storage, never deleted. Every function returns a Result and
 * never rejects.
 */
import type { Bundle } from '../core/bundle/schema';
import type { StorageCorruptError, StorageUnavailableError } from '../core/errors';
import { mergeDrafts, type DraftConflict } from '../core/notebook/merge-drafts';
import { parseStoredNotebook, type StoredNotebook } from '../core/notebook/stored-notebook';
import { err, ok, type Result } from '../core/result';
import { recordId, type UnreadableRecord } from '../core/runs/stored-run';
import type { GradlabDb } from './open';
import { toReadError } from './quota';
import { write, type WriteError } from './write';

const revisionOf = (record: StoredNotebook | null): number => record?.revision ?? 0;

/**
 * Whether two reads of a record are the same write. A Gradlab from before revisions writes none,
 * so the time it saved tells its writes apart.
 */
export const sameRevision = (a: StoredNotebook, b: StoredNotebook): boolean =>
  revisionOf(a) === revisionOf(b) && a.savedAt === b.savedAt;

/**
 * Saves the notebook and, when `head` is given and not already there, that version, in one
 * transaction; resolves once both are committed.
 */
export const saveNotebook = (
  db: GradlabDb,
  notebook: StoredNotebook,
  head: Bundle | null = null,
): Promise<Result<void, WriteError>> =>
  write(db, ['notebooks', 'versions'], `save the notebook "${notebook.title}"`, async (tx) => {
    const versions = tx.objectStore('versions');
    if (head !== null && (await versions.getKey(head.id)) === undefined) {
      await versions.put(head);
    }
    const store = tx.objectStore('notebooks');
    const stored = parseStoredNotebook((await store.get(notebook.id)) ?? null);
    // Every write is a new revision, so a tab that has this notebook open hears of it.
    const revision = revisionOf(stored.ok ? stored.value : null) + 1;
    await store.put({ ...notebook, revision });
  });

export interface SavedDraft {
  /** The record as now stored: this tab's, or the merge of it with another tab's newer one. */
  record: StoredNotebook;
  /** Whether another tab's newer revision was merged in. */
  merged: boolean;
  /** What both changed differently; both versions are kept (mergeDrafts). */
  conflicts: DraftConflict[];
}

/**
 * Saves `notebook`, an edit of `base` (the record as this tab last read or wrote it; null for one
 * it has not seen stored), at the next revision. Where the stored one is no longer `base`'s
 * revision, another tab saved since: its draft and this one are merged against `base`'s, and the
 * lineage (head version) is the one that changed. With `head`, that version is saved too.
 */
export const saveDraft = (
  db: GradlabDb,
  notebook: StoredNotebook,
  base: StoredNotebook | null,
  head: Bundle | null = null,
): Promise<Result<SavedDraft, WriteError>> =>
  write(db, ['notebooks', 'versions'], `save the notebook "${notebook.title}"`, async (tx) => {
    const versions = tx.objectStore('versions');
    if (head !== null && (await versions.getKey(head.id)) === undefined) {
      await versions.put(head);
    }
    const store = tx.objectStore('notebooks');
    const read = parseStoredNotebook((await store.get(notebook.id)) ?? null);
    // A record this version cannot read is not a revision to merge with: it was not this tab's.
    const stored = read.ok ? read.value : null;
    const revision = revisionOf(stored) + 1;
    if (base === null || stored === null || sameRevision(stored, base)) {
      const record: StoredNotebook = { ...notebook, revision };
      await store.put(record);
      return { record, merged: false, conflicts: [] };
    }
    const { draft, conflicts } = mergeDrafts(base.draft, notebook.draft, stored.draft);
    const lineage = notebook.headVersion === base.headVersion ? stored : notebook;
    const record: StoredNotebook = {
      ...notebook,
      headVersion: lineage.headVersion,
      parent: lineage.parent,
      version: lineage.version,
      title: draft.notebook.title,
      draft,
      revision,
    };
    await store.put(record);
    return { record, merged: true, conflicts };
  });

/** Deletes the notebook; its versions stay (other notebooks and links may share them). */
export const deleteNotebook = (db: GradlabDb, id: string): Promise<Result<void, WriteError>> =>
  write(db, ['notebooks'], 'delete the notebook', async (tx) => {
    await tx.objectStore('notebooks').delete(id);
  });

export interface NotebookList {
  /** The most recently saved first. */
  notebooks: StoredNotebook[];
  /** Records this version cannot read, by id, with why. */
  unreadable: UnreadableRecord[];
}

/** Every notebook, the most recently saved first, and the records that could not be read. */
export async function listNotebooks(
  db: GradlabDb,
): Promise<Result<NotebookList, StorageUnavailableError>> {
  let records: unknown[];
  try {
    records = await db.getAll('notebooks');
  } catch (error) {
    return err(toReadError(error, 'read the saved notebooks'));
  }
  const list: NotebookList = { notebooks: [], unreadable: [] };
  for (const record of records) {
    const notebook = parseStoredNotebook(record);
    if (notebook.ok) list.notebooks.push(notebook.value);
    else list.unreadable.push({ id: recordId(record), message: notebook.error.message });
  }
  list.notebooks.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  return ok(list);
}

/** The notebook with this id, or null when there is none; an error when it does not read. */
export async function getNotebook(
  db: GradlabDb,
  id: string,
): Promise<Result<StoredNotebook | null, StorageCorruptError | StorageUnavailableError>> {
  let record: unknown;
  try {
    record = await db.get('notebooks', id);
  } catch (error) {
    return err(toReadError(error, 'read a saved notebook'));
  }
  return record === undefined ? ok(null) : parseStoredNotebook(record);
}
