/**
 * The runs history: every run that finishes or is stopped is recorded with its job as it was at
 * the start, its curve, speed, backend and final weights; the runs view lists, selects, renames,
 * tags and deletes them. The store feeds `noteTrainStatus` every status change of the worker.
 */
import type { StorageUnavailableError } from '../../core/errors';
import { randomId } from '../../core/id';
import type { TrainJob, TrainStatus } from '../../core/protocol';
import type { Result } from '../../core/result';
import { announceChange, onStorageChange } from '../../storage/change-feed';
import type { GradlabDb } from '../../storage/open';
import {
  deleteRun as deleteStoredRun,
  listRuns,
  saveRun,
  updateRun,
  type RunPatch,
  type RunWeights,
  type StoredRun,
} from '../../storage/runs-repo';
import { APP_VERSION } from '../../app-version';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { appDb } from '../../storage/app-db';
import { jobOf } from '../train/slice';
import { runningMs, startClock, tick, type RunClock } from './run-clock';
import { cleanName, defaultRunName, parseTags } from './run-facts';
import { DEFAULT_SORT, nextSort, type RunSort, type SortKey } from './sort-runs';

export interface RunsSlice {
  /** Newest first, as stored; the view sorts its own copy. */
  runs: StoredRun[];
  runsLoaded: boolean;
  /** The last failure to read or write runs, worded for the user. */
  runsError: string | null;
  /** In the order they were picked: the diff compares the first two. */
  selectedRunIds: string[];
  runsSort: RunSort;
  refreshRuns(): Promise<void>;
  /** Call on every change of `status`; records the run when it reaches 'done'. */
  noteTrainStatus(status: TrainStatus): void;
  /** Saves the run that just ended (no-op without epochs); resolves once committed or refused. */
  recordFinishedRun(): Promise<void>;
  renameRun(id: string, name: string): Promise<void>;
  /** `text` is comma separated. */
  tagRun(id: string, text: string): Promise<void>;
  deleteRun(id: string): Promise<void>;
  toggleRunSelected(id: string): void;
  sortRunsBy(key: SortKey): void;
  dismissRunsError(): void;
}

export interface RunsDeps {
  openDb?: () => Promise<Result<GradlabDb, StorageUnavailableError>>;
  now?: () => number;
  /** How long to wait for the worker's weights before saving the run without them. */
  exportTimeoutMs?: number;
}

/** What is captured when a run starts, so edits made while it trains do not change its record. */
interface RunStart {
  job: TrainJob;
  datasetSha256: string | null;
  clock: RunClock;
}

const EXPORT_TIMEOUT_MS = 20_000;

export function createRunsSlice(deps: RunsDeps = {}): Slice<AppState, RunsSlice> {
  const openDb = deps.openDb ?? appDb;
  const now = deps.now ?? Date.now;
  const exportTimeoutMs = deps.exportTimeoutMs ?? EXPORT_TIMEOUT_MS;

  return (set, get) => {
    let current: RunStart | null = null;

    // Another tab recorded, renamed or deleted a run: a list on show is read again.
    onStorageChange((change) => {
      if (change.store === 'runs' && get().runsLoaded) void get().refreshRuns();
    });

    /** Runs `write` on the database; a failure becomes `runsError`. */
    async function withDb<T>(
      write: (db: GradlabDb) => Promise<Result<T, { message: string }>>,
    ): Promise<T | null> {
      const db = await openDb();
      if (!db.ok) {
        set({ runsError: db.error.message });
        return null;
      }
      const done = await write(db.value);
      if (!done.ok) {
        set({ runsError: done.error.message });
        return null;
      }
      return done.value;
    }

    async function finalWeights(): Promise<RunWeights | null> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), exportTimeoutMs);
      });
      try {
        const answer = await Promise.race([get().ask<'export'>({ type: 'export' }), timeout]);
        if (answer === null || answer.modelJson === '') return null;
        return { modelJson: answer.modelJson, data: answer.weights };
      } catch {
        return null;
      } finally {
        clearTimeout(timer);
      }
    }

    function patchRun(id: string, patch: RunPatch): Promise<void> {
      return withDb((db) => updateRun(db, id, patch)).then((updated) => {
        if (!updated) return;
        set((s) => ({ runs: s.runs.map((r) => (r.id === id ? updated : r)) }));
        announceChange({ store: 'runs', key: id });
      });
    }

    return {
      runs: [],
      runsLoaded: false,
      runsError: null,
      selectedRunIds: [],
      runsSort: DEFAULT_SORT,
      async refreshRuns() {
        const runs = await withDb(listRuns);
        if (runs) {
          set((s) => ({
            runs,
            runsLoaded: true,
            selectedRunIds: s.selectedRunIds.filter((id) => runs.some((r) => r.id === id)),
          }));
        }
      },
      noteTrainStatus(status) {
        const t = now();
        if (current) current = { ...current, clock: tick(current.clock, status, t) };
        if (status === 'running' || status === 'paused') {
          if (!current) {
            const state = get();
            current = {
              job: jobOf(state),
              datasetSha256: state.activeRecord?.sha256 ?? null,
              clock: startClock(status, t),
            };
          }
        } else if (status === 'done') {
          void get().recordFinishedRun();
        } else {
          current = null;
        }
      },
      async recordFinishedRun() {
        const start = current;
        current = null;
        const state = get();
        const epochs = state.history;
        if (epochs.length === 0) return;
        const ended = now();
        const job = start?.job ?? jobOf(state);
        const weights = await finalWeights();
        // Read after the export: the worker's last checkpoint and progress events may come late.
        const { checkpoint, backend, progress } = get();
        const adapter = backend?.adapter
          ? `${backend.adapter.vendor} / ${backend.adapter.architecture}`
          : (backend?.renderer ?? null);
        const createdAt = start?.clock.startedAt ?? ended;
        const run: StoredRun = {
          id: checkpoint?.runId ?? randomId(),
          name: defaultRunName(job.dataset, new Date(createdAt)),
          tags: [],
          createdAt: new Date(createdAt).toISOString(),
          job,
          datasetSha256: start ? start.datasetSha256 : (state.activeRecord?.sha256 ?? null),
          backend: backend?.backend ?? null,
          adapter,
          seed: job.config.seed,
          epochs,
          durationMs: start ? runningMs(start.clock, ended) : 0,
          samplesPerSec: progress?.samplesPerSec ?? null,
          appVersion: APP_VERSION,
          weights,
        };
        const saved = await withDb((db) => saveRun(db, run));
        if (saved === null) return;
        set((s) => ({ runs: [run, ...s.runs.filter((r) => r.id !== run.id)], runsError: null }));
        announceChange({ store: 'runs', key: run.id });
      },
      async renameRun(id, text) {
        const name = cleanName(text);
        if (name !== null) await patchRun(id, { name });
      },
      async tagRun(id, text) {
        await patchRun(id, { tags: parseTags(text) });
      },
      async deleteRun(id) {
        const deleted = await withDb((db) => deleteStoredRun(db, id));
        if (deleted === null) return;
        set((s) => ({
          runs: s.runs.filter((r) => r.id !== id),
          selectedRunIds: s.selectedRunIds.filter((x) => x !== id),
        }));
        announceChange({ store: 'runs', key: id });
      },
      toggleRunSelected(id) {
        set((s) => ({
          selectedRunIds: s.selectedRunIds.includes(id)
            ? s.selectedRunIds.filter((x) => x !== id)
            : [...s.selectedRunIds, id],
        }));
      },
      sortRunsBy(key) {
        set((s) => ({ runsSort: nextSort(s.runsSort, key) }));
      },
      dismissRunsError() {
        set({ runsError: null });
      },
    };
  };
}
