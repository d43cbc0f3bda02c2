/**
 * The runs history: every run that finishes or is stopped is recorded with the experiment as it
 * was when it started, where it ran, its curve, speed, backend and final weights; the runs view
 * lists, selects, renames, tags and deletes them. The store hands every ended run to `recordRun`.
 */
import { APP_VERSION } from '../../app-version';
import type { StorageUnavailableError } from '../../core/errors';
import type { Result } from '../../core/result';
import {
  adapterName,
  RUN_FORMAT,
  type RunPatch,
  type RunWeights,
  type StoredRun,
  type UnreadableRecord,
} from '../../core/runs/stored-run';
import { BROWSER_ORIGIN } from '../../core/runs/origin';
import { PLAYGROUND } from '../../core/experiment/experiment';
import { randomId } from '../../core/id';
import { EXPORT_TIMEOUT_MS, finiteRunWeights, loadableWeights } from '../../core/runs/run-weights';
import { datasetInfoOf } from '../data/slice';
import { readRunImport } from './import-run';
import { appDb } from '../../storage/app-db';
import { announceChange, onStorageChange } from '../../storage/change-feed';
import type { GradlabDb } from '../../storage/open';
import { onRetryWrites } from '../../storage/write-failures';
import {
  deleteRun as deleteStoredRun,
  listRuns,
  saveRun,
  updateRun,
} from '../../storage/runs-repo';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import type { EndedRun } from '../train/slice';
import { cleanName, parseTags } from './run-facts';
import { autoRunName, type NamedExperiment } from '../../core/runs/run-name';
import { NO_FILTER, type RunFilter } from './filter-runs';
import { DEFAULT_SORT, nextSort, type RunSort, type SortKey } from './sort-runs';

export interface RunsSlice {
  /** Newest first, as stored; the view sorts its own copy. */
  runs: StoredRun[];
  /** Stored records this version cannot read: kept in storage, named on the runs page. */
  unreadableRuns: UnreadableRecord[];
  runsLoaded: boolean;
  /** The last failure to read or write runs, worded for the user. */
  runsError: string | null;
  /** In the order they were picked: the curves and the settings compared show them in it. */
  selectedRunIds: string[];
  runsSort: RunSort;
  /** What the table shows; selected runs it hides stay selected. */
  runsFilter: RunFilter;
  refreshRuns(): Promise<void>;
  /** Saves a run that ended (not one that failed, nor one without epochs). */
  recordRun(run: EndedRun): Promise<void>;
  renameRun(id: string, name: string): Promise<void>;
  /** `text` is comma separated. */
  tagRun(id: string, text: string): Promise<void>;
  deleteRun(id: string): Promise<void>;
  toggleRunSelected(id: string): void;
  /** Selects these runs (after those already selected), or unselects them. */
  selectRuns(ids: readonly string[], selected: boolean): void;
  sortRunsBy(key: SortKey): void;
  /** Sets these filter fields; `undefined` clears one. */
  filterRunsBy(patch: RunFilter): void;
  clearRunsFilter(): void;
  dismissRunsError(): void;
  /** The last Import run: under way, what it imported, or why it imported nothing. */
  runImport: RunImportState | null;
  /**
   * Imports a run file (metrics.jsonl, with model.json and weights.bin when they came along) as
   * a run, and selects it with the browser run it belongs beside so their curves overlay.
   */
  importRun(files: readonly File[]): Promise<void>;
  dismissRunImport(): void;
  /** Selects an imported run and its browser run, and only them. */
  overlayWithSource(id: string): void;
  /** Loading a run's weights into the playground; the playground shows how it went. */
  runWeights: RunWeightsState | null;
  /** Opens the run's experiment in the playground with the run's weights in its model. */
  loadRunWeights(id: string): Promise<void>;
  dismissRunWeights(): void;
}

export type RunImportState =
  | { state: 'reading' }
  | { state: 'imported'; runId: string; sourceRunId: string | null }
  | { state: 'failed'; message: string };

export interface RunWeightsState {
  runId: string;
  runName: string;
  state: 'loading' | 'loaded' | 'failed';
  /** Why it failed; empty otherwise. */
  message: string;
}

export interface RunsDeps {
  openDb?: () => Promise<Result<GradlabDb, StorageUnavailableError>>;
  newId?: () => string;
  now?: () => Date;
  /** How long to wait for the worker's weights before saving the run without them. */
  exportTimeoutMs?: number;
}

/**
 * A run as it is stored; `weights` are those the worker's model ended with. Its name tells it
 * apart from `others`, the runs already recorded (core/runs/run-name.ts).
 */
export function storedRunOf(
  run: EndedRun,
  weights: RunWeights | null,
  others: readonly NamedExperiment[] = [],
): StoredRun {
  const { backend } = run;
  return {
    format: RUN_FORMAT,
    id: run.id,
    name: autoRunName(run.experiment, others),
    tags: [],
    createdAt: new Date(run.clock.startedAt).toISOString(),
    experiment: run.experiment,
    place: run.place,
    origin: BROWSER_ORIGIN,
    datasetSha256: run.datasetSha256,
    backend: backend?.backend ?? null,
    adapter: adapterName(backend),
    epochs: run.epochs,
    durationMs: run.durationMs,
    samplesPerSec: run.samplesPerSec,
    appVersion: APP_VERSION,
    weights,
    sweep: null,
  };
}

export function createRunsSlice(deps: RunsDeps = {}): Slice<AppState, RunsSlice> {
  const openDb = deps.openDb ?? appDb;
  const exportTimeoutMs = deps.exportTimeoutMs ?? EXPORT_TIMEOUT_MS;
  const newId = deps.newId ?? randomId;
  const now = deps.now ?? (() => new Date());

  return (set, get) => {
    /**
     * Runs whose record could not be saved (a full disk): kept here, listed with the saved ones,
     * and saved again with the next run that ends or on Retry.
     */
    let unsaved: StoredRun[] = [];

    async function saveUnsaved(): Promise<void> {
      for (const run of unsaved) {
        const saved = await withDb((db) => saveRun(db, run));
        if (saved === null) return;
        unsaved = unsaved.filter((r) => r.id !== run.id);
        announceChange({ store: 'runs', key: run.id });
      }
      if (unsaved.length === 0 && unsavedPatches.size === 0) set({ runsError: null });
    }

    /** Renames and tags a full disk refused: shown at once, saved on Retry or the next edit. */
    const unsavedPatches = new Map<string, RunPatch>();

    async function savePatches(): Promise<void> {
      for (const [id, patch] of unsavedPatches) {
        const updated = await withDb((db) => updateRun(db, id, patch));
        if (updated === null) return;
        unsavedPatches.delete(id);
        set((s) => ({ runs: s.runs.map((r) => (r.id === id ? updated : r)) }));
        announceChange({ store: 'runs', key: id });
      }
      if (unsaved.length === 0 && unsavedPatches.size === 0) set({ runsError: null });
    }

    /** Runs whose deletion storage refused: hidden from the list and deleted again on Retry. */
    const unsavedDeletes = new Set<string>();

    async function saveDeletes(): Promise<void> {
      for (const id of unsavedDeletes) {
        const deleted = await withDb((db) => deleteStoredRun(db, id));
        if (deleted === null) return;
        unsavedDeletes.delete(id);
        announceChange({ store: 'runs', key: id });
      }
      if (unsaved.length === 0 && unsavedPatches.size === 0 && unsavedDeletes.size === 0) {
        set({ runsError: null });
      }
    }

    const withPatch = (run: StoredRun): StoredRun => {
      const patch = unsavedPatches.get(run.id);
      return patch === undefined ? run : { ...run, ...patch };
    };

    onRetryWrites(() => {
      if (unsaved.length > 0) void saveUnsaved();
      if (unsavedPatches.size > 0) void savePatches();
      if (unsavedDeletes.size > 0) void saveDeletes();
    });

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

    /**
     * Saved, then shown (so what the list shows is in storage); an edit the disk refuses is shown
     * anyway and waits in memory for room.
     */
    async function patchRun(id: string, patch: RunPatch): Promise<void> {
      if (unsaved.some((run) => run.id === id)) {
        // Its record is not saved yet: the edit goes with it.
        unsaved = unsaved.map((run) => (run.id === id ? { ...run, ...patch } : run));
        set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) }));
        return;
      }
      unsavedPatches.set(id, { ...unsavedPatches.get(id), ...patch });
      await savePatches();
      const refused = unsavedPatches.get(id);
      if (refused !== undefined) {
        set((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...refused } : r)) }));
      }
    }

    return {
      runs: [],
      unreadableRuns: [],
      runsLoaded: false,
      runsError: null,
      selectedRunIds: [],
      runsSort: DEFAULT_SORT,
      runsFilter: NO_FILTER,
      async refreshRuns() {
        const listed = await withDb(listRuns);
        if (listed) {
          const kept = unsaved.filter((u) => !listed.runs.some((r) => r.id === u.id));
          set((s) => ({
            runs: [...kept, ...listed.runs.filter((r) => !unsavedDeletes.has(r.id)).map(withPatch)],
            unreadableRuns: listed.unreadable,
            runsLoaded: true,
            selectedRunIds: s.selectedRunIds.filter((id) => listed.runs.some((r) => r.id === id)),
          }));
        }
      },
      async recordRun(ended) {
        if (ended.reason === 'failed' || ended.epochs.length === 0) return;
        // The worker still holds the model the run ended with: what follows waits behind this.
        const weights = await get().exportWeights(exportTimeoutMs);
        if (!get().runsLoaded) await get().refreshRuns();
        const run = storedRunOf(ended, weights, get().runs);
        // Listed at once, saved or not: an unsaved one waits in memory for room.
        set((s) => ({ runs: [run, ...s.runs.filter((r) => r.id !== run.id)] }));
        unsaved = [...unsaved, run];
        await saveUnsaved();
      },
      async renameRun(id, text) {
        const name = cleanName(text);
        if (name !== null) await patchRun(id, { name });
      },
      async tagRun(id, text) {
        await patchRun(id, { tags: parseTags(text) });
      },
      async deleteRun(id) {
        // Gone from the list at once; a deletion storage refuses waits in memory for Retry.
        unsaved = unsaved.filter((run) => run.id !== id);
        unsavedPatches.delete(id);
        set((s) => ({
          runs: s.runs.filter((r) => r.id !== id),
          selectedRunIds: s.selectedRunIds.filter((x) => x !== id),
        }));
        unsavedDeletes.add(id);
        await saveDeletes();
      },
      toggleRunSelected(id) {
        set((s) => ({
          selectedRunIds: s.selectedRunIds.includes(id)
            ? s.selectedRunIds.filter((x) => x !== id)
            : [...s.selectedRunIds, id],
        }));
      },
      selectRuns(ids, selected) {
        set((s) => ({
          selectedRunIds: selected
            ? [...s.selectedRunIds, ...ids.filter((id) => !s.selectedRunIds.includes(id))]
            : s.selectedRunIds.filter((id) => !ids.includes(id)),
        }));
      },
      filterRunsBy(patch) {
        set((s) => ({ runsFilter: { ...s.runsFilter, ...patch } }));
      },
      clearRunsFilter() {
        set({ runsFilter: NO_FILTER });
      },
      sortRunsBy(key) {
        set((s) => ({ runsSort: nextSort(s.runsSort, key) }));
      },
      dismissRunsError() {
        set({ runsError: null });
      },
      runImport: null,
      async importRun(files) {
        set({ runImport: { state: 'reading' } });
        if (!get().runsLoaded) await get().refreshRuns();
        const read = await readRunImport(files, {
          runs: get().runs,
          inputShapeOf: (experiment) =>
            datasetInfoOf(get(), experiment.dataset)?.inputShape ?? null,
          newId,
          now,
          appVersion: APP_VERSION,
        });
        if (!read.ok) {
          set({ runImport: { state: 'failed', message: read.error.message } });
          return;
        }
        const run = read.value;
        const saved = await withDb((db) => saveRun(db, run));
        if (saved === null) {
          const message = get().runsError ?? 'The run could not be saved.';
          set({ runImport: { state: 'failed', message } });
          return;
        }
        const sourceRunId = run.origin.kind === 'imported' ? run.origin.sourceRunId : null;
        set((s) => ({
          runs: [run, ...s.runs.filter((r) => r.id !== run.id)],
          runsError: null,
          runImport: { state: 'imported', runId: run.id, sourceRunId },
          selectedRunIds: sourceRunId === null ? [run.id] : [sourceRunId, run.id],
        }));
        announceChange({ store: 'runs', key: run.id });
      },
      dismissRunImport() {
        set({ runImport: null });
      },
      overlayWithSource(id) {
        const run = get().runs.find((r) => r.id === id);
        if (run?.origin.kind !== 'imported' || run.origin.sourceRunId === null) return;
        set({ selectedRunIds: [run.origin.sourceRunId, id] });
      },
      runWeights: null,
      async loadRunWeights(id) {
        const run = get().runs.find((r) => r.id === id);
        if (run?.weights == null) return;
        const base = { runId: id, runName: run.name };
        const loadable = loadableWeights(run.weights);
        if (!loadable.ok) {
          const message = `The weights of "${run.name}" cannot be loaded: ${loadable.error}.`;
          set({ runWeights: { ...base, state: 'failed', message } });
          return;
        }
        const finite = finiteRunWeights(
          run.weights,
          `the weights "${run.name}" ended with are damaged, so they are not loaded`,
        );
        if (!finite.ok) {
          set({ runWeights: { ...base, state: 'failed', message: `${finite.error.message}.` } });
          return;
        }
        set({ runWeights: { ...base, state: 'loading', message: '' } });
        get().playgroundEdited(run.experiment);
        get().openExperiment(run.experiment, PLAYGROUND);
        const loaded = await get().loadWeights(loadable.value);
        if (get().runWeights?.runId !== id) return;
        set({
          runWeights: loaded.ok
            ? { ...base, state: 'loaded', message: '' }
            : { ...base, state: 'failed', message: loaded.error.message },
        });
      },
      dismissRunWeights() {
        set({ runWeights: null });
      },
    };
  };
}
