/**
 * Opening a shared bundle: read it (link, file or address), show what it holds, and only when
 * the user says Open, store the imported datasets its file carries (through the data slice) and
 * save it as a new local notebook with its version and lineage (through the notebook slice, which
 * tells the other tabs); the notebook page then makes its first experiment's dataset ready. A
 * failure before Open saves nothing. Reading shows the bytes received and can be cancelled, by
 * the user or by leaving the page it was started from.
 */
import type { ImportSource, OpenedBundle } from '../../core/bundle/read';
import type { AppState } from '../../store/app-state';
import type { Slice } from '../../store/slice';
import { previewOf, type ImportPreview } from './preview';
import type { ReadBundle } from './read-in-worker';

/** Bytes downloaded or read so far, and of how many when known. */
export interface ReadProgress {
  loaded: number;
  total: number | null;
}

export type ImportStage =
  | { stage: 'idle' }
  | { stage: 'reading'; label: string; progress: ReadProgress | null }
  | { stage: 'preview'; preview: ImportPreview }
  | { stage: 'opening'; preview: ImportPreview; label: string };

export interface ImportSlice {
  importStage: ImportStage;
  /** Why the last import failed, worded for the user. */
  importError: string | null;
  /** Reads and validates a bundle and shows its preview; a newer call supersedes this one. */
  importFrom(source: ImportSource): Promise<void>;
  /**
   * Saves the previewed bundle as a new local notebook; its id once saved, else null. The
   * notebook page then opens its first experiment.
   */
  openImport(): Promise<string | null>;
  /** Stops a read or closes the preview; nothing is saved. */
  cancelImport(): void;
  /** The user left the page: a bundle still being read is cancelled (a preview stays). */
  leaveImport(): void;
  dismissImportError(): void;
}

export interface ImportDeps {
  read: ReadBundle;
}

function labelOf(source: ImportSource): string {
  switch (source.kind) {
    case 'link':
      return source.hash.startsWith('#url=') ? 'Downloading the bundle…' : 'Reading the link…';
    case 'file':
      return `Reading ${source.name}…`;
    case 'url':
      return 'Downloading the bundle…';
  }
}

const IDLE: ImportStage = { stage: 'idle' };

export function createImportSlice(deps: ImportDeps): Slice<AppState, ImportSlice> {
  return (set, get) => {
    let pending: OpenedBundle | null = null;
    // Each import takes a ticket; an answer for an older ticket is dropped.
    let ticket = 0;
    // Aborts the read in progress, if any.
    let stopReading: AbortController | null = null;

    const cancel = () => {
      ticket++;
      stopReading?.abort();
      stopReading = null;
      pending = null;
      set({ importStage: IDLE });
    };

    const fail = (message: string) => set({ importStage: IDLE, importError: message });

    return {
      importStage: IDLE,
      importError: null,
      async importFrom(source) {
        stopReading?.abort();
        const mine = ++ticket;
        const stop = new AbortController();
        stopReading = stop;
        pending = null;
        const label = labelOf(source);
        set({ importStage: { stage: 'reading', label, progress: null }, importError: null });
        const read = await deps.read(source, {
          signal: stop.signal,
          onProgress(loaded, total) {
            if (mine === ticket) {
              set({ importStage: { stage: 'reading', label, progress: { loaded, total } } });
            }
          },
        });
        if (mine !== ticket) return;
        stopReading = null;
        if (!read.ok) {
          fail(read.error.message);
          return;
        }
        pending = read.value;
        set({
          importStage: {
            stage: 'preview',
            preview: previewOf(read.value.bundle, read.value.extras, read.value.datasets),
          },
        });
      },
      async openImport() {
        const stage = get().importStage;
        const opened = pending;
        if (stage.stage !== 'preview' || opened === null) return null;
        const mine = ++ticket;
        const { bundle, datasets } = opened;
        const { preview } = stage;
        if (datasets.length > 0) {
          const names = datasets.map((d) => d.details.name).join(', ');
          set({ importStage: { stage: 'opening', preview, label: `Storing ${names}…` } });
          // Before the notebook: its first experiment finds its data stored when it opens.
          const failed = await get().storeCarriedDatasets(datasets);
          if (mine !== ticket) return null;
          if (failed !== null) {
            fail(failed);
            return null;
          }
        }
        set({ importStage: { stage: 'opening', preview, label: 'Saving the notebook…' } });
        const id = await get().adoptBundle(bundle);
        if (mine !== ticket) return id;
        if (id === null) {
          fail(get().notebookError ?? 'The notebook could not be saved in this browser.');
          return null;
        }
        pending = null;
        set({ importStage: IDLE });
        return id;
      },
      cancelImport: cancel,
      leaveImport() {
        if (get().importStage.stage === 'reading') cancel();
      },
      dismissImportError() {
        set({ importError: null });
      },
    };
  };
}
