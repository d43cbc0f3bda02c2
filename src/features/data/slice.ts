/**
 * The datasets this browser holds, and the experiment's dataset made ready: generated points are
 * made here (small enough to plot); a stored dataset is found in storage, or put there first (the
 * shipped ones on first use, a bundle's downloaded or inline ones when it opens). The page keeps
 * only records; the bytes stay in IndexedDB for the workers.
 */
import { canonicalJson } from '../../core/bundle/canonical';
import { SHIPPED_CATALOG } from '../../core/data/catalog';
import type { Dataset, DatasetRef, LoadableDatasetRef } from '../../core/data/dataset';
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
import { storeDataset, workerDataJobs, type DataJobs } from './resolve-dataset';

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
}

export interface DataSlice {
  prepared: PreparedDataset;
  storedDatasets: StoredDataset[];
  storageError: string | null;
  /** Makes `ref` ready to train on; a later call for another ref supersedes it. */
  prepareDataset(ref: DatasetRef): Promise<void>;
  refreshStoredDatasets(): Promise<void>;
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

/** The stored record of a dataset; shipped ones are stored on first use. */
async function recordFor(
  ref: StoredRef,
  known: readonly StoredDataset[],
  onLoading: (loading: DatasetLoading) => void,
): Promise<StoredDataset | string> {
  const found = known.find((record) => isSame(record, ref));
  if (found !== undefined) return found;
  if (ref.kind === 'local') {
    // The list may not be read yet (just after the page opened): storage itself says.
    const db = await appDb();
    const stored = db.ok ? await getDataset(db.value, ref.sha256).catch(() => null) : null;
    return stored ?? `${ref.name} is no longer in this browser's storage.`;
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
        update(key, {
          loading: null,
          record,
          info: storedInfo(record, loadable.limit),
          loadable,
        });
        void get().refreshStoredDatasets();
      },
      refreshStoredDatasets: storedDatasetsRefresh(set, get),
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
    const { record } = get().prepared;
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
  }
  onStorageChange((change) => {
    if (change.store === 'datasets') void refresh(true);
  });
  return () => refresh(false);
}
