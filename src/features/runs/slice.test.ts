import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { StorageUnavailableError } from '../../core/errors';
import { PLAYGROUND, type ExperimentPlace } from '../../core/experiment/experiment';
import type { WorkerEvent } from '../../core/protocol';
import { err, ok } from '../../core/result';
import type { EpochRecord } from '../../core/runs/epoch';
import { testRun, testRunExperiment } from '../../core/runs/test-run';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { listRuns, saveRun } from '../../storage/runs-repo';
import { fillableDb } from '../../storage/test-full-disk';
import { getWriteFailures, retryWrites } from '../../storage/write-failures';
import { createTestStore, type TestStoreOptions } from '../../store/test-store';
import type { EndedRun } from '../train/slice';

const READY: WorkerEvent = {
  type: 'ready',
  backend: 'webgpu',
  requested: 'auto',
  reason: 'test',
  adapter: { vendor: 'acme', architecture: 'rdna', description: '', isFallback: false },
  renderer: null,
};

const epochEnd = (runId: string, epoch: number): WorkerEvent => ({
  type: 'epochEnd',
  runId,
  epoch,
  train: { loss: 0.7 / epoch, accuracy: 0.5 },
  validation: null,
  samplesPerSec: 250,
  numTensors: 4,
});

const EXPORTED = {
  modelJson: '{"modelTopology":{}}',
  weights: new Float32Array([3]).buffer,
};

async function freshDb(): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name: `runs-slice-${crypto.randomUUID()}` });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

async function setup(options: TestStoreOptions = {}) {
  const db = await freshDb();
  let clock = Date.parse('2025-06-01T09:00:00Z');
  const store = createTestStore({ openDb: async () => ok(db), now: () => clock, ...options });
  store.get().applyEvents([READY]);
  const advance = (ms: number) => (clock += ms);
  /** Answers the worker's export request (the run's final weights) once it is asked. */
  async function answerExport() {
    await vi.waitFor(() => {
      expect(store.requests.some((r) => r.command.type === 'export')).toBe(true);
    });
    const request = store.requests.find((r) => r.command.type === 'export');
    request?.answer(ok({ type: 'exported', requestId: 1, ...EXPORTED }));
  }
  return { store, db, advance, answerExport };
}

const epoch = (n: number): EpochRecord => ({
  epoch: n,
  trainLoss: 0.7,
  trainAccuracy: 0.5,
  validationLoss: null,
  validationAccuracy: null,
});

/** An ended run as the train slice hands it over. */
function endedRun(overrides: Partial<EndedRun> = {}): EndedRun {
  return {
    id: 'ended-1',
    experiment: testRunExperiment(),
    place: PLAYGROUND,
    datasetSha256: null,
    clock: { startedAt: Date.parse('2025-06-01T09:00:00Z'), runMs: 0, runningSince: null },
    reason: 'completed',
    epochs: [epoch(1)],
    backend: null,
    durationMs: 10,
    samplesPerSec: null,
    ...overrides,
  };
}

describe('runs slice', () => {
  it('records a run that ended with the experiment and place it started with, its time and weights', async () => {
    const { store, db, advance, answerExport } = await setup();
    const s = store.get;
    s().edit({ type: 'config', patch: { learningRate: 0.03 } });
    const started = s().editor.experiment;
    const runId = s().train();
    if (runId === null) throw new Error('could not train');
    s().applyEvents([{ type: 'status', status: 'running' }]);
    s().edit({ type: 'config', patch: { learningRate: 0.5 } });
    advance(2000);
    s().applyEvents([{ type: 'status', status: 'paused' }]);
    advance(60_000);
    s().applyEvents([{ type: 'status', status: 'running' }]);
    advance(1000);
    s().applyEvents([
      epochEnd(runId, 1),
      {
        type: 'progress',
        epoch: 2,
        batch: 3,
        batchesPerEpoch: 3,
        loss: 0.35,
        accuracy: 0.5,
        samplesPerSec: 1234,
      },
      epochEnd(runId, 2),
      { type: 'done', runId, reason: 'completed', epochs: 2 },
      { type: 'status', status: 'done' },
    ]);
    await answerExport();
    await vi.waitFor(() => expect(s().runs.map((r) => r.id)).toEqual([runId]));

    const listed = await listRuns(db);
    if (!listed.ok) throw listed.error;
    const [run] = listed.value.runs;
    expect(run?.id).toBe(runId);
    expect(run?.experiment).toEqual(started);
    expect(run?.experiment.config.learningRate).toBe(0.03);
    expect(run?.place).toEqual(PLAYGROUND);
    expect(run?.durationMs).toBe(3000);
    expect(run?.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(run?.samplesPerSec).toBe(1234);
    expect(run?.backend).toBe('webgpu');
    expect(run?.adapter).toBe('acme / rdna');
    expect(run?.datasetSha256).toBeNull();
    expect(run?.name).toBe('spiral · lr 0.03');
    expect(run?.createdAt).toBe('2025-06-01T09:00:00.000Z');
    expect(run?.weights?.modelJson).toContain('modelTopology');
    expect(new Float32Array(run?.weights?.data ?? new ArrayBuffer(0))).toEqual(
      new Float32Array([3]),
    );
    expect(run?.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(s().runsError).toBeNull();
    db.close();
  });

  it('records where a run of a notebook cell trained', async () => {
    const { store, db } = await setup({
      answer: () => ok({ type: 'exported', requestId: 1, ...EXPORTED }),
    });
    const place: ExperimentPlace = { kind: 'cell', notebookId: 'nb', cellId: 'exp' };
    await store.get().recordRun(endedRun({ id: 'in-cell', place }));
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs.map((r) => [r.id, r.place])).toEqual([
      ['in-cell', place],
    ]);
    db.close();
  });

  it('names each run for what tells it apart from the runs stored before it, read first', async () => {
    const { store, db } = await setup({
      answer: () => ok({ type: 'exported', requestId: 1, ...EXPORTED }),
    });
    // Stored by an earlier visit; the runs page was not opened in this one.
    await saveRun(db, testRun({ id: 'earlier', name: 'spiral · lr 0.01' }));
    const record = (id: string, config: Parameters<typeof testRunExperiment>[0]) =>
      store.get().recordRun(endedRun({ id, experiment: testRunExperiment(config) }));
    await record('same', {});
    await record('faster', { learningRate: 0.1 });
    await record('bigger batch', { learningRate: 0.1, batchSize: 128 });
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs.map((r) => [r.id, r.name]).sort()).toEqual([
      ['bigger batch', 'spiral · lr 0.1 · batch 128'],
      ['earlier', 'spiral · lr 0.01'],
      ['faster', 'spiral · lr 0.1'],
      ['same', 'spiral · lr 0.01 (2)'],
    ]);
    db.close();
  });

  it('records nothing for a run without epochs, nor for one that failed', async () => {
    const { store, db } = await setup();
    await store.get().recordRun(endedRun({ id: 'empty', epochs: [] }));
    await store.get().recordRun(endedRun({ id: 'failed', reason: 'failed' }));
    // A stopped run is a run.
    const stopped = store.get().recordRun(endedRun({ id: 'stopped', reason: 'stopped' }));
    const request = store.requests.find((r) => r.command.type === 'export');
    request?.answer(ok({ type: 'exported', requestId: 1, ...EXPORTED }));
    await stopped;
    expect(store.requests.filter((r) => r.command.type === 'export')).toHaveLength(1);
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs.map((r) => r.id)).toEqual(['stopped']);
    expect(store.get().runs.map((r) => r.id)).toEqual(['stopped']);
    db.close();
  });

  it('a worker run that failed is not recorded', async () => {
    const { store, db } = await setup();
    const runId = store.get().train();
    if (runId === null) throw new Error('could not train');
    store
      .get()
      .applyEvents([
        { type: 'status', status: 'running' },
        epochEnd(runId, 1),
        { type: 'status', status: 'error' },
      ]);
    expect(store.get().endedRun).toMatchObject({ id: runId, reason: 'failed' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.requests.some((r) => r.command.type === 'export')).toBe(false);
    expect(await db.count('runs')).toBe(0);
    db.close();
  });

  it('saves the run without weights when the worker does not answer in time', async () => {
    const { store, db } = await setup();
    // The test store waits 50 ms for the export.
    await store.get().recordRun(endedRun({ id: 'no-weights' }));
    expect(store.requests.some((r) => r.command.type === 'export')).toBe(true);
    expect(store.get().runs[0]?.weights).toBeNull();
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs[0]?.weights).toBeNull();
    db.close();
  });

  it('saves the run without weights when the worker has no model to export', async () => {
    const { store, db } = await setup({
      answer: () =>
        ok({ type: 'exported', requestId: 1, modelJson: '', weights: new ArrayBuffer(0) }),
    });
    await store.get().recordRun(endedRun({ id: 'no-model' }));
    expect(store.get().runs[0]?.weights).toBeNull();
    db.close();
  });

  it('keeps a run a full disk refused, listed and in memory, and saves it on Retry', async () => {
    const disk = fillableDb(await freshDb());
    disk.setFull(true);
    const store = createTestStore({
      openDb: async () => ok(disk.db),
      answer: () => ok({ type: 'exported', requestId: 1, ...EXPORTED }),
    });
    await store.get().recordRun(endedRun());
    expect(store.get().runsError).toMatch(/Could not save the run .* storage for Gradlab is full/);
    expect(getWriteFailures().map((f) => [f.full, f.message])).toEqual([
      [true, store.get().runsError],
    ]);
    expect(store.get().runs.map((r) => r.id)).toEqual(['ended-1']);
    await store.get().refreshRuns();
    expect(store.get().runs.map((r) => r.id)).toEqual(['ended-1']);
    disk.setFull(false);
    retryWrites();
    await vi.waitFor(() => expect(store.get().runsError).toBeNull());
    const listed = await listRuns(disk.db);
    expect(listed.ok && listed.value.runs.map((r) => r.id)).toEqual(['ended-1']);
    expect(getWriteFailures()).toEqual([]);
  });

  it('keeps a rename and tags a full disk refused, shown and in memory, and saves them on Retry', async () => {
    const disk = fillableDb(await freshDb());
    const store = createTestStore({
      openDb: async () => ok(disk.db),
      answer: () => ok({ type: 'exported', requestId: 1, ...EXPORTED }),
    });
    await store.get().recordRun(endedRun());
    disk.setFull(true);
    await store.get().renameRun('ended-1', 'slow learner');
    await store.get().tagRun('ended-1', 'baseline, lr');
    expect(store.get().runsError).toMatch(/storage for Gradlab is full/);
    const shown = () => store.get().runs.map((r) => [r.name, r.tags]);
    expect(shown()).toEqual([['slow learner', ['baseline', 'lr']]]);
    // Reading the list again does not lose the edits the disk refused.
    await store.get().refreshRuns();
    expect(shown()).toEqual([['slow learner', ['baseline', 'lr']]]);
    disk.setFull(false);
    retryWrites();
    await vi.waitFor(() => expect(store.get().runsError).toBeNull());
    const listed = await listRuns(disk.db);
    expect(listed.ok && listed.value.runs.map((r) => [r.name, r.tags])).toEqual([
      ['slow learner', ['baseline', 'lr']],
    ]);
  });

  it('keeps a deletion storage refused, the run hidden, and deletes it on Retry', async () => {
    const disk = fillableDb(await freshDb());
    const store = createTestStore({
      openDb: async () => ok(disk.db),
      answer: () => ok({ type: 'exported', requestId: 1, ...EXPORTED }),
    });
    await store.get().recordRun(endedRun());
    disk.setFull(true);
    await store.get().deleteRun('ended-1');
    expect(store.get().runsError).toMatch(/storage for Gradlab is full/);
    expect(store.get().runs).toEqual([]);
    // Reading the list again does not bring the run back while its deletion waits.
    await store.get().refreshRuns();
    expect(store.get().runs).toEqual([]);
    const before = await listRuns(disk.db);
    expect(before.ok && before.value.runs.map((r) => r.id)).toEqual(['ended-1']);
    disk.setFull(false);
    retryWrites();
    await vi.waitFor(() => expect(store.get().runsError).toBeNull());
    const after = await listRuns(disk.db);
    expect(after.ok && after.value.runs).toEqual([]);
  });

  it('shows storage that cannot be opened as runsError', async () => {
    const store = createTestStore({
      openDb: async () => err(new StorageUnavailableError('no storage')),
    });
    await store.get().refreshRuns();
    expect(store.get().runsError).toBe('no storage');
    expect(store.get().runsLoaded).toBe(false);
  });

  it('renames, tags, selects and deletes', async () => {
    const { store, db } = await setup();
    const s = store.get;
    await saveRun(db, testRun({ id: 'run-1' }));
    await s().refreshRuns();
    expect(s().runsLoaded).toBe(true);
    await s().renameRun('run-1', '  mine ');
    await s().renameRun('run-1', '   ');
    await s().tagRun('run-1', 'fast, adam ,fast');
    expect(s().runs[0]?.name).toBe('mine');
    expect(s().runs[0]?.tags).toEqual(['fast', 'adam']);
    s().toggleRunSelected('run-1');
    expect(s().selectedRunIds).toEqual(['run-1']);
    await s().refreshRuns();
    expect(s().runs[0]?.name).toBe('mine');
    expect(s().selectedRunIds).toEqual(['run-1']);
    await s().deleteRun('run-1');
    expect(s().runs).toEqual([]);
    expect(s().selectedRunIds).toEqual([]);
    const listed = await listRuns(db);
    expect(listed.ok && listed.value.runs).toEqual([]);
    db.close();
  });

  it('names the records it cannot read by id, and keeps them in storage', async () => {
    const { store, db } = await setup();
    await saveRun(db, testRun({ id: 'good' }));
    await db.put('runs', {
      ...testRun({ id: 'broken' }),
      epochs: 'not a curve',
      createdAt: '2025-01-02T00:00:00.000Z',
    } as never);
    await db.put('runs', { ...testRun({ id: 'future' }), format: 99 } as never);
    await store.get().refreshRuns();
    expect(store.get().runs.map((r) => r.id)).toEqual(['good']);
    const unreadable = store.get().unreadableRuns;
    expect(unreadable.map((u) => u.id).sort()).toEqual(['broken', 'future']);
    expect(unreadable.find((u) => u.id === 'broken')?.message).toMatch(/curve/);
    expect(unreadable.find((u) => u.id === 'future')?.message).toMatch(/newer Gradlab/);
    expect(await db.count('runs')).toBe(3);
    // Renaming one is refused, not a rewrite of what could not be read.
    await store.get().renameRun('broken', 'fixed?');
    expect(store.get().runsError).toMatch(/cannot be read/);
    db.close();
  });

  it('selects many runs at once, and filters without losing the selection', async () => {
    const { store, db } = await setup();
    const s = store.get;
    s().toggleRunSelected('b');
    s().selectRuns(['a', 'b', 'c'], true);
    expect(s().selectedRunIds).toEqual(['b', 'a', 'c']);
    s().selectRuns(['a', 'c'], false);
    expect(s().selectedRunIds).toEqual(['b']);
    s().filterRunsBy({ dataset: 'spiral', tag: 'x' });
    s().filterRunsBy({ tag: undefined, sweep: null });
    expect(s().runsFilter).toEqual({ dataset: 'spiral', tag: undefined, sweep: null });
    s().clearRunsFilter();
    expect(s().runsFilter).toEqual({});
    expect(s().selectedRunIds).toEqual(['b']);
    db.close();
  });

  it('sorts by a column and flips it on a second click', async () => {
    const { store, db } = await setup();
    store.get().sortRunsBy('name');
    expect(store.get().runsSort).toEqual({ key: 'name', direction: 'asc' });
    store.get().sortRunsBy('name');
    expect(store.get().runsSort).toEqual({ key: 'name', direction: 'desc' });
    db.close();
  });
});
