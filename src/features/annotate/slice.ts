/**
 * Annotation: relabels and removals a user makes to the examples of one dataset version, pending
 * until they are saved together as its next version (the data worker's `editDataset`); the
 * examples they have selected for a bulk action; and their flags (indices marked for a second
 * look), which are metadata of the version, not content, so they change no version. Pending edits
 * live in this tab only: until saved, nothing is written.
 */
import { isLocked } from '../../core/experiment/locks';
import type { ClassEdit, DatasetEdits } from '../../core/data/versions/lineage';
import type { StoredDataset } from '../../core/data/stored-dataset';
import { ok, err, type Result } from '../../core/result';
import { appDb } from '../../storage/app-db';
import { updateDatasetDetails } from '../../storage/datasets-repo';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { requestData } from '../data/data-client';
import { netChanges, toDatasetEdits, type PendingStep } from './pending-edits';

/** What is pending on one version. */
export interface VersionAnnotation {
  steps: readonly PendingStep[];
  /** The selected examples: index -> its class in the version. */
  selected: Readonly<Record<number, number>>;
  saving: boolean;
  /** Why the last save or flag failed; null after a success. */
  error: string | null;
}

export interface AnnotateSlice {
  /** By the SHA-256 of the version edited. */
  annotations: Readonly<Record<string, VersionAnnotation>>;
  /** Flags as this tab last set them, by version: they show at once, before storage answers. */
  flagged: Readonly<Record<string, readonly number[]>>;
  /** The version the last save made, until its bar's message is closed. */
  justSaved: StoredDataset | null;
  dismissSaved(): void;
  annotate(sha256: string, step: PendingStep): void;
  undoAnnotation(sha256: string): void;
  discardAnnotations(sha256: string): void;
  /** Adds the examples (index and class) to the selection, or takes them out. */
  select(sha256: string, items: readonly { index: number; label: number }[], on: boolean): void;
  clearSelection(sha256: string): void;
  /** Flags the examples (or unflags them); `current` is what the version's record holds. */
  flag(sha256: string, indices: readonly number[], on: boolean, current: readonly number[]): void;
  /**
   * Saves the pending edits as the next version and, when the experiment in the editors showed
   * this version, switches it to the new one. The new record, or why it could not be saved.
   */
  saveAnnotations(sha256: string, note: string): Promise<Result<StoredDataset, string>>;
  /**
   * Saves every example of a class relabelled (or removed, `to: null`) as the next version at
   * once, as `saveAnnotations` saves; refused while edits of the version are pending.
   */
  saveClassEdit(
    sha256: string,
    edit: ClassEdit,
    note: string,
  ): Promise<Result<StoredDataset, string>>;
}

export interface AnnotateDeps {
  /** The next version of `sha256` with `edits` applied (the data worker's editDataset). */
  editDataset?: (
    sha256: string,
    edits: DatasetEdits,
    note: string,
  ) => Promise<Result<StoredDataset, string>>;
  /** Stores a version's flags; why it could not, or null. */
  saveFlags?: (sha256: string, flags: readonly number[]) => Promise<string | null>;
}

const EMPTY: VersionAnnotation = { steps: [], selected: {}, saving: false, error: null };

async function editInWorker(
  sha256: string,
  edits: DatasetEdits,
  note: string,
): Promise<Result<StoredDataset, string>> {
  const answer = await requestData({ type: 'editDataset', sha256, edits, note }).done;
  return answer.ok ? ok(answer.value.record) : err(answer.error.message);
}

async function saveFlagsInStorage(
  sha256: string,
  flags: readonly number[],
): Promise<string | null> {
  const db = await appDb();
  if (!db.ok) return db.error.message;
  const saved = await updateDatasetDetails(db.value, sha256, { flags: [...flags] });
  if (!saved.ok) return `The flags could not be saved: ${saved.error.message}`;
  return saved.value === null ? 'This version is no longer in this browser.' : null;
}

/** Whether the experiment in the editors may change its dataset (a lesson may lock it). */
export const datasetEditable = (state: Pick<AppState, 'lesson'>): boolean =>
  state.lesson === null || !isLocked(state.lesson, 'dataset');

/** One empty list, so a store selector that finds no record answers the same value each time. */
const NO_FLAGS: readonly number[] = [];

/** The flags a version's stored record holds, as far as this page knows it. */
export function storedFlagsOf(
  state: Pick<AppState, 'prepared' | 'storedDatasets'>,
  sha256: string,
): readonly number[] {
  if (state.prepared.record?.sha256 === sha256) return state.prepared.record.flags;
  return state.storedDatasets.find((record) => record.sha256 === sha256)?.flags ?? NO_FLAGS;
}

export const annotationOf = (state: Pick<AnnotateSlice, 'annotations'>, sha256: string) =>
  state.annotations[sha256] ?? EMPTY;

export function createAnnotateSlice(deps: AnnotateDeps = {}): Slice<AppState, AnnotateSlice> {
  const editDataset = deps.editDataset ?? editInWorker;
  const saveFlags = deps.saveFlags ?? saveFlagsInStorage;
  return (set, get) => {
    const patch = (sha256: string, change: (a: VersionAnnotation) => Partial<VersionAnnotation>) =>
      set((s) => {
        const current = annotationOf(s, sha256);
        return { annotations: { ...s.annotations, [sha256]: { ...current, ...change(current) } } };
      });
    return {
      annotations: {},
      flagged: {},
      justSaved: null,
      dismissSaved() {
        set({ justSaved: null });
      },
      annotate(sha256, step) {
        if (step.length === 0) return;
        patch(sha256, (a) => ({ steps: [...a.steps, step], error: null }));
      },
      undoAnnotation(sha256) {
        patch(sha256, (a) => ({ steps: a.steps.slice(0, -1), error: null }));
      },
      discardAnnotations(sha256) {
        patch(sha256, () => ({ steps: [], selected: {}, error: null }));
      },
      select(sha256, items, on) {
        patch(sha256, (a) => {
          const changed = new Set(items.map((item) => item.index));
          const kept = Object.entries(a.selected).filter(([index]) => !changed.has(Number(index)));
          const added = on ? items.map(({ index, label }) => [index, label] as const) : [];
          return { selected: Object.fromEntries([...kept, ...added]) };
        });
      },
      clearSelection(sha256) {
        patch(sha256, () => ({ selected: {} }));
      },
      flag(sha256, indices, on, current) {
        const flags = new Set(get().flagged[sha256] ?? current);
        for (const index of indices) {
          if (on) flags.add(index);
          else flags.delete(index);
        }
        const next = [...flags].sort((a, b) => a - b);
        set((s) => ({ flagged: { ...s.flagged, [sha256]: next } }));
        void saveFlags(sha256, next).then((error) => {
          patch(sha256, () => ({ error }));
          if (error === null) void get().refreshStoredDatasets();
        });
      },
      saveAnnotations(sha256, note) {
        const edits = toDatasetEdits(netChanges(annotationOf(get(), sha256).steps));
        if (edits.relabel.length + edits.remove.length === 0) {
          return Promise.resolve(err('Nothing to save.'));
        }
        return saveEdits(sha256, edits, note);
      },
      saveClassEdit(sha256, edit, note) {
        if (annotationOf(get(), sha256).steps.length > 0) {
          return Promise.resolve(err('Save or discard the pending changes of this version first.'));
        }
        return saveEdits(sha256, { classes: [edit], relabel: [], remove: [] }, note);
      },
    };

    /** The next version of `sha256` with `edits`; the experiment that showed it follows. */
    async function saveEdits(
      sha256: string,
      edits: DatasetEdits,
      note: string,
    ): Promise<Result<StoredDataset, string>> {
      const pending = annotationOf(get(), sha256);
      if (pending.saving) return err('Already saving.');
      patch(sha256, () => ({ saving: true, error: null }));
      const saved = await editDataset(sha256, edits, note);
      if (!saved.ok) {
        patch(sha256, () => ({ saving: false, error: saved.error }));
        return saved;
      }
      const record = saved.value;
      // Asked before the list is read again: it may list only each dataset's current version.
      const showed = get().prepared.record?.sha256 === sha256;
      set((s) => ({
        justSaved: record,
        annotations: Object.fromEntries(
          Object.entries(s.annotations).filter(([sha]) => sha !== sha256),
        ),
      }));
      await get().refreshStoredDatasets();
      const state = get();
      if (showed) {
        const shown = state.editor.experiment.dataset;
        const limit = shown.kind === 'local' || shown.kind === 'shipped' ? shown.limit : undefined;
        const refused = state.edit({
          type: 'dataset',
          dataset: {
            kind: 'local',
            sha256: record.sha256,
            name: record.name,
            ...(limit === undefined ? {} : { limit: Math.min(limit, record.header.count) }),
          },
        });
        if (refused !== null) {
          const message = `Version ${record.lineage.version} was saved, but the experiment still uses this one: ${refused}`;
          patch(sha256, () => ({ error: message }));
          return err(message);
        }
      }
      return ok(record);
    }
  };
}
