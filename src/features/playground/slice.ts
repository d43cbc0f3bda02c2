/**
 * The playground: an experiment of its own, an unsaved one-cell notebook. It is autosaved to
 * IndexedDB as it is edited and comes back after a reload; opening a lesson or a link puts their
 * experiments in the editors without touching it, and it is back as it was on return.
 */
import { defaultExperiment, PLAYGROUND, type Experiment } from '../../core/experiment/experiment';
import type { StorageUnavailableError } from '../../core/errors';
import type { Result } from '../../core/result';
import { appDb } from '../../storage/app-db';
import type { GradlabDb } from '../../storage/open';
import { loadPlayground, savePlayground } from '../../storage/playground-repo';
import { onRetryWrites } from '../../storage/write-failures';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';

export interface PlaygroundSlice {
  /** The playground's experiment, as last edited. */
  playground: Experiment;
  /** Whether the saved playground was read (or found missing); it is not saved before. */
  playgroundLoaded: boolean;
  /** Why the saved playground could not be read or saved; null when all is well. */
  playgroundError: string | null;
  /** Reads the saved playground; the editors show it if they show the playground. */
  loadPlaygroundFromStorage(): Promise<void>;
  /** Puts the playground's experiment in the editors. */
  openPlayground(): void;
  /** The experiment in the editors (the playground's) changed: it is autosaved. */
  playgroundEdited(experiment: Experiment): void;
  /** Writes a pending autosave now (before leaving the page). */
  flushPlayground(): Promise<void>;
  dismissPlaygroundError(): void;
}

export interface PlaygroundDeps {
  openDb?: () => Promise<Result<GradlabDb, StorageUnavailableError>>;
  autosaveMs?: number;
}

const AUTOSAVE_MS = 400;

export function createPlaygroundSlice(deps: PlaygroundDeps = {}): Slice<AppState, PlaygroundSlice> {
  const openDb = deps.openDb ?? appDb;
  const autosaveMs = deps.autosaveMs ?? AUTOSAVE_MS;
  return (set, get) => {
    let saveTimer: ReturnType<typeof setTimeout> | null = null;

    async function write() {
      saveTimer = null;
      const db = await openDb();
      // Without storage the banner already says that nothing is kept.
      if (!db.ok) return;
      const saved = await savePlayground(db.value, get().playground);
      // A failed save keeps the experiment here; the next edit or Retry saves it again.
      set({ playgroundError: saved.ok ? null : saved.error.message });
      unsaved = !saved.ok;
    }
    let unsaved = false;
    onRetryWrites(() => {
      if (unsaved && saveTimer === null) void write();
    });

    return {
      playground: defaultExperiment(),
      playgroundLoaded: false,
      playgroundError: null,
      async loadPlaygroundFromStorage() {
        const db = await openDb();
        if (!db.ok) {
          set({ playgroundLoaded: true });
          return;
        }
        const loaded = await loadPlayground(db.value);
        // Edits made in the playground before the saved one arrived are newer: they stay.
        const { place, editor } = get();
        if (place.kind === 'playground' && editor.history.past.length > 0) {
          set({ playgroundLoaded: true });
          get().playgroundEdited(get().playground);
          return;
        }
        if (!loaded.ok) {
          set({ playgroundLoaded: true, playgroundError: loaded.error.message });
          return;
        }
        const experiment = loaded.value ?? get().playground;
        set({ playground: experiment, playgroundLoaded: true });
        if (get().place.kind === 'playground') get().openPlayground();
      },
      openPlayground() {
        const interrupted = get().interrupted?.checkpoint.job;
        // The editors show what an interrupted run here trained, so Resume goes on with it.
        const experiment =
          interrupted?.place.kind === 'playground' ? interrupted.experiment : get().playground;
        get().openExperiment(experiment, PLAYGROUND);
      },
      playgroundEdited(experiment) {
        set({ playground: experiment });
        if (!get().playgroundLoaded) return;
        if (saveTimer !== null) clearTimeout(saveTimer);
        saveTimer = setTimeout(() => void write(), autosaveMs);
      },
      async flushPlayground() {
        if (saveTimer === null) return;
        clearTimeout(saveTimer);
        await write();
      },
      dismissPlaygroundError() {
        set({ playgroundError: null });
      },
    };
  };
}
