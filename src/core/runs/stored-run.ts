/**
 * A finished (or stopped) run as this browser keeps it: the experiment as it was when the run
 * started, where it ran, how it went (per-epoch metrics, duration, speed, backend) and the final
 * weights. Records of every past format are migrated when read; one that cannot be read is
 * reported with its id, never passed off as a run.
 */
import { StorageCorruptError } from '../errors';
import { PLAYGROUND, type Experiment, type ExperimentPlace } from '../experiment/experiment';
import { experimentFromJob } from '../experiment/legacy';
import { validateExperiment } from '../experiment/validate';
import { isRecord } from '../is-record';
import { BACKENDS, type BackendName, type ReadyEvent } from '../protocol';
import { err, ok, type Result } from '../result';
import { isEpochRecord, type EpochRecord } from './epoch';
import { isArrayBuffer } from '../is-array-buffer';
import { readOrigin, type RunOrigin } from './origin';
import { shown } from '../shown';

/**
 * 1: the record held the training job (`job`: dataset, model, config, grid) and its seed apart;
 * 2: it holds the experiment and the place it ran in;
 * 3: it says where it ran (`origin`): this browser, or a Keras project whose run file was imported;
 * 4: it names the sweep it belongs to (`sweep`), if any.
 */
export const RUN_FORMAT = 4;

/** The sweep a run was trained for, and which of its trials it is. */
export interface RunSweepLink {
  sweepId: string;
  trialId: string;
}

/** The model at the end of the run, in the TF.js layers format (`model.json` + `weights.bin`). */
export interface RunWeights {
  modelJson: string;
  data: ArrayBuffer;
}

export interface StoredRun {
  format: typeof RUN_FORMAT;
  id: string;
  name: string;
  tags: string[];
  /** ISO-8601 time the run started. */
  createdAt: string;
  /** The experiment as it was when the run started. */
  experiment: Experiment;
  place: ExperimentPlace;
  /** Where it trained: this browser (`backend` says on what), or imported from a Keras run. */
  origin: RunOrigin;
  /** SHA-256 of the stored dataset's bytes; null for generated datasets, which the ref pins. */
  datasetSha256: string | null;
  /** The browser's backend; null for a run that never reached one, and for an imported run. */
  backend: BackendName | null;
  /** The WebGPU adapter (`vendor / architecture`) or WebGL renderer; null when none applies. */
  adapter: string | null;
  epochs: EpochRecord[];
  /** Time spent running, pauses excluded. */
  durationMs: number;
  /** Training speed last reported; null when the worker reported none. */
  samplesPerSec: number | null;
  appVersion: string;
  /** Null when the worker could not export the model. */
  weights: RunWeights | null;
  /** The sweep it was trained for; null for a run started by itself. */
  sweep: RunSweepLink | null;
}

/** What a run keeps of its backend's device: the WebGPU adapter, else the WebGL renderer. */
export function adapterName(backend: ReadyEvent | null): string | null {
  if (backend?.adapter) return `${backend.adapter.vendor} / ${backend.adapter.architecture}`;
  return backend?.renderer ?? null;
}

export type RunPatch = Partial<Pick<StoredRun, 'name' | 'tags'>>;

/** A stored record that is not a readable run: kept in storage, and named to the user. */
export interface UnreadableRecord {
  id: string;
  message: string;
}

type Migration = (record: Record<string, unknown>) => Record<string, unknown>;

/** `MIGRATIONS[n - 1]` takes a record of format n to format n + 1. */
const MIGRATIONS: readonly Migration[] = [
  (record) => {
    const next: Record<string, unknown> = {
      ...record,
      format: 2,
      experiment: experimentFromJob(record.job),
      place: PLAYGROUND,
    };
    delete next.job;
    delete next.seed;
    return next;
  },
  // Before imports, every run ran in this browser.
  (record) => ({ ...record, format: 3, origin: { kind: 'browser' } }),
  // Before sweeps, every run was started by itself.
  (record) => ({ ...record, format: 4, sweep: null }),
];

const isNullableNumber = (x: unknown): x is number | null => x === null || typeof x === 'number';
const isNullableString = (x: unknown): x is string | null => x === null || typeof x === 'string';
const isBackend = (x: unknown): x is BackendName => BACKENDS.some((name) => name === x);

function readPlace(x: unknown): ExperimentPlace | null {
  if (!isRecord(x)) return null;
  if (x.kind === 'playground') return PLAYGROUND;
  return x.kind === 'cell' && typeof x.notebookId === 'string' && typeof x.cellId === 'string'
    ? { kind: 'cell', notebookId: x.notebookId, cellId: x.cellId }
    : null;
}

function readSweepLink(x: unknown): RunSweepLink | null | string {
  if (x === null) return null;
  return isRecord(x) && typeof x.sweepId === 'string' && typeof x.trialId === 'string'
    ? { sweepId: x.sweepId, trialId: x.trialId }
    : 'its sweep is malformed';
}

function readWeights(x: unknown): RunWeights | null | string {
  if (x === null) return null;
  return isRecord(x) && typeof x.modelJson === 'string' && isArrayBuffer(x.data)
    ? { modelJson: x.modelJson, data: x.data }
    : 'its weights are malformed';
}

/** The run a stored value holds, or what is wrong with it. */
function readRun(value: Record<string, unknown>): StoredRun | string {
  const format = value.format ?? 1;
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) {
    return `its format ${shown(format)} is not known`;
  }
  if (format > RUN_FORMAT) {
    return `it was saved by a newer Gradlab (format ${format}); reload the page to update`;
  }
  let x = value;
  for (let from = format; from < RUN_FORMAT; from++) x = MIGRATIONS[from - 1]?.(x) ?? x;
  const { id, name, tags, createdAt, datasetSha256, backend, adapter, epochs } = x;
  const { durationMs, samplesPerSec, appVersion } = x;
  if (typeof id !== 'string' || typeof name !== 'string') return 'it has no id or name';
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) return 'its tags are bad';
  if (typeof createdAt !== 'string') return 'it has no start time';
  const experiment = validateExperiment(x.experiment);
  if (!experiment.ok) return experiment.error.message;
  const place = readPlace(x.place);
  if (place === null) return 'it does not say where it ran';
  const origin = readOrigin(x.origin);
  if (origin === null) return 'its origin (this browser, or an imported run) is malformed';
  if (!isNullableString(datasetSha256) || !isNullableString(adapter)) return 'its dataset is bad';
  if (backend !== null && !isBackend(backend)) return `its backend ${shown(backend)} is unknown`;
  if (!Array.isArray(epochs) || !epochs.every(isEpochRecord)) return 'its curve is malformed';
  if (typeof durationMs !== 'number' || !isNullableNumber(samplesPerSec)) {
    return 'its timings are malformed';
  }
  if (typeof appVersion !== 'string') return 'it does not name its Gradlab version';
  const weights = readWeights(x.weights);
  if (typeof weights === 'string') return weights;
  const sweep = readSweepLink(x.sweep);
  if (typeof sweep === 'string') return sweep;
  return {
    format: RUN_FORMAT,
    id,
    name,
    tags,
    createdAt,
    experiment: experiment.value,
    place,
    origin,
    datasetSha256,
    backend,
    adapter,
    epochs,
    durationMs,
    samplesPerSec,
    appVersion,
    weights,
    sweep,
  };
}

/** A stored run read (and migrated) from storage, or why it cannot be; never throws. */
export function parseStoredRun(value: unknown): Result<StoredRun, StorageCorruptError> {
  const read = isRecord(value) ? readRun(value) : 'it is not a record';
  if (typeof read !== 'string') return ok(read);
  return err(new StorageCorruptError(`The saved run ${recordId(value)} cannot be read: ${read}.`));
}

/** The id a stored value gives itself, for naming it when it cannot be read. */
export const recordId = (value: unknown): string =>
  isRecord(value) && typeof value.id === 'string' ? value.id : '(no id)';
