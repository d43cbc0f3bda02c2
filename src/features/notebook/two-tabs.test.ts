/**
 * Two tabs with one notebook open, editing it within one autosave: two stores, each with its own
 * connection to one database. Their change notices travel over a real BroadcastChannel; as both
 * stores live in this one module graph (one channel, which never hears itself), a second channel
 * relays each notice back, as the other tab's page would hear it.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bundle, Cell } from '../../core/bundle/schema';
import { testBundle } from '../../core/bundle/test-bundle';
import { isConflictNote } from '../../core/notebook/merge-drafts';
import { ok } from '../../core/result';
import { CHANGE_CHANNEL } from '../../storage/change-feed';
import { getNotebook } from '../../storage/notebooks-repo';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { createTestStore } from '../../store/test-store';

const relays: BroadcastChannel[] = [];
afterEach(() => {
  for (const relay of relays.splice(0)) relay.close();
});

async function twoTabs() {
  const name = `notebook-tabs-${crypto.randomUUID()}`;
  const connect = async (): Promise<GradlabDb> => {
    const opened = await openGradlabDb({ name });
    if (!opened.ok) throw opened.error;
    return opened.value;
  };
  const [dbA, dbB] = [await connect(), await connect()];
  const a = createTestStore({ openDb: async () => ok(dbA) });
  const b = createTestStore({ openDb: async () => ok(dbB) });
  const id = await a.get().adoptBundle(await testBundle(), 'author');
  if (id === null) throw new Error(String(a.get().notebookError));
  await a.get().loadNotebook(id);
  await b.get().loadNotebook(id);
  const relay = new BroadcastChannel(CHANGE_CHANNEL);
  relays.push(relay);
  relay.onmessage = (event: MessageEvent<unknown>) => relay.postMessage(event.data);
  return { a: a.get, b: b.get, db: dbA, id };
}

const withText =
  (cellId: string, text: string) =>
  (draft: Bundle): Bundle => ({
    ...draft,
    notebook: {
      ...draft.notebook,
      cells: draft.notebook.cells.map((c) =>
        c.id === cellId && c.type === 'markdown' ? { ...c, text } : c,
      ),
    },
  });

const withEpochs =
  (cellId: string, epochs: number) =>
  (draft: Bundle): Bundle => ({
    ...draft,
    notebook: {
      ...draft.notebook,
      cells: draft.notebook.cells.map((c) =>
        c.id === cellId && c.type === 'experiment' ? { ...c, config: { ...c.config, epochs } } : c,
      ),
    },
  });

type Get = ReturnType<typeof createTestStore>['get'];
const cellsOn = (get: Get): Cell[] => get().openNotebook?.record.draft.notebook.cells ?? [];
const textOf = (cells: Cell[], id: string) => {
  const cell = cells.find((c) => c.id === id);
  return cell?.type === 'markdown' ? cell.text : null;
};
const epochsOf = (cells: Cell[], id: string) => {
  const cell = cells.find((c) => c.id === id);
  return cell?.type === 'experiment' ? cell.config.epochs : null;
};

async function storedCells(db: GradlabDb, id: string): Promise<Cell[]> {
  const read = await getNotebook(db, id);
  if (!read.ok || read.value === null) throw new Error('not stored');
  return read.value.draft.notebook.cells;
}

describe('one notebook edited in two tabs at once', () => {
  it('keeps both tabs’ edits of different cells, in storage and on both screens', async () => {
    const { a, b, db, id } = await twoTabs();
    a().editDraft(withText('intro', 'Edited in A'));
    b().editDraft(withEpochs('hidden', 7));
    for (const get of [a, b]) {
      await vi.waitFor(() => {
        expect(textOf(cellsOn(get), 'intro')).toBe('Edited in A');
        expect(epochsOf(cellsOn(get), 'hidden')).toBe(7);
        expect(get().notebookSave).toBe('saved');
      });
      expect(get().notebookConflict).toBeNull();
    }
    await vi.waitFor(async () => {
      const cells = await storedCells(db, id);
      expect([textOf(cells, 'intro'), epochsOf(cells, 'hidden')]).toEqual(['Edited in A', 7]);
    });
  });

  it('keeps both versions of a cell both tabs changed, and tells both tabs', async () => {
    const { a, b, db, id } = await twoTabs();
    a().editDraft(withText('intro', 'Intro by A'));
    b().editDraft(withText('intro', 'Intro by B'));
    for (const get of [a, b]) {
      await vi.waitFor(() => {
        const texts = cellsOn(get).map((c) => (c.type === 'markdown' ? c.text : ''));
        expect(texts).toContain('Intro by A');
        expect(texts).toContain('Intro by B');
        expect(cellsOn(get).some(isConflictNote)).toBe(true);
        expect(get().notebookConflict).toMatch(/another tab/);
      });
    }
    await vi.waitFor(async () => {
      const texts = (await storedCells(db, id)).map((c) => (c.type === 'markdown' ? c.text : ''));
      expect(texts).toContain('Intro by A');
      expect(texts).toContain('Intro by B');
    });
  });

  it('merges another tab’s save into this one’s unsaved typing', async () => {
    const { a, b, db, id } = await twoTabs();
    // B's typing is not saved yet when A's save arrives.
    b().editDraft(withEpochs('hidden', 3));
    a().editDraft(withText('intro', 'From A'));
    await vi.waitFor(async () => {
      const cells = await storedCells(db, id);
      expect([textOf(cells, 'intro'), epochsOf(cells, 'hidden')]).toEqual(['From A', 3]);
    });
    await vi.waitFor(() => expect(textOf(cellsOn(b), 'intro')).toBe('From A'));
    expect(epochsOf(cellsOn(b), 'hidden')).toBe(3);
  });
});
