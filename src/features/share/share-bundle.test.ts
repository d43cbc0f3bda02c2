import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../app-version';
import { canonicalJson } from '../../core/bundle/canonical';
import { contentId } from '../../core/bundle/content-id';
import v2 from '../../core/bundle/fixtures/v2.json';
import { encodeInlineLink, LINK_BUDGET_BYTES } from '../../core/bundle/link';
import { readBundle } from '../../core/bundle/read';
import { SCHEMA_VERSION, type Bundle } from '../../core/bundle/schema';
import { testBundle } from '../../core/bundle/test-bundle';
import { validateBundle } from '../../core/bundle/validate';
import type { LocalDatasetRef } from '../../core/data/dataset';
import { versionFields, type StoredDataset } from '../../core/data/stored-dataset';
import { RequestTimeoutError } from '../../core/errors';
import type { WorkerEvent } from '../../core/protocol';
import { err, ok } from '../../core/result';
import { openGradlabDb } from '../../storage/open';
import { createTestStore, type TestStoreOptions } from '../../store/test-store';
import {
  cleanTitle,
  sharedBundle,
  UNTITLED,
  type ShareContext,
  type ShareOptions,
} from './share-bundle';
import { datasetTravel } from './share-dataset';
import { shareSourceOf, sweepsOnPage } from './share-source';
import { experimentOf } from '../../core/experiment/cell';
import { testRun } from '../../core/runs/test-run';
import { newSweepRecord, nextLaunches, trialEnded } from '../../core/sweep/queue';
import { SWEEP_FORMAT, type Sweep, type SweepPlan } from '../../core/sweep/sweep';
import { counter } from '../../core/sweep/test-sweeps';
import { CPU_READY } from '../../core/test-events';

const NOW = new Date('2025-05-01T12:00:00.000Z');
const PLAYGROUND_HASH = '#/playground';
const options: ShareOptions = {
  title: 'Spirals',
  includeRuns: false,
  includeWeights: false,
  includeSweepRuns: false,
  createdAt: NOW,
};

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

/** The worker answers an export with the saved model. */
const exporting: TestStoreOptions['answer'] = (command) =>
  command.type === 'export'
    ? ok({
        type: 'exported',
        requestId: 1,
        modelJson: savedModel().modelJson,
        weights: savedModel().data,
      })
    : err(new RequestTimeoutError('not in this test'));

type Store = ReturnType<typeof createTestStore>;

/** The context the share dialog gives: the stored datasets and the worker's model. */
const contextOf = (store: Store, stored: StoredDataset[] = []): ShareContext => ({
  stored,
  exportWeights: () => store.get().exportWeights(1000),
});

const share = (store: Store, hash: string, choices: Partial<ShareOptions> = {}) =>
  sharedBundle(shareSourceOf(store.get(), hash, NOW), { ...options, ...choices }, contextOf(store));

/** Trains the experiment in the editors for two epochs; the run's id. */
function trainTwoEpochs(store: Store): string {
  const runId = store.get().train();
  if (runId === null) throw new Error('could not train');
  store.get().applyEvents([
    { type: 'status', status: 'running' },
    ...[1, 2].map((epoch): WorkerEvent => ({
      type: 'epochEnd',
      runId,
      epoch,
      train: { loss: 0.8 / epoch, accuracy: 0.3 * epoch },
      validation: { loss: 0.9 / epoch, accuracy: 0.25 * epoch },
      samplesPerSec: 500,
      numTensors: 6,
    })),
    { type: 'done', runId, reason: 'completed', epochs: 2 },
    { type: 'status', status: 'done' },
  ]);
  return runId;
}

function trainedPlayground(storeOptions: TestStoreOptions = {}) {
  const store = createTestStore(storeOptions);
  store.get().applyEvents([CPU_READY]);
  return { store, runId: trainTwoEpochs(store) };
}

function valid(json: unknown): Bundle {
  const checked = validateBundle(JSON.parse(JSON.stringify(json)));
  if (!checked.ok) throw checked.error;
  return checked.value;
}

async function storeWithDb(storeOptions: TestStoreOptions = {}) {
  const opened = await openGradlabDb({ name: `share-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  const db = opened.value;
  return createTestStore({ openDb: async () => ok(db), ...storeOptions });
}

/** A lesson without the fixture's shared weights, so sharing it without weights changes nothing. */
const lessonWithoutWeights = () =>
  testBundle((json) => {
    delete json.weights;
    for (const run of json.runs as Record<string, unknown>[]) delete run.weightsKey;
  });

async function openedNotebook(lesson: Bundle, storeOptions: TestStoreOptions = {}) {
  const store = await storeWithDb(storeOptions);
  const id = await store.get().adoptBundle(lesson, 'author');
  if (id === null) throw new Error(String(store.get().notebookError));
  await store.get().loadNotebook(id);
  return { store, id, hash: `#/notebook/${id}` };
}

describe('sharing the playground', () => {
  it('shares it as a first version: an introduction and its experiment, its data under "data"', async () => {
    const store = createTestStore();
    const bundle = await share(store, PLAYGROUND_HASH);
    expect(valid(bundle)).toEqual(bundle);
    expect(bundle.id).toBe(await contentId(bundle));
    expect(bundle).toMatchObject({
      type: 'gradlab/bundle',
      schemaVersion: SCHEMA_VERSION,
      parent: null,
      version: 1,
      createdAt: NOW.toISOString(),
      app: { version: APP_VERSION },
      runs: [],
    });
    expect(bundle.notebook.title).toBe('Spirals');
    expect(bundle.notebook.cells.map((c) => c.type)).toEqual(['markdown', 'experiment']);
    const experiment = store.get().playground;
    expect(bundle.notebook.cells[1]).toMatchObject({
      type: 'experiment',
      dataset: 'data',
      model: experiment.model,
      config: experiment.config,
      views: ['curves', 'boundary'],
    });
    expect(bundle.datasets).toEqual({ data: experiment.dataset });
    expect(bundle.weights).toBeUndefined();
  });

  it('shares the playground’s own experiment, as last edited', async () => {
    const store = createTestStore();
    store.get().edit({ type: 'config', patch: { learningRate: 0.123 } });
    const bundle = await share(store, PLAYGROUND_HASH);
    expect(bundle.notebook.cells[1]).toMatchObject({ config: { learningRate: 0.123 } });
  });

  it('includes the run on screen, only when asked', async () => {
    const { store, runId } = trainedPlayground();
    const bundle = await share(store, PLAYGROUND_HASH, { includeRuns: true });
    expect(valid(bundle).runs).toHaveLength(1);
    expect(bundle.runs[0]).toMatchObject({
      id: runId,
      cellId: 'experiment',
      datasetKey: 'data',
      backend: 'cpu',
      epochs: store.get().history,
      config: store.get().editor.experiment.config,
    });
    const intro = bundle.notebook.cells[0];
    expect(intro?.type === 'markdown' && intro.text).toMatch(/After 2 epochs .* loss was 0\.400/);
    const without = await share(store, PLAYGROUND_HASH);
    expect(without.runs).toEqual([]);
  });

  it('inlines the final weights of the run on screen when asked, which validate against their specs', async () => {
    const { store, runId } = trainedPlayground({ answer: exporting });
    const bundle = await share(store, PLAYGROUND_HASH, { includeRuns: true, includeWeights: true });
    const checked = valid(bundle);
    expect(checked.runs[0]?.weightsKey).toBe(runId);
    const weights = checked.weights?.[runId];
    expect(weights).toMatchObject({ format: 'tfjs-layers', weightSpecs: [{ shape: [2, 2] }, {}] });
    const bytes = Uint8Array.from(atob((weights as { data: string }).data), (c) => c.charCodeAt(0));
    expect(Array.from(new Float32Array(bytes.buffer))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.requests.some((r) => r.command.type === 'export')).toBe(true);
    // Weights belong to a run: without the runs, none.
    const noRuns = await share(store, PLAYGROUND_HASH, { includeWeights: true });
    expect(noRuns.weights).toBeUndefined();
  });

  it('refuses to share weights that hold NaN or infinity, naming the layer', async () => {
    const { store } = trainedPlayground({
      answer: (command) =>
        command.type === 'export'
          ? ok({
              type: 'exported',
              requestId: 1,
              modelJson: savedModel().modelJson,
              weights: new Float32Array([1, 2, 3, 4, NaN, 6]).buffer,
            })
          : err(new RequestTimeoutError('not in this test')),
    });
    await expect(
      share(store, PLAYGROUND_HASH, { includeRuns: true, includeWeights: true }),
    ).rejects.toThrow(
      'The weights of layer dense (bias) hold 1 value that is not a number (NaN or infinite): ' +
        'a model with such weights predicts nothing, so it is not shared with them. Leave out ' +
        'the weights, or reset the model and train it again',
    );
    // Without the weights it shares.
    const bundle = await share(store, PLAYGROUND_HASH, { includeRuns: true });
    expect(bundle.weights).toBeUndefined();
  });

  it('shares without weights when the worker does not answer', async () => {
    const { store } = trainedPlayground({
      answer: () => err(new RequestTimeoutError('no answer')),
    });
    const bundle = await share(store, PLAYGROUND_HASH, { includeRuns: true, includeWeights: true });
    expect(bundle.weights).toBeUndefined();
    expect(valid(bundle).runs[0]?.weightsKey).toBeUndefined();
  });

  it('never inherits the lineage or title of a notebook opened before', async () => {
    const lesson = await lessonWithoutWeights();
    const { store, hash } = await openedNotebook(lesson);
    const fromNotebook = await share(store, hash, {
      title: lesson.notebook.title,
      includeRuns: true,
    });
    expect(fromNotebook.id).toBe(lesson.id);

    // The notebook is still open in the slice, but the page is another one.
    for (const page of [PLAYGROUND_HASH, '#/', '#/runs']) {
      const bundle = await share(store, page, { title: 'Mine' });
      expect([bundle.parent, bundle.version, bundle.notebook.title]).toEqual([null, 1, 'Mine']);
    }
    store.get().openPlayground();
    const bundle = await share(store, PLAYGROUND_HASH, { title: '' });
    expect([bundle.parent, bundle.version, bundle.notebook.title]).toEqual([null, 1, UNTITLED]);
    expect(bundle.notebook.cells).toHaveLength(2);
    expect(bundle.datasets.data).toEqual(store.get().playground.dataset);
    valid(bundle);
  });

  it('leaves out a run that trained a notebook’s cell', async () => {
    const { store } = await openedNotebook(await lessonWithoutWeights());
    store.get().applyEvents([CPU_READY]);
    trainTwoEpochs(store);
    store.get().openPlayground();
    const bundle = await share(store, PLAYGROUND_HASH, { includeRuns: true });
    expect(bundle.runs).toEqual([]);
  });

  it('builds a valid bundle whatever the title', async () => {
    const store = createTestStore();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (title) => {
        const bundle = await share(store, PLAYGROUND_HASH, { title });
        expect(valid(bundle).notebook.title).toBe(cleanTitle(title));
      }),
      { numRuns: 50 },
    );
  });
});

describe('sharing a notebook', () => {
  it('shares a notebook unchanged from its head as that version', async () => {
    const lesson = await lessonWithoutWeights();
    const { store, hash } = await openedNotebook(lesson);
    const bundle = await share(store, hash, { title: lesson.notebook.title, includeRuns: true });
    expect(bundle).toEqual(lesson);
  });

  it('shares a notebook opened from an older bundle as the next version, whose id verifies', async () => {
    // As the previous Gradlab wrote it: schema version 2, configs without clipNorm or weightDecay.
    const old: Record<string, unknown> = JSON.parse(JSON.stringify(v2));
    delete old.weights;
    for (const run of old.runs as Record<string, unknown>[]) delete run.weightsKey;
    old.id = await contentId(old);
    const opened = await readBundle({
      kind: 'link',
      hash: encodeInlineLink(canonicalJson(old)).fragment,
    });
    if (!opened.ok) throw opened.error;
    const { store, hash } = await openedNotebook(opened.value.bundle);
    const bundle = await share(store, hash, { title: v2.notebook.title, includeRuns: true });
    expect([bundle.parent, bundle.version, bundle.schemaVersion]).toEqual([
      old.id,
      2,
      SCHEMA_VERSION,
    ]);
    // The link it makes opens: its id is the hash of what it holds.
    const link = encodeInlineLink(canonicalJson(bundle)).fragment;
    const reopened = await readBundle({ kind: 'link', hash: link });
    expect(reopened.ok && reopened.value.bundle).toEqual(bundle);
  });

  it('shares a changed notebook as the next version of its head', async () => {
    const lesson = await lessonWithoutWeights();
    const { store, hash } = await openedNotebook(lesson);
    store.get().edit({ type: 'config', patch: { learningRate: 0.5 } });
    const bundle = await share(store, hash, { title: lesson.notebook.title, includeRuns: true });
    expect(valid(bundle)).toEqual(bundle);
    expect(bundle.id).toBe(await contentId(bundle));
    expect([bundle.parent, bundle.version]).toEqual([lesson.id, 2]);
    const cell = bundle.notebook.cells.find((c) => c.type === 'experiment' && c.id === 'linear');
    expect(cell).toMatchObject({ config: { learningRate: 0.5 } });
    // A new title is a change too.
    const renamed = await share(store, hash, { title: 'Renamed' });
    expect([renamed.parent, renamed.version, renamed.notebook.title]).toEqual([
      lesson.id,
      2,
      'Renamed',
    ]);
  });

  it('follows a saved version: the head it shares from is the newest saved', async () => {
    const lesson = await lessonWithoutWeights();
    const { store, hash } = await openedNotebook(lesson);
    store.get().edit({ type: 'config', patch: { learningRate: 0.5 } });
    await store.get().saveVersion();
    const head = store.get().openNotebook?.head;
    expect(head?.version).toBe(2);
    const bundle = await share(store, hash, { title: lesson.notebook.title, includeRuns: true });
    expect(bundle).toEqual(head);
  });

  it('inlines the weights of the cell’s newest run when it is the one on screen', async () => {
    const lesson = await lessonWithoutWeights();
    const { store, hash } = await openedNotebook(lesson, { answer: exporting });
    store.get().applyEvents([CPU_READY]);
    const runId = trainTwoEpochs(store);
    expect(store.get().openNotebook?.record.draft.runs.at(-1)?.id).toBe(runId);
    const bundle = await share(store, hash, { includeRuns: true, includeWeights: true });
    const checked = valid(bundle);
    expect(Object.keys(checked.weights ?? {})).toEqual([runId]);
    expect(checked.runs.find((r) => r.id === runId)?.weightsKey).toBe(runId);
    expect(checked.runs.find((r) => r.id === 'run-1')?.weightsKey).toBeUndefined();
  });
});

describe('datasets in a shared bundle', () => {
  const local: LocalDatasetRef = { kind: 'local', sha256: 'b'.repeat(64), name: 'wine' };
  const downloaded = {
    sha256: local.sha256,
    name: 'wine',
    header: { name: 'wine' },
    source: { kind: 'url', url: 'https://example.com/wine.csv', format: 'csv' },
    sourceSha256: 'c'.repeat(64),
    ...versionFields(local.sha256, '2026-01-01T00:00:00.000Z'),
  } as unknown as StoredDataset;
  const choices = { header: 'auto', target: 2, task: 'auto' } as const;
  const imported = (text: string | null, sha256 = local.sha256, name = 'wine') =>
    ({
      ...downloaded,
      ...versionFields(sha256, '2026-01-01T00:00:00.000Z'),
      sha256,
      name,
      header: { name },
      source: { kind: 'file', fileName: `${name}.csv`, format: 'csv' },
      csv: { ...choices, text },
    }) as unknown as StoredDataset;

  /** Text that deflates badly: about `bytes` of pseudo-random digits in three columns. */
  function noisyCsv(bytes: number): string {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const lines = ['x,y,label'];
    while (lines.join('\n').length < bytes) lines.push(`${next()},${next()},${next() % 2}`);
    return `${lines.join('\n')}\n`;
  }

  async function sharedWith(records: StoredDataset[], refs: LocalDatasetRef[] = [local]) {
    const store = createTestStore();
    store.set({ playground: { ...store.get().playground, dataset: refs[0] ?? local } });
    const source = shareSourceOf(store.get(), PLAYGROUND_HASH, NOW);
    // Each further dataset in a cell of its own, copied from the playground's.
    const cell = source.draft.notebook.cells.find((c) => c.type === 'experiment');
    if (cell === undefined) throw new Error('no experiment cell');
    const more = refs.slice(1).map((ref, i) => ({ key: `more-${i}`, ref }));
    const draft: Bundle = {
      ...source.draft,
      datasets: {
        ...source.draft.datasets,
        ...Object.fromEntries(more.map(({ key, ref }) => [key, ref])),
      },
      notebook: {
        ...source.draft.notebook,
        cells: [
          ...source.draft.notebook.cells,
          ...more.map(({ key }) => ({ ...cell, id: key, dataset: key })),
        ],
      },
    };
    return sharedBundle({ ...source, draft }, options, contextOf(store, records));
  }

  const linkBytes = (bundle: Bundle) => encodeInlineLink(canonicalJson(bundle)).bytes;

  it('shares a local dataset downloaded from one pinned file as that url', async () => {
    const bundle = await sharedWith([downloaded]);
    expect(valid(bundle).datasets.data).toEqual({
      kind: 'url',
      name: 'wine',
      format: 'csv',
      files: [{ url: 'https://example.com/wine.csv', sha256: 'c'.repeat(64) }],
    });
    expect(datasetTravel(bundle, [downloaded])).toEqual([]);
  });

  it('carries an imported CSV inline while the link stays within its budget', async () => {
    const text = 'a,b,label\n1,2,x\n3,4,y\n';
    const bundle = await sharedWith([imported(text)]);
    expect(valid(bundle).datasets.data).toEqual({
      kind: 'inline',
      name: 'wine',
      csv: text,
      ...choices,
    });
    expect(linkBytes(bundle)).toBeLessThanOrEqual(LINK_BUDGET_BYTES);
    expect(datasetTravel(bundle, [imported(text)])).toMatchObject([{ travel: 'link' }]);
  });

  it('keeps an imported CSV local, naming its choices, when the link would pass its budget', async () => {
    const text = noisyCsv(16 * 1024);
    const record = imported(text);
    const bundle = await sharedWith([record]);
    expect(valid(bundle).datasets.data).toEqual({ ...local, csv: choices });
    expect(linkBytes(bundle)).toBeLessThanOrEqual(LINK_BUDGET_BYTES);
    expect(datasetTravel(bundle, [record])).toMatchObject([
      { travel: 'file', sha256: local.sha256 },
    ]);
  });

  it('puts the smallest CSVs inline first, as many as fit', async () => {
    const big = imported(noisyCsv(16 * 1024), 'd'.repeat(64), 'big');
    const small = imported('a,b,label\n1,2,x\n', 'e'.repeat(64), 'small');
    const refOf = (r: StoredDataset): LocalDatasetRef => ({
      kind: 'local',
      sha256: r.sha256,
      name: r.name,
    });
    const bundle = await sharedWith([big, small], [refOf(big), refOf(small)]);
    expect(bundle.datasets.data).toMatchObject({ kind: 'local', name: 'big', csv: choices });
    expect(bundle.datasets['more-0']).toMatchObject({ kind: 'inline', name: 'small' });
  });

  it('keeps a dataset local as it is when this browser has no more of it', async () => {
    const bundle = await sharedWith([]);
    expect(valid(bundle).datasets.data).toEqual(local);
    expect(datasetTravel(bundle, [])).toMatchObject([{ travel: 'none' }]);
  });
});

describe('cleanTitle', () => {
  it('drops NUL and lone surrogates, trims, and names an empty title', () => {
    expect(cleanTitle('  a\u0000b\uD800c  ')).toBe('abc');
    expect(cleanTitle(' \u0000 ')).toBe(UNTITLED);
    expect(cleanTitle('')).toBe(UNTITLED);
  });

  it('cuts long titles without splitting a surrogate pair', () => {
    expect(cleanTitle(`${'a'.repeat(199)}😀`)).toBe('a'.repeat(199));
    expect(cleanTitle(`${'a'.repeat(198)}😀`)).toBe(`${'a'.repeat(198)}😀`);
  });
});

describe('sharing a notebook with a sweep cell', () => {
  const PLAN: SweepPlan = {
    fields: [
      {
        target: { kind: 'config', field: 'learningRate' },
        values: { kind: 'list', values: [0.01, 0.1] },
      },
    ],
    method: { kind: 'grid' },
    maxRuns: 2,
    maxMinutes: null,
    objective: { metric: 'validationAccuracy', goal: 'max' },
  };

  /** A notebook whose cell `hidden` sweeps the learning rate, and a finished sweep of it here. */
  async function sweptNotebook() {
    const lesson = await testBundle((json) => {
      delete json.weights;
      for (const run of json.runs as Record<string, unknown>[]) delete run.weightsKey;
      const cells = (json.notebook as { cells: Record<string, unknown>[] }).cells;
      const hidden = cells.find((cell) => cell.id === 'hidden');
      if (hidden !== undefined) hidden.sweep = PLAN;
    });
    const opened = await openedNotebook(lesson);
    const { store, id } = opened;
    const base = experimentOf(lesson, 'hidden');
    if (base === null) throw new Error('no cell hidden');
    const sweep: Sweep = {
      format: SWEEP_FORMAT,
      id: 'sweep-1',
      name: 'spiral',
      createdAt: NOW.toISOString(),
      base,
      place: { kind: 'cell', notebookId: id, cellId: 'hidden' },
      plan: PLAN,
    };
    const made = newSweepRecord(sweep, NOW, counter('t'));
    if (!made.ok) throw made.error;
    let record = nextLaunches(made.value, 2).record;
    for (const trial of record.trials) {
      record = trialEnded(record, trial.id, { ok: true, epochsDone: 2, metric: 0.9 }, NOW);
    }
    const runs = record.trials.map((trial) =>
      testRun({
        id: trial.runId,
        experiment: { ...base, config: { ...base.config, learningRate: Number(trial.values[0]) } },
        place: sweep.place,
        sweep: { sweepId: sweep.id, trialId: trial.id },
      }),
    );
    store.set({ sweeps: [record], runs });
    return { ...opened, lesson, record };
  }

  it('carries the plan always, and the runs of its sweep only when asked, each with its values', async () => {
    const { store, hash, lesson, record } = await sweptNotebook();
    expect(sweepsOnPage(store.get(), hash)).toEqual({ sweepCells: 1, sweepRuns: 2 });
    expect(sweepsOnPage(store.get(), PLAYGROUND_HASH)).toEqual({ sweepCells: 0, sweepRuns: 0 });

    const without = await share(store, hash, { title: lesson.notebook.title, includeRuns: true });
    expect(without).toEqual(lesson);
    const cell = without.notebook.cells.find((c) => c.id === 'hidden');
    expect(cell?.type === 'experiment' && cell.sweep).toEqual(PLAN);

    const bundle = await share(store, hash, { includeRuns: true, includeSweepRuns: true });
    const checked = valid(bundle);
    expect(checked.runs.map((run) => [run.id, run.cellId, run.sweep])).toEqual([
      ['run-1', 'linear', undefined],
      ...record.trials.map((trial) => [trial.runId, 'hidden', { values: trial.values }]),
    ]);
    expect(checked.runs.at(-1)?.config.learningRate).toBe(0.1);
    // Without the cell's own runs, the sweep's still go when asked.
    const onlySweep = await share(store, hash, { includeSweepRuns: true });
    expect(valid(onlySweep).runs.map((run) => run.cellId)).toEqual(['hidden', 'hidden']);
  });

  it('leaves out the runs of a sweep whose plan the cell no longer has', async () => {
    const { store, hash, id } = await sweptNotebook();
    store.get().editDraft((draft) => ({
      ...draft,
      notebook: {
        ...draft.notebook,
        cells: draft.notebook.cells.map((cell) =>
          cell.id === 'hidden' && cell.type === 'experiment'
            ? { ...cell, sweep: { ...PLAN, maxRuns: 3 } }
            : cell,
        ),
      },
    }));
    expect(store.get().openNotebook?.record.id).toBe(id);
    expect(sweepsOnPage(store.get(), hash)).toEqual({ sweepCells: 1, sweepRuns: 0 });
    const bundle = await share(store, hash, { includeSweepRuns: true });
    expect(bundle.runs).toEqual([]);
  });
});
