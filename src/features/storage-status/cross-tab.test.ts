/**
 * The data, runs and notebook slices keep other tabs current through the change feed: their own writes are
 * announced, and a change announced by another tab makes them read the store again.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../core/result';
import { announceChange, CHANGE_CHANNEL } from '../../storage/change-feed';
import { versionFields, type StoredDataset } from '../../core/data/stored-dataset';
import { openGradlabDb } from '../../storage/open';
import { saveRun } from '../../storage/runs-repo';
import { createTestStore } from '../../store/test-store';
import { appDb } from '../../storage/app-db';
import { testRun } from '../../core/runs/test-run';
import { testBundle } from '../../core/bundle/test-bundle';
import { getNotebook, saveNotebook } from '../../storage/notebooks-repo';

/** Another tab's channel: what it heard, in order. */
const others: BroadcastChannel[] = [];
function otherTab() {
  const channel = new BroadcastChannel(CHANGE_CHANNEL);
  others.push(channel);
  const heard: unknown[] = [];
  channel.onmessage = (event: MessageEvent<unknown>) => heard.push(event.data);
  return { channel, heard };
}

afterEach(() => {
  for (const channel of others.splice(0)) channel.close();
});

/** Messages from one sender arrive in order: once this marker is heard, all before it were. */
async function heardUntilMarker(heard: unknown[]): Promise<unknown[]> {
  const marker = { store: 'settings', key: crypto.randomUUID() };
  announceChange(marker as { store: 'settings'; key: string });
  await vi.waitFor(() => expect(heard).toContainEqual(marker));
  return heard.slice(
    0,
    heard.findIndex((m) => JSON.stringify(m) === JSON.stringify(marker)),
  );
}

function dataset(sha256: string): StoredDataset {
  return {
    sha256,
    name: `Data ${sha256}`,
    sourceKey: `file:${sha256}.csv`,
    lastUsed: '2025-01-01T00:00:00.000Z',
    ...versionFields(sha256, '2025-01-01T00:00:00.000Z'),
  } as StoredDataset;
}

describe('runs across tabs', () => {
  async function runsStore() {
    const opened = await openGradlabDb({ name: `cross-tab-runs-${crypto.randomUUID()}` });
    if (!opened.ok) throw opened.error;
    const db = opened.value;
    const store = createTestStore({ openDb: async () => ok(db) });
    return { store, db };
  }

  it('announces a rename, a retag and a delete', async () => {
    const { store, db } = await runsStore();
    await saveRun(db, testRun({ id: 'run-1' }));
    await store.get().refreshRuns();
    const { heard } = otherTab();
    await store.get().renameRun('run-1', 'best');
    await store.get().tagRun('run-1', 'a, b');
    await store.get().deleteRun('run-1');
    expect(await heardUntilMarker(heard)).toEqual([
      { store: 'runs', key: 'run-1' },
      { store: 'runs', key: 'run-1' },
      { store: 'runs', key: 'run-1' },
    ]);
    db.close();
  });

  it('reloads a loaded list when another tab changes the runs, and announces nothing', async () => {
    const { store, db } = await runsStore();
    await store.get().refreshRuns();
    const { channel, heard } = otherTab();
    await saveRun(db, testRun({ id: 'from-b', name: 'made in B' }));
    channel.postMessage({ store: 'runs', key: 'from-b' });
    await vi.waitFor(() => expect(store.get().runs.map((r) => r.name)).toEqual(['made in B']));
    expect(await heardUntilMarker(heard)).toEqual([]);
    db.close();
  });
});

describe('datasets across tabs', () => {
  it("announces a list its own refresh finds changed, and follows other tabs' changes silently", async () => {
    const db = await appDb();
    if (!db.ok) throw db.error;
    const store = createTestStore();
    const { channel, heard } = otherTab();

    await store.get().refreshStoredDatasets();
    await db.value.put('datasets', dataset('aa'));
    // What the panels do after the data worker stored a dataset.
    await store.get().refreshStoredDatasets();
    await store.get().refreshStoredDatasets();
    expect(await heardUntilMarker(heard)).toEqual([{ store: 'datasets' }]);

    heard.length = 0;
    await db.value.put('datasets', dataset('bb'));
    channel.postMessage({ store: 'datasets' });
    await vi.waitFor(() =>
      expect(
        store
          .get()
          .storedDatasets.map((d) => d.sha256)
          .sort(),
      ).toEqual(['aa', 'bb']),
    );
    expect(await heardUntilMarker(heard)).toEqual([]);
  });
});

describe('notebooks across tabs', () => {
  async function notebookStore() {
    const opened = await openGradlabDb({ name: `cross-tab-notebooks-${crypto.randomUUID()}` });
    if (!opened.ok) throw opened.error;
    const db = opened.value;
    const store = createTestStore({ openDb: async () => ok(db) });
    const id = await store.get().adoptBundle(await testBundle(), 'author');
    if (id === null) throw new Error('not adopted');
    await store.get().loadNotebook(id);
    return { store, db, id };
  }

  it('follows the open notebook when another tab saves it, and saves nothing back', async () => {
    const { store, db, id } = await notebookStore();
    const { channel, heard } = otherTab();
    const read = await getNotebook(db, id);
    if (!read.ok || read.value === null) throw new Error('not stored');
    const theirs = structuredClone(read.value);
    theirs.title = 'Renamed in B';
    theirs.draft.notebook.title = 'Renamed in B';
    const cell = theirs.draft.notebook.cells.find((c) => c.id === 'linear');
    if (cell?.type !== 'experiment') throw new Error('no cell');
    cell.config.learningRate = 0.77;
    await saveNotebook(db, theirs);
    channel.postMessage({ store: 'notebooks', key: id });

    await vi.waitFor(() => expect(store.get().openNotebook?.record.title).toBe('Renamed in B'));
    expect(store.get().openNotebook?.record.draft.notebook.title).toBe('Renamed in B');
    // The open cell shows the other tab's experiment.
    expect(store.get().editor.experiment.config.learningRate).toBe(0.77);
    expect(store.get().notebookSave).toBe('saved');
    await vi.waitFor(() =>
      expect(store.get().myNotebooks.map((n) => n.title)).toEqual(['Renamed in B']),
    );
    expect(await heardUntilMarker(heard)).toEqual([]);
    db.close();
  });

  it('announces its own saves', async () => {
    const { store, db, id } = await notebookStore();
    const { heard } = otherTab();
    store.get().edit({ type: 'config', patch: { learningRate: 0.5 } });
    await store.get().flushDraft();
    await vi.waitFor(() => expect(heard).toContainEqual({ store: 'notebooks', key: id }));
    db.close();
  });
});
