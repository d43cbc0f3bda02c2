import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { UrlDatasetRef } from '../../core/data/dataset';
import type { DatasetSource, StoredDataset } from '../../core/data/stored-dataset';
import type { SerializedError } from '../../core/errors';
import { err, ok } from '../../core/result';
import { appDb } from '../../storage/app-db';
import { createTestStore } from '../../store/test-store';
import { storedTable } from '../../core/data/test-stored-dataset';
import { storeDataset, type DataJobs } from './resolve-dataset';
import { CPU_READY } from '../../core/test-events';

const storedRecord = (sha256: string, source: DatasetSource, name = 'stored') =>
  storedTable(sha256, name, source);

const record = storedRecord('e'.repeat(64), {
  kind: 'url',
  url: 'https://example.org/d.csv',
  format: 'csv',
});

function fakeJobs(columns = 3, onStore: (stored: StoredDataset) => Promise<void> = async () => {}) {
  const asked: unknown[] = [];
  const jobs: DataJobs = {
    download: async (command) => {
      asked.push(command);
      await onStore(record);
      return ok(record);
    },
    csvColumns: async () => ok(columns),
    importText: async (command) => {
      asked.push(command);
      return ok(record);
    },
    importCsv: async (command) => {
      asked.push(command);
      await onStore(record);
      return ok(record);
    },
    storeShared: async (command) => {
      asked.push(command);
      await onStore(record);
      return ok(record);
    },
  };
  return { jobs, asked };
}

const files = [{ url: 'https://example.org/d.csv', sha256: 'f'.repeat(64) }];

describe('storeDataset', () => {
  it('downloads a url ref with its pinned hashes and names what was stored', async () => {
    const { jobs, asked } = fakeJobs();
    const stored = await storeDataset(
      { kind: 'url', name: 'd', format: 'csv', files, target: 'y', limit: 50 },
      jobs,
    );
    expect(stored).toEqual(ok({ kind: 'local', sha256: record.sha256, name: 'stored', limit: 50 }));
    expect(asked).toEqual([{ type: 'download', name: 'd', format: 'csv', files, target: 'y' }]);
  });

  it('passes the class names of a download on', async () => {
    const { jobs, asked } = fakeJobs();
    await storeDataset(
      { kind: 'url', name: 'd', format: 'image-zip', files, classNames: ['cat', 'dog'] },
      jobs,
    );
    expect(asked[0]).toMatchObject({ type: 'download', classNames: ['cat', 'dog'] });
  });

  it('imports an inline CSV with its last column as the target when none is named', async () => {
    const { jobs, asked } = fakeJobs(4);
    const stored = await storeDataset({ kind: 'inline', name: 'tiny', csv: 'a,b,c,d\n' }, jobs);
    expect(stored).toEqual(ok({ kind: 'local', sha256: record.sha256, name: 'stored' }));
    expect(asked[0]).toMatchObject({
      type: 'importCsv',
      file: { path: 'tiny.csv' },
      header: 'auto',
      target: 3,
      task: 'auto',
    });
  });

  it('imports an inline CSV with the target, header and task it names', async () => {
    const { jobs, asked } = fakeJobs(4);
    await storeDataset(
      {
        kind: 'inline',
        name: 'tiny',
        csv: '1,2\n',
        header: 'absent',
        target: 0,
        task: 'regression',
      },
      jobs,
    );
    expect(asked[0]).toMatchObject({ header: 'absent', target: 0, task: 'regression' });
  });

  it("passes on the worker's refusal, such as a hash mismatch", async () => {
    const refusal: SerializedError = { name: 'IntegrityError', code: 'integrity', message: 'no' };
    const jobs: DataJobs = { ...fakeJobs().jobs, download: async () => err(refusal) };
    const stored = await storeDataset({ kind: 'url', name: 'd', format: 'csv', files }, jobs);
    expect(stored).toEqual(err(refusal));
  });
});

describe("the experiment's dataset made ready", () => {
  async function putInStorage(stored: StoredDataset) {
    const db = await appDb();
    if (!db.ok) throw db.error;
    await db.value.put('datasets', stored);
  }

  it('keeps generated, shipped and local refs as they are, asking no job', async () => {
    const { jobs, asked } = fakeJobs();
    const store = createTestStore({ data: { jobs } });
    const generated = store.get().editor.experiment.dataset;
    expect(store.get().prepared.loadable).toEqual(generated);

    const iris = storedRecord('a'.repeat(64), { kind: 'shipped', name: 'iris' }, 'iris');
    const mine = storedRecord('b'.repeat(64), { kind: 'file', fileName: 'm.csv', format: 'csv' });
    await putInStorage(iris);
    await putInStorage(mine);
    // As the app does when it starts.
    await store.get().refreshStoredDatasets();
    await store.get().prepareDataset({ kind: 'shipped', name: 'iris' });
    expect(store.get().prepared).toMatchObject({
      loadable: { kind: 'shipped', name: 'iris' },
      record: { sha256: iris.sha256 },
      error: null,
    });
    const local = { kind: 'local', sha256: mine.sha256, name: 'mine', limit: 20 } as const;
    await store.get().prepareDataset(local);
    expect(store.get().prepared.loadable).toEqual(local);
    expect(store.get().prepared.info?.n).toBe(20);
    expect(asked).toEqual([]);
  });

  it('says so when a local dataset is no longer stored', async () => {
    const store = createTestStore({ data: { jobs: fakeJobs().jobs } });
    await store.get().prepareDataset({ kind: 'local', sha256: 'c'.repeat(64), name: 'gone' });
    expect(store.get().prepared.error).toBe(
      `gone (sha256 ${'c'.repeat(12)}…) is not in this browser's storage.`,
    );
    expect(store.get().prepared.loadable).toBeNull();
  });

  it("downloads a bundle's url dataset, then trains on the stored copy", async () => {
    const { jobs, asked } = fakeJobs(3, putInStorage);
    const store = createTestStore({ data: { jobs } });
    store.get().applyEvents([CPU_READY]);
    const ref: UrlDatasetRef = { kind: 'url', name: 'd', format: 'csv', files, limit: 100 };
    expect(store.get().edit({ type: 'dataset', dataset: ref })).toBeNull();
    expect(store.get().prepared.loading?.label).toBe('Downloading d');
    await vi.waitFor(() => expect(store.get().prepared.loadable).not.toBeNull());
    expect(asked).toHaveLength(1);
    expect(store.get().prepared.loadable).toEqual({
      kind: 'local',
      sha256: record.sha256,
      name: 'stored',
      limit: 100,
    });
    // The model fits the data once its shape is known: three classes.
    expect(store.get().editor.experiment.model.layers.at(-1)).toMatchObject({ units: 3 });
    const runId = store.get().train();
    expect(runId).not.toBeNull();
    const start = store.sent.at(-1);
    if (start?.type !== 'start') throw new Error('no start sent');
    expect(start.job.experiment.dataset).toEqual(store.get().prepared.loadable);
    // The experiment still names the dataset as the bundle did.
    expect(store.get().editor.experiment.dataset).toEqual(ref);
  });

  it("shows the download's failure as the dataset's error", async () => {
    const refusal: SerializedError = { name: 'IntegrityError', code: 'integrity', message: 'no' };
    const jobs: DataJobs = { ...fakeJobs().jobs, download: async () => err(refusal) };
    const store = createTestStore({ data: { jobs } });
    store
      .get()
      .edit({ type: 'dataset', dataset: { kind: 'url', name: 'd', format: 'csv', files } });
    await vi.waitFor(() => expect(store.get().prepared.error).toBe('no'));
    expect(store.get().prepared.loading).toBeNull();
    store.get().applyEvents([CPU_READY]);
    expect(store.get().train()).toBeNull();
  });
});
