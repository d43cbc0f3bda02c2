import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { testBundle } from '../core/bundle/test-bundle';
import {
  deleteNotebook,
  getNotebook,
  listNotebooks,
  parseStoredNotebook,
  saveNotebook,
  saveNotebookWithVersion,
  type StoredNotebook,
} from './notebooks-repo';
import { openGradlabDb, type GradlabDb } from './open';

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `notebooks-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

async function notebook(id: string, savedAt: string): Promise<StoredNotebook> {
  const draft = await testBundle();
  return {
    id,
    title: draft.notebook.title,
    headVersion: draft.id,
    parent: draft.parent,
    version: draft.version,
    savedAt,
    draft,
  };
}

describe('notebooks repository', () => {
  it('saves a notebook with its head version and lists notebooks newest first', async () => {
    const db = await freshDb();
    const older = await notebook('a', '2025-01-01T00:00:00.000Z');
    const newer = await notebook('b', '2025-02-01T00:00:00.000Z');
    expect((await saveNotebookWithVersion(db, older, older.draft)).ok).toBe(true);
    expect((await saveNotebookWithVersion(db, newer, newer.draft)).ok).toBe(true);
    expect(await db.count('versions')).toBe(1);
    const listed = await listNotebooks(db);
    expect(listed.ok && listed.value.map((n) => n.id)).toEqual(['b', 'a']);
    const read = await getNotebook(db, 'a');
    expect(read.ok && read.value?.headVersion).toBe(older.draft.id);
    expect(await getNotebook(db, 'missing')).toEqual({ ok: true, value: null });
    db.close();
  });

  it('saves a draft over the stored notebook and deletes it', async () => {
    const db = await freshDb();
    const entry = await notebook('a', '2025-01-01T00:00:00.000Z');
    await saveNotebookWithVersion(db, entry, entry.draft);
    const edited = {
      ...entry,
      title: 'Edited',
      mode: 'student' as const,
      origin: entry.draft.id,
      draft: { ...entry.draft, notebook: { ...entry.draft.notebook, title: 'Edited' } },
    };
    expect((await saveNotebook(db, edited)).ok).toBe(true);
    const read = await getNotebook(db, 'a');
    expect(read.ok && read.value?.draft.notebook.title).toBe('Edited');
    expect(read.ok && read.value?.mode).toBe('student');
    expect((await deleteNotebook(db, 'a')).ok).toBe(true);
    expect(await getNotebook(db, 'a')).toEqual({ ok: true, value: null });
    expect(await db.count('versions')).toBe(1);
    db.close();
  });

  it('passes over records that are not notebooks', async () => {
    const db = await freshDb();
    await db.put('notebooks', { id: 'junk', title: 1 });
    const listed = await listNotebooks(db);
    expect(listed.ok && listed.value).toEqual([]);
    expect(parseStoredNotebook({ id: 'x' })).toBeNull();
    db.close();
  });

  it('keeps neither the notebook nor its version when the disk is full', async () => {
    const db = await freshDb();
    const realPut = IDBObjectStore.prototype.put;
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = realPut.apply(this, args);
      if (this.name === 'notebooks') {
        (this.transaction as unknown as { _abort(name: string): void })._abort(
          'QuotaExceededError',
        );
      }
      return request;
    });
    const entry = await notebook('a', '2025-01-01T00:00:00.000Z');
    const saved = await saveNotebookWithVersion(db, entry, entry.draft);
    put.mockRestore();
    expect(!saved.ok && saved.error.code).toBe('storage-full');
    expect(await db.count('versions')).toBe(0);
    expect(await db.count('notebooks')).toBe(0);
    db.close();
  });
});
