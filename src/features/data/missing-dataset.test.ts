import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { Bundle } from '../../core/bundle/schema';
import { testBundle } from '../../core/bundle/test-bundle';
import type { LocalDatasetRef } from '../../core/data/dataset';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { IntegrityError, serializeError } from '../../core/errors';
import { err, ok } from '../../core/result';
import { CPU_READY } from '../../core/test-events';
import { appDb } from '../../storage/app-db';
import { openGradlabDb } from '../../storage/open';
import { storedTable } from '../../core/data/test-stored-dataset';
import { createTestStore } from '../../store/test-store';
import type { DataJobs } from './resolve-dataset';

const choices = { header: 'present', target: 0, task: 'classification' } as const;

/** A stored two-feature, two-class table, as the data worker records one. */
const recordOf = (sha256: string, name: string) =>
  storedTable(
    sha256,
    name,
    { kind: 'file', fileName: `${name}.csv`, format: 'csv' },
    {
      count: 40,
      classes: 2,
      features: 2,
    },
  );

async function putInStorage(record: StoredDataset) {
  const db = await appDb();
  if (!db.ok) throw db.error;
  await db.value.put('datasets', record);
}

/** A ref to a dataset no test has stored yet. */
function unstoredRef(csv = true): LocalDatasetRef {
  const sha256 = crypto.randomUUID().replaceAll('-', '').padEnd(64, '0');
  return { kind: 'local', sha256, name: 'penguins', ...(csv ? { csv: choices } : {}) };
}

/**
 * Data jobs whose CSV import gives the dataset `gives` (a sha256): stored when it is the one
 * asked for, refused as the worker refuses it otherwise.
 */
function importing(gives: string, columns = 5) {
  const asked: Parameters<DataJobs['importCsv']>[0][] = [];
  const jobs: DataJobs = {
    download: async () => err(serializeError(new Error('not in this test'))),
    csvColumns: async () => ok(columns),
    importText: async () => err(serializeError(new Error('not in this test'))),
    storeShared: async () => err(serializeError(new Error('not in this test'))),
    importCsv: async (command) => {
      asked.push(command);
      if (command.sha256 !== undefined && command.sha256 !== gives) {
        return err(serializeError(new IntegrityError('Imported this way, it gives other data.')));
      }
      const name = command.file.path.replace(/\.csv$/, '');
      const record = recordOf(gives, name);
      await putInStorage(record);
      return ok(record);
    },
  };
  return { jobs, asked };
}

describe('a dataset the experiment names but this browser lacks', () => {
  it('is missing: named by its name and sha256, and nothing trains', async () => {
    const store = createTestStore({ data: { jobs: importing('0'.repeat(64)).jobs } });
    store.get().applyEvents([CPU_READY]);
    const ref = unstoredRef();
    store.get().edit({ type: 'dataset', dataset: ref });
    await vi.waitFor(() => expect(store.get().prepared.missing).toEqual(ref));
    expect(store.get().prepared.error).toBe(
      `penguins (sha256 ${ref.sha256.slice(0, 12)}…) is not in this browser's storage.`,
    );
    expect(store.get().prepared.loadable).toBeNull();
    expect(store.get().train()).toBeNull();
  });

  it('is made ready as soon as a dataset with its sha256 is stored, however it came', async () => {
    const store = createTestStore({ data: { jobs: importing('0'.repeat(64)).jobs } });
    const ref = unstoredRef();
    await store.get().prepareDataset(ref);
    expect(store.get().prepared.missing).toEqual(ref);
    // Imported on the Datasets page, or in another tab: the list is read again.
    await putInStorage(recordOf(ref.sha256, 'penguins'));
    await store.get().refreshStoredDatasets();
    await vi.waitFor(() => expect(store.get().prepared.loadable).toEqual(ref));
    expect(store.get().prepared).toMatchObject({ missing: null, error: null });
    expect(store.get().prepared.info?.n).toBe(40);
  });

  it("attaches a text file with its author's text choices", async () => {
    const text = {
      mode: 'language',
      tokenizer: 'char',
      context: 16,
      layout: 'lines',
      maxVocab: 100,
    } as const;
    const ref = { ...unstoredRef(), text };
    const asked: Parameters<DataJobs['importText']>[0][] = [];
    const jobs: DataJobs = {
      ...importing(ref.sha256).jobs,
      importText: async (command) => {
        asked.push(command);
        return err(serializeError(new IntegrityError('Imported this way, it gives other data.')));
      },
    };
    const store = createTestStore({ data: { jobs } });
    await store.get().prepareDataset(ref);
    const file = new Blob(['anna\nbob\n']);
    await store.get().attachMissing(file, 'names (1).txt');
    expect(asked).toEqual([
      {
        type: 'importText',
        file: { path: 'penguins.txt', blob: file },
        choices: text,
        sha256: ref.sha256,
      },
    ]);
    expect(store.get().attaching?.error).toMatch(/^names \(1\)\.txt: Imported this way/);
  });

  it('attaches a chosen file imported as its author did, under its own name and hash', async () => {
    const ref = unstoredRef();
    const { jobs, asked } = importing(ref.sha256);
    const store = createTestStore({ data: { jobs } });
    await store.get().prepareDataset(ref);
    const file = new Blob(['species,x,y\n']);
    await store.get().attachMissing(file, 'penguins (1).csv');
    expect(asked).toEqual([
      {
        type: 'importCsv',
        // Packing names the dataset after its file: the downloaded copy's name must not count.
        file: { path: 'penguins.csv', blob: file },
        ...choices,
        sha256: ref.sha256,
      },
    ]);
    await vi.waitFor(() => expect(store.get().prepared.loadable).toEqual(ref));
    expect(store.get().attaching).toBeNull();
  });

  it('refuses a file that gives other data, and says which', async () => {
    const ref = unstoredRef();
    const store = createTestStore({ data: { jobs: importing('f'.repeat(64)).jobs } });
    await store.get().prepareDataset(ref);
    await store.get().attachMissing(new Blob(['a\n']), 'other.csv');
    expect(store.get().attaching).toEqual({
      sha256: ref.sha256,
      fileName: 'other.csv',
      error: 'other.csv: Imported this way, it gives other data.',
    });
    expect(store.get().prepared.missing).toEqual(ref);
  });

  it('imports with the defaults when the notebook does not name its choices, and says so', async () => {
    const ref = unstoredRef(false);
    const { jobs, asked } = importing('f'.repeat(64), 5);
    const store = createTestStore({ data: { jobs } });
    await store.get().prepareDataset(ref);
    await store.get().attachMissing(new Blob(['a\n']), 'penguins.csv');
    expect(asked[0]).toMatchObject({ header: 'auto', target: 4, task: 'auto' });
    expect(store.get().attaching?.error).toMatch(/import it on the Datasets page/);
  });
});

describe('a shared notebook opened without its data', () => {
  it('loads its shared weights once the file is attached, with no reload', async () => {
    const ref = unstoredRef();
    const lesson: Bundle = await testBundle((json) => {
      const datasets = json.datasets as Record<string, unknown>;
      for (const key of Object.keys(datasets)) datasets[key] = ref;
    });
    const opened = await openGradlabDb({ name: `missing-${crypto.randomUUID()}` });
    if (!opened.ok) throw opened.error;
    const { jobs } = importing(ref.sha256);
    const store = createTestStore({ openDb: async () => ok(opened.value), data: { jobs } });
    const id = await store.get().adoptBundle(lesson, 'author');
    if (id === null) throw new Error(String(store.get().notebookError));
    await store.get().loadNotebook(id);
    store.get().applyEvents([CPU_READY]);
    await vi.waitFor(() => expect(store.get().prepared.missing).toEqual(ref));
    expect(store.get().cellWeights).toMatchObject({ state: 'loading' });
    expect(store.requests.some((r) => r.command.type === 'loadWeights')).toBe(false);

    await store.get().attachMissing(new Blob(['x,y,label\n']), 'penguins.csv');
    await vi.waitFor(() =>
      expect(store.requests.some((r) => r.command.type === 'loadWeights')).toBe(true),
    );
    expect(store.sent.at(-1)).toMatchObject({
      type: 'reset',
      job: { experiment: { dataset: ref } },
    });
    expect(store.get().prepared).toMatchObject({ missing: null, loadable: ref });
    opened.value.close();
  });
});
