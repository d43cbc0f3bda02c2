/**
 * The dataset chosen in the playground: a generator (made here, small enough to plot) or a stored
 * dataset (shipped, downloaded or imported), of which the page keeps only the record; its bytes
 * stay in IndexedDB for the workers.
 */
import { SHIPPED_CATALOG } from '../../core/data/catalog';
import type {
  BuiltinDatasetRef,
  Dataset,
  DatasetRef,
  GeneratorName,
  LocalDatasetRef,
  ShippedDatasetRef,
} from '../../core/data/dataset';
import { GENERATOR_INFO, generate } from '../../core/data/generators';
import { isShippedName } from '../../core/data/ref';
import { sourceKeyOf, type StoredDataset } from '../../core/data/stored-dataset';
import { announceChange, onStorageChange } from '../../storage/change-feed';
import { listDatasets } from '../../storage/datasets-repo';
import type { GetState, SetState, Slice } from '../../store/slice';
import { appDb } from '../../storage/app-db';
import { requestData } from './data-client';

export interface DatasetSettings {
  generator: GeneratorName;
  size: number;
  noise: number;
  classes: number;
  seed: number;
}

export type StoredRef = ShippedDatasetRef | LocalDatasetRef;

export type DatasetChoice = { kind: 'generator' } | { kind: 'stored'; ref: StoredRef };

/** What the model and the training settings need to know about the chosen data. */
export interface DatasetInfo {
  name: string;
  kind: 'points' | 'tabular' | 'image';
  task: 'classification' | 'regression';
  inputShape: number[];
  numClasses: number;
  n: number;
}

export interface DatasetLoading {
  label: string;
  loaded: number;
  total: number | null;
}

export interface DataSlice {
  datasetSettings: DatasetSettings;
  /** The generated points, when a generator is chosen. */
  dataset: Dataset | null;
  datasetError: string | null;
  datasetChoice: DatasetChoice;
  /** The chosen stored dataset's record, once it is in storage. */
  activeRecord: StoredDataset | null;
  datasetLoading: DatasetLoading | null;
  storedDatasets: StoredDataset[];
  storageError: string | null;
  setDatasetSettings(patch: Partial<DatasetSettings>): void;
  chooseStored(ref: StoredRef): Promise<void>;
  /** Trains on the first `limit` examples of the stored dataset; null for all of them. */
  setDatasetLimit(limit: number | null): void;
  refreshStoredDatasets(): Promise<void>;
}

export const DEFAULT_DATASET: DatasetSettings = {
  generator: 'spiral',
  size: 400,
  noise: 0.05,
  classes: 2,
  seed: 1,
};

export function datasetRef(settings: DatasetSettings): BuiltinDatasetRef {
  const info = GENERATOR_INFO[settings.generator];
  return {
    kind: 'builtin',
    generator: settings.generator,
    params: {
      size: settings.size,
      noise: settings.noise,
      ...(info.classesEditable ? { classes: settings.classes } : {}),
    },
    seed: settings.seed,
  };
}

export function chosenRef(state: Pick<DataSlice, 'datasetChoice' | 'datasetSettings'>): DatasetRef {
  return state.datasetChoice.kind === 'stored'
    ? state.datasetChoice.ref
    : datasetRef(state.datasetSettings);
}

export function datasetInfo(
  state: Pick<DataSlice, 'datasetChoice' | 'datasetSettings' | 'dataset' | 'activeRecord'>,
): DatasetInfo | null {
  if (state.datasetChoice.kind === 'stored') {
    const header = state.activeRecord?.header;
    return header
      ? {
          name: header.name,
          kind: header.kind,
          task: header.task,
          inputShape: header.inputShape,
          numClasses: header.classNames.length,
          n: Math.min(header.count, state.datasetChoice.ref.limit ?? header.count),
        }
      : null;
  }
  const data = state.dataset;
  if (!data) return null;
  return {
    name: GENERATOR_INFO[state.datasetSettings.generator].label,
    kind: 'points',
    task: data.task,
    inputShape: data.inputShape,
    numClasses: data.task === 'classification' ? data.numClasses : 0,
    n: data.n,
  };
}

/** How the playground names a stored dataset: shipped ones by name, so links stay portable. */
export function storedRefOf(record: StoredDataset): StoredRef {
  const { source } = record;
  return source.kind === 'shipped' && isShippedName(source.name)
    ? { kind: 'shipped', name: source.name }
    : { kind: 'local', sha256: record.sha256, name: record.name };
}

/** The same stored dataset, whatever part of it is used. */
const sameRef = (a: DatasetChoice, b: StoredRef) =>
  a.kind === 'stored' &&
  (a.ref.kind === 'shipped'
    ? b.kind === 'shipped' && a.ref.name === b.name
    : b.kind === 'local' && a.ref.sha256 === b.sha256);

function generated(settings: DatasetSettings): Pick<DataSlice, 'dataset' | 'datasetError'> {
  const result = generate(datasetRef(settings));
  return result.ok
    ? { dataset: result.value, datasetError: null }
    : { dataset: null, datasetError: result.error.message };
}

export const createDataSlice: Slice<DataSlice, DataSlice> = (set, get) => ({
  datasetSettings: DEFAULT_DATASET,
  ...generated(DEFAULT_DATASET),
  datasetChoice: { kind: 'generator' },
  activeRecord: null,
  datasetLoading: null,
  storedDatasets: [],
  storageError: null,
  setDatasetSettings(patch) {
    set((state) => {
      const next = { ...state.datasetSettings, ...patch };
      if (patch.generator && patch.generator !== state.datasetSettings.generator) {
        next.classes = GENERATOR_INFO[patch.generator].defaultClasses;
      }
      const choice = patch.generator ? { datasetChoice: { kind: 'generator' as const } } : {};
      return { datasetSettings: next, ...generated(next), ...choice };
    });
  },
  async chooseStored(ref) {
    set({ datasetChoice: { kind: 'stored', ref }, activeRecord: null, datasetError: null });
    const record = await recordFor(ref, get().storedDatasets, (loading) => {
      if (sameRef(get().datasetChoice, ref)) set({ datasetLoading: loading });
    });
    if (!sameRef(get().datasetChoice, ref)) return;
    if (typeof record === 'string') {
      set({ datasetError: record, datasetLoading: null });
      return;
    }
    set({ activeRecord: record, datasetLoading: null });
    void get().refreshStoredDatasets();
  },
  setDatasetLimit(limit) {
    const choice = get().datasetChoice;
    if (choice.kind !== 'stored') return;
    const ref = { ...choice.ref };
    if (limit === null) delete ref.limit;
    else ref.limit = limit;
    set({ datasetChoice: { kind: 'stored', ref } });
  },
  refreshStoredDatasets: storedDatasetsRefresh(set, get),
});

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
    const { datasetChoice, activeRecord } = get();
    const gone =
      datasetChoice.kind === 'stored' &&
      activeRecord !== null &&
      !stored.some((record) => record.sha256 === activeRecord.sha256);
    set({
      storedDatasets: stored,
      storageError: null,
      ...(gone
        ? {
            activeRecord: null,
            datasetError: `${activeRecord.name} was deleted from this browser.`,
          }
        : {}),
    });
  }
  onStorageChange((change) => {
    if (change.store === 'datasets') void refresh(true);
  });
  return () => refresh(false);
}

/** The record of a stored dataset; shipped ones are loaded into storage on first use. */
async function recordFor(
  ref: StoredRef,
  known: readonly StoredDataset[],
  onLoading: (loading: DatasetLoading | null) => void,
): Promise<StoredDataset | string> {
  if (ref.kind === 'local') {
    return (
      known.find((record) => record.sha256 === ref.sha256) ??
      `${ref.name} is no longer in this browser's storage.`
    );
  }
  const cached = known.find(
    (record) => record.sourceKey === sourceKeyOf({ kind: 'shipped', name: ref.name }),
  );
  if (cached) return cached;
  const title = SHIPPED_CATALOG.find((entry) => entry.id === ref.name)?.title ?? ref.name;
  onLoading({ label: `Loading ${title}`, loaded: 0, total: null });
  const job = requestData(
    { type: 'ensureShipped', name: ref.name, appUrl: new URL('.', document.baseURI).href },
    (progress) =>
      onLoading({ label: `Loading ${title}`, loaded: progress.loaded, total: progress.total }),
  );
  const answer = await job.done;
  return answer.ok ? answer.value.record : answer.error.message;
}
