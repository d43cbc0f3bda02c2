import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { testRun } from '../core/runs/test-run';
import { openGradlabDb, type GradlabDb } from './open';
import { parseStoredRun, RUN_FORMAT } from '../core/runs/stored-run';
import { deleteRun, listRuns, loadRun, saveRun, updateRun } from './runs-repo';

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `runs-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

describe('runs repository', () => {
  it('saves runs and lists them newest first, weights included', async () => {
    const db = await freshDb();
    await saveRun(db, testRun({ id: 'old', createdAt: '2025-01-01T00:00:00.000Z' }));
    const saved = await saveRun(db, testRun({ id: 'new', createdAt: '2025-02-01T00:00:00.000Z' }));
    expect(saved.ok).toBe(true);
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs.map((r) => r.id)).toEqual(['new', 'old']);
    const weights = listed.ok ? listed.value.runs[0]?.weights : null;
    expect(Array.from(new Float32Array(weights?.data ?? new ArrayBuffer(0)))).toEqual([1, 2]);
    db.close();
  });

  it('reports records that are not runs by id, and keeps them', async () => {
    const db = await freshDb();
    await saveRun(db, testRun());
    await db.put(
      'runs',
      JSON.parse('{"id":"junk","createdAt":"2026-01-01T00:00:00.000Z","name":3}'),
    );
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs.map((r) => r.id)).toEqual(['run-1']);
    expect(listed.ok && listed.value.unreadable).toEqual([
      { id: 'junk', message: 'The saved run junk cannot be read: it has no id or name.' },
    ]);
    expect(await db.get('runs', 'junk')).toBeDefined();
    db.close();
  });

  it('loads one run by id, and null for one it does not hold', async () => {
    const db = await freshDb();
    await saveRun(db, testRun({ id: 'one' }));
    const loaded = await loadRun(db, 'one');
    expect(loaded.ok && loaded.value?.id).toBe('one');
    expect(await loadRun(db, 'other')).toEqual({ ok: true, value: null });
    await db.put('runs', JSON.parse('{"id":"junk","createdAt":"2026-01-01T00:00:00.000Z"}'));
    const junk = await loadRun(db, 'junk');
    expect(!junk.ok && junk.error.code).toBe('storage-corrupt');
    db.close();
  });

  it('renames, retags and deletes', async () => {
    const db = await freshDb();
    await saveRun(db, testRun());
    const updated = await updateRun(db, 'run-1', { name: 'best', tags: ['a', 'b'] });
    expect(updated.ok && updated.value?.name).toBe('best');
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs[0]?.tags).toEqual(['a', 'b']);
    expect(await updateRun(db, 'missing', { name: 'x' })).toEqual({ ok: true, value: null });
    expect(await deleteRun(db, 'run-1')).toEqual({ ok: true, value: true });
    expect(await deleteRun(db, 'run-1')).toEqual({ ok: true, value: false });
    const empty = await listRuns(db);
    expect(empty.ok && empty.value.runs).toEqual([]);
    db.close();
  });

  it('reports a full disk as storage-full and keeps nothing of the write', async () => {
    const db = await freshDb();
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = realPut.apply(this, args);
      (this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
      return request;
    });
    const saved = await saveRun(db, testRun({ name: 'big run' }));
    vi.restoreAllMocks();
    expect(!saved.ok && saved.error.code).toBe('storage-full');
    expect(!saved.ok && saved.error.message).toContain('big run');
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs).toEqual([]);
    db.close();
  });

  it('answers with errors, not rejections, once the connection is closed', async () => {
    const db = await freshDb();
    db.close();
    expect((await saveRun(db, testRun())).ok).toBe(false);
    expect((await listRuns(db)).ok).toBe(false);
    expect((await updateRun(db, 'run-1', { name: 'x' })).ok).toBe(false);
    expect((await deleteRun(db, 'run-1')).ok).toBe(false);
  });

  it('does not rewrite a record it cannot read', async () => {
    const db = await freshDb();
    const junk = JSON.parse('{"id":"junk","createdAt":"2026-01-01T00:00:00.000Z","name":3}');
    await db.put('runs', junk);
    const updated = await updateRun(db, 'junk', { name: 'x' });
    expect(!updated.ok && updated.error.code).toBe('storage-corrupt');
    expect(await db.get('runs', 'junk')).toEqual(junk);
    db.close();
  });
});

describe('parseStoredRun', () => {
  it('reads only whole runs', () => {
    const read = parseStoredRun(testRun());
    expect(read.ok && read.value).toEqual(testRun());
    expect(parseStoredRun(null).ok).toBe(false);
    expect(parseStoredRun({ ...testRun(), epochs: [{ epoch: 1 }] }).ok).toBe(false);
    expect(parseStoredRun({ ...testRun(), weights: { modelJson: '{}' } }).ok).toBe(false);
    const noWeights = parseStoredRun({ ...testRun(), weights: null });
    expect(noWeights.ok && noWeights.value.weights).toBeNull();
  });

  it('checks the experiment with its own validator and names what is wrong', () => {
    const run = testRun();
    const bad = {
      ...run,
      experiment: { ...run.experiment, config: { ...run.experiment.config, epochs: -1 } },
    };
    const read = parseStoredRun(bad);
    expect(!read.ok && read.error.message).toMatch(/run-1 cannot be read.*config\.epochs/);
  });

  it('refuses a record from a newer Gradlab with a message that says so', () => {
    const read = parseStoredRun({ ...testRun(), format: RUN_FORMAT + 1 });
    expect(!read.ok && read.error.message).toMatch(/newer Gradlab/);
  });
});
