/**
 * The notebook being read or written: its head version, its draft (autosaved to IndexedDB), the
 * mode it is shown in, and which of its experiment cells is open in the editors. One experiment
 * trains at a time (one worker, one GPU): opening a cell puts its experiment in the editors, and
 * the store hands every edit of it back here (`cellEdited`), as it hands every run that ends
 * (`recordRunInCell`).
 */
import { APP_VERSION } from '../../app-version';
import { SCHEMA_VERSION, type Bundle, type Cell, type RunRecord } from '../../core/bundle/schema';
import type { StorageUnavailableError } from '../../core/errors';
import {
  experimentCells,
  experimentOf,
  withExperiment,
  cellById,
} from '../../core/experiment/cell';
import {
  sameExperiment,
  samePlace,
  type Experiment,
  type ExperimentPlace,
} from '../../core/experiment/experiment';
import { randomId } from '../../core/id';
import {
  describeConflicts,
  isConflictNote,
  mergeDrafts,
  type DraftConflict,
} from '../../core/notebook/merge-drafts';
import type { NotebookMode, StoredNotebook } from '../../core/notebook/stored-notebook';
import {
  firstVersion,
  forkVersion,
  isSameContent,
  lineage,
  restoreAsDraft,
  versionAfter,
} from '../../core/notebook/versions';
import type { Result } from '../../core/result';
import { bundleRunOf } from '../../core/runs/bundle-run';
import type { UnreadableRecord } from '../../core/runs/stored-run';
import { appDb } from '../../storage/app-db';
import { announceChange, onStorageChange } from '../../storage/change-feed';
import {
  deleteNotebook as deleteStoredNotebook,
  getNotebook,
  listNotebooks,
  sameRevision,
  saveDraft,
  saveNotebook,
} from '../../storage/notebooks-repo';
import type { GradlabDb } from '../../storage/open';
import { getVersion } from '../../storage/versions-repo';
import { onRetryWrites } from '../../storage/write-failures';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { storedRunOf } from '../runs/slice';
import { damagedInlineWeights, fromBase64 } from '../share/inline-weights';
import type { EndedRun } from '../train/slice';
import {
  authorModeForks,
  blankNotebook,
  forkedNotebook,
  hasLocks,
  notebookFromBundle,
} from './notebook-record';

export interface OpenNotebook {
  record: StoredNotebook;
  /** The saved version the draft derives from; null until a new notebook is first saved. */
  head: Bundle | null;
  /**
   * The version it was first opened from (a lesson, a link): its locks bind a student and "Reset
   * to lesson" returns to it. Null for a notebook made here with New.
   */
  lesson: Bundle | null;
  mode: NotebookMode;
}

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'error';

/** The trained weights a bundle brought for the open cell, and whether they are in the model. */
export type CellWeights =
  | { cellId: string; state: 'loading' }
  | { cellId: string; state: 'loaded'; runId: string }
  | { cellId: string; state: 'failed'; message: string }
  /** Refused before loading (values that are not numbers); the model keeps its seeded weights. */
  | { cellId: string; state: 'damaged'; message: string };

export interface NotebookSlice {
  openNotebook: OpenNotebook | null;
  notebookError: string | null;
  notebookSave: SaveState;
  /**
   * Another tab edited the open notebook at the same time and both changed the same thing: what
   * was kept (both versions) and what to do. Null when there is nothing to tell.
   */
  notebookConflict: string | null;
  cellWeights: CellWeights | null;
  /** The cell "Run all" is training now; null when it is not running. */
  runningAll: string | null;
  myNotebooks: StoredNotebook[];
  /** Saved notebooks this version cannot read: kept in storage, named on the home page. */
  unreadableNotebooks: UnreadableRecord[];
  refreshNotebooks(): Promise<void>;
  loadNotebook(id: string): Promise<void>;
  /** Saves `bundle` as a new local notebook (a lesson, an opened link or file); its id. */
  adoptBundle(bundle: Bundle, mode?: NotebookMode): Promise<string | null>;
  /** Opens the local notebook made from `bundle` earlier, or adopts it. */
  openLessonBundle(bundle: Bundle): Promise<string | null>;
  /** A blank notebook, saved as a draft with no version yet; its id. */
  createNotebook(): Promise<string | null>;
  deleteNotebook(id: string): Promise<void>;
  /** Switches the mode, except from a lesson's student mode to author mode: that is forkNotebook. */
  setNotebookMode(mode: NotebookMode): void;
  /**
   * The student's own copy of the open lesson, as it now is, saved as a new notebook opened for
   * its author (the version after the lesson); its id. The lesson's notebook stays as it was.
   */
  forkNotebook(): Promise<string | null>;
  /** Any edit of the draft: title, cells, locks, views. Autosaved. */
  editDraft(edit: (draft: Bundle) => Bundle): void;
  /** Puts the cell's experiment in the editors; false when the notebook has no such cell. */
  openCell(cellId: string): boolean;
  /** The experiment in the editors changed: it goes into its cell. */
  cellEdited(place: Extract<ExperimentPlace, { kind: 'cell' }>, experiment: Experiment): void;
  /** A run started: the model is no longer the one a bundle's weights made, if it was. */
  runStarted(): void;
  /** A run of a cell ended: it is recorded in its notebook, open or not. */
  recordRunInCell(run: EndedRun): Promise<void>;
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
  dismissNotebookConflict(): void;
}

export interface NotebookDeps {
  openDb?: () => Promise<Result<GradlabDb, StorageUnavailableError>>;
  now?: () => number;
  autosaveMs?: number;
}

const AUTOSAVE_MS = 400;

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

/** A new notebook's content: an introduction to write and no experiment yet. */
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
    schemaVersion: SCHEMA_VERSION,
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

/**
 * The draft with `run` recorded for its cell. A cell keeps the lesson's recorded runs and the
 * newest run of this browser, so the notebook stays small.
 */
function withRun(draft: Bundle, lesson: Bundle | null, run: EndedRun, cellId: string): Bundle {
  const cell = cellById(draft, cellId);
  const record =
    cell === null
      ? null
      : bundleRunOf(storedRunOf(run, null), { cellId, datasetKey: cell.dataset });
  if (record === null) return draft;
  const kept = new Set(lesson?.runs.map((r) => r.id));
  const runs: RunRecord[] = [
    ...draft.runs.filter((r) => r.cellId !== cellId || kept.has(r.id)),
    record,
  ];
  return { ...draft, runs };
}

export function createNotebookSlice(deps: NotebookDeps = {}): Slice<AppState, NotebookSlice> {
  const openDb = deps.openDb ?? appDb;
  const now = deps.now ?? Date.now;
  const autosaveMs = deps.autosaveMs ?? AUTOSAVE_MS;

  return (set, get) => {
    let saveTimer: ReturnType<typeof setTimeout> | null = null;
    let runAllTicket = 0;
    /**
     * Runs the disk refused to add to their closed notebook's stored draft: kept here (their run
     * records are kept by the runs slice) and added again on Retry.
     */
    const unrecorded = new Map<string, EndedRun>();
    /** The cell of the open notebook last put in the editors. */
    let lastOpenCell: string | null = null;
    /**
     * The open notebook as this tab last read or wrote it: its revision is the one a save expects
     * to find stored, and its draft the common ancestor of a merge with another tab's.
     */
    let base: StoredNotebook | null = null;
    /** Saves and reads of another tab's revision, one at a time, so each starts from `base`. */
    let queue: Promise<void> = Promise.resolve();
    const serially = (work: () => Promise<void>): Promise<void> => {
      const done = queue.then(work);
      queue = done.catch(() => undefined);
      return done;
    };

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
      const saved = await withDb((db) =>
        saveDraft(db, record, base?.id === record.id ? base : null),
      );
      if (saved !== null) announceChange({ store: 'notebooks', key: record.id });
      if (get().openNotebook?.record.id !== record.id) return;
      // Kept in memory: the next edit or Retry saves it again.
      if (saved === null) {
        set({ notebookSave: 'error' });
        return;
      }
      const previous = base;
      base = saved.record;
      if (saved.merged) await adoptStored(saved.record, record.draft, previous, saved.conflicts);
      set({ notebookSave: saveTimer === null ? 'saved' : 'unsaved' });
    }

    /**
     * `stored` is a newer revision than the draft on screen derives from (`sent` when this tab
     * had just saved, else the last revision it saw): the screen shows it, with whatever was typed
     * here that it lacks merged in and left to save, and the user is told of any conflict.
     */
    async function adoptStored(
      stored: StoredNotebook,
      sent: Bundle,
      previous: StoredNotebook | null,
      conflicts: DraftConflict[],
    ) {
      let head = get().openNotebook?.head ?? null;
      const { headVersion } = stored;
      if (headVersion !== null && headVersion !== head?.id) {
        head = (await withDb((db) => getVersion(db, headVersion))) ?? head;
      }
      const current = get().openNotebook;
      if (current?.record.id !== stored.id) return;
      const typed = current.record.draft !== sent;
      const merged = typed ? mergeDrafts(sent, current.record.draft, stored.draft) : null;
      const draft = merged?.draft ?? stored.draft;
      set({
        openNotebook: { ...current, head, record: { ...stored, mode: current.mode, draft } },
      });
      followInEditors(draft);
      if (typed) scheduleSave();
      const told = describeConflicts([...conflicts, ...(merged?.conflicts ?? [])]);
      const seen = new Set([
        ...(previous?.draft.notebook.cells ?? []).map((c) => c.id),
        ...current.record.draft.notebook.cells.map((c) => c.id),
      ]);
      const noted = stored.draft.notebook.cells.some((c) => isConflictNote(c) && !seen.has(c.id));
      const message =
        told ??
        (noted
          ? 'This notebook was edited in another tab at the same time, and both changed the ' +
            'same cell: both versions are kept, the other one as a cell marked \u201cFrom ' +
            'another tab\u201d. Keep the one you want and delete the other.'
          : null);
      if (message !== null) set({ notebookConflict: message });
    }

    function scheduleSave() {
      if (saveTimer !== null) clearTimeout(saveTimer);
      set({ notebookSave: 'unsaved' });
      saveTimer = setTimeout(() => {
        saveTimer = null;
        void serially(writeDraft);
      }, autosaveMs);
    }

    /** The open cell, when the editors hold a cell of the open notebook. */
    function openCellId(): string | null {
      const { place, openNotebook: open } = get();
      return place.kind === 'cell' && open !== null && place.notebookId === open.record.id
        ? place.cellId
        : null;
    }

    /** The lesson's experiment for a cell, whose locks bind a student. */
    function lessonOf(open: OpenNotebook, cellId: string): Experiment | null {
      return open.mode === 'student' && open.lesson !== null
        ? experimentOf(open.lesson, cellId)
        : null;
    }

    /**
     * Sets the draft. When the open cell changed other than through the editors (a restored
     * version, another tab, an author's lock), the editors show it as it now is.
     */
    function setDraft(draft: Bundle) {
      const open = get().openNotebook;
      if (open === null || draft === open.record.draft) return;
      set({ openNotebook: { ...open, record: { ...open.record, draft } } });
      scheduleSave();
      followInEditors(draft);
    }

    /** The open cell as it is in `draft` (now on show), when it is not what the editors hold. */
    function followInEditors(draft: Bundle) {
      const open = get().openNotebook;
      const cellId = openCellId();
      const experiment = cellId === null ? null : experimentOf(draft, cellId);
      if (open === null || cellId === null || experiment === null) return;
      if (!sameExperiment(experiment, get().editor.experiment)) {
        get().openExperiment(experiment, get().place, lessonOf(open, cellId));
      }
    }

    /** Puts a bundle's trained weights into the model of the cell just opened. */
    async function loadSharedWeights(cellId: string, bundle: Bundle) {
      const shared = inlineWeightsFor(bundle, cellId);
      if (shared === null) return;
      const damaged = damagedInlineWeights(shared.weights);
      if (damaged !== null) {
        set({ cellWeights: { cellId, state: 'damaged', message: damaged.message } });
        return;
      }
      set({ cellWeights: { cellId, state: 'loading' } });
      const bytes = fromBase64(shared.weights.data);
      const loaded = await get().loadWeights({
        weightSpecs: shared.weights.weightSpecs,
        data: bytes.buffer as ArrayBuffer,
      });
      if (get().cellWeights?.cellId !== cellId || get().cellWeights?.state !== 'loading') return;
      if (!loaded.ok && loaded.error.code === 'superseded') {
        set({ cellWeights: null });
        return;
      }
      set({
        cellWeights: loaded.ok
          ? { cellId, state: 'loaded', runId: shared.runId }
          : { cellId, state: 'failed', message: loaded.error.message },
      });
    }

    /**
     * Another tab saved a notebook: the list follows, and so does the open notebook. Edits of
     * this tab not yet saved are merged with the other tab's revision (they stay on screen), and
     * the next save goes over that revision.
     */
    async function followOtherTab(id: string | undefined) {
      await get().refreshNotebooks();
      if (id === undefined || get().openNotebook?.record.id !== id) return;
      await serially(async () => {
        const db = await openDb();
        if (!db.ok) return;
        const found = await getNotebook(db.value, id);
        const open = get().openNotebook;
        if (!found.ok || found.value === null || open?.record.id !== id) return;
        const stored = found.value;
        if (base !== null && sameRevision(stored, base)) return;
        const previous = base;
        base = stored;
        await adoptStored(stored, previous?.draft ?? open.record.draft, previous, []);
        if (saveTimer === null && get().openNotebook?.record.id === id) {
          set({ notebookSave: 'saved' });
        }
      });
    }
    onStorageChange((change) => {
      if (change.store === 'notebooks') void followOtherTab(change.key);
    });
    onRetryWrites(() => {
      if (get().notebookSave === 'error') void serially(writeDraft);
      for (const run of unrecorded.values()) void get().recordRunInCell(run);
    });

    async function show(record: StoredNotebook) {
      const { headVersion, origin } = record;
      const head = headVersion === null ? null : await withDb((db) => getVersion(db, headVersion));
      if (headVersion !== null && head === null) {
        fail(`The saved version of "${record.title}" is missing, so it cannot be opened.`);
        return;
      }
      let lesson: Bundle | null = null;
      if (origin !== undefined) {
        // A lesson version gone from storage leaves the head to reset to.
        lesson =
          origin === headVersion ? head : ((await withDb((db) => getVersion(db, origin))) ?? head);
      }
      base = record;
      set({
        openNotebook: { record, head, lesson, mode: record.mode ?? 'author' },
        notebookSave: 'saved',
        notebookError: null,
        notebookConflict: null,
        cellWeights: null,
      });
      // A run of this notebook that a reload interrupted opens in its cell, ready to resume.
      const interrupted = get().interrupted?.checkpoint.job.place;
      const resumable =
        interrupted?.kind === 'cell' && interrupted.notebookId === record.id
          ? interrupted.cellId
          : null;
      const first = resumable ?? experimentCells(record.draft)[0]?.id;
      if (first !== undefined) get().openCell(first);
    }

    return {
      openNotebook: null,
      notebookError: null,
      notebookSave: 'saved',
      notebookConflict: null,
      cellWeights: null,
      runningAll: null,
      myNotebooks: [],
      unreadableNotebooks: [],

      async refreshNotebooks() {
        const listed = await withDb((db) => listNotebooks(db));
        if (listed !== null) {
          set({ myNotebooks: listed.notebooks, unreadableNotebooks: listed.unreadable });
        }
      },

      async loadNotebook(id) {
        const open = get().openNotebook;
        if (open?.record.id === id) {
          // Back from another page (the playground took the editors): the cell last open returns.
          if (openCellId() === null) {
            const cells = experimentCells(open.record.draft);
            const again = cells.find((c) => c.id === lastOpenCell) ?? cells[0];
            if (again !== undefined) get().openCell(again.id);
          }
          return;
        }
        await get().flushDraft();
        const found = await withDb((db) => getNotebook(db, id));
        if (found === null) {
          if (get().notebookError === null) {
            fail(
              'This notebook is not saved in this browser. Open it from its link or file again.',
            );
          }
          set({ openNotebook: null });
          return;
        }
        await show(found);
      },

      async adoptBundle(bundle, mode) {
        const record = notebookFromBundle(bundle, new Date(now()), mode);
        const saved = await withDb((db) => saveNotebook(db, record, bundle));
        if (saved === null) return null;
        announceChange({ store: 'notebooks', key: record.id });
        void get().refreshNotebooks();
        return record.id;
      },

      async openLessonBundle(bundle) {
        const listed = await withDb((db) => listNotebooks(db));
        // The student's own notebook of the lesson, not a copy made from it for authoring.
        const mine = listed?.notebooks.find((n) => n.origin === bundle.id && n.fork !== true);
        if (mine !== undefined) return mine.id;
        return get().adoptBundle(bundle, hasLocks(bundle) ? 'student' : 'author');
      },

      async createNotebook() {
        const createdAt = new Date(now());
        let draft: Bundle;
        try {
          // Validated and named as its first save would be, though nothing is saved as a version.
          draft = await firstVersion(blankBundle(createdAt), createdAt, APP_VERSION);
        } catch (error) {
          fail(`A new notebook could not be made: ${describe(error)}`);
          return null;
        }
        const record = blankNotebook(draft, createdAt);
        const saved = await withDb((db) => saveNotebook(db, record));
        if (saved === null) return null;
        announceChange({ store: 'notebooks', key: record.id });
        void get().refreshNotebooks();
        return record.id;
      },

      async deleteNotebook(id) {
        const deleted = await withDb((db) => deleteStoredNotebook(db, id));
        if (deleted === null) return;
        announceChange({ store: 'notebooks', key: id });
        if (get().openNotebook?.record.id === id) set({ openNotebook: null });
        await get().refreshNotebooks();
      },

      setNotebookMode(mode) {
        const open = get().openNotebook;
        if (open === null || open.mode === mode) return;
        // A lesson's locks are never lifted in place: author mode is the student's own copy.
        if (authorModeForks(open.record, open.lesson, open.mode)) return;
        const next = { ...open, mode };
        set({ openNotebook: next });
        scheduleSave();
        // The lesson's locks bind the editors in student mode only.
        const cellId = openCellId();
        if (cellId !== null) {
          get().openExperiment(get().editor.experiment, get().place, lessonOf(next, cellId));
        }
      },

      async forkNotebook() {
        const open = get().openNotebook;
        if (open === null || open.lesson === null) return null;
        const { lesson } = open;
        // The lesson's notebook keeps the student's edits as they were.
        await get().flushDraft();
        const createdAt = new Date(now());
        let fork: Bundle;
        try {
          fork = await forkVersion(lesson, open.record.draft, createdAt, APP_VERSION);
        } catch (error) {
          fail(`Your copy of this lesson could not be made: ${describe(error)}`);
          return null;
        }
        const record = forkedNotebook(fork, lesson, createdAt);
        const saved = await withDb((db) => saveNotebook(db, record, fork));
        if (saved === null) return null;
        announceChange({ store: 'notebooks', key: record.id });
        void get().refreshNotebooks();
        return record.id;
      },

      editDraft(edit) {
        const open = get().openNotebook;
        if (open !== null) setDraft(edit(open.record.draft));
      },

      openCell(cellId) {
        const open = get().openNotebook;
        const experiment = open === null ? null : experimentOf(open.record.draft, cellId);
        if (open === null || experiment === null) return false;
        const { status } = get();
        if (status === 'running' || status === 'paused') get().stop();
        const place: ExperimentPlace = { kind: 'cell', notebookId: open.record.id, cellId };
        lastOpenCell = cellId;
        const interrupted = get().interrupted?.checkpoint.job;
        // The editors show what an interrupted run of this cell trained, so Resume goes on with it.
        const shown =
          interrupted !== undefined && samePlace(interrupted.place, place)
            ? interrupted.experiment
            : experiment;
        set({ cellWeights: null });
        get().openExperiment(shown, place, lessonOf(open, cellId));
        // In the background: the cell is usable at once, and Train supersedes the weights.
        void loadSharedWeights(cellId, open.record.draft);
        return true;
      },

      cellEdited(place, experiment) {
        const open = get().openNotebook;
        if (open === null || place.notebookId !== open.record.id) return;
        setDraft(withExperiment(open.record.draft, place.cellId, experiment));
      },

      runStarted() {
        if (get().cellWeights !== null) set({ cellWeights: null });
      },

      async recordRunInCell(run) {
        const { place } = run;
        if (place.kind !== 'cell' || run.reason !== 'completed') return;
        const open = get().openNotebook;
        if (open !== null && open.record.id === place.notebookId) {
          setDraft(withRun(open.record.draft, open.lesson, run, place.cellId));
          return;
        }
        // Its notebook was closed while it trained: the run goes into the stored draft.
        const stored = await withDb((db) => getNotebook(db, place.notebookId));
        if (stored === null) return;
        const { origin } = stored;
        const lesson = origin === undefined ? null : await withDb((db) => getVersion(db, origin));
        const draft = withRun(stored.draft, lesson, run, place.cellId);
        if (draft === stored.draft) return;
        const saved = await withDb((db) => saveDraft(db, { ...stored, draft }, stored));
        if (saved === null) {
          unrecorded.set(run.id, run);
          return;
        }
        unrecorded.delete(run.id);
        announceChange({ store: 'notebooks', key: stored.id });
      },

      async runCell(cellId) {
        if (!get().openCell(cellId)) return false;
        if (!(await get().whenTrainable())) return false;
        const runId = get().train();
        if (runId === null) return false;
        return (await get().whenRunEnds(runId)) === 'completed';
      },

      async runAll() {
        const open = get().openNotebook;
        if (open === null) return;
        const mine = ++runAllTicket;
        for (const cell of experimentCells(open.record.draft)) {
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
        if (head !== null && isSameContent(head, record.draft)) return;
        let version: Bundle;
        try {
          version = await versionAfter(head, record.draft, new Date(now()), APP_VERSION);
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
        await serially(async () => {
          const expected = base?.id === saved.id ? base : null;
          const written = await withDb((db) => saveDraft(db, saved, expected, version));
          if (written === null) {
            if (get().openNotebook?.record.id === saved.id) set({ notebookSave: 'error' });
            return;
          }
          announceChange({ store: 'notebooks', key: saved.id });
          const current = get().openNotebook;
          if (current?.record.id !== saved.id) return;
          const previous = base;
          base = written.record;
          set({
            openNotebook: { ...current, record: written.record, head: version },
            notebookSave: 'saved',
          });
          if (written.merged) {
            await adoptStored(written.record, version, previous, written.conflicts);
          }
        });
      },

      async versionHistory() {
        const head = get().openNotebook?.head ?? null;
        if (head === null) return [];
        const db = await openDb();
        if (!db.ok) {
          fail(db.error.message);
          return [];
        }
        return lineage(head.id, async (id) => {
          const found = await getVersion(db.value, id);
          return found.ok ? found.value : null;
        });
      },

      async restoreVersion(version) {
        const open = get().openNotebook;
        if (open === null) return;
        // Without a head yet, the old content is the draft as it is; its first save is version 1.
        const draft = open.head === null ? version : restoreAsDraft(version, open.head);
        setDraft(draft);
        const cellId = openCellId();
        if (cellId === null || cellById(draft, cellId) === null) {
          const first = experimentCells(draft)[0]?.id;
          if (first !== undefined) get().openCell(first);
        }
      },

      async resetToLesson() {
        const lesson = get().openNotebook?.lesson ?? null;
        if (lesson !== null) await get().restoreVersion(lesson);
      },

      async flushDraft() {
        if (saveTimer === null) {
          // A save already under way is waited for: the caller may read what it stored.
          await queue;
          return;
        }
        clearTimeout(saveTimer);
        saveTimer = null;
        await serially(writeDraft);
      },

      dismissNotebookError() {
        set({ notebookError: null });
      },

      dismissNotebookConflict() {
        set({ notebookConflict: null });
      },
    };
  };
}
