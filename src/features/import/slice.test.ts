import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../core/bundle/canonical';
import { encodeInlineLink } from '../../core/bundle/link';
import { testBundle } from '../../core/bundle/test-bundle';
import { StorageUnavailableError } from '../../core/errors';
import { err, ok } from '../../core/result';
import { CHANGE_CHANNEL } from '../../storage/change-feed';
import { listNotebooks } from '../../storage/notebooks-repo';
import { openGradlabDb } from '../../storage/open';
import { createTestStore } from '../../store/test-store';

async function storeWithDb() {
  const opened = await openGradlabDb({ name: `import-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const db = opened.value;
  const store = createTestStore({ openDb: async () => ok(db) });
  return { ...store, db };
}

/** Another tab listening to the change feed. */
const channels: BroadcastChannel[] = [];
function otherTab(): unknown[] {
  const channel = new BroadcastChannel(CHANGE_CHANNEL);
  channels.push(channel);
  const heard: unknown[] = [];
  channel.onmessage = (event: MessageEvent<unknown>) => heard.push(event.data);
  return heard;
}

afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
});

describe('import slice', () => {
  it('previews a link, saves nothing until Open, then saves it as a notebook for its reader', async () => {
    const { get, db } = await storeWithDb();
    const heard = otherTab();
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
    if (!notebooks.ok) throw notebooks.error;
    expect(
      notebooks.value.notebooks.map((n) => [n.id, n.headVersion, n.version, n.origin]),
    ).toEqual([[id, bundle.id, 1, bundle.id]]);
    // The fixture locks a field: it opens for its student.
    expect(notebooks.value.notebooks[0]?.mode).toBe('student');
    expect(await db.get('versions', bundle.id)).toBeDefined();
    // Saved through the notebook slice: its list follows, and the other tabs are told.
    await vi.waitFor(() => expect(get().myNotebooks.map((n) => n.id)).toEqual([id]));
    await vi.waitFor(() => expect(heard).toContainEqual({ store: 'notebooks', key: id }));
    // Nothing is opened by the import itself: the notebook page opens it by id.
    expect(get().openNotebook).toBeNull();
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

  it('says why the notebook could not be saved, and keeps nothing', async () => {
    const store = createTestStore({
      openDb: async () => err(new StorageUnavailableError('Storage is switched off.')),
    });
    const bundle = await testBundle();
    await store.get().importFrom({
      kind: 'link',
      hash: encodeInlineLink(canonicalJson(bundle)).fragment,
    });
    expect(await store.get().openImport()).toBeNull();
    expect(store.get().importStage).toEqual({ stage: 'idle' });
    expect(store.get().importError).toBe('Storage is switched off.');
  });
});
