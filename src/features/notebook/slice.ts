/**
 * The notebook being read or written: its head version, its draft (autosaved to IndexedDB), the
 * mode it is shown in, and the experiment cell open in the editors. Only one experiment trains at
 * a time (one worker, one GPU): opening a cell puts its dataset, model and config in the editors,
 * and from then on edits flow back into the cell (sync-cell.ts).
 */
import { APP_VERSION } from '../../app-version';
import type { Bundle, Cell, ExperimentCell } from '../../core/bundle/schema';
import type { StorageUnavailableError } from '../../core/errors';
import { randomId } from '../../core/id';
import {
  firstVersion,
  isSameContent,
  lineage,
  nextVersion,
  restoreAsDraft,
} from '../../core/notebook/versions';
import type { TrainStatus } from '../../core/protocol';
import type { Result } from '../../core/result';
import {
  deleteNotebook as deleteStoredNotebook,
  getNotebook,
  listNotebooks,
  saveNotebook,
  saveNotebookWithVersion,
  type StoredNotebook,
} from '../../storage/notebooks-repo';
import { announceChange, onStorageChange } from '../../storage/change-feed';
import type { GradlabDb } from '../../storage/open';
import { getVersion } from '../../storage/versions-repo';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { appDb } from '../../storage/app-db';
import { resolveDataset, workerDataJobs, type DataJobs } from '../import/resolve-dataset';
import { fromBase64 } from '../share/inline-weights';
import { applyJob } from '../train/resume-slice';
import { hasLocks, notebookFromBundle } from './notebook-record';
import { recordRunInDraft, syncActiveCell, type ActiveCell, type NotebookMode } from './sync-cell';

export interface OpenNotebook {
  record: StoredNotebook;
  /** The saved version the draft derives from. */
  head: Bundle;
  /** The version it was first opened from; its locks bind a student and "Reset to lesson" returns to it. */
  lesson: Bundle;
  mode: NotebookMode;
}

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'error';

/** The trained weights a bundle brought for the open cell, and whether they are in the model. */
export type CellWeights =
  | { cellId: string; state: 'loading' }
  | { cellId: string; state: 'loaded'; runId: string }
  | { cellId: string; state: 'failed'; message: string };

export interface NotebookSlice {
  openNotebook: OpenNotebook | null;
  notebookError: string | null;
  notebookSave: SaveState;
  activeCell: ActiveCell | null;
  cellWeights: CellWeights | null;
  /** What opening a cell is waiting for, worded for the user; null when nothing is. */
  cellLoading: string | null;
  /** The cell "Run all" is training now; null when it is not running. */
  runningAll: string | null;
  myNotebooks: StoredNotebook[];
  refreshNotebooks(): Promise<void>;
  loadNotebook(id: string): Promise<void>;
  /** Saves `bundle` as a new local notebook (a lesson, an opened link); its id. */
  adoptBundle(bundle: Bundle, mode: NotebookMode): Promise<string | null>;
  /** Opens the local notebook made from `bundle` earlier, or adopts it. */
  openLessonBundle(bundle: Bundle): Promise<string | null>;
  createNotebook(): Promise<string | null>;
  deleteNotebook(id: string): Promise<void>;
  setNotebookMode(mode: NotebookMode): void;
  /** Any edit of the draft: title, cells, locks, views. Autosaved. */
  editDraft(edit: (draft: Bundle) => Bundle): void;
  activateCell(cellId: string): Promise<boolean>;
  /** The editors changed: write them back into the open cell. */
  syncFromEditors(): void;
  /** Call on every change of `status`: records runs into the draft, moves "Run all" on. */
  noteNotebookTrainStatus(status: TrainStatus): void;
  runCell(cellId: string): Promise<boolean>;
  runAll(): Promise<void>;
  stopRunAll(): void;
  saveVersion(): Promise<void>;
  versionHistory(): Promise<Bundle[]>;
  restoreVersion(version: Bundle): Promise<void>;
  resetToLesson(): Promise<void>;
  /** Writes a pending autosave now (before leaving the page). */
  flushDraft(): Promise<void>;
  dismissNotebookError(): void;
}

export interface NotebookDeps {
  openDb?: () => Promise<Result<GradlabDb, StorageUnavailableError>>;
  jobs?: DataJobs;
  now?: () => number;
  autosaveMs?: number;
}

const AUTOSAVE_MS = 400;
/** How long loading weights waits for the training worker to start. */
const WORKER_READY_MS = 60_000;
const POLL_MS = 50;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The newest run of the cell whose final weights travel inline in the bundle. */
function inlineWeightsFor(bundle: Bundle, cellId: string) {
  for (const run of [...bundle.runs].reverse()) {
    if (run.cellId !== cellId || run.weightsKey === undefined) continue;
    const weights = bundle.weights?.[run.weightsKey];
    if (weights !== undefined && 'data' in weights) return { runId: run.id, weights };
  }
  return null;
}

const describe = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
const ENDED: ReadonlySet<TrainStatus> = new Set(['done', 'error', 'idle']);

const experiments = (bundle: Bundle): ExperimentCell[] =>
  bundle.notebook.cells.filter((c): c is ExperimentCell => c.type === 'experiment');

/** A new notebook: an introduction to write and no experiment yet. */
function blankBundle(now: Date): Bundle {
  const cells: Cell[] = [
    {
      type: 'markdown',
      id: randomId(),
      text: '# Untitled notebook\n\nWrite what this notebook is about, then add an experiment.',
    },
  ];
  return {
    type: 'gradlab/bundle',
    schemaVersion: 2,
    id: '',
    parent: null,
    version: 1,
    createdAt: now.toISOString(),
    app: { version: APP_VERSION },
    notebook: { title: 'Untitled notebook', authors: [], cells },
    datasets: {},
    runs: [],
  };
}

export function createNotebookSlice(deps: NotebookDeps = {}): Slice<AppState, NotebookSlice> {
  const openDb = deps.openDb ?? appDb;
  const jobs = deps.jobs ?? workerDataJobs;
  const now = deps.now ?? Date.now;
  const autosaveMs = deps.autosaveMs ?? AUTOSAVE_MS;

  return (set, get) => {
    let saveTimer: ReturnType<typeof setTimeout> | null = null;
    // Opening a cell sets the editors field by field; those steps are not edits of the cell.
    let applying = false;
    let activation = 0;
    let runAllTicket = 0;
    let statusWaiters: ((status: TrainStatus) => void)[] = [];

    const fail = (message: string) => set({ notebookError: message });

    async function withDb<T>(
      work: (db: GradlabDb) => Promise<Result<T, { message: string }>>,
    ): Promise<T | null> {
      const db = await openDb();
      if (!db.ok) {
        fail(db.error.message);
        return null;
      }
      const done = await work(db.value);
      if (!done.ok) {
        fail(done.error.message);
        return null;
      }
      return done.value;
    }

    async function writeDraft(): Promise<void> {
      saveTimer = null;
      const open = get().openNotebook;
      if (open === null) return;
      set({ notebookSave: 'saving' });
      const record: StoredNotebook = {
        ...open.record,
        title: open.record.draft.notebook.title,
        savedAt: new Date(now()).toISOString(),
        mode: open.mode,
      };
      const saved = await withDb((db) => saveNotebook(db, record));
      if (saved !== null) announceChange({ store: 'notebooks', key: record.id });
      if (get().openNotebook?.record.id !== record.id) return;
      set({ notebookSave: saved === null ? 'error' : saveTimer === null ? 'saved' : 'unsaved' });
    }

    function scheduleSave() {
      if (saveTimer !== null) clearTimeout(saveTimer);
      set({ notebookSave: 'unsaved' });
      saveTimer = setTimeout(() => void writeDraft(), autosaveMs);
    }

    function setDraft(draft: Bundle) {
      const open = get().openNotebook;
      if (open === null || draft === open.record.draft) return;
      set({ openNotebook: { ...open, record: { ...open.record, draft } } });
      scheduleSave();
    }

    /**
     * Puts a bundle's trained weights into the model of the cell just opened. The editors reset
     * the model (after a short delay) whenever the worker starts or the settings change, so this
     * waits for the worker, lets that reset be scheduled, then resets at once itself (which
     * cancels the delayed one) and loads the weights after it.
     */
    async function loadSharedWeights(
      cellId: string,
      shared: NonNullable<ReturnType<typeof inlineWeightsFor>>,
      mine: number,
    ) {
      set({ cellWeights: { cellId, state: 'loading' } });
      for (let waited = 0; get().backend === null; waited += POLL_MS) {
        if (mine !== activation) return;
        if (waited > WORKER_READY_MS) {
          const message = 'the training worker did not start. Reload the page.';
          set({ cellWeights: { cellId, state: 'failed', message } });
          return;
        }
        await pause(POLL_MS);
      }
      await pause(POLL_MS);
      // Run (or Run all) wants fresh weights and has started, or a newer cell was opened.
      if (mine !== activation || get().cellWeights?.state !== 'loading') return;
      get().reset();
      const bytes = fromBase64(shared.weights.data);
      const loaded = await get().loadWeights({
        weightSpecs: shared.weights.weightSpecs,
        data: bytes.buffer as ArrayBuffer,
      });
      if (mine !== activation || get().cellWeights?.state !== 'loading') return;
      set({
        cellWeights: loaded.ok
          ? { cellId, state: 'loaded', runId: shared.runId }
          : { cellId, state: 'failed', message: loaded.error.message },
      });
    }

    /**
     * Another tab saved a notebook: the list follows, and so does the open notebook, unless this
     * tab has edits of its own still to save (the later save wins, as with any two editors).
     */
    async function followOtherTab(id: string | undefined) {
      await get().refreshNotebooks();
      const open = get().openNotebook;
      if (open === null || id !== open.record.id || saveTimer !== null) return;
      const db = await openDb();
      if (!db.ok) return;
      const found = await getNotebook(db.value, id);
      if (!found.ok || found.value === null || saveTimer !== null) return;
      const record = found.value;
      let head = open.head;
      if (record.headVersion !== head.id) {
        const read = await getVersion(db.value, record.headVersion);
        if (!read.ok || read.value === null) return;
        head = read.value;
      }
      const current = get().openNotebook;
      if (current?.record.id !== id || saveTimer !== null) return;
      set({ openNotebook: { ...current, record, head } });
    }
    onStorageChange((change) => {
      if (change.store === 'notebooks') void followOtherTab(change.key);
    });

    function waitForRunEnd(): Promise<TrainStatus> {
      return new Promise((resolve) => statusWaiters.push(resolve));
    }

    async function show(record: StoredNotebook) {
      const head = await withDb((db) => getVersion(db, record.headVersion));
      const lessonId = record.origin ?? record.headVersion;
      const lesson =
        lessonId === record.headVersion
          ? head
          : ((await withDb((db) => getVersion(db, lessonId))) ?? head);
      if (head === null || lesson === null) {
        fail(`The saved version of "${record.title}" is missing, so it cannot be opened.`);
        return;
      }
      set({
        openNotebook: { record, head, lesson, mode: record.mode ?? 'author' },
        activeCell: null,
        notebookSave: 'saved',
        notebookError: null,
      });
      const first = experiments(record.draft)[0];
      if (first !== undefined) await get().activateCell(first.id);
    }

    return {
      openNotebook: null,
      notebookError: null,
      notebookSave: 'saved',
      activeCell: null,
      cellWeights: null,
      cellLoading: null,
      runningAll: null,
      myNotebooks: [],

      async refreshNotebooks() {
        const listed = await withDb((db) => listNotebooks(db));
        if (listed !== null) set({ myNotebooks: listed });
      },

      async loadNotebook(id) {
        if (get().openNotebook?.record.id === id) return;
        await get().flushDraft();
        const db = await openDb();
        if (!db.ok) {
          fail(db.error.message);
          return;
        }
        const found = await getNotebook(db.value, id);
        if (!found.ok) {
          fail(found.error.message);
          return;
        }
        if (found.value === null) {
          set({ openNotebook: null, activeCell: null });
          fail('This notebook is not saved in this browser. Open it from its link or file again.');
          return;
        }
        await show(found.value);
      },

      async adoptBundle(bundle, mode) {
        const record = notebookFromBundle(bundle, new Date(now()), mode);
        const saved = await withDb((db) => saveNotebookWithVersion(db, record, bundle));
        if (saved === null) return null;
        announceChange({ store: 'notebooks', key: record.id });
        void get().refreshNotebooks();
        return record.id;
      },

      async openLessonBundle(bundle) {
        const listed = await withDb((db) => listNotebooks(db));
        const mine = listed?.find((n) => n.origin === bundle.id);
        if (mine !== undefined) return mine.id;
        return get().adoptBundle(bundle, hasLocks(bundle) ? 'student' : 'author');
      },

      async createNotebook() {
        const createdAt = new Date(now());
        let first: Bundle;
        try {
          first = await firstVersion(blankBundle(createdAt), createdAt, APP_VERSION);
        } catch (error) {
          fail(`A new notebook could not be made: ${describe(error)}`);
          return null;
        }
        return get().adoptBundle(first, 'author');
      },

      async deleteNotebook(id) {
        const deleted = await withDb((db) => deleteStoredNotebook(db, id));
        if (deleted === null) return;
        announceChange({ store: 'notebooks', key: id });
        if (get().openNotebook?.record.id === id) set({ openNotebook: null, activeCell: null });
        await get().refreshNotebooks();
      },

      setNotebookMode(mode) {
        const open = get().openNotebook;
        if (open === null || open.mode === mode) return;
        set({ openNotebook: { ...open, mode } });
        scheduleSave();
      },

      editDraft(edit) {
        const open = get().openNotebook;
        if (open !== null) setDraft(edit(open.record.draft));
      },

      async activateCell(cellId) {
        const open = get().openNotebook;
        const cell = open ? experiments(open.record.draft).find((c) => c.id === cellId) : undefined;
        const ref = cell && open ? open.record.draft.datasets[cell.dataset] : undefined;
        if (open === null || cell === undefined || ref === undefined) return false;
        const mine = ++activation;
        const { status } = get();
        if (status === 'running' || status === 'paused') get().stop();
        set({ cellLoading: 'Preparing the dataset…', activeCell: null });
        const resolved = await resolveDataset(ref, jobs);
        if (mine !== activation) return false;
        if (!resolved.ok) {
          set({ cellLoading: null });
          fail(`The dataset of this experiment could not be made ready: ${resolved.error.message}`);
          return false;
        }
        applying = true;
        try {
          await applyJob(
            { dataset: resolved.value, model: cell.model, config: cell.config, gridResolution: 0 },
            get(),
          );
        } finally {
          applying = false;
        }
        if (mine !== activation) return false;
        set({
          activeCell: { cellId, resolvedRef: resolved.value },
          cellLoading: null,
          cellWeights: null,
          history: [],
          checkpoint: null,
        });
        const shared = inlineWeightsFor(open.record.draft, cellId);
        // In the background: the cell is usable at once, and Train supersedes the weights.
        if (shared !== null) void loadSharedWeights(cellId, shared, mine);
        return true;
      },

      syncFromEditors() {
        const { openNotebook: open, activeCell } = get();
        if (applying || open === null || activeCell === null) return;
        setDraft(syncActiveCell(get(), open.record.draft, activeCell, open.mode, open.lesson));
      },

      noteNotebookTrainStatus(status) {
        const { openNotebook: open, activeCell } = get();
        if (status === 'done' && open !== null && activeCell !== null) {
          setDraft(
            recordRunInDraft(get(), open.record.draft, activeCell, open.lesson, new Date(now())),
          );
        }
        if (ENDED.has(status)) {
          const waiters = statusWaiters;
          statusWaiters = [];
          for (const resolve of waiters) resolve(status);
        }
      },

      async runCell(cellId) {
        if (!(await get().activateCell(cellId))) return false;
        // A run starts from fresh weights: shared ones still on their way are not loaded.
        if (get().cellWeights?.state === 'loading') set({ cellWeights: null });
        const ended = waitForRunEnd();
        get().train();
        return (await ended) === 'done';
      },

      async runAll() {
        const open = get().openNotebook;
        if (open === null) return;
        const mine = ++runAllTicket;
        for (const cell of experiments(open.record.draft)) {
          if (mine !== runAllTicket) return;
          set({ runningAll: cell.id });
          const done = await get().runCell(cell.id);
          if (!done) break;
        }
        if (mine === runAllTicket) set({ runningAll: null });
      },

      stopRunAll() {
        runAllTicket++;
        set({ runningAll: null });
        const { status } = get();
        if (status === 'running' || status === 'paused') get().stop();
      },

      async saveVersion() {
        const open = get().openNotebook;
        if (open === null) return;
        const { head, record } = open;
        if (isSameContent(head, record.draft)) return;
        let version: Bundle;
        try {
          version = await nextVersion(head, record.draft, new Date(now()), APP_VERSION);
        } catch (error) {
          fail(`This version could not be saved: ${describe(error)}`);
          return;
        }
        const saved: StoredNotebook = {
          ...record,
          title: version.notebook.title,
          headVersion: version.id,
          parent: version.parent,
          version: version.version,
          savedAt: new Date(now()).toISOString(),
          draft: version,
          mode: open.mode,
        };
        if (saveTimer !== null) clearTimeout(saveTimer);
        saveTimer = null;
        const written = await withDb((db) => saveNotebookWithVersion(db, saved, version));
        if (written === null) return;
        announceChange({ store: 'notebooks', key: saved.id });
        const current = get().openNotebook;
        if (current?.record.id !== saved.id) return;
        set({
          openNotebook: { ...current, record: saved, head: version },
          notebookSave: 'saved',
        });
      },

      async versionHistory() {
        const open = get().openNotebook;
        if (open === null) return [];
        const db = await openDb();
        if (!db.ok) {
          fail(db.error.message);
          return [];
        }
        return lineage(open.head.id, async (id) => {
          const found = await getVersion(db.value, id);
          return found.ok ? found.value : null;
        });
      },

      async restoreVersion(version) {
        const open = get().openNotebook;
        if (open === null) return;
        setDraft(restoreAsDraft(version, open.head));
        const cellId = get().activeCell?.cellId ?? experiments(version)[0]?.id;
        if (cellId !== undefined) await get().activateCell(cellId);
      },

      async resetToLesson() {
        const open = get().openNotebook;
        if (open === null) return;
        await get().restoreVersion(open.lesson);
      },

      async flushDraft() {
        if (saveTimer === null) return;
        clearTimeout(saveTimer);
        await writeDraft();
      },

      dismissNotebookError() {
        set({ notebookError: null });
      },
    };
  };
}
