import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DatasetEdits } from '../../core/data/versions/lineage';
import { err } from '../../core/result';
import { appDb } from '../../storage/app-db';
import { getDataset, saveDataset } from '../../storage/datasets-repo';
import { bytesOf, recordFor } from '../../storage/test-datasets';
import { createTestStore } from '../../store/test-store';
import { netChanges, toDatasetEdits } from './pending-edits';
import { annotationOf, datasetEditable, storedFlagsOf } from './slice';

const SHA = 'a'.repeat(64);

describe('annotate slice', () => {
  it('collects steps per version, undoes the last and discards them all', () => {
    const { get } = createTestStore();
    get().annotate(SHA, [{ index: 3, from: 1, to: 2 }]);
    get().annotate(SHA, [
      { index: 4, from: 0, to: null },
      { index: 5, from: 0, to: null },
    ]);
    get().annotate('b'.repeat(64), [{ index: 0, from: 0, to: 1 }]);
    expect(toDatasetEdits(netChanges(annotationOf(get(), SHA).steps))).toEqual({
      relabel: [{ index: 3, to: 2 }],
      remove: [4, 5],
    });
    get().undoAnnotation(SHA);
    expect(annotationOf(get(), SHA).steps).toEqual([[{ index: 3, from: 1, to: 2 }]]);
    get().discardAnnotations(SHA);
    expect(annotationOf(get(), SHA).steps).toEqual([]);
    expect(annotationOf(get(), 'b'.repeat(64)).steps).toHaveLength(1);
  });

  it('selects and unselects examples with their class, and clears the selection', () => {
    const { get } = createTestStore();
    get().select(
      SHA,
      [
        { index: 7, label: 1 },
        { index: 2, label: 0 },
      ],
      true,
    );
    get().select(SHA, [{ index: 7, label: 1 }], false);
    expect(annotationOf(get(), SHA).selected).toEqual({ 2: 0 });
    get().clearSelection(SHA);
    expect(annotationOf(get(), SHA).selected).toEqual({});
  });

  it('flags on top of what the record holds and passes the whole set to storage', async () => {
    const saved: [string, readonly number[]][] = [];
    const { get } = createTestStore({
      annotate: {
        saveFlags: (sha256, flags) => {
          saved.push([sha256, flags]);
          return Promise.resolve(flags.length > 3 ? 'The disk is full.' : null);
        },
      },
    });
    get().flag(SHA, [9, 1], true, [4]);
    expect(get().flagged[SHA]).toEqual([1, 4, 9]);
    get().flag(SHA, [4], false, [4]);
    expect(get().flagged[SHA]).toEqual([1, 9]);
    get().flag(SHA, [20, 30], true, [4]);
    expect(saved).toEqual([
      [SHA, [1, 4, 9]],
      [SHA, [1, 9]],
      [SHA, [1, 9, 20, 30]],
    ]);
    await expect.poll(() => annotationOf(get(), SHA).error).toBe('The disk is full.');
  });

  it('saves flags on the version’s stored record at once, with no new version', async () => {
    const db = await appDb();
    if (!db.ok) throw db.error;
    const bytes = bytesOf(2000, 7);
    const stored = await saveDataset(db.value, await recordFor(bytes), bytes);
    if (!stored.ok) throw stored.error;
    const { sha256 } = stored.value.record;
    const { get } = createTestStore();
    get().flag(sha256, [12, 3], true, []);
    await expect.poll(async () => (await getDataset(db.value, sha256))?.flags).toEqual([3, 12]);
    await expect
      .poll(() => get().storedDatasets.find((r) => r.sha256 === sha256)?.flags)
      .toEqual([3, 12]);
    expect(annotationOf(get(), sha256).error).toBeNull();
    get().flag('f'.repeat(64), [1], true, []);
    await expect
      .poll(() => annotationOf(get(), 'f'.repeat(64)).error)
      .toBe('This version is no longer in this browser.');
  });

  it('saves nothing when the steps add up to no change, and keeps the edits when saving fails', async () => {
    const asked: DatasetEdits[] = [];
    const { get } = createTestStore({
      annotate: {
        editDataset: (_sha, edits) => {
          asked.push(edits);
          return Promise.resolve(err('Storage is full: free some space.'));
        },
      },
    });
    get().annotate(SHA, [{ index: 1, from: 0, to: 1 }]);
    get().annotate(SHA, [{ index: 1, from: 1, to: 0 }]);
    expect(await get().saveAnnotations(SHA, '')).toEqual(err('Nothing to save.'));
    expect(asked).toEqual([]);

    get().annotate(SHA, [{ index: 6, from: 2, to: null }]);
    expect(await get().saveAnnotations(SHA, 'a bad scan')).toEqual(
      err('Storage is full: free some space.'),
    );
    expect(asked).toEqual([{ relabel: [], remove: [6] }]);
    const after = annotationOf(get(), SHA);
    expect(after.steps).toHaveLength(3);
    expect(after.saving).toBe(false);
    expect(after.error).toBe('Storage is full: free some space.');
  });

  it('saves a whole class edit at once, but not over pending edits of the version', async () => {
    const asked: DatasetEdits[] = [];
    const { get } = createTestStore({
      annotate: {
        editDataset: (_sha, edits) => {
          asked.push(edits);
          return Promise.resolve(err('Storage is full: free some space.'));
        },
      },
    });
    get().annotate(SHA, [{ index: 1, from: 0, to: 1 }]);
    expect(await get().saveClassEdit(SHA, { from: 2, to: 0 }, '')).toEqual(
      err('Save or discard the pending changes of this version first.'),
    );
    expect(asked).toEqual([]);
    get().discardAnnotations(SHA);
    expect(await get().saveClassEdit(SHA, { from: 2, to: null }, 'not a digit')).toEqual(
      err('Storage is full: free some space.'),
    );
    expect(asked).toEqual([{ classes: [{ from: 2, to: null }], relabel: [], remove: [] }]);
    expect(annotationOf(get(), SHA).error).toBe('Storage is full: free some space.');
  });

  it('answers the same flags value for a version it does not hold (a store selector must)', () => {
    const { get } = createTestStore();
    const none = storedFlagsOf(get(), SHA);
    expect(none).toEqual([]);
    expect(storedFlagsOf(get(), SHA)).toBe(none);
  });

  it('lets a lesson that locks the dataset refuse annotation', () => {
    const { get, set } = createTestStore();
    expect(datasetEditable(get())).toBe(true);
    set({ lesson: { ...get().editor.experiment, locks: ['dataset'] } });
    expect(datasetEditable(get())).toBe(false);
    set({ lesson: { ...get().editor.experiment, locks: ['config.learningRate'] } });
    expect(datasetEditable(get())).toBe(true);
  });
});
