/**
 * Two tabs saving one notebook's draft at once (two connections to one fake-indexeddb database):
 * each saves over the revision it last saw, so the second one's save merges instead of
 * overwriting the first.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Bundle } from '../core/bundle/schema';
import { newMarkdownCell } from '../core/notebook/cells';
import { isConflictNote } from '../core/notebook/merge-drafts';
import type { StoredNotebook } from '../core/notebook/stored-notebook';
import { draftBundle } from '../core/notebook/test-bundles';
import { getNotebook, saveDraft, saveNotebook } from './notebooks-repo';
import { openGradlabDb, type GradlabDb } from './open';

async function twoTabs(): Promise<[GradlabDb, GradlabDb]> {
  const name = `draft-revisions-${crypto.randomUUID()}`;
  const a = await openGradlabDb({ name });
  const b = await openGradlabDb({ name });
  if (!a.ok) throw a.error;
  if (!b.ok) throw b.error;
  return [a.value, b.value];
}

/** A notebook of two text cells, one and two, before the experiment. */
function stored(): StoredNotebook {
  const draft = draftBundle();
  const cells = [
    newMarkdownCell('one', 'One'),
    newMarkdownCell('two', 'Two'),
    ...draft.notebook.cells,
  ];
  return {
    id: 'nb',
    title: draft.notebook.title,
    headVersion: null,
    parent: null,
    version: 0,
    savedAt: '2025-01-01T00:00:00.000Z',
    draft: { ...draft, notebook: { ...draft.notebook, cells } },
  };
}

function edited(record: StoredNotebook, cellId: string, text: string): StoredNotebook {
  const cells = record.draft.notebook.cells.map((c) =>
    c.id === cellId && c.type === 'markdown' ? { ...c, text } : c,
  );
  const draft: Bundle = { ...record.draft, notebook: { ...record.draft.notebook, cells } };
  return { ...record, draft };
}

const textOf = (record: StoredNotebook | null | undefined, id: string) => {
  const cell = record?.draft.notebook.cells.find((c) => c.id === id);
  return cell?.type === 'markdown' ? cell.text : null;
};

async function read(db: GradlabDb): Promise<StoredNotebook | null> {
  const found = await getNotebook(db, 'nb');
  if (!found.ok) throw found.error;
  return found.value;
}

describe('saving a draft over the revision this tab saw', () => {
  it('counts revisions and saves without merging while nobody else wrote', async () => {
    const [a, b] = await twoTabs();
    await saveNotebook(a, stored());
    const base = await read(a);
    const first = await saveDraft(a, edited(stored(), 'one', 'A'), base);
    expect(base?.revision).toBe(1);
    expect(first.ok && [first.value.record.revision, first.value.merged]).toEqual([2, false]);
    const second = await saveDraft(
      a,
      edited(stored(), 'one', 'AA'),
      first.ok ? first.value.record : null,
    );
    expect(second.ok && second.value.record.revision).toBe(3);
    expect(textOf(await read(b), 'one')).toBe('AA');
    a.close();
    b.close();
  });

  it('merges edits of different cells made in two tabs from the same revision', async () => {
    const [a, b] = await twoTabs();
    await saveNotebook(a, stored());
    const base = await read(a);
    const fromA = await saveDraft(a, edited(stored(), 'one', 'One from A'), base);
    const fromB = await saveDraft(b, edited(stored(), 'two', 'Two from B'), base);
    expect(fromA.ok && fromA.value.merged).toBe(false);
    expect(fromB.ok && [fromB.value.merged, fromB.value.conflicts]).toEqual([true, []]);
    const now = await read(a);
    expect([textOf(now, 'one'), textOf(now, 'two')]).toEqual(['One from A', 'Two from B']);
    expect(now?.revision).toBe(3);
    a.close();
    b.close();
  });

  it('keeps both edits when the two saves run at the same moment', async () => {
    const [a, b] = await twoTabs();
    await saveNotebook(a, stored());
    const base = await read(a);
    await Promise.all([
      saveDraft(a, edited(stored(), 'one', 'One from A'), base),
      saveDraft(b, edited(stored(), 'two', 'Two from B'), base),
    ]);
    const now = await read(b);
    expect([textOf(now, 'one'), textOf(now, 'two')]).toEqual(['One from A', 'Two from B']);
    a.close();
    b.close();
  });

  it('keeps both versions of a cell both tabs changed, and reports the conflict', async () => {
    const [a, b] = await twoTabs();
    await saveNotebook(a, stored());
    const base = await read(a);
    await saveDraft(a, edited(stored(), 'one', 'One from A'), base);
    const fromB = await saveDraft(b, edited(stored(), 'one', 'One from B'), base);
    expect(fromB.ok && fromB.value.conflicts.map((c) => c.kind)).toEqual(['cell']);
    const cells = (await read(a))?.draft.notebook.cells ?? [];
    const texts = cells.map((c) => (c.type === 'markdown' ? c.text : c.id));
    expect(texts.slice(0, 1)).toEqual(['One from B']);
    expect(cells[1] !== undefined && isConflictNote(cells[1])).toBe(true);
    expect(texts[2]).toBe('One from A');
    a.close();
    b.close();
  });

  it('merges with a write of a Gradlab from before revisions, told apart by its time', async () => {
    const [a, b] = await twoTabs();
    await saveNotebook(a, stored());
    const base = await read(a);
    if (base === null) throw new Error('not stored');
    // An older tab puts the record as it read it, revision and all, with its own edit and time.
    const older = { ...edited(base, 'one', 'Older tab'), savedAt: '2025-01-02T00:00:00.000Z' };
    await a.put('notebooks', older);
    const fromB = await saveDraft(b, edited(stored(), 'two', 'B'), base);
    expect(fromB.ok && fromB.value.merged).toBe(true);
    const now = await read(a);
    expect([textOf(now, 'one'), textOf(now, 'two')]).toEqual(['Older tab', 'B']);
    a.close();
    b.close();
  });

  it('takes the version another tab saved meanwhile as the head', async () => {
    const [a, b] = await twoTabs();
    await saveNotebook(a, stored());
    const base = await read(a);
    const version = { ...stored(), headVersion: 'sha256-v1', version: 1 };
    await saveDraft(a, version, base);
    const fromB = await saveDraft(b, edited(stored(), 'two', 'B'), base);
    expect(fromB.ok && [fromB.value.record.headVersion, fromB.value.record.version]).toEqual([
      'sha256-v1',
      1,
    ]);
    a.close();
    b.close();
  });
});
