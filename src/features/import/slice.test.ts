import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/bundle/canonical';
import { encodeInlineLink } from '../../core/bundle/link';
import { ok } from '../../core/result';
import { listNotebooks } from '../../storage/notebooks-repo';
import { openGradlabDb } from '../../storage/open';
import { createTestStore } from '../../store/test-store';
import { createImportSlice } from './slice';
import { testBundle } from '../../core/bundle/test-bundle';

async function storeWithDb() {
  const opened = await openGradlabDb({ name: `import-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const db = opened.value;
  const store = createTestStore();
  const slice = createImportSlice({ openDb: async () => ok(db), now: () => 0 });
  store.set(slice(store.set, store.get));
  return { ...store, db };
}

describe('import slice', () => {
  it('previews a link, saves nothing until Open, then saves it as a notebook for its reader', async () => {
    const { get, db } = await storeWithDb();
    const bundle = await testBundle();
    await get().importFrom({
      kind: 'link',
      hash: encodeInlineLink(canonicalJson(bundle)).fragment,
    });
    const stage = get().importStage;
    expect(stage.stage === 'preview' && stage.preview.title).toBe(bundle.notebook.title);
    expect(await db.count('notebooks')).toBe(0);
    const id = await get().openImport();
    expect(get().importStage).toEqual({ stage: 'idle' });
    expect(get().importError).toBeNull();
    const notebooks = await listNotebooks(db);
    expect(
      notebooks.ok && notebooks.value.map((n) => [n.id, n.headVersion, n.version, n.origin]),
    ).toEqual([[id, bundle.id, 1, bundle.id]]);
    expect(await db.get('versions', bundle.id)).toBeDefined();
    expect(get().openedNotebook).toEqual({
      notebookId: notebooks.ok ? notebooks.value[0]?.id : null,
      bundleId: bundle.id,
      version: 1,
      title: bundle.notebook.title,
    });
    db.close();
  });

  it('shows a bad link as an error and saves nothing', async () => {
    const { get, db } = await storeWithDb();
    await get().importFrom({ kind: 'link', hash: '#b=' });
    expect(get().importStage).toEqual({ stage: 'idle' });
    expect(get().importError).toMatch(/cut short/);
    expect(await get().openImport()).toBeNull();
    expect(await db.count('notebooks')).toBe(0);
    expect(await db.count('versions')).toBe(0);
    get().dismissImportError();
    expect(get().importError).toBeNull();
    db.close();
  });

  it('saves nothing when the preview is cancelled', async () => {
    const { get, db } = await storeWithDb();
    const bundle = await testBundle();
    await get().importFrom({
      kind: 'link',
      hash: encodeInlineLink(canonicalJson(bundle)).fragment,
    });
    get().cancelImport();
    expect(get().importStage).toEqual({ stage: 'idle' });
    expect(await get().openImport()).toBeNull();
    expect(await db.count('versions')).toBe(0);
    db.close();
  });
});
