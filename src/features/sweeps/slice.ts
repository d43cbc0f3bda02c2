/**
 * Sweeps as the page holds and runs them. Every sweep and its queue is stored (`sweeps` store),
 * so a reload goes on where it stopped; the queue's rules are core/sweep/queue.ts's, and this
 * slice drives them: it launches trials on its own pool of training workers (pool.ts, apart from
 * the playground's), feeds their epochs and ends back into the record, saves each trial's run with
 * the record that ends it, and stores the record as it goes.
 *
 * One sweep trains at a time, the oldest running one; others started meanwhile wait their turn.
 * One tab runs sweeps (it holds a Web Lock for as long as it is open); other tabs show them from
 * storage, and their pause, resume, stop and delete change the stored record, which the running
 * tab notices when it next saves or when the change feed tells it. Pausing holds the trials in
 * flight where they are (their workers pause); stopping abandons them (their workers end, and the
 * queue takes them back, so a resumed sweep runs them again).
 *
 * The page stays free of long tasks: epochs change the record in memory, and the store and the
 * view see it once a second (TICK_MS), or at once when a trial ends.
 */
import { InvalidDatasetError, StorageUnavailableError, type GradlabError } from '../../core/errors';
import { canonicalJson } from '../../core/bundle/canonical';
import type { LoadableDatasetRef } from '../../core/data/dataset';
import { loadableRef } from '../../core/data/load';
import type { Experiment, ExperimentPlace } from '../../core/experiment/experiment';
import { randomId } from '../../core/id';
import type { BackendChoice, BackendName, TrainJob } from '../../core/protocol';
import { err, ok, type Result } from '../../core/result';
import type { EpochRecord } from '../../core/runs/epoch';
import type { StoredRun, UnreadableRecord } from '../../core/runs/stored-run';
import { objectiveMetric } from '../../core/sweep/objective';
import * as queue from '../../core/sweep/queue';
import type { Launch } from '../../core/sweep/queue';
import {
  SWEEP_FORMAT,
  type Sweep,
  type SweepPlan,
  type SweepRecord,
  type Trial,
} from '../../core/sweep/sweep';
import { validateSweep } from '../../core/sweep/validate';
import type { WorkerLike } from '../../core/worker-bridge';
import { appDb } from '../../storage/app-db';
import { announceChange, onStorageChange } from '../../storage/change-feed';
import { deleteCheckpoints } from '../../storage/checkpoints-repo';
import type { GradlabDb } from '../../storage/open';
import { loadRun } from '../../storage/runs-repo';
import {
  deleteSweep as deleteStoredSweep,
  listSweeps,
  saveSweep,
  updateSweep,
} from '../../storage/sweeps-repo';
import { onRetryWrites } from '../../storage/write-failures';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { storedRecordOf } from '../data/slice';
import { chosenParallelism, type SweepParallelism } from './parallelism';
import { createSweepPool, type SweepPool, type TrialEnd } from './pool';
import { createSweepSaves } from './sweep-saves';
import { trialOutcome, trialRun } from './trial-run';

export interface SweepsSlice {
  /** Newest first. */
  sweeps: SweepRecord[];
  /** Stored records this version cannot read: kept in storage, named to the user. */
  unreadableSweeps: UnreadableRecord[];
  sweepsLoaded: boolean;
  /** The last failure to read or write sweeps, worded for the user. */
  sweepsError: string | null;
  /** Parallel workers the running sweep uses, and why (per backend); null until it knows. */
  sweepParallelism: SweepParallelism | null;
  /** The sweep this tab trains now; null when none does (or another tab runs them). */
  activeSweepId: string | null;
  /** Reads the stored sweeps; the tab that runs sweeps takes up the oldest running one. */
  refreshSweeps(): Promise<void>;
  /** Stores the sweep and starts it (or queues it behind a running one); its id. */
  startSweep(input: {
    name: string;
    base: Experiment;
    place: ExperimentPlace;
    plan: SweepPlan;
  }): Promise<Result<string, GradlabError>>;
  pauseSweep(id: string): void;
  resumeSweep(id: string): void;
  stopSweep(id: string): void;
  /** Deletes the sweep (its runs stay). */
  deleteSweep(id: string): Promise<void>;
}

export interface SweepsDeps {
  /**
   * A fresh training worker on `backend`, already told `init` (train-worker.ts), its wasm on at
   * most `wasmThreads` threads.
   */
  spawn(backend: BackendChoice, wasmThreads: number): WorkerLike;
  openDb?: () => Promise<Result<GradlabDb, StorageUnavailableError>>;
  /** Epoch milliseconds. */
  now?: () => number;
  newId?: () => string;
  /** Logical cores (navigator.hardwareConcurrency). */
  cores?: number;
  /** Workers to run whatever the backend (`?sweepWorkers`); else parallelism.ts chooses. */
  workers?: number | null;
  /** Runs a worker trains at once (`?sweepModels`); else parallelism.ts chooses. */
  models?: number | null;
  /** Calls `granted` once this tab may run sweeps; the default is a Web Lock held while open. */
  runnerLock?: (granted: () => void) => void;
  tickMs?: number;
  saveEveryMs?: number;
}

/** How often a running sweep's clock, view and (every SAVE_EVERY_MS) storage are brought up to date. */
const TICK_MS = 1000;
const SAVE_EVERY_MS = 5000;
const RUNNER_LOCK = 'gradlab-sweep-runner';
/**
 * A sweep's worker trains wasm on one thread: measured on 2 cores, the sweep on two workers of two
 * threads each took 2.5 times as long as its runs one after another (README, "Sweeps: throughput").
 */
const SWEEP_WASM_THREADS = 1;

/** Holds the lock named RUNNER_LOCK for as long as the page lives; without Web Locks, at once. */
function tabLock(granted: () => void): void {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) {
    granted();
    return;
  }
  void locks.request(RUNNER_LOCK, () => {
    granted();
    return new Promise<never>(() => undefined);
  });
}

/** The sweep this tab trains, and what it needs to. */
interface Active {
  record: SweepRecord;
  pool: SweepPool;
  /** When the running time was last added to the record. */
  tickedAt: number;
  /** When the record was last queued to be saved. */
  savedAt: number;
  /** The record changed since the store last showed it. */
  dirty: boolean;
}

const idOf = (record: SweepRecord) => record.sweep.id;

export function createSweepsSlice(deps: SweepsDeps): Slice<AppState, SweepsSlice> {
  const openDb = deps.openDb ?? appDb;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? randomId;
  const cores =
    deps.cores ?? (typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency);
  const runnerLock = deps.runnerLock ?? tabLock;
  const tickMs = deps.tickMs ?? TICK_MS;
  const saveEveryMs = deps.saveEveryMs ?? SAVE_EVERY_MS;
  const address = { workers: deps.workers ?? null, models: deps.models ?? null };

  return (set, get) => {
    let runner: 'waiting' | 'held' | null = null;
    let active: Active | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    /** The runs list read once, for the names a trial's run must not take. */
    let runsLoading: Promise<void> | null = null;

    const saves = createSweepSaves({
      openDb,
      onSaved(record, runs) {
        // A runs list read from storage before they were saved lacks them.
        const missing = runs.filter((run) => !get().runs.some((r) => r.id === run.id));
        if (get().runsLoaded && missing.length > 0) set((s) => ({ runs: [...missing, ...s.runs] }));
        set({ sweepsError: null });
        announceChange({ store: 'sweeps', key: idOf(record) });
        for (const run of runs) announceChange({ store: 'runs', key: run.id });
      },
      onConflict(id, stored) {
        const a = activeFor(id);
        if (a !== null) takeChange(a, stored);
        else saves.drop(id);
      },
      onError(message) {
        set({ sweepsError: message });
      },
    });

    /** Runs `work` on the database; a failure becomes `sweepsError`. */
    async function withDb<T>(
      work: (db: GradlabDb) => Promise<Result<T, { message: string }>>,
    ): Promise<T | null> {
      const db = await openDb();
      if (!db.ok) {
        set({ sweepsError: db.error.message });
        return null;
      }
      const done = await work(db.value);
      if (!done.ok) {
        set({ sweepsError: done.error.message });
        return null;
      }
      return done.value;
    }

    /** The list with `record` in its place (new ones first). */
    function show(record: SweepRecord): void {
      set((s) => {
        const id = idOf(record);
        const known = s.sweeps.some((r) => idOf(r) === id);
        return {
          sweeps: known
            ? s.sweeps.map((r) => (idOf(r) === id ? record : r))
            : [record, ...s.sweeps],
        };
      });
    }

    function showActive(a: Active): void {
      a.dirty = false;
      show(a.record);
    }

    function persist(a: Active, runs: readonly StoredRun[] = []): void {
      a.savedAt = now();
      saves.save(a.record, runs);
    }

    const activeFor = (id: string): Active | null =>
      active !== null && idOf(active.record) === id ? active : null;

    function ensureRunner(): void {
      if (runner !== null) return;
      runner = 'waiting';
      runnerLock(() => {
        runner = 'held';
        void get().refreshSweeps();
      });
    }

    /** The dataset a trial's job names: the experiment's, or the page's stored copy of it. */
    function loadableDataset(experiment: Experiment): LoadableDatasetRef | null {
      const ref = loadableRef(experiment.dataset);
      if (ref.ok) return ref.value;
      const { prepared } = get();
      return prepared.key === canonicalJson(experiment.dataset) ? prepared.loadable : null;
    }

    function adopt(stored: SweepRecord): void {
      const at = now();
      const halving = stored.sweep.plan.method.kind === 'halving';
      const parallelism = (backend: BackendName) =>
        chosenParallelism(backend, cores, address, halving);
      const pool = createSweepPool({
        // One thread each: wasm's threads would fight over the cores the other workers use.
        spawn: (backend) => deps.spawn(backend, SWEEP_WASM_THREADS),
        backend: get().backendChoice,
        workersFor: (backend) => parallelism(backend).workers,
        modelsPerWorker: (backend) => parallelism(backend).modelsPerWorker,
        onSettled: (ready) => {
          set({ sweepParallelism: parallelism(ready.backend) });
          if (active?.pool === pool) pump(active);
        },
        now,
      });
      const a: Active = {
        record: queue.recoverSweep(stored),
        pool,
        tickedAt: at,
        savedAt: at,
        dirty: false,
      };
      active = a;
      set({ activeSweepId: idOf(stored), sweepParallelism: null });
      showActive(a);
      clearInterval(timer);
      timer = setInterval(() => onTick(a), tickMs);
      pump(a);
    }

    /**
     * Ends this tab's work on the sweep (its workers too); unless it was deleted, shows it as it
     * ended and takes up the next running one.
     */
    function release(a: Active, message: string, deleted = false): void {
      if (active !== a) return;
      a.pool.close(message);
      active = null;
      clearInterval(timer);
      timer = undefined;
      set({ activeSweepId: null, sweepParallelism: null });
      if (deleted) return;
      showActive(a);
      // A finished sweep's runs go on from no checkpoint; a stopped one may resume from them.
      if (a.record.status === 'done') void forgetCheckpoints(a.record.trials);
      void get().refreshSweeps();
    }

    /** Deletes the checkpoints of these trials' runs, which no trial will go on from. */
    async function forgetCheckpoints(trials: readonly Trial[]): Promise<void> {
      if (trials.length === 0) return;
      await withDb((db) =>
        deleteCheckpoints(
          db,
          trials.map((t) => t.runId),
        ),
      );
    }

    /** Starts the trials the queue lets start now. */
    function pump(a: Active): void {
      if (active !== a) return;
      const next = queue.nextLaunches(a.record, a.pool.freeSlots());
      if (next.record === a.record) return;
      a.record = next.record;
      for (const launch of next.launches) start(a, launch);
      showActive(a);
      persist(a);
      if (a.record.status === 'done') release(a, 'The sweep is done.');
    }

    function start(a: Active, launch: Launch): void {
      const { sweep } = a.record;
      const startedAt = now();
      const dataset = loadableDataset(launch.experiment);
      if (dataset === null) {
        const message =
          'Its dataset is not stored in this browser yet: open the experiment the sweep varies, ' +
          'so its data is downloaded, then resume the sweep.';
        queueMicrotask(() => void ended(a, launch, startedAt, failedEnd(message)));
        return;
      }
      const job: TrainJob = {
        experiment: { ...launch.experiment, dataset },
        gridResolution: 0,
        place: sweep.place,
        sweep: { sweepId: sweep.id, trialId: launch.trialId },
      };
      const onEpoch = (epoch: EpochRecord) => {
        if (active !== a) return;
        const metric = objectiveMetric(sweep.plan.objective, epoch);
        a.record = queue.trialEpoch(a.record, launch.trialId, epoch.epoch, metric);
        a.dirty = true;
      };
      void a.pool
        .run({ runId: launch.runId, job, resume: launch.resume }, onEpoch)
        .then((end) => ended(a, launch, startedAt, end));
    }

    async function ended(a: Active, launch: Launch, startedAt: number, end: TrialEnd) {
      // A trial the sweep stopped (or deleted) meanwhile has been taken back by the queue.
      const isRunning = () =>
        active === a &&
        a.record.trials.some((t) => t.id === launch.trialId && t.status === 'running');
      if (!isRunning()) return;
      const earlier = launch.resume ? await withDb((db) => loadRun(db, launch.runId)) : null;
      // A new run's name must be none of the others'.
      if (!get().runsLoaded) {
        runsLoading ??= get().refreshRuns();
        await runsLoading;
        if (!get().runsLoaded) runsLoading = null;
      }
      if (!isRunning()) return;
      const state = get();
      const run = trialRun({
        record: a.record,
        launch,
        end,
        startedAt,
        earlier,
        datasetSha256: storedRecordOf(state, a.record.sweep.base.dataset)?.sha256 ?? null,
        taken: [...state.runs, ...saves.pendingRuns()]
          .filter((r) => r.id !== launch.runId)
          .map((r) => r.name),
      });
      a.record = queue.trialEnded(
        a.record,
        launch.trialId,
        trialOutcome(end, run, a.record.sweep.plan.objective),
        new Date(now()),
      );
      // The runs list shows it at once; it is saved with the record that ends the trial.
      if (run !== null && get().runsLoaded) {
        set((s) => ({ runs: [run, ...s.runs.filter((r) => r.id !== run.id)] }));
      }
      showActive(a);
      persist(a, run === null ? [] : [run]);
      // Successive halving goes on from checkpoints; otherwise a finished trial needs none.
      const halving = a.record.sweep.plan.method.kind === 'halving';
      const spent = a.record.trials.filter(
        (t) => t.status === 'failed' || t.status === 'pruned' || (!halving && t.status === 'done'),
      );
      void forgetCheckpoints(spent.filter((t) => t.id === launch.trialId || halving));
      if (a.record.status === 'done') release(a, 'The sweep is done.');
      else pump(a);
    }

    /**
     * Another tab paused, resumed, stopped or deleted the sweep this tab runs: that is done here
     * too, and the record saved again over the status it found.
     */
    function takeChange(a: Active, stored: SweepRecord | null): void {
      if (stored === null) {
        saves.drop(idOf(a.record));
        release(a, 'The sweep was deleted.', true);
        set((s) => ({ sweeps: s.sweeps.filter((r) => idOf(r) !== idOf(a.record)) }));
        void get().refreshSweeps();
        return;
      }
      if (stored.status === a.record.status) persist(a);
      else if (stored.status === 'paused') pauseHere(a);
      else if (stored.status === 'running') resumeHere(a);
      else stopHere(a, stored.note);
    }

    function onTick(a: Active): void {
      if (active !== a) return;
      const at = now();
      const elapsed = at - a.tickedAt;
      a.tickedAt = at;
      if (a.record.status === 'running') {
        a.record = queue.tickSweep(a.record, elapsed, new Date(at));
        a.dirty = true;
      }
      if (a.record.status === 'stopped') {
        // Its time ran out: the runs in flight were taken back by the queue.
        persist(a);
        release(a, a.record.note ?? 'The sweep stopped.');
        return;
      }
      if (a.dirty) showActive(a);
      if (at - a.savedAt >= saveEveryMs) persist(a);
    }

    /** Brings the running time up to now, before the status changes. */
    function tickNow(a: Active): void {
      const at = now();
      a.record = queue.tickSweep(a.record, at - a.tickedAt, new Date(at));
      a.tickedAt = at;
    }

    function pauseHere(a: Active): void {
      tickNow(a);
      a.record = queue.pauseSweep(a.record, new Date(now()));
      a.pool.pause();
      showActive(a);
      persist(a);
    }

    function resumeHere(a: Active): void {
      a.record = queue.resumeSweep(a.record, new Date(now()));
      a.tickedAt = now();
      a.pool.resume();
      showActive(a);
      persist(a);
      pump(a);
    }

    function stopHere(a: Active, note: string | null): void {
      if (a.record.status === 'running') tickNow(a);
      a.record = queue.stopSweep(a.record, new Date(now()), note);
      persist(a);
      release(a, 'The sweep was stopped.');
    }

    /** A sweep this tab does not train: changed in storage, where its runner will see it. */
    async function changeStored(id: string, change: (record: SweepRecord) => SweepRecord) {
      const changed = await withDb((db) => updateSweep(db, id, change));
      if (changed === null) return;
      saves.read(changed);
      show(changed);
      announceChange({ store: 'sweeps', key: id });
      // This tab may be the runner, with nothing running until now.
      if (changed.status === 'running') void get().refreshSweeps();
    }

    onRetryWrites(() => saves.retry());

    onStorageChange((change) => {
      if (change.store === 'sweeps' && get().sweepsLoaded) void get().refreshSweeps();
    });

    return {
      sweeps: [],
      unreadableSweeps: [],
      sweepsLoaded: false,
      sweepsError: null,
      sweepParallelism: null,
      activeSweepId: null,
      async refreshSweeps() {
        ensureRunner();
        const listed = await withDb(listSweeps);
        if (listed === null) return;
        const a = active;
        if (a !== null) {
          // Storage says another status than this tab saved: another tab changed it.
          const mine = listed.sweeps.find((r) => idOf(r) === idOf(a.record)) ?? null;
          if (mine === null || mine.status !== saves.storedStatus(idOf(a.record))) {
            takeChange(a, mine);
          }
        }
        for (const record of listed.sweeps)
          if (activeFor(idOf(record)) === null) saves.read(record);
        // What this tab holds and has not saved yet is newer than storage's copy.
        const sweeps = listed.sweeps.map(
          (r) => activeFor(idOf(r))?.record ?? saves.pending(idOf(r)) ?? r,
        );
        set({ sweeps, unreadableSweeps: listed.unreadable, sweepsLoaded: true });
        if (runner !== 'held' || active !== null) return;
        // The oldest running sweep goes first (the list is newest first).
        const next = sweeps.findLast((r) => r.status === 'running');
        if (next !== undefined) adopt(next);
      },
      async startSweep(input) {
        const at = now();
        const sweep: Sweep = {
          format: SWEEP_FORMAT,
          id: newId(),
          name: input.name,
          createdAt: new Date(at).toISOString(),
          base: input.base,
          place: input.place,
          plan: input.plan,
        };
        const valid = validateSweep(sweep);
        if (!valid.ok) return valid;
        if (loadableDataset(valid.value.base) === null) {
          return err(
            new InvalidDatasetError(
              'The sweep cannot start: its dataset is not stored in this browser yet. Open the ' +
                'experiment so its data is downloaded, then start the sweep.',
            ),
          );
        }
        const made = queue.newSweepRecord(valid.value, new Date(at), newId);
        if (!made.ok) return made;
        const record = made.value;
        const saved = await withDb((db) => saveSweep(db, record));
        if (saved === null) {
          return err(new StorageUnavailableError(get().sweepsError ?? 'The sweep was not saved.'));
        }
        saves.read(record);
        show(record);
        announceChange({ store: 'sweeps', key: idOf(record) });
        ensureRunner();
        if (runner === 'held' && active === null) adopt(record);
        return ok(idOf(record));
      },
      pauseSweep(id) {
        const a = activeFor(id);
        if (a !== null) pauseHere(a);
        else void changeStored(id, (r) => queue.pauseSweep(r, new Date(now())));
      },
      resumeSweep(id) {
        const a = activeFor(id);
        if (a !== null) resumeHere(a);
        else void changeStored(id, (r) => queue.resumeSweep(r, new Date(now())));
      },
      stopSweep(id) {
        const a = activeFor(id);
        if (a !== null) stopHere(a, null);
        else void changeStored(id, (r) => queue.stopSweep(r, new Date(now())));
      },
      async deleteSweep(id) {
        const record = get().sweeps.find((r) => idOf(r) === id);
        const a = activeFor(id);
        if (a !== null) release(a, 'The sweep was deleted.', true);
        saves.drop(id);
        set((s) => ({ sweeps: s.sweeps.filter((r) => idOf(r) !== id) }));
        // After the saves already under way, or one of them would write it back.
        await saves.settled();
        const deleted = await withDb((db) => deleteStoredSweep(db, id));
        if (deleted !== null) announceChange({ store: 'sweeps', key: id });
        if (record !== undefined) await forgetCheckpoints(record.trials);
        if (a !== null) await get().refreshSweeps();
      },
    };
  };
}

/** A trial that could not be given to a worker at all. */
function failedEnd(message: string): TrialEnd {
  return {
    reason: 'failed',
    message,
    epochs: [],
    weights: null,
    backend: null,
    durationMs: 0,
    samplesPerSec: null,
  };
}
