/**
 * A full disk while making and editing notebooks: every failure is recorded for the page-wide
 * notice, and the edit stays in memory until the next change or Retry saves it.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testBundle } from '../../core/bundle/test-bundle';
import { experimentCells, experimentOf } from '../../core/experiment/cell';
import { ok } from '../../core/result';
import { getNotebook, listNotebooks } from '../../storage/notebooks-repo';
import { openGradlabDb } from '../../storage/open';
import { fillableDb } from '../../storage/test-full-disk';
import { dismissWriteFailures, getWriteFailures, retryWrites } from '../../storage/write-failures';
import { createTestStore } from '../../store/test-store';
import type { EndedRun } from '../train/slice';

async function page() {
  const opened = await openGradlabDb({ name: `full-disk-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const disk = fillableDb(opened.value);
  const store = createTestStore({ openDb: async () => ok(disk.db) });
  return { ...store, disk };
}

afterEach(dismissWriteFailures);

describe('notebooks on a full disk', () => {
  it('says so when New notebook cannot be saved, wherever the user is', async () => {
    const { get, disk } = await page();
    disk.setFull(true);
    expect(await get().createNotebook()).toBeNull();
    const [failure] = getWriteFailures();
    expect(failure?.full).toBe(true);
    expect(failure?.message).toMatch(/Could not save the notebook .*full.*Export everything/);
    const listed = await listNotebooks(disk.db);
    expect(listed.ok && listed.value.notebooks).toEqual([]);
  });

  it('keeps an edit the disk refused, and saves it on Retry', async () => {
    const { get, disk } = await page();
    const id = await get().adoptBundle(await testBundle(), 'author');
    if (id === null) throw new Error(String(get().notebookError));
    await get().loadNotebook(id);
    disk.setFull(true);
    get().editDraft((d) => ({ ...d, notebook: { ...d.notebook, title: 'Kept in memory' } }));
    await vi.waitFor(() => expect(get().notebookSave).toBe('error'));
    expect(get().openNotebook?.record.draft.notebook.title).toBe('Kept in memory');
    expect(getWriteFailures()).toHaveLength(1);
    const before = await getNotebook(disk.db, id);
    expect(before.ok && before.value?.title).not.toBe('Kept in memory');

    disk.setFull(false);
    retryWrites();
    await vi.waitFor(() => expect(get().notebookSave).toBe('saved'));
    const after = await getNotebook(disk.db, id);
    expect(after.ok && after.value?.draft.notebook.title).toBe('Kept in memory');
    expect(getWriteFailures()).toEqual([]);
  });

  it('saves a refused edit with the next change', async () => {
    const { get, disk } = await page();
    const id = await get().adoptBundle(await testBundle(), 'author');
    if (id === null) throw new Error(String(get().notebookError));
    await get().loadNotebook(id);
    disk.setFull(true);
    get().editDraft((d) => ({ ...d, notebook: { ...d.notebook, title: 'First' } }));
    await vi.waitFor(() => expect(get().notebookSave).toBe('error'));
    disk.setFull(false);
    get().editDraft((d) => ({ ...d, notebook: { ...d.notebook, authors: ['Second'] } }));
    await vi.waitFor(() => expect(get().notebookSave).toBe('saved'));
    const after = await getNotebook(disk.db, id);
    expect(after.ok && [after.value?.title, after.value?.draft.notebook.authors]).toEqual([
      'First',
      ['Second'],
    ]);
    expect(getWriteFailures()).toEqual([]);
  });

  it('keeps a run the disk refused to add to its closed notebook, and adds it on Retry', async () => {
    const { get, disk } = await page();
    const id = await get().adoptBundle(await testBundle(), 'author');
    if (id === null) throw new Error(String(get().notebookError));
    const stored = await getNotebook(disk.db, id);
    if (!stored.ok || stored.value === null) throw new Error('the notebook was not stored');
    const cell = experimentCells(stored.value.draft)[0];
    const experiment = cell === undefined ? null : experimentOf(stored.value.draft, cell.id);
    if (cell === undefined || experiment === null) throw new Error('no experiment cell');
    const run: EndedRun = {
      id: 'closed-notebook-run',
      experiment,
      place: { kind: 'cell', notebookId: id, cellId: cell.id },
      datasetSha256: null,
      clock: { startedAt: Date.parse('2026-12-06T09:00:00Z'), runMs: 10, runningSince: null },
      reason: 'completed',
      epochs: [
        {
          epoch: 1,
          trainLoss: 0.7,
          trainAccuracy: 0.5,
          validationLoss: null,
          validationAccuracy: null,
        },
      ],
      backend: {
        type: 'ready',
        backend: 'cpu',
        requested: 'cpu',
        reason: 'chosen in the settings',
        adapter: null,
        renderer: null,
      },
      durationMs: 10,
      samplesPerSec: null,
    };
    const runIds = async () => {
      const found = await getNotebook(disk.db, id);
      return found.ok ? found.value?.draft.runs.map((r) => r.id) : null;
    };

    disk.setFull(true);
    await get().recordRunInCell(run);
    expect(await runIds()).not.toContain('closed-notebook-run');
    expect(getWriteFailures()).toHaveLength(1);

    disk.setFull(false);
    retryWrites();
    await vi.waitFor(async () => expect(await runIds()).toContain('closed-notebook-run'));
  });
});
