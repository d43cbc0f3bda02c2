import 'fake-indexeddb/auto';
import { describe, expect, test, vi } from 'vitest';
import { WorkerError, WorkerLostError } from '../../core/errors';
import { PLAYGROUND, type ExperimentPlace } from '../../core/experiment/experiment';
import { GRID_RESOLUTION, jobOf } from '../../core/experiment/job';
import type { WorkerCommand, WorkerEvent } from '../../core/protocol';
import { ok } from '../../core/result';
import { openGradlabDb } from '../../storage/open';
import { createTestStore } from '../../store/test-store';
import { CPU_READY, epochEnd, runDone, statusEvent } from '../../core/test-events';
import { memoryError } from './memory-check';

const ofType = <T extends WorkerCommand['type']>(sent: WorkerCommand[], type: T) =>
  sent.filter((c): c is Extract<WorkerCommand, { type: T }> => c.type === type);

/** A store whose worker is ready (the reset for the default experiment already sent). */
function readyStore(options: Parameters<typeof createTestStore>[0] = {}) {
  const store = createTestStore(options);
  store.get().applyEvents([CPU_READY]);
  return store;
}

/** Starts a run; its id, checked against the `start` command it sent. */
function train(store: ReturnType<typeof createTestStore>): string {
  const runId = store.get().train();
  if (runId === null) throw new Error('the experiment could not train');
  const start = store.sent.at(-1);
  expect(start).toMatchObject({ type: 'start', runId });
  return runId;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('train slice', () => {
  test('a batch of events lands as one update, epochs appended in order', () => {
    const store = readyStore();
    const runId = train(store);
    store
      .get()
      .applyEvents([
        statusEvent('running'),
        epochEnd(runId, 1),
        epochEnd(runId, 2),
        { type: 'error', error: { name: 'E', code: 'x', message: 'went wrong' } },
      ]);
    expect(store.get().history.map((p) => p.epoch)).toEqual([1, 2]);
    store.get().applyEvents([epochEnd(runId, 3)]);
    expect(store.get().history.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(store.get().history[1]).toEqual({
      epoch: 2,
      trainLoss: 0.5,
      trainAccuracy: 0.5,
      validationLoss: 1,
      validationAccuracy: 0.4,
    });
    expect(store.get().status).toBe('running');
    expect(store.get().trainError).toBe('went wrong');
  });

  test('train sends start with the job built from the experiment and a run id, and clears the last run', () => {
    const store = readyStore();
    const first = train(store);
    store
      .get()
      .applyEvents([
        statusEvent('running'),
        epochEnd(first, 1),
        runDone(first),
        statusEvent('done'),
      ]);
    expect(store.get().history).toHaveLength(1);
    expect(store.get().endedRun?.id).toBe(first);

    expect(store.get().edit({ type: 'config', patch: { epochs: 7 } })).toBeNull();
    const runId = train(store);
    expect(runId).not.toBe(first);
    const { editor, prepared } = store.get();
    const start = ofType(store.sent, 'start').at(-1);
    expect(start).toEqual({
      type: 'start',
      runId,
      job: jobOf(editor.experiment, PLAYGROUND, prepared.info, prepared.loadable ?? undefined),
    });
    expect(start?.job.gridResolution).toBe(GRID_RESOLUTION);
    expect(start?.job.gridResolution).toBe(48);
    expect(start?.job.place).toEqual(PLAYGROUND);
    expect(start?.job.experiment.config).toMatchObject({
      epochs: 7,
      loss: 'categoricalCrossentropy',
    });
    expect(start?.job.experiment.model.layers.at(-1)).toMatchObject({
      type: 'dense',
      units: 2,
      activation: 'softmax',
    });
    // The last run's curve and record are cleared; the new run is named.
    expect(store.get().history).toEqual([]);
    expect(store.get().endedRun).toBeNull();
    expect(store.get().run).toMatchObject({ id: runId, place: PLAYGROUND });
  });

  test('nothing trains before the worker is ready', () => {
    const store = createTestStore();
    expect(store.get().train()).toBeNull();
    expect(store.sent).toEqual([]);
  });

  test('a regression dataset gets one linear output and the squared-error loss', () => {
    const store = readyStore();
    const refused = store.get().edit({
      type: 'dataset',
      dataset: {
        kind: 'builtin',
        generator: 'sine',
        params: { size: 200, noise: 0.1 },
        seed: 1,
      },
    });
    expect(refused).toBeNull();
    train(store);
    const start = ofType(store.sent, 'start').at(-1);
    expect(start?.job.experiment.dataset).toMatchObject({ kind: 'builtin', generator: 'sine' });
    expect(start?.job.experiment.config.loss).toBe('meanSquaredError');
    expect(start?.job.experiment.model.layers.at(-1)).toMatchObject({
      type: 'dense',
      units: 1,
      activation: 'linear',
    });
  });

  test('a lost backend cuts the curve back to its checkpoint; the epochs trained again follow', () => {
    const store = readyStore();
    const runId = train(store);
    store
      .get()
      .applyEvents([
        statusEvent('running'),
        epochEnd(runId, 1),
        epochEnd(runId, 2),
        { type: 'checkpoint', runId, epoch: 2 },
        epochEnd(runId, 3),
      ]);
    expect(store.get().checkpoint).toEqual({ runId, epoch: 2 });
    const lost: WorkerEvent = {
      type: 'backendLost',
      lost: 'webgl',
      next: 'wasm',
      resumedFromEpoch: 2,
      message:
        'The GPU stopped responding (WebGL context lost). Training goes on from epoch 3 on wasm.',
    };
    store.get().applyEvents([epochEnd(runId, 4), lost, epochEnd(runId, 3)]);
    expect(store.get().history.map((p) => p.epoch)).toEqual([1, 2, 3]);
    store.get().applyEvents([epochEnd(runId, 4)]);
    expect(store.get().history.map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    expect(store.get().checkpoint).toEqual({ runId, epoch: 2 });
    expect(store.get().backendLost).toEqual(lost);
    store.get().dismissBackendLost();
    expect(store.get().backendLost).toBeNull();
  });

  test('a backend lost before any checkpoint starts the curve again', () => {
    const store = readyStore();
    const runId = train(store);
    store.get().applyEvents([statusEvent('running'), epochEnd(runId, 1), epochEnd(runId, 2)]);
    store.get().applyEvents([
      {
        type: 'backendLost',
        lost: 'webgpu',
        next: 'cpu',
        resumedFromEpoch: 0,
        message: 'lost',
      },
    ]);
    expect(store.get().history).toEqual([]);
    expect(store.get().checkpoint).toBeNull();
  });

  test('epochs, checkpoints and the end of another run are ignored', () => {
    const store = readyStore();
    const runA = train(store);
    store.get().applyEvents([statusEvent('running'), epochEnd(runA, 1)]);
    // Run B starts before the worker's last words about run A arrive.
    const runB = train(store);
    store
      .get()
      .applyEvents([
        epochEnd(runA, 2),
        { type: 'checkpoint', runId: runA, epoch: 2 },
        runDone(runA, 2),
        statusEvent('running'),
        epochEnd(runB, 1),
      ]);
    expect(store.get().run?.id).toBe(runB);
    expect(store.get().endedRun).toBeNull();
    expect(store.get().checkpoint).toBeNull();
    expect(store.get().history.map((p) => p.epoch)).toEqual([1]);
    expect(store.get().history[0]?.trainLoss).toBe(1);
    store.get().applyEvents([runDone(runB), statusEvent('done')]);
    expect(store.get().endedRun).toMatchObject({ id: runB, reason: 'completed' });
  });

  test('a run ends with the experiment and place it started with, whatever changed since', async () => {
    const store = readyStore();
    const { get } = store;
    get().edit({ type: 'config', patch: { learningRate: 0.03 } });
    const started = get().editor.experiment;
    const runId = train(store);
    const ended = get().whenRunEnds(runId);
    get().applyEvents([statusEvent('running'), epochEnd(runId, 1)]);
    // The user edits and moves to another experiment while the worker still trains.
    get().edit({ type: 'config', patch: { learningRate: 0.5 } });
    const elsewhere: ExperimentPlace = { kind: 'cell', notebookId: 'nb', cellId: 'c' };
    get().openExperiment(get().editor.experiment, elsewhere);
    get().applyEvents([epochEnd(runId, 2), runDone(runId, 2), statusEvent('done')]);
    expect(await ended).toBe('completed');
    const endedRun = get().endedRun;
    expect(endedRun?.id).toBe(runId);
    expect(endedRun?.place).toEqual(PLAYGROUND);
    expect(endedRun?.experiment).toBe(started);
    expect(endedRun?.experiment.config.learningRate).toBe(0.03);
    expect(endedRun?.epochs.map((p) => p.epoch)).toEqual([1, 2]);
    expect(endedRun?.backend?.backend).toBe('cpu');
  });

  test('a run from start to done in one batch of events still ends and is recorded', async () => {
    const opened = await openGradlabDb({ name: `train-slice-${crypto.randomUUID()}` });
    if (!opened.ok) throw opened.error;
    const db = opened.value;
    let clock = 1_000;
    const store = readyStore({
      openDb: async () => ok(db),
      now: () => (clock += 100),
    });
    const runId = train(store);
    const ended = store.get().whenRunEnds(runId);
    // No 'running' status is ever seen: the worker finished before the page heard of it.
    store.get().applyEvents([epochEnd(runId, 1), epochEnd(runId, 2), runDone(runId, 2)]);
    expect(await ended).toBe('completed');
    expect(store.get().run).toBeNull();
    expect(store.get().endedRun).toMatchObject({ id: runId, reason: 'completed' });
    expect(store.get().endedRun?.epochs).toHaveLength(2);
    // The store's reactions hand the ended run to the runs history, which asks for its weights.
    await vi.waitFor(() =>
      expect(store.requests.some((r) => r.command.type === 'export')).toBe(true),
    );
    await vi.waitFor(() => expect(store.get().runs.map((r) => r.id)).toEqual([runId]));
    expect(store.get().runs[0]?.epochs).toHaveLength(2);
    db.close();
  });

  test('whenRunEnds tells how a run ended, also a run that ended already or never was', async () => {
    const store = readyStore();
    const runId = train(store);
    const stopped = store.get().whenRunEnds(runId);
    store.get().stop();
    expect(store.sent.at(-1)).toEqual({ type: 'stop' });
    store
      .get()
      .applyEvents([
        statusEvent('running'),
        epochEnd(runId, 1),
        { type: 'done', runId, reason: 'stopped', epochs: 1 },
        statusEvent('done'),
      ]);
    expect(await stopped).toBe('stopped');
    expect(await store.get().whenRunEnds(runId)).toBe('stopped');
    expect(await store.get().whenRunEnds('never-started')).toBe('stopped');

    const failing = train(store);
    const failed = store.get().whenRunEnds(failing);
    store.get().applyEvents([statusEvent('running'), statusEvent('error')]);
    expect(await failed).toBe('failed');
    expect(store.get().endedRun).toMatchObject({ id: failing, reason: 'failed' });
  });

  test('a change of data, model or seed sends one reset; other settings do not', () => {
    const store = readyStore();
    const resets = () => ofType(store.sent, 'reset').length;
    expect(resets()).toBe(1);
    expect(ofType(store.sent, 'reset')[0]?.job.experiment).toEqual(store.get().editor.experiment);

    store.get().edit({ type: 'config', patch: { learningRate: 0.2 } });
    store.get().edit({ type: 'config', patch: { epochs: 12, batchSize: 8 } });
    expect(resets()).toBe(1);

    store.get().edit({ type: 'layers', edit: { type: 'add', layer: 'dense' } });
    expect(resets()).toBe(2);
    const dataset = store.get().editor.experiment.dataset;
    if (dataset.kind !== 'builtin') throw new Error('not generated');
    store.get().edit({
      type: 'dataset',
      dataset: { ...dataset, params: { ...dataset.params, noise: 0.3 } },
      field: 'noise',
    });
    expect(resets()).toBe(3);
    store.get().edit({ type: 'seed', seed: 99 });
    expect(resets()).toBe(4);
    const last = ofType(store.sent, 'reset').at(-1);
    expect(last?.job.experiment.config.seed).toBe(99);
    expect(last?.job.experiment.dataset).toMatchObject({ seed: 99, params: { noise: 0.3 } });
    expect(store.get().modelKey).not.toBeNull();
  });

  test('no reset while a run goes on; the model follows the experiment once it ends', () => {
    const store = readyStore();
    const runId = train(store);
    store.get().applyEvents([statusEvent('running')]);
    const resets = () => ofType(store.sent, 'reset').length;
    const before = resets();
    store.get().edit({ type: 'layers', edit: { type: 'add', layer: 'dense' } });
    store.get().edit({ type: 'seed', seed: 5 });
    store.get().applyEvents([statusEvent('paused')]);
    expect(resets()).toBe(before);
    store.get().applyEvents([runDone(runId), statusEvent('done')]);
    expect(resets()).toBe(before + 1);
    expect(ofType(store.sent, 'reset').at(-1)?.job.experiment.config.seed).toBe(5);
  });

  test('reset re-initialises the model of the experiment unless a run goes on', () => {
    const store = readyStore();
    const runId = train(store);
    store.get().applyEvents([statusEvent('running'), epochEnd(runId, 1)]);
    const resets = () => ofType(store.sent, 'reset').length;
    store.get().reset();
    expect(resets()).toBe(1);
    store.get().applyEvents([runDone(runId), statusEvent('done')]);
    store.get().reset();
    expect(resets()).toBe(2);
    expect(store.get().history).toEqual([]);
  });

  test('loadWeights sends a reset and then the weights once the worker is ready', async () => {
    const store = createTestStore();
    const weightSpecs = [{ name: 'dense_0/kernel', shape: [2, 8], dtype: 'float32' as const }];
    const loaded = store.get().loadWeights({ weightSpecs, data: new ArrayBuffer(64) });
    expect(store.requests).toEqual([]);
    store.get().applyEvents([CPU_READY]);
    const reset = store.sent.findLastIndex((c) => c.type === 'reset');
    expect(reset).toBeGreaterThanOrEqual(0);
    const request = store.requests.find((r) => r.command.type === 'loadWeights');
    if (request?.command.type !== 'loadWeights') throw new Error('no loadWeights asked');
    expect(request.command.weightSpecs).toEqual(weightSpecs);
    expect(request.command.data.byteLength).toBe(64);
    // The reset of this experiment is the last command before the weights, so they stay.
    expect(store.sent.at(-1)?.type).toBe('reset');
    request.answer(ok({ type: 'weightsLoaded', requestId: 1 }));
    expect(await loaded).toEqual({ ok: true, value: undefined });
  });

  test("loadWeights passes on the worker's refusal to whoever asked, not to the run", async () => {
    const store = readyStore();
    const refused = store.get().loadWeights({ weightSpecs: [], data: new ArrayBuffer(4) });
    const request = store.requests.find((r) => r.command.type === 'loadWeights');
    if (request === undefined) throw new Error('no loadWeights asked');
    const error = { name: 'WeightsMismatchError', code: 'weights-mismatch', message: 'no fit' };
    request.answer({ ok: false, error: new WorkerError(error) });
    const outcome = await refused;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatchObject(error);
    expect(store.get().trainError).toBeNull();
  });

  test('loadWeights gives up with an error when the worker does not answer', async () => {
    vi.useFakeTimers();
    try {
      const store = readyStore();
      const loaded = store.get().loadWeights({ weightSpecs: [], data: new ArrayBuffer(0) });
      await vi.advanceTimersByTimeAsync(60_000);
      const outcome = await loaded;
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.code).toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });

  test('Train supersedes weights still waiting to load, so they cannot end the new run', async () => {
    const store = readyStore();
    const runA = train(store);
    store.get().applyEvents([statusEvent('running')]);
    // While a run goes on the weights wait: loading them would reset the model.
    const loaded = store.get().loadWeights({ weightSpecs: [], data: new ArrayBuffer(0) });
    expect(store.requests).toEqual([]);
    const runB = train(store);
    const outcome = await loaded;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('superseded');
    store.get().applyEvents([runDone(runA), statusEvent('running')]);
    await tick();
    expect(store.requests.some((r) => r.command.type === 'loadWeights')).toBe(false);
    expect(store.sent.at(-1)).toMatchObject({ type: 'start', runId: runB });
  });

  test('a second loadWeights supersedes the first', async () => {
    const store = createTestStore();
    const first = store.get().loadWeights({ weightSpecs: [], data: new ArrayBuffer(0) });
    const second = store.get().loadWeights({ weightSpecs: [], data: new ArrayBuffer(8) });
    const outcome = await first;
    expect(!outcome.ok && outcome.error.code).toBe('superseded');
    store.get().applyEvents([CPU_READY]);
    const requests = store.requests.filter((r) => r.command.type === 'loadWeights');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.command.type === 'loadWeights' && requests[0].command.data.byteLength).toBe(
      8,
    );
    requests[0]?.answer(ok({ type: 'weightsLoaded', requestId: 1 }));
    expect((await second).ok).toBe(true);
  });

  test('resumeRun goes on with the checkpoint and keeps the model, no reset after it', () => {
    const store = readyStore();
    const resets = ofType(store.sent, 'reset').length;
    const history = [1, 2].map((epoch) => ({
      epoch,
      trainLoss: 1 / epoch,
      trainAccuracy: 0.5,
      validationLoss: 1,
      validationAccuracy: 0.4,
    }));
    const { editor, prepared } = store.get();
    const job = jobOf(editor.experiment, PLAYGROUND, prepared.info, prepared.loadable ?? undefined);
    store.get().resumeRun({
      format: 2,
      runId: 'old-run',
      epoch: 2,
      steps: 20,
      savedAt: '2025-01-01T00:00:00.000Z',
      job,
      history,
      optimizer: 'Adam',
      weights: [],
      optimizerWeights: [],
      adamPowers: null,
    });
    expect(store.sent.at(-1)).toEqual({ type: 'resumeFrom', job, runId: 'old-run' });
    expect(store.get().history).toEqual(history);
    expect(store.get().checkpoint).toEqual({ runId: 'old-run', epoch: 2 });
    // Before the worker says it runs, while it runs and once it is done: no reset.
    store.get().syncModel();
    store.get().applyEvents([statusEvent('running'), epochEnd('old-run', 3)]);
    expect(store.get().history.map((p) => p.epoch)).toEqual([1, 2, 3]);
    store.get().applyEvents([runDone('old-run', 3), statusEvent('done')]);
    expect(store.get().endedRun).toMatchObject({ id: 'old-run', reason: 'completed' });
    expect(ofType(store.sent, 'reset')).toHaveLength(resets);
  });

  test('workerLost fails the run, says what happened through the fresh worker and starts one', async () => {
    const store = readyStore();
    const runId = train(store);
    const ended = store.get().whenRunEnds(runId);
    store.get().applyEvents([statusEvent('running'), epochEnd(runId, 1)]);
    store.get().workerLost(new WorkerLostError('The training worker crashed.', 'crashed'));
    expect(store.get().status).toBe('error');
    expect(store.get().workerLoss).toBe('The training worker crashed.');
    expect(store.get().backend).toBeNull();
    expect(store.get().run).toBeNull();
    expect(store.get().endedRun).toMatchObject({ id: runId, reason: 'failed' });
    expect(await ended).toBe('failed');
    expect(store.backends).toEqual(['auto']);
    // The fresh worker gets the experiment's model once it is ready; its reset's idle does not
    // hide the loss, and Train works.
    const resets = ofType(store.sent, 'reset').length;
    store.get().applyEvents([CPU_READY]);
    expect(ofType(store.sent, 'reset')).toHaveLength(resets + 1);
    store.get().applyEvents([statusEvent('idle')]);
    expect(store.get()).toMatchObject({
      status: 'error',
      workerLoss: 'The training worker crashed.',
    });
    const next = train(store);
    expect(next).not.toBe(runId);
    expect(store.get().workerLoss).toBeNull();
    store.get().applyEvents([statusEvent('running')]);
    expect(store.get().status).toBe('running');
  });

  test('Reset after a lost worker clears the message and takes the fresh idle', () => {
    const store = readyStore();
    train(store);
    store.get().workerLost(new WorkerLostError('The training worker stopped.', 'closed'));
    store.get().applyEvents([CPU_READY, statusEvent('idle')]);
    expect(store.get().status).toBe('error');
    store.get().reset();
    expect(store.get().workerLoss).toBeNull();
    store.get().applyEvents([statusEvent('idle')]);
    expect(store.get().status).toBe('idle');
  });

  test('a worker that broke on an error: the error gives way to what happened, the run to Resume', async () => {
    const store = readyStore();
    const runId = train(store);
    const ended = store.get().whenRunEnds(runId);
    const broken = 'The WebAssembly backend failed (memory access out of bounds).';
    // The bridge hands on the error event, then reports the loss (the protocol calls it fatal).
    store.get().applyEvents([
      statusEvent('running'),
      epochEnd(runId, 1),
      {
        type: 'error',
        error: { name: 'BackendBrokenError', code: 'backend-broken', message: broken },
      },
    ]);
    store
      .get()
      .workerLost(new WorkerLostError(`The training worker cannot go on: ${broken}`, 'broken'));
    expect(await ended).toBe('failed');
    expect(store.backends).toEqual(['auto']);
    expect(store.get()).toMatchObject({
      status: 'error',
      workerLoss: `The training worker cannot go on: ${broken}`,
      trainError: null,
      backend: null,
    });
  });

  test('choosing a backend starts a fresh worker on it and stops the run', async () => {
    const store = readyStore();
    const runId = train(store);
    const ended = store.get().whenRunEnds(runId);
    store.get().setBackendChoice('wasm');
    expect(store.backends).toEqual(['wasm']);
    expect(store.get()).toMatchObject({ backendChoice: 'wasm', backend: null, run: null });
    expect(await ended).toBe('stopped');
  });

  test('ask sends the question and gives the answer, or a timeout', async () => {
    vi.useFakeTimers();
    try {
      const store = readyStore();
      const answered = store.get().ask({ type: 'export' });
      const request = store.requests.at(-1);
      expect(request?.command).toEqual({ type: 'export' });
      const exported: WorkerEvent = {
        type: 'exported',
        requestId: 1,
        modelJson: '{}',
        weights: new ArrayBuffer(4),
      };
      request?.answer(ok(exported));
      expect(await answered).toEqual(ok(exported));

      const silent = store.get().ask({ type: 'export' }, { timeoutMs: 500 });
      await vi.advanceTimersByTimeAsync(499);
      let settled = false;
      void silent.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const outcome = await silent;
      expect(!outcome.ok && outcome.error.code).toBe('timeout');
    } finally {
      vi.useRealTimers();
    }
  });

  test('whenTrainable waits for the worker, and says no once another experiment is opened', async () => {
    const store = createTestStore();
    let trainable: boolean | null = null;
    void store
      .get()
      .whenTrainable()
      .then((t) => (trainable = t));
    await tick();
    expect(trainable).toBeNull();
    store.get().applyEvents([CPU_READY]);
    await tick();
    expect(trainable).toBe(true);

    const runId = train(store);
    store.get().applyEvents([statusEvent('running')]);
    let again: boolean | null = null;
    void store
      .get()
      .whenTrainable()
      .then((t) => (again = t));
    await tick();
    expect(again).toBeNull();
    const cell: ExperimentPlace = { kind: 'cell', notebookId: 'nb', cellId: 'c' };
    store.get().openExperiment(store.get().editor.experiment, cell);
    await tick();
    expect(again).toBe(false);
    store.get().applyEvents([runDone(runId), statusEvent('done')]);
  });
});

describe('a job above the backend memory', () => {
  test('is refused before it starts with the estimate and the largest batch that fits', async () => {
    const store = createTestStore();
    store.get().edit({ type: 'config', patch: { batchSize: 2048 } });
    let trainable: boolean | null = null;
    void store
      .get()
      .whenTrainable()
      .then((t) => (trainable = t));
    // A backend that holds 1.4 MB: the spiral's MLP fits only smaller batches.
    const tight = { ...CPU_READY, memory: { totalBytes: 1_500_000, tensorBytes: 1_500_000 } };
    store.get().applyEvents([tight]);
    await tick();
    expect(trainable).toBe(false);
    expect(memoryError(store.get())).toMatch(
      /^This model needs about [\d.]+ MB for a batch of 2,048 on plain JavaScript, more than the 1.4 MB it can use: lower the batch size to [\d,]+\.$/,
    );
    const sentBefore = store.sent.length;
    expect(store.get().train()).toBeNull();
    expect(store.sent.slice(sentBefore).filter((c) => c.type === 'start')).toEqual([]);

    const said = /lower the batch size to ([\d,]+)/.exec(memoryError(store.get()) ?? '')?.[1];
    const batch = Number(said?.replace(/,/g, ''));
    expect(batch).toBeGreaterThan(1);
    store.get().edit({ type: 'config', patch: { batchSize: batch } });
    expect(memoryError(store.get())).toBeNull();
    train(store);
  });
});

describe('a run that ends after its experiment was replaced', () => {
  test('is asked for the weights it ended with before the new experiment’s model replaces them', async () => {
    const store = readyStore();
    const runId = train(store);
    store.get().applyEvents([statusEvent('running'), epochEnd(runId, 1)]);
    // Another experiment opens while the run still trains (a notebook cell, say).
    const other = store.get().editor.experiment;
    store
      .get()
      .openExperiment(
        { ...other, config: { ...other.config, seed: 99 } },
        { kind: 'cell', notebookId: 'n', cellId: 'c' },
      );
    expect(store.order.at(-1)).toBe('start');
    store.get().applyEvents([runDone(runId), statusEvent('done')]);
    await tick();
    expect(store.order.slice(-2)).toEqual(['export', 'reset']);
  });
});
