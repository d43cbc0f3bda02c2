import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../app-version';
import { contentId } from '../../core/bundle/content-id';
import { validateBundle } from '../../core/bundle/validate';
import type { WorkerEvent } from '../../core/protocol';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { createTestStore } from '../../store/test-store';
import { testRun } from '../../core/runs/test-run';
import { jobOf } from '../train/slice';
import { bundleFromState, cleanTitle, DATASET_KEY, UNTITLED } from './bundle-from-state';
import { IMPORTED_FILE_NOTE } from './share-dataset';

const NOW = new Date('2025-05-01T12:00:00.000Z');
const options = { title: 'Spirals', includeWeights: false, includeRuns: true, createdAt: NOW };

const ready: WorkerEvent = {
  type: 'ready',
  backend: 'cpu',
  requested: 'auto',
  reason: 'test',
  adapter: null,
  renderer: null,
} as WorkerEvent;

/** A model.json over two float32 tensors (2x2 kernel, 2 biases) and its 24 bytes. */
function savedModel() {
  const modelJson = JSON.stringify({
    modelTopology: { class_name: 'Sequential', config: { layers: [] } },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'dense/kernel', shape: [2, 2], dtype: 'float32' },
          { name: 'dense/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ],
  });
  return { modelJson, data: new Float32Array([1, 2, 3, 4, 5, 6]).buffer };
}

function trainedStore() {
  const store = createTestStore();
  const job = jobOf(store.get());
  store.get().applyEvents([ready]);
  store.set({
    history: [
      {
        epoch: 1,
        trainLoss: 0.7,
        trainAccuracy: 0.5,
        validationLoss: 0.8,
        validationAccuracy: 0.4,
      },
      {
        epoch: 2,
        trainLoss: 0.5,
        trainAccuracy: 0.7,
        validationLoss: 0.6,
        validationAccuracy: 0.6,
      },
    ],
    checkpoint: { runId: 'run-1', epoch: 2 },
  });
  return { store, job };
}

function valid(json: unknown) {
  const checked = validateBundle(JSON.parse(JSON.stringify(json)));
  if (!checked.ok) throw checked.error;
  return checked.value;
}

describe('bundleFromState', () => {
  it('shares a fresh experiment as version 1 with its content id', async () => {
    const { get } = createTestStore();
    const bundle = await bundleFromState(get(), options);
    expect(valid(bundle)).toEqual(bundle);
    expect(bundle).toMatchObject({
      schemaVersion: 2,
      parent: null,
      version: 1,
      createdAt: NOW.toISOString(),
      app: { version: APP_VERSION },
      runs: [],
    });
    expect(bundle.id).toBe(await contentId(bundle));
    expect(bundle.notebook.title).toBe('Spirals');
    const [intro, experiment] = bundle.notebook.cells;
    expect(intro?.type).toBe('markdown');
    expect(experiment).toMatchObject({
      type: 'experiment',
      dataset: DATASET_KEY,
      model: jobOf(get()).model,
      views: ['curves', 'boundary'],
    });
    expect(bundle.datasets[DATASET_KEY]).toEqual(jobOf(get()).dataset);
    expect(bundle.weights).toBeUndefined();
  });

  it('shares an opened notebook as the next version of the bundle it came from', async () => {
    const { get, set } = createTestStore();
    const parent = `sha256-${'a'.repeat(64)}`;
    set({ openedNotebook: { notebookId: 'n', bundleId: parent, version: 3, title: 'Old' } });
    const bundle = await bundleFromState(get(), options);
    expect(bundle.parent).toBe(parent);
    expect(bundle.version).toBe(4);
    valid(bundle);
  });

  it('includes the current run, only when asked', async () => {
    const { store } = trainedStore();
    const bundle = await bundleFromState(store.get(), options);
    expect(valid(bundle).runs).toHaveLength(1);
    expect(bundle.runs[0]).toMatchObject({
      id: 'run-1',
      backend: 'cpu',
      datasetKey: DATASET_KEY,
      epochs: store.get().history,
    });
    const without = await bundleFromState(store.get(), { ...options, includeRuns: false });
    expect(without.runs).toEqual([]);
  });

  it("prefers the run's stored record, with the job as it was at its start", async () => {
    const { store, job } = trainedStore();
    const stored = testRun({ id: 'run-1', job: { ...job, config: { ...job.config, epochs: 7 } } });
    store.set({ runs: [stored] });
    const bundle = await bundleFromState(store.get(), options);
    expect(valid(bundle).runs[0]).toMatchObject({ config: { epochs: 7 }, epochs: stored.epochs });
  });

  it('leaves out a run trained on other data than the experiment now uses', async () => {
    const { store, job } = trainedStore();
    const other = { ...job, dataset: { kind: 'shipped', name: 'iris' } as const };
    store.set({ runs: [testRun({ id: 'run-1', job: other })] });
    expect((await bundleFromState(store.get(), options)).runs).toEqual([]);
  });

  it("inlines the stored run's final weights, which validate against their specs", async () => {
    const { store, job } = trainedStore();
    store.set({ runs: [testRun({ id: 'run-1', job, weights: savedModel() })] });
    const bundle = await bundleFromState(store.get(), { ...options, includeWeights: true });
    const checked = valid(bundle);
    expect(checked.runs[0]?.weightsKey).toBe('run-1');
    const weights = checked.weights?.['run-1'];
    expect(weights).toMatchObject({ format: 'tfjs-layers', weightSpecs: [{ shape: [2, 2] }, {}] });
    const bytes = Uint8Array.from(atob((weights as { data: string }).data), (c) => c.charCodeAt(0));
    expect(Array.from(new Float32Array(bytes.buffer))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('asks the worker for the weights when the run was not stored yet', async () => {
    const { store } = trainedStore();
    const pending = bundleFromState(store.get(), { ...options, includeWeights: true });
    const asked = store.sent.find((c) => c.type === 'export');
    expect(asked).toBeDefined();
    const { modelJson, data } = savedModel();
    store.get().applyEvents([
      {
        type: 'exported',
        requestId: (asked as { requestId: number }).requestId,
        modelJson,
        weights: data,
      },
    ]);
    const bundle = await pending;
    expect(Object.keys(valid(bundle).weights ?? {})).toEqual(['run-1']);
  });

  it('shares without weights when the worker does not answer in time', async () => {
    const { store } = trainedStore();
    const bundle = await bundleFromState(store.get(), {
      ...options,
      includeWeights: true,
      exportTimeoutMs: 1,
    });
    expect(bundle.weights).toBeUndefined();
    expect(valid(bundle).runs[0]?.weightsKey).toBeUndefined();
  });

  it('shares a downloaded one-file dataset as a pinned url ref, an imported file as local', async () => {
    const { get, set } = createTestStore();
    const record = {
      sha256: 'b'.repeat(64),
      name: 'wine',
      header: {
        name: 'wine',
        kind: 'tabular',
        task: 'classification',
        count: 10,
        inputShape: [4],
        xType: 'float32',
        classNames: ['a', 'b'],
        featureNames: ['w', 'x', 'y', 'z'],
      },
      source: { kind: 'url', url: 'https://example.com/wine.csv', format: 'csv' },
      sourceSha256: 'c'.repeat(64),
    } as unknown as StoredDataset;
    set({
      datasetChoice: {
        kind: 'stored',
        ref: { kind: 'local', sha256: record.sha256, name: 'wine' },
      },
      activeRecord: record,
    });
    const bundle = await bundleFromState(get(), options);
    expect(valid(bundle).datasets[DATASET_KEY]).toEqual({
      kind: 'url',
      name: 'wine',
      format: 'csv',
      files: [{ url: 'https://example.com/wine.csv', sha256: 'c'.repeat(64) }],
    });
    set({
      activeRecord: { ...record, source: { kind: 'file', fileName: 'w.csv', format: 'csv' } },
    });
    expect(IMPORTED_FILE_NOTE).toMatch(/not included/);
    expect(valid(await bundleFromState(get(), options)).datasets[DATASET_KEY]?.kind).toBe('local');
  });

  it('builds a valid bundle whatever the title', async () => {
    const { get } = createTestStore();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (title) => {
        const bundle = await bundleFromState(get(), { ...options, title });
        expect(valid(bundle).notebook.title).toBe(cleanTitle(title));
      }),
      { numRuns: 50 },
    );
  });
});

describe('cleanTitle', () => {
  it('drops NUL and lone surrogates, trims, and names an empty title', () => {
    expect(cleanTitle('  a\u0000b\uD800c  ')).toBe('abc');
    expect(cleanTitle(' \u0000 ')).toBe(UNTITLED);
  });

  it('cuts long titles without splitting a surrogate pair', () => {
    const title = cleanTitle(`${'a'.repeat(199)}😀`);
    expect(title).toBe('a'.repeat(199));
  });
});
