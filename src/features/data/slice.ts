/**
 * The datasets this browser holds, and the experiment's dataset made ready: generated points are
 * made here (small enough to plot); a stored dataset is found in storage, or put there first (the
 * shipped ones on first use, a bundle's downloaded, inline or carried ones when it opens). A
 * `local` one this browser lacks (a shared notebook's, whose data did not travel) is `missing`:
 * the page asks for its file, and it is made ready as soon as a dataset with its sha256 is stored,
 * whichever way it came. The page keeps only records; the bytes stay in IndexedDB for the workers.
 */
import { canonicalJson } from '../../core/bundle/canonical';
import type { CarriedDataset } from '../../core/bundle/carried-datasets';
import { SHIPPED_CATALOG } from '../../core/data/catalog';
import type {
  Dataset,
  DatasetRef,
  LoadableDatasetRef,
  LocalDatasetRef,
} from '../../core/data/dataset';
import { generate } from '../../core/data/generators';
import { defaultDataset } from '../../core/experiment/experiment';
import { builtinInfo, storedInfo, type DatasetInfo } from '../../core/data/info';
import { isShippedName } from '../../core/data/ref';
import { sourceKeyOf, type StoredDataset } from '../../core/data/stored-dataset';
import { appDb } from '../../storage/app-db';
import { announceChange, onStorageChange } from '../../storage/change-feed';
import { getDataset, listDatasets } from '../../storage/datasets-repo';
import type { GetState, SetState, Slice } from '../../store/slice';
import { requestData } from './data-client';
import {
  importCsvAs,
  storeCarried,
  storeDataset,
  workerDataJobs,
  type DataJobs,
} from './resolve-dataset';

export interface DatasetLoading {
  label: string;
  loaded: number;
  total: number | null;
}

/** The experiment's dataset as far as it is ready. */
export interface PreparedDataset {
  /** The canonical JSON of the ref it is for. */
  key: string;
  /** What is known of it; null until a stored one is found. */
  info: DatasetInfo | null;
  /** The points of a generated dataset. */
  points: Dataset | null;
  /** The record of a stored one. */
  record: StoredDataset | null;
  /** The ref the training worker loads; null until it can. */
  loadable: LoadableDatasetRef | null;
  loading: DatasetLoading | null;
  error: string | null;
  /** The `local` ref it is for, when this browser does not hold that dataset; else null. */
  missing: LocalDatasetRef | null;
}

/** A file chosen for the missing dataset, while it is imported, or why it did not fit. */
export interface Attaching {
  sha256: string;
  fileName: string;
  error: string | null;
}

export interface DataSlice {
  prepared: PreparedDataset;
  storedDatasets: StoredDataset[];
  storageError: string | null;
  attaching: Attaching | null;
  /** Makes `ref` ready to train on; a later call for another ref supersedes it. */
  prepareDataset(ref: DatasetRef): Promise<void>;
  refreshStoredDatasets(): Promise<void>;
  /**
   * Imports `file` as the missing dataset, with its author's CSV choices when the ref names them;
   * it is kept only if it gives the sha256 the ref names, and then the dataset is made ready.
   */
  attachMissing(file: Blob, fileName: string): Promise<void>;
  /** Stores the datasets a bundle file carried; why one could not be stored, or null. */
  storeCarriedDatasets(carried: readonly CarriedDataset[]): Promise<string | null>;
}

export interface DataDeps {
  jobs?: DataJobs;
}

const keyOf = (ref: DatasetRef): string => canonicalJson(ref);

const isSame = (record: StoredDataset, ref: DatasetRef): boolean =>
  ref.kind === 'local'
    ? record.sha256 === ref.sha256
    : ref.kind === 'shipped' &&
      record.sourceKey === sourceKeyOf({ kind: 'shipped', name: ref.name });

/** What is known of any dataset: generated ones from their ref, stored ones from their record. */
export function datasetInfoOf(
  state: Pick<DataSlice, 'prepared' | 'storedDatasets'>,
  ref: DatasetRef,
): DatasetInfo | null {
  if (ref.kind === 'builtin') return builtinInfo(ref);
  if (state.prepared.key === keyOf(ref)) return state.prepared.info;
  const record = state.storedDatasets.find((r) => isSame(r, ref));
  return record === undefined ? null : storedInfo(record, ref.limit);
}

/** The stored record of a dataset, once it is in this browser's storage; null for generated data. */
export function storedRecordOf(
  state: Pick<DataSlice, 'prepared' | 'storedDatasets'>,
  ref: DatasetRef,
): StoredDataset | null {
  if (ref.kind === 'builtin') return null;
  if (state.prepared.key === keyOf(ref) && state.prepared.record) return state.prepared.record;
  return state.storedDatasets.find((r) => isSame(r, ref)) ?? null;
}

/** How the editors name a stored dataset: shipped ones by name, so links stay portable. */
export function storedRefOf(record: StoredDataset): StoredRef {
  const { source } = record;
  return source.kind === 'shipped' && isShippedName(source.name)
    ? { kind: 'shipped', name: source.name }
    : { kind: 'local', sha256: record.sha256, name: record.name };
}

const unprepared = (ref: DatasetRef): PreparedDataset => ({
  key: keyOf(ref),
  info: null,
  points: null,
  record: null,
  loadable: null,
  loading: null,
  error: null,
  missing: null,
});

function generated(ref: Extract<DatasetRef, { kind: 'builtin' }>): PreparedDataset {
  const points = generate(ref);
  return {
    ...unprepared(ref),
    info: builtinInfo(ref),
    points: points.ok ? points.value : null,
    loadable: points.ok ? ref : null,
    error: points.ok ? null : points.error.message,
  };
}

/** A dataset that is (or will be, for shipped ones) in this browser's storage. */
type StoredRef = Exclude<LoadableDatasetRef, { kind: 'builtin' }>;

/** "penguins (sha256 0123456789ab…)": a dataset named so that it cannot be mistaken. */
export const pinnedName = (ref: LocalDatasetRef): string =>
  `${ref.name} (sha256 ${ref.sha256.slice(0, 12)}…)`;

/**
 * The stored record of a dataset (shipped ones are stored on first use), why it cannot be had, or
 * the local ref this browser does not hold.
 */
async function recordFor(
  ref: StoredRef,
  known: readonly StoredDataset[],
  onLoading: (loading: DatasetLoading) => void,
): Promise<StoredDataset | string | { missing: LocalDatasetRef }> {
  const found = known.find((record) => isSame(record, ref));
  if (found !== undefined) return found;
  if (ref.kind === 'local') {
    // The list may not be read yet (just after the page opened): storage itself says.
    const db = await appDb();
    const stored = db.ok ? await getDataset(db.value, ref.sha256).catch(() => null) : null;
    return stored ?? { missing: ref };
  }
  const title = SHIPPED_CATALOG.find((entry) => entry.id === ref.name)?.title ?? ref.name;
  const label = `Loading ${title}`;
  onLoading({ label, loaded: 0, total: null });
  const job = requestData(
    { type: 'ensureShipped', name: ref.name, appUrl: new URL('.', document.baseURI).href },
    (progress) => onLoading({ label, loaded: progress.loaded, total: progress.total }),
  );
  const answer = await job.done;
  return answer.ok ? answer.value.record : answer.error.message;
}

export function createDataSlice(deps: DataDeps = {}): Slice<DataSlice, DataSlice> {
  const jobs = deps.jobs ?? workerDataJobs;
  return (set, get) => {
    const current = (key: string) => get().prepared.key === key;
    const update = (key: string, patch: Partial<PreparedDataset>) => {
      if (current(key)) set((s) => ({ prepared: { ...s.prepared, ...patch } }));
    };
    return {
      // The editors open on the default experiment, whose points are made at once.
      prepared: generated(defaultDataset()),
      storedDatasets: [],
      storageError: null,
      attaching: null,
      async prepareDataset(ref) {
        const key = keyOf(ref);
        if (current(key) && get().prepared.error === null) return;
        if (ref.kind === 'builtin') {
          set({ prepared: generated(ref) });
          return;
        }
        set({ prepared: unprepared(ref) });
        let loadable: StoredRef;
        if (ref.kind === 'url' || ref.kind === 'inline') {
          const label = ref.kind === 'url' ? `Downloading ${ref.name}` : `Storing ${ref.name}`;
          update(key, { loading: { label, loaded: 0, total: null } });
          const stored = await storeDataset(ref, jobs);
          if (!stored.ok) {
            update(key, { loading: null, error: stored.error.message });
            return;
          }
          loadable = stored.value;
          await get().refreshStoredDatasets();
        } else {
          loadable = ref;
        }
        const record = await recordFor(loadable, get().storedDatasets, (loading) =>
          update(key, { loading }),
        );
        if (typeof record === 'string') {
          update(key, { loading: null, error: record });
          return;
        }
        if ('missing' in record) {
          const { missing } = record;
          const error = `${pinnedName(missing)} is not in this browser's storage.`;
          update(key, { loading: null, error, missing });
          return;
        }
        update(key, {
          loading: null,
          record,
          info: storedInfo(record, loadable.limit),
          loadable,
        });
        void get().refreshStoredDatasets();
      },
      refreshStoredDatasets: storedDatasetsRefresh(set, get),
      async attachMissing(file, fileName) {
        const { missing } = get().prepared;
        if (missing === null) return;
        const attempt: Attaching = { sha256: missing.sha256, fileName, error: null };
        set({ attaching: attempt });
        const stored = await importCsvAs(
          file,
          missing.name,
          missing.csv ?? {},
          jobs,
          missing.sha256,
        );
        if (get().attaching !== attempt) return;
        if (!stored.ok) {
          const hint =
            missing.csv === undefined
              ? ' The notebook does not say how its author imported the file: import it on the ' +
                'Datasets page with their choices (target column and task); it is used here as ' +
                'soon as it is stored.'
              : '';
          set({ attaching: { ...attempt, error: `${fileName}: ${stored.error.message}${hint}` } });
          return;
        }
        set({ attaching: null });
        // The list now holds the missing hash: refreshing it makes the dataset ready.
        await get().refreshStoredDatasets();
      },
      async storeCarriedDatasets(carried) {
        for (const dataset of carried) {
          const stored = await storeCarried(dataset, jobs);
          if (!stored.ok) {
            return `The dataset "${dataset.details.name}" in this file could not be stored: ${stored.error.message}`;
          }
        }
        await get().refreshStoredDatasets();
        return null;
      },
    };
  };
}

/** What a change of the list is judged by: which datasets, and when each was last used. */
const listSignature = (stored: readonly StoredDataset[]) =>
  stored.map((record) => `${record.sha256}@${record.lastUsed}`).join(' ');

/**
 * `refreshStoredDatasets`, which also keeps the other tabs' lists current. Datasets are written by
 * the data worker and the panels, which refresh afterwards: a refresh that finds the list changed
 * since this tab's previous one tells the other tabs, and they refresh. A refresh caused by
 * another tab tells nobody, so tabs never echo each other.
 */
function storedDatasetsRefresh(
  set: SetState<DataSlice>,
  get: GetState<DataSlice>,
): () => Promise<void> {
  let ownSignature: string | null = null;
  async function refresh(fromOtherTab: boolean): Promise<void> {
    const db = await appDb();
    if (!db.ok) {
      set({ storageError: db.error.message });
      return;
    }
    const stored = await listDatasets(db.value);
    if (!fromOtherTab) {
      const signature = listSignature(stored);
      if (ownSignature !== null && signature !== ownSignature) {
        announceChange({ store: 'datasets' });
      }
      ownSignature = signature;
    }
    const { record, missing } = get().prepared;
    const gone = record !== null && !stored.some((r) => r.sha256 === record.sha256);
    set((s) => ({
      storedDatasets: stored,
      storageError: null,
      ...(gone
        ? {
            prepared: {
              ...s.prepared,
              record: null,
              info: null,
              loadable: null,
              error: `${record.name} was deleted from this browser.`,
            },
          }
        : {}),
    }));
    // The dataset a notebook was missing arrived (imported again, attached, or from another tab).
    if (missing !== null && stored.some((r) => r.sha256 === missing.sha256)) {
      void get().prepareDataset(missing);
    }
  }
  onStorageChange((change) => {
    if (change.store === 'datasets') void refresh(true);
  });
  return () => refresh(false);
}
