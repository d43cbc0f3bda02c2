/**
 * Two tabs are two connections to one database. Every write is one transaction, and IndexedDB
 * runs readwrite transactions on the same store one after the other, so concurrent writes from
 * two tabs never interleave: each sees the other's committed result, and nothing is half written.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { testBundle } from '../core/bundle/test-bundle';
import { testRun } from '../core/runs/test-run';
import type { StoredNotebook } from '../core/notebook/stored-notebook';
import { getNotebook, saveNotebook } from './notebooks-repo';
import { openGradlabDb, type GradlabDb } from './open';
import { deleteRun, listRuns, saveRun, updateRun } from './runs-repo';
import { getVersion } from './versions-repo';

async function twoTabs(): Promise<[GradlabDb, GradlabDb]> {
  const name = `two-tabs-${crypto.randomUUID()}`;
  const a = await openGradlabDb({ name });
  const b = await openGradlabDb({ name });
  if (!a.ok) throw a.error;
  if (!b.ok) throw b.error;
  return [a.value, b.value];
}

async function notebookTitled(title: string): Promise<StoredNotebook> {
  const draft = await testBundle((json) => {
    (json.notebook as Record<string, unknown>).title = title;
  });
  return {
    id: 'nb-1',
    title,
    headVersion: draft.id,
    parent: draft.parent,
    version: draft.version,
    savedAt: new Date().toISOString(),
    draft,
  };
}

describe('two tabs writing at once', () => {
  it('keeps both edits of one run made at the same moment', async () => {
    const [a, b] = await twoTabs();
    await saveRun(a, testRun({ id: 'run-1', name: 'first' }));
    const [renamed, tagged] = await Promise.all([
      updateRun(a, 'run-1', { name: 'renamed in A' }),
      updateRun(b, 'run-1', { tags: ['from-b'] }),
    ]);
    expect(renamed.ok && tagged.ok).toBe(true);
    for (const tab of [a, b]) {
      const listed = await listRuns(tab);
      expect(listed.ok && listed.value.runs.map((r) => [r.name, r.tags])).toEqual([
        ['renamed in A', ['from-b']],
      ]);
    }
    a.close();
    b.close();
  });

  it('ends with one whole run when one tab deletes it while the other saves it again', async () => {
    const [a, b] = await twoTabs();
    await saveRun(a, testRun({ id: 'run-1' }));
    const results = await Promise.all([
      deleteRun(a, 'run-1'),
      saveRun(b, testRun({ id: 'run-1', name: 'saved again' })),
      updateRun(a, 'run-1', { tags: ['late'] }),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const listed = await listRuns(b);
    if (!listed.ok) throw listed.error;
    // In the order the transactions were started: delete, save, tag.
    expect(listed.value.runs.map((r) => [r.name, r.tags])).toEqual([['saved again', ['late']]]);
    expect(listed.value.runs[0]?.epochs).toEqual(testRun().epochs);
    expect(listed.value.unreadable).toEqual([]);
    a.close();
    b.close();
  });

  it('saves one notebook from both tabs at once: the last write wins whole, both versions stay', async () => {
    const [a, b] = await twoTabs();
    const fromA = await notebookTitled('Edited in A');
    const fromB = await notebookTitled('Edited in B');
    const saved = await Promise.all([
      saveNotebook(a, fromA, fromA.draft),
      saveNotebook(b, fromB, fromB.draft),
    ]);
    expect(saved.every((r) => r.ok)).toBe(true);

    const read = await getNotebook(a, 'nb-1');
    if (!read.ok) throw read.error;
    const notebook = read.value;
    expect(notebook?.title).toBe('Edited in B');
    // Never the title of one save with the draft or head of the other.
    expect(notebook?.draft.notebook.title).toBe(notebook?.title);
    expect(notebook?.headVersion).toBe(fromB.draft.id);
    // Versions are content-addressed: neither tab's save replaced the other's.
    for (const id of [fromA.draft.id, fromB.draft.id]) {
      const version = await getVersion(b, id);
      expect(version.ok && version.value?.id).toBe(id);
    }
    a.close();
    b.close();
  });
});
