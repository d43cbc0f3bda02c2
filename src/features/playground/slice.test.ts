import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { testBundle } from '../../core/bundle/test-bundle';
import { StorageUnavailableError } from '../../core/errors';
import { defaultExperiment, PLAYGROUND } from '../../core/experiment/experiment';
import { err, ok } from '../../core/result';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { loadPlayground, savePlayground } from '../../storage/playground-repo';
import { fillableDb } from '../../storage/test-full-disk';
import { getWriteFailures, retryWrites } from '../../storage/write-failures';
import { createTestStore } from '../../store/test-store';

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `playground-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

/** A page over `db`, as after a (re)load: the saved playground is read. */
async function page(db: GradlabDb) {
  const store = createTestStore({ openDb: async () => ok(db) });
  await store.get().loadPlaygroundFromStorage();
  return store;
}

async function savedPlayground(db: GradlabDb) {
  const loaded = await loadPlayground(db);
  if (!loaded.ok) throw loaded.error;
  return loaded.value;
}

describe('playground slice', () => {
  it('keeps an edit a full disk refused and saves it on Retry', async () => {
    const disk = fillableDb(await freshDb());
    const { get } = await page(disk.db);
    disk.setFull(true);
    get().edit({ type: 'config', patch: { learningRate: 0.03 } });
    await vi.waitFor(() => expect(get().playgroundError).toMatch(/save the playground.*full/));
    expect(getWriteFailures().map((f) => f.what)).toEqual(['save the playground']);
    expect(get().playground.config.learningRate).toBe(0.03);
    expect(await savedPlayground(disk.db)).toBeNull();
    disk.setFull(false);
    retryWrites();
    await vi.waitFor(async () =>
      expect((await savedPlayground(disk.db))?.config.learningRate).toBe(0.03),
    );
    expect(get().playgroundError).toBeNull();
    expect(getWriteFailures()).toEqual([]);
  });

  it('autosaves the playground’s experiment as it is edited', async () => {
    const db = await freshDb();
    const { get } = await page(db);
    expect(get().playgroundLoaded).toBe(true);
    expect(await savedPlayground(db)).toBeNull();
    get().edit({ type: 'config', patch: { learningRate: 0.07 } });
    get().edit({ type: 'layers', edit: { type: 'add', layer: 'dense', at: 0 } });
    expect(get().playground).toBe(get().editor.experiment);
    await vi.waitFor(async () => expect(await savedPlayground(db)).toEqual(get().playground));
    const saved = await savedPlayground(db);
    expect(saved?.config.learningRate).toBe(0.07);
    expect(saved?.model.layers).toHaveLength(get().playground.model.layers.length);
    expect(get().playgroundError).toBeNull();
    db.close();
  });

  it('comes back after a reload', async () => {
    const db = await freshDb();
    const before = await page(db);
    before.get().edit({ type: 'config', patch: { learningRate: 0.07, epochs: 9 } });
    before.get().edit({ type: 'seed', seed: 42 });
    const edited = before.get().editor.experiment;
    await vi.waitFor(async () => expect(await savedPlayground(db)).toEqual(edited));

    const after = createTestStore({ openDb: async () => ok(db) });
    expect(after.get().editor.experiment.config.learningRate).not.toBe(0.07);
    await after.get().loadPlaygroundFromStorage();
    expect(after.get().place).toEqual(PLAYGROUND);
    expect(after.get().playground).toEqual(edited);
    expect(after.get().editor.experiment).toEqual(edited);
    // A fresh undo history: the reload is not an edit.
    expect(after.get().editor.history.past).toEqual([]);
    db.close();
  });

  it('keeps edits made before the saved playground arrived, and saves them', async () => {
    const db = await freshDb();
    expect((await savePlayground(db, { ...defaultExperiment(), views: ['curves'] })).ok).toBe(true);
    const store = createTestStore({ openDb: async () => ok(db) });
    store.get().edit({ type: 'config', patch: { learningRate: 0.009 } });
    // Not saved before the saved one is read: it would be overwritten unseen.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await savedPlayground(db))?.views).toEqual(['curves']);
    await store.get().loadPlaygroundFromStorage();
    expect(store.get().editor.experiment.config.learningRate).toBe(0.009);
    await vi.waitFor(async () =>
      expect((await savedPlayground(db))?.config.learningRate).toBe(0.009),
    );
    db.close();
  });

  it('reports an unreadable saved playground, moves it aside and starts from the default', async () => {
    const db = await freshDb();
    const damaged = { format: 1, experiment: { dataset: 'spiral', model: 3 } };
    await db.put('settings', damaged, 'playground');
    const store = await page(db);
    expect(store.get().playgroundError).toMatch(/saved playground could not be read/);
    const aside = /under "(playground-unreadable-[^"]+)"/.exec(store.get().playgroundError ?? '');
    expect(aside).not.toBeNull();
    expect(await db.get('settings', aside![1]!)).toEqual(damaged);
    expect(store.get().editor.experiment).toEqual(store.get().playground);
    expect(store.get().playground.dataset).toEqual(defaultExperiment().dataset);

    // The next autosave writes the playground anew; the damaged one stays where it was put.
    store.get().edit({ type: 'config', patch: { learningRate: 0.2 } });
    await vi.waitFor(async () =>
      expect((await savedPlayground(db))?.config.learningRate).toBe(0.2),
    );
    expect(await db.get('settings', aside![1]!)).toEqual(damaged);
    store.get().dismissPlaygroundError();
    expect(store.get().playgroundError).toBeNull();
    db.close();
  });

  it('a playground saved by a newer version is moved aside too, not overwritten', async () => {
    const db = await freshDb();
    const newer = { format: 2, experiment: defaultExperiment(), extra: true };
    await db.put('settings', newer, 'playground');
    const store = await page(db);
    expect(store.get().playgroundError).toMatch(/not a playground this version knows/);
    const keys = (await db.getAllKeys('settings')).map(String);
    const aside = keys.find((k) => k.startsWith('playground-unreadable-'));
    expect(aside).toBeDefined();
    expect(await db.get('settings', aside!)).toEqual(newer);
    db.close();
  });

  it('runs without storage: nothing is saved, and the playground still works', async () => {
    const store = createTestStore({
      openDb: async () => err(new StorageUnavailableError('no storage')),
    });
    await store.get().loadPlaygroundFromStorage();
    expect(store.get().playgroundLoaded).toBe(true);
    store.get().edit({ type: 'config', patch: { learningRate: 0.2 } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.get().playground.config.learningRate).toBe(0.2);
    expect(store.get().playgroundError).toBeNull();
  });

  it('is left as it was by a notebook opened and edited in between', async () => {
    const db = await freshDb();
    const { get } = await page(db);
    get().edit({ type: 'config', patch: { learningRate: 0.07 } });
    const playground = get().playground;
    await vi.waitFor(async () => expect(await savedPlayground(db)).toEqual(playground));

    const id = await get().adoptBundle(await testBundle(), 'author');
    if (id === null) throw new Error('not adopted');
    await get().loadNotebook(id);
    expect(get().place).toMatchObject({ kind: 'cell', notebookId: id });
    get().edit({ type: 'config', patch: { learningRate: 0.9 } });
    get().edit({ type: 'layers', edit: { type: 'add', layer: 'dense', at: 0 } });
    const cell = get().openNotebook?.record.draft.notebook.cells.find((c) => c.id === 'linear');
    expect(cell).toMatchObject({ config: { learningRate: 0.9 } });
    expect(get().playground).toBe(playground);

    get().openPlayground();
    expect(get().place).toEqual(PLAYGROUND);
    expect(get().editor.experiment).toEqual(playground);
    expect(get().lesson).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await savedPlayground(db)).toEqual(playground);
    db.close();
  });
});
