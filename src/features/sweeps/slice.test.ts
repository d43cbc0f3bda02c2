/**
 * The sweeps slice in the app's store, over real storage (fake-indexeddb) and real training
 * workers' controllers run in this process (engine/train/test-worker.ts) on TF.js's cpu backend.
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  defaultDataset,
  defaultExperiment,
  PLAYGROUND,
  type Experiment,
} from '../../core/experiment/experiment';
import type { BackendChoice } from '../../core/protocol';
import { ok } from '../../core/result';
import type { SweepPlan, SweepRecord } from '../../core/sweep/sweep';
import { testTrainWorker, type TestTrainWorker } from '../../engine/train/test-worker';
import { checkpointStore } from '../../../workers/checkpoint-store';
import { listRuns } from '../../storage/runs-repo';
import { loadSweep, updateSweep } from '../../storage/sweeps-repo';
import { openGradlabDb, type GradlabDb } from '../../storage/open';
import { fillableDb } from '../../storage/test-full-disk';
import { getWriteFailures, retryWrites } from '../../storage/write-failures';
import { pauseSweep as pausedRecord } from '../../core/sweep/queue';
import { createTestStore } from '../../store/test-store';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The playground's spiral, small and short, so a trial trains in a fraction of a second. */
function base(epochs = 4): Experiment {
  const experiment = defaultExperiment();
  const dataset = { ...defaultDataset(), params: { ...defaultDataset().params, size: 160 } };
  return { ...experiment, dataset, config: { ...experiment.config, epochs } };
}

/** 2 x 2 over the learning rate and the first layer's units. */
function plan(overrides: Partial<SweepPlan> = {}): SweepPlan {
  return {
    fields: [
      {
        target: { kind: 'config', field: 'learningRate' },
        values: { kind: 'list', values: [0.01, 0.1] },
      },
      {
        target: { kind: 'layer', path: [0], setting: 'units' },
        values: { kind: 'list', values: [4, 8] },
      },
    ],
    method: { kind: 'grid' },
    maxRuns: 100,
    maxMinutes: null,
    objective: { metric: 'validationLoss', goal: 'min' },
    ...overrides,
  };
}

async function freshDb(name = `sweeps-slice-${crypto.randomUUID()}`): Promise<GradlabDb> {
  const opened = await openGradlabDb({ name });
  if (!opened.ok) throw opened.error;
  return opened.value;
}

/** A page's store over `db`, whose sweep workers are recorded in `workers`. */
function page(db: GradlabDb, name: string, options: { cores?: number; granted?: boolean } = {}) {
  const workers: { backend: BackendChoice; worker: TestTrainWorker }[] = [];
  const store = createTestStore({
    openDb: async () => ok(db),
    sweeps: {
      spawn(backend) {
        const worker = testTrainWorker(checkpointStore(() => openGradlabDb({ name })));
        worker.postMessage({ type: 'init', backend }, []);
        workers.push({ backend, worker });
        return worker;
      },
      now: Date.now,
      cores: options.cores ?? 2,
      tickMs: 20,
      saveEveryMs: 100,
      runnerLock: (granted) => (options.granted === false ? undefined : granted()),
    },
  });
  /** The runs this page's workers were told to start (alone or in a group) or go on with. */
  const launched = (): { type: string; runId: string }[] =>
    workers.flatMap(({ worker }) =>
      worker.received.flatMap((command): { type: string; runId: string }[] => {
        if (command.type === 'start' || command.type === 'resumeFrom') {
          return [{ type: command.type, runId: command.runId }];
        }
        if (command.type === 'startGroup') {
          return command.trials.map((trial) => ({ type: command.type, runId: trial.runId }));
        }
        return [];
      }),
    );
  return { store, workers, launched };
}

const waitFor = (check: () => void | Promise<void>, timeout = 60_000) =>
  vi.waitFor(check, { timeout, interval: 20 });

const recordIn = (store: ReturnType<typeof createTestStore>, id: string): SweepRecord => {
  const record = store.get().sweeps.find((r) => r.sweep.id === id);
  if (!record) throw new Error(`no sweep ${id}`);
  return record;
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/**
 * The trials' epochs once they hold still after a pause. An epoch under way when a worker is told
 * to pause still reports (a loaded machine may take a while over it); after that nothing moves,
 * where without the pause the trials would go on to their 3000 epochs.
 */
async function heldStill(store: ReturnType<typeof createTestStore>, id: string) {
  const epochs = () => recordIn(store, id).trials.map((t) => t.epochsDone);
  await waitFor(async () => {
    const before = epochs();
    await settle();
    expect(epochs()).toEqual(before);
  });
  return epochs();
}

async function started(store: ReturnType<typeof createTestStore>, sweepPlan = plan(), epochs = 4) {
  const result = await store
    .get()
    .startSweep({ name: 'spiral', base: base(epochs), place: PLAYGROUND, plan: sweepPlan });
  if (!result.ok) throw result.error;
  return result.value;
}

describe('sweeps slice', () => {
  it('runs a grid on two workers to the end: each trial a stored run, named and linked', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const db = await freshDb(name);
    const { store, workers, launched } = page(db, name);
    await store.get().refreshRuns();
    const id = await started(store);
    expect(recordIn(store, id).status).toBe('running');
    await waitFor(() => expect(recordIn(store, id).status).toBe('done'));
    const record = recordIn(store, id);
    expect(record.trials.map((t) => t.status)).toEqual(['done', 'done', 'done', 'done']);
    for (const trial of record.trials) {
      expect(trial.epochsDone).toBe(4);
      expect(trial.metric).toEqual(expect.any(Number));
    }
    expect(record.runningMs).toBeGreaterThan(0);
    expect(store.get().activeSweepId).toBeNull();
    // Two workers once the first had settled the backend, as the parallelism said.
    expect(workers.map((w) => w.backend)).toEqual(['auto', 'cpu']);
    expect(launched()).toHaveLength(4);
    // The first alone while auto settles the backend, then the two of one width as one group on
    // the second worker, and the last alone on the first once it is free.
    expect(
      workers.map(({ worker }) =>
        worker.received.map((c) => c.type).filter((t) => t.startsWith('start')),
      ),
    ).toEqual([['start', 'start'], ['startGroup']]);
    // Stored as it ended, once its last save is through.
    await waitFor(async () => {
      const stored = await loadSweep(db, id);
      expect(stored.ok && stored.value).toEqual(record);
    });
    const runs = await listRuns(db);
    const byTrial = new Map(runs.ok ? runs.value.runs.map((r) => [r.sweep?.trialId, r]) : []);
    for (const trial of record.trials) {
      const run = byTrial.get(trial.id);
      expect(run).toMatchObject({
        id: trial.runId,
        sweep: { sweepId: id, trialId: trial.id },
        place: PLAYGROUND,
        backend: 'cpu',
      });
      expect(run?.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
      expect(run?.epochs.at(-1)?.validationLoss).toBe(trial.metric);
      expect(run?.weights?.data.byteLength).toBeGreaterThan(0);
      expect(run?.experiment.config.learningRate).toBe(trial.values[0]);
    }
    expect([...byTrial.values()].map((r) => r.name).sort()).toEqual([
      'spiral · lr 0.01 · units 4',
      'spiral · lr 0.01 · units 8',
      'spiral · lr 0.1 · units 4',
      'spiral · lr 0.1 · units 8',
    ]);
    // The runs list shows them as they land.
    expect(store.get().runs.filter((r) => r.sweep?.sweepId === id)).toHaveLength(4);
    // A finished grid keeps no checkpoint.
    await waitFor(async () => expect(await db.count('checkpoints')).toBe(0));
    expect(store.get().sweepParallelism).toBeNull();
  });

  it('a reload in the middle goes on without running a finished trial again', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const before = await freshDb(name);
    const first = page(before, name, { cores: 1 });
    const id = await started(first.store, plan(), 30);
    const storedDone = async (db: GradlabDb) => {
      const stored = await loadSweep(db, id);
      return stored.ok ? (stored.value?.trials.filter((t) => t.status === 'done') ?? []) : [];
    };
    // The page closes once a finished trial is stored: the save trails the page's record by a
    // transaction, and a trial whose save had not landed is not finished for the next page.
    await waitFor(async () => expect((await storedDone(before)).length).toBeGreaterThanOrEqual(1));
    before.close();
    for (const { worker } of first.workers) worker.crash('page closed');
    const finished = await storedDone(await freshDb(name));
    expect(finished.length).toBeGreaterThanOrEqual(1);

    const after = await freshDb(name);
    const second = page(after, name);
    await second.store.get().refreshSweeps();
    expect(second.store.get().activeSweepId).toBe(id);
    await waitFor(() => expect(recordIn(second.store, id).status).toBe('done'));
    const ran = new Set(second.launched().map((command) => command.runId));
    for (const trial of finished) expect(ran.has(trial.runId)).toBe(false);
    expect(ran.size).toBe(4 - finished.length);
    await waitFor(async () => {
      const runs = await listRuns(after);
      expect(runs.ok && runs.value.runs.filter((r) => r.sweep?.sweepId === id)).toHaveLength(4);
    });
  });

  it('pause holds the runs in flight, resume goes on, stop abandons them and resume runs them again', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const db = await freshDb(name);
    const { store, launched } = page(db, name);
    const id = await started(store, plan(), 3000);
    await waitFor(() => expect(recordIn(store, id).trials[0]?.epochsDone).toBeGreaterThan(2));
    store.get().pauseSweep(id);
    expect(recordIn(store, id).status).toBe('paused');
    const held = await heldStill(store, id);
    const heldMs = recordIn(store, id).runningMs;
    await settle();
    expect(recordIn(store, id).trials.map((t) => t.epochsDone)).toEqual(held);
    expect(recordIn(store, id).runningMs).toBe(heldMs);
    await waitFor(async () => {
      const saved = await loadSweep(db, id);
      expect(saved.ok && saved.value?.status).toBe('paused');
    });

    store.get().resumeSweep(id);
    await waitFor(() =>
      expect(recordIn(store, id).trials[0]?.epochsDone).toBeGreaterThan(held[0] ?? Infinity),
    );
    const launchedBeforeStop = launched().length;

    store.get().stopSweep(id);
    const stopped = recordIn(store, id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.trials.every((t) => t.status === 'pending' && t.epochsDone === 0)).toBe(true);
    expect(store.get().activeSweepId).toBeNull();
    await waitFor(async () => {
      const saved = await loadSweep(db, id);
      expect(saved.ok && saved.value?.status).toBe('stopped');
    });

    store.get().resumeSweep(id);
    await waitFor(() => expect(store.get().activeSweepId).toBe(id));
    await waitFor(() => expect(launched().length).toBeGreaterThan(launchedBeforeStop));
    store.get().stopSweep(id);
  });

  it('a trial whose worker is lost fails with why; a fresh worker takes the next', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const db = await freshDb(name);
    const { store, workers } = page(db, name, { cores: 1 });
    const id = await started(store, plan(), 200);
    await waitFor(() => expect(recordIn(store, id).trials[0]?.epochsDone).toBeGreaterThan(0));
    workers[0]?.worker.crash('out of memory');
    await waitFor(() => expect(recordIn(store, id).trials[0]?.status).toBe('failed'));
    expect(recordIn(store, id).trials[0]?.error).toMatch(
      /training worker failed \(out of memory\)/,
    );
    await waitFor(() => expect(recordIn(store, id).trials[1]?.epochsDone).toBeGreaterThan(0));
    expect(workers).toHaveLength(2);
    store.get().stopSweep(id);
  });

  it('successive halving continues a promoted run from its checkpoint, its record whole', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const db = await freshDb(name);
    const { store, launched } = page(db, name);
    // Four trials of 2 epochs; the best half goes on to 4.
    const id = await started(
      store,
      plan({ method: { kind: 'halving', minEpochs: 2, keep: 0.5 } }),
      4,
    );
    await waitFor(() => expect(recordIn(store, id).status).toBe('done'));
    const record = recordIn(store, id);
    const promoted = record.trials.filter((t) => t.status === 'done');
    expect(promoted).toHaveLength(2);
    expect(record.trials.filter((t) => t.status === 'pruned')).toHaveLength(2);
    const resumed = launched().filter((command) => command.type === 'resumeFrom');
    expect(resumed.map((command) => command.runId).sort()).toEqual(
      promoted.map((t) => t.runId).sort(),
    );
    await waitFor(async () => {
      const runs = await listRuns(db);
      const list = runs.ok ? runs.value.runs : [];
      for (const trial of promoted) {
        const run = list.find((r) => r.id === trial.runId);
        expect(run?.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
        expect(run?.experiment.config.epochs).toBe(4);
      }
      for (const trial of record.trials.filter((t) => t.status === 'pruned')) {
        expect(list.find((r) => r.id === trial.runId)?.epochs).toHaveLength(2);
      }
      expect(await db.count('checkpoints')).toBe(0);
    });
  });

  it("another tab's pause reaches the tab that runs the sweep", async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const db = await freshDb(name);
    const runner = page(db, name);
    const id = await started(runner.store, plan(), 3000);
    await waitFor(() =>
      expect(recordIn(runner.store, id).trials[0]?.epochsDone).toBeGreaterThan(0),
    );
    // The other tab (which does not run sweeps) pauses it in storage.
    const other = page(await freshDb(name), name, { granted: false });
    await other.store.get().refreshSweeps();
    expect(other.store.get().activeSweepId).toBeNull();
    other.store.get().pauseSweep(id);
    await waitFor(() => expect(recordIn(other.store, id).status).toBe('paused'));
    // The runner sees it at its next save (or when the change feed tells it).
    await waitFor(() => expect(recordIn(runner.store, id).status).toBe('paused'));
    const held = await heldStill(runner.store, id);
    await settle();
    expect(recordIn(runner.store, id).trials.map((t) => t.epochsDone)).toEqual(held);
    expect(other.workers).toHaveLength(0);
    runner.store.get().stopSweep(id);
  });

  it('a sweep started while another runs waits its turn', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const db = await freshDb(name);
    const { store } = page(db, name);
    const one = await started(store, plan({ maxRuns: 2 }));
    const two = await started(store, plan({ maxRuns: 2 }));
    expect(store.get().activeSweepId).toBe(one);
    expect(recordIn(store, two).trials.every((t) => t.status === 'pending')).toBe(true);
    await waitFor(() => expect(recordIn(store, two).status).toBe('done'));
    expect(recordIn(store, one).status).toBe('done');
    expect(store.get().sweeps.map((r) => r.sweep.id)).toEqual([two, one]);
    // The same settings twice: the second sweep's runs are named apart from the first's.
    const names = (id: string) =>
      store
        .get()
        .runs.filter((r) => r.sweep?.sweepId === id)
        .map((r) => r.name)
        .sort();
    // The runs list is read again after the records land, a moment after the sweep's end.
    await waitFor(() => expect(names(two)).toHaveLength(2));
    expect(names(one)).toEqual(['spiral · lr 0.01 · units 4', 'spiral · lr 0.01 · units 8']);
    expect(names(two)).toEqual([
      'spiral · lr 0.01 · units 4 (2)',
      'spiral · lr 0.01 · units 8 (2)',
    ]);
  });

  it('stops itself at its time limit, saying so', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const db = await freshDb(name);
    let clock = Date.now();
    const workers: TestTrainWorker[] = [];
    const store = createTestStore({
      openDb: async () => ok(db),
      sweeps: {
        spawn(backend) {
          const worker = testTrainWorker();
          worker.postMessage({ type: 'init', backend }, []);
          workers.push(worker);
          return worker;
        },
        now: () => clock,
        tickMs: 20,
        runnerLock: (granted) => granted(),
      },
    });
    const id = await started(store, plan({ maxMinutes: 0.1 }), 3000);
    await waitFor(() => expect(recordIn(store, id).trials[0]?.epochsDone).toBeGreaterThan(0));
    clock += 7000;
    await waitFor(() => expect(recordIn(store, id).status).toBe('stopped'));
    expect(recordIn(store, id).note).toBe('Stopped at its time limit of 0.1 minutes.');
    expect(store.get().activeSweepId).toBeNull();
  });

  it('a full disk keeps a finished trial and its run in memory, says so, and saves them on Retry', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const disk = fillableDb(await freshDb(name));
    const { store } = page(disk.db, name, { cores: 1 });
    const id = await started(store, plan({ maxRuns: 1 }));
    disk.setFull(true);
    await waitFor(() => expect(recordIn(store, id).status).toBe('done'));
    await waitFor(() => expect(store.get().sweepsError).toMatch(/full|space|quota/i));
    expect(getWriteFailures().map((f) => f.what)).toContain('save the sweep "spiral"');
    const runs = await listRuns(disk.db);
    expect(runs.ok && runs.value.runs).toEqual([]);
    disk.setFull(false);
    retryWrites();
    await waitFor(async () => {
      const saved = await listRuns(disk.db);
      expect(saved.ok && saved.value.runs).toHaveLength(1);
    });
    const stored = await loadSweep(disk.db, id);
    expect(stored.ok && stored.value?.status).toBe('done');
    expect(store.get().sweepsError).toBeNull();
  });

  it('lists stored sweeps newest first and names the ones it cannot read', async () => {
    const name = `sweeps-slice-${crypto.randomUUID()}`;
    const db = await freshDb(name);
    const { store } = page(db, name, { granted: false });
    const id = await started(store, plan());
    await db.put('sweeps', { sweep: { id: 'junk', createdAt: 'x' } } as unknown as SweepRecord);
    await store.get().refreshSweeps();
    expect(store.get().sweeps.map((r) => r.sweep.id)).toEqual([id]);
    expect(store.get().unreadableSweeps).toEqual([
      { id: 'junk', message: expect.stringMatching(/^The saved sweep junk cannot be read/) },
    ]);
    // Not the runner: it stays queued for the tab that runs sweeps.
    expect(store.get().activeSweepId).toBeNull();
    const paused = await updateSweep(db, id, (r) => pausedRecord(r, new Date()));
    expect(paused.ok && paused.value?.status).toBe('paused');
    await store.get().deleteSweep(id);
    expect(store.get().sweeps).toEqual([]);
    expect(await loadSweep(db, id)).toEqual({ ok: true, value: null });
  });

  it('refuses a sweep that is not valid, saying which field', async () => {
    const db = await freshDb();
    const { store } = page(db, 'unused');
    const result = await store.get().startSweep({
      name: 'spiral',
      base: base(),
      place: PLAYGROUND,
      plan: plan({ maxRuns: 0 }),
    });
    expect(!result.ok && result.error.code).toBe('invalid-sweep');
    expect(!result.ok && result.error.message).toMatch(/maxRuns|runs/i);
    expect(store.get().sweeps).toEqual([]);
  });
});
