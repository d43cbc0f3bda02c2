import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { testBundle } from '../core/bundle/test-bundle';
import { SCHEMA_VERSION } from '../core/bundle/schema';
import { parseStoredNotebook, type StoredNotebook } from '../core/notebook/stored-notebook';
import previous from '../core/notebook/fixtures/stored-notebook-v2.json';
import { deleteNotebook, getNotebook, listNotebooks, saveNotebook } from './notebooks-repo';
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
    expect((await saveNotebook(db, older, older.draft)).ok).toBe(true);
    expect((await saveNotebook(db, newer, newer.draft)).ok).toBe(true);
    expect(await db.count('versions')).toBe(1);
    const listed = await listNotebooks(db);
    expect(listed.ok && listed.value.notebooks.map((n) => n.id)).toEqual(['b', 'a']);
    expect(listed.ok && listed.value.unreadable).toEqual([]);
    const read = await getNotebook(db, 'a');
    expect(read.ok && read.value?.headVersion).toBe(older.draft.id);
    expect(await getNotebook(db, 'missing')).toEqual({ ok: true, value: null });
    db.close();
  });

  it('saves a draft over the stored notebook and deletes it', async () => {
    const db = await freshDb();
    const entry = await notebook('a', '2025-01-01T00:00:00.000Z');
    await saveNotebook(db, entry, entry.draft);
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

  it('saves a notebook without a version when no head is given', async () => {
    const db = await freshDb();
    const entry = await notebook('a', '2025-01-01T00:00:00.000Z');
    expect((await saveNotebook(db, entry)).ok).toBe(true);
    expect(await db.count('versions')).toBe(0);
    expect(await db.count('notebooks')).toBe(1);
    db.close();
  });

  it('names the records that are not notebooks, and leaves them in storage', async () => {
    const db = await freshDb();
    const good = await notebook('good', '2025-01-01T00:00:00.000Z');
    await saveNotebook(db, good, good.draft);
    await db.put('notebooks', { id: 'junk', title: 1 } as never);
    const listed = await listNotebooks(db);
    if (!listed.ok) throw listed.error;
    expect(listed.value.notebooks.map((n) => n.id)).toEqual(['good']);
    expect(listed.value.unreadable.map((u) => u.id)).toEqual(['junk']);
    expect(listed.value.unreadable[0]?.message).toMatch(
      /\(junk\) cannot be read: it has no id or title/,
    );
    const x = parseStoredNotebook({ id: 'x' });
    expect(!x.ok && x.error.code).toBe('storage-corrupt');
    expect(await db.count('notebooks')).toBe(2);
    db.close();
  });

  it('names a notebook whose draft does not validate, and leaves it in storage', async () => {
    const db = await freshDb();
    const entry = await notebook('damaged', '2025-01-01T00:00:00.000Z');
    const draft = JSON.parse(JSON.stringify(entry.draft)) as Record<string, unknown>;
    draft.schemaVersion = 99;
    await db.put('notebooks', { ...entry, title: 'Damaged', draft } as never);
    const listed = await listNotebooks(db);
    if (!listed.ok) throw listed.error;
    expect(listed.value.notebooks).toEqual([]);
    expect(listed.value.unreadable).toHaveLength(1);
    expect(listed.value.unreadable[0]?.id).toBe('damaged');
    expect(listed.value.unreadable[0]?.message).toMatch(
      /The saved notebook "Damaged" \(damaged\) cannot be read: its draft is damaged/,
    );
    const read = await getNotebook(db, 'damaged');
    expect(!read.ok && read.error.code).toBe('storage-corrupt');
    expect(await db.count('notebooks')).toBe(1);
    db.close();
  });

  it('reads a notebook as the previous version stored it, unknown fields of its draft kept', async () => {
    const db = await freshDb();
    await db.put('notebooks', structuredClone(previous) as never);
    const read = await getNotebook(db, previous.id);
    if (!read.ok) throw read.error;
    const stored = read.value;
    expect(stored).toMatchObject({
      id: 'nb-0c1d2e3f',
      title: 'Spirals, two ways',
      headVersion: previous.headVersion,
      parent: null,
      version: 1,
      savedAt: '2025-11-20T16:45:00.000Z',
      origin: previous.headVersion,
      mode: 'student',
    });
    expect(stored?.draft.schemaVersion).toBe(SCHEMA_VERSION);
    // The student's edit of the draft is there; the draft still names its head.
    const hidden = stored?.draft.notebook.cells.find((c) => c.id === 'hidden');
    expect(hidden).toMatchObject({ type: 'experiment', config: { learningRate: 0.1 } });
    expect(hidden).toMatchObject({ hint: 'Try 32 units.' });
    expect(stored?.draft.notebook).toMatchObject({ level: 'beginner' });
    expect(stored?.draft.id).toBe(previous.headVersion);
    const listed = await listNotebooks(db);
    expect(listed.ok && listed.value.notebooks.map((n) => n.id)).toEqual([previous.id]);
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
    const saved = await saveNotebook(db, entry, entry.draft);
    put.mockRestore();
    expect(!saved.ok && saved.error.code).toBe('storage-full');
    expect(await db.count('versions')).toBe(0);
    expect(await db.count('notebooks')).toBe(0);
    db.close();
  });
});
