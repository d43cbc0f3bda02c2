import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../core/bundle/canonical';
import { carriedEntries } from '../../core/bundle/carried-datasets';
import { encodeBundleFile } from '../../core/bundle/file';
import { encodeInlineLink } from '../../core/bundle/link';
import { readBundle } from '../../core/bundle/read';
import { testBundle } from '../../core/bundle/test-bundle';
import type { SharedDatasetDetails, StoredDataset } from '../../core/data/stored-dataset';
import { serializeError, StorageUnavailableError } from '../../core/errors';
import { sha256Hex } from '../../core/hash';
import { err, ok } from '../../core/result';
import { CHANGE_CHANNEL } from '../../storage/change-feed';
import { listNotebooks } from '../../storage/notebooks-repo';
import { openGradlabDb } from '../../storage/open';
import { createTestStore } from '../../store/test-store';
import type { DataJobs } from '../data/resolve-dataset';
import { createImportSlice } from './slice';

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

  describe('a bundle file that carries its imported data', () => {
    const bytes = new Uint8Array([71, 68, 83, 49, 9, 8, 7, 6]);
    const details: SharedDatasetDetails = {
      name: 'penguins',
      source: { kind: 'file', fileName: 'penguins.csv', format: 'csv' },
      sourceSha256: null,
      columns: null,
      notes: [],
    };

    async function fileWithData() {
      const sha256 = await sha256Hex(bytes);
      const bundle = await testBundle((json) => {
        const datasets = json.datasets as Record<string, unknown>;
        for (const key of Object.keys(datasets)) {
          datasets[key] = { kind: 'local', sha256, name: 'penguins' };
        }
      });
      const file = encodeBundleFile(
        canonicalJson(bundle),
        carriedEntries([{ sha256, bytes, details }]),
      );
      return { sha256, blob: new Blob([file as Uint8Array<ArrayBuffer>]) };
    }

    /** A store whose data worker stores a carried dataset, or refuses to (a full disk). */
    async function storeStoring(full = false) {
      const opened = await openGradlabDb({ name: `import-${crypto.randomUUID()}` });
      if (!opened.ok) throw opened.error;
      const db = opened.value;
      const asked: unknown[] = [];
      const notebooksWhenStored: number[] = [];
      const refused = serializeError(new Error('not in this test'));
      const jobs: DataJobs = {
        download: async () => err(refused),
        csvColumns: async () => err(refused),
        importText: async () => err(refused),
        importCsv: async () => err(refused),
        storeShared: async (command) => {
          asked.push({ ...command, bytes: new Uint8Array(await command.file.blob.arrayBuffer()) });
          notebooksWhenStored.push(await db.count('notebooks'));
          if (full) return err(serializeError(new Error('The disk is full.')));
          return ok({ sha256: command.sha256, name: command.details.name } as StoredDataset);
        },
      };
      const store = createTestStore({ openDb: async () => ok(db), data: { jobs } });
      return { store, db, asked, notebooksWhenStored };
    }

    it('previews the data it carries, and stores it before the notebook is saved', async () => {
      const { sha256, blob } = await fileWithData();
      const { store, db, asked, notebooksWhenStored } = await storeStoring();
      await store.get().importFrom({ kind: 'file', name: 'p.gradlab.zip', blob });
      const stage = store.get().importStage;
      expect(stage.stage === 'preview' && stage.preview.datasets[0]).toMatchObject({
        kind: 'carried',
        name: 'penguins',
        bytes: bytes.length,
      });
      expect(asked).toEqual([]);
      const id = await store.get().openImport();
      expect(id).not.toBeNull();
      expect(asked).toEqual([
        {
          type: 'storeShared',
          file: { path: 'penguins.packed', blob: expect.any(Blob) },
          sha256,
          details,
          bytes,
        },
      ]);
      expect(notebooksWhenStored).toEqual([0]);
      expect(await db.count('notebooks')).toBe(1);
      db.close();
    });

    it('opens nothing when the data it carries cannot be stored', async () => {
      const { blob } = await fileWithData();
      const { store, db } = await storeStoring(true);
      await store.get().importFrom({ kind: 'file', name: 'p.gradlab.zip', blob });
      expect(await store.get().openImport()).toBeNull();
      expect(store.get().importError).toBe(
        'The dataset "penguins" in this file could not be stored: The disk is full.',
      );
      expect(await db.count('notebooks')).toBe(0);
      db.close();
    });

    it('refuses a file whose data does not match the hash its bundle names', async () => {
      const { blob } = await fileWithData();
      const zip = new Uint8Array(await blob.arrayBuffer());
      // The packed entry is stored uncompressed: alter its last byte in place.
      const at = Buffer.from(zip).indexOf(Buffer.from(bytes)) + bytes.length - 1;
      zip[at] = (zip[at] ?? 0) ^ 1;
      const { store, db, asked } = await storeStoring();
      await store.get().importFrom({
        kind: 'file',
        name: 'p.gradlab.zip',
        blob: new Blob([zip]),
      });
      // The ZIP's own checksum or the bundle's sha256 refuses it before any preview.
      expect(store.get().importStage).toEqual({ stage: 'idle' });
      expect(store.get().importError).toMatch(/damaged|CRC|match/i);
      expect(asked).toEqual([]);
      db.close();
    });
  });

  describe('a bundle being downloaded', () => {
    /**
     * A store whose bundle address answers with a body the test sends piece by piece through a
     * real stream; `cancelled` says whether the reader gave the stream up.
     */
    async function storeWithStream(bundleBytes: Uint8Array) {
      const store = createTestStore();
      let feed: ReadableStreamDefaultController<Uint8Array> | null = null;
      let cancelled = false;
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => void (feed = controller),
        cancel: () => void (cancelled = true),
      });
      const fetchFn = (async (_input: string | URL | Request, init?: RequestInit) => {
        init?.signal?.addEventListener('abort', () => {
          cancelled = true;
          feed?.error(new DOMException('aborted', 'AbortError'));
        });
        return new Response(body, { headers: { 'content-length': String(bundleBytes.length) } });
      }) as typeof fetch;
      store.set(
        createImportSlice({
          read: (source, options) => readBundle(source, { ...options, fetchFn }),
        })(store.set, store.get),
      );
      const send = (bytes: Uint8Array) => feed?.enqueue(bytes);
      const end = () => feed?.close();
      return { ...store, send, end, cancelled: () => cancelled };
    }

    const address = { kind: 'url', url: 'https://example.org/b.json', sha256: null } as const;
    const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

    it('shows the bytes received of how many, then the preview', async () => {
      const bundle = await testBundle();
      const bytes = new TextEncoder().encode(canonicalJson(bundle));
      const { get, send, end } = await storeWithStream(bytes);
      const done = get().importFrom(address);
      await tick();
      expect(get().importStage).toMatchObject({ stage: 'reading', progress: null });
      send(bytes.subarray(0, 10));
      await tick();
      expect(get().importStage).toMatchObject({
        stage: 'reading',
        label: 'Downloading the bundle…',
        progress: { loaded: 10, total: bytes.length },
      });
      send(bytes.subarray(10));
      end();
      await done;
      expect(get().importStage.stage).toBe('preview');
    });

    it('stops the download on Cancel, with no error and nothing saved', async () => {
      const { get, send, cancelled } = await storeWithStream(new Uint8Array(100));
      const done = get().importFrom(address);
      send(new Uint8Array(10));
      await tick();
      get().cancelImport();
      await done;
      expect(cancelled()).toBe(true);
      expect(get().importStage).toEqual({ stage: 'idle' });
      expect(get().importError).toBeNull();
    });

    it('stops the download when the user leaves the page, but keeps a preview', async () => {
      const { get, cancelled } = await storeWithStream(new Uint8Array(100));
      const done = get().importFrom(address);
      await tick();
      get().leaveImport();
      await done;
      expect(cancelled()).toBe(true);
      expect(get().importStage).toEqual({ stage: 'idle' });
      expect(get().importError).toBeNull();

      const bundle = await testBundle();
      await get().importFrom({
        kind: 'link',
        hash: encodeInlineLink(canonicalJson(bundle)).fragment,
      });
      get().leaveImport();
      expect(get().importStage.stage).toBe('preview');
    });
  });
});
