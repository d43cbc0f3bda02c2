/**
 * A checkpoint as IndexedDB keeps it: a run's weights, its optimizer's state and its curve so far
 * as plain data (ArrayBuffers with names, shapes and dtypes), and the check that a record read back
 * is one. The engine captures and restores them (engine/train/checkpoint.ts).
 */
import { StorageCorruptError } from '../errors';
import { PLAYGROUND } from '../experiment/experiment';
import { experimentFromJob } from '../experiment/legacy';
import { validateExperiment } from '../experiment/validate';
import { isRecord } from '../is-record';
import { parseTrainJob, type TrainJob } from '../protocol';
import { err, ok, type Result } from '../result';
import { isEpochRecord, type EpochRecord } from './epoch';
import { isArrayBuffer } from '../is-array-buffer';
import { shown } from '../shown';

/**
 * The layout of a Checkpoint record; older ones are migrated when read (MIGRATIONS), a newer one is
 * refused. 1: the job was `{ dataset, model, config, gridResolution }`; 2: it holds the experiment.
 */
export const CHECKPOINT_FORMAT = 2;

const DTYPES = ['float32', 'int32', 'bool'] as const;
export type StoredDtype = (typeof DTYPES)[number];

export interface StoredTensor {
  name: string;
  shape: number[];
  dtype: StoredDtype;
  /** Row-major values: 4 bytes per element for float32 and int32, 1 for bool. */
  data: ArrayBuffer;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  runId: string;
  /** Epochs completed: training goes on with epoch `epoch + 1`. */
  epoch: number;
  /** Batches trained over the whole run (dropout is seeded per step). */
  steps: number;
  /** ISO-8601 time of the capture; the newest checkpoint is the one "Resume" offers. */
  savedAt: string;
  job: TrainJob;
  history: EpochRecord[];
  /** The TF.js class of the optimizer ('Adam', 'AdamW', 'SGD', 'Momentum', 'RMSProp', 'Adagrad'). */
  optimizer: string;
  /** Every model weight, trainable or not (batch-norm moving statistics), in `model.weights` order. */
  weights: StoredTensor[];
  /** `optimizer.getWeights()`: the iteration count (`iter`) first, then the slots. */
  optimizerWeights: StoredTensor[];
  /** Adam's beta1^t and beta2^t as its steps multiplied them up (see adamPowersOf); else null. */
  adamPowers: AdamPowers | null;
}

export interface AdamPowers {
  beta1: number;
  beta2: number;
}

export const isStoredDtype = (dtype: string): dtype is StoredDtype =>
  (DTYPES as readonly string[]).includes(dtype);

const BYTES_PER_ELEMENT: Record<StoredDtype, number> = { float32: 4, int32: 4, bool: 1 };

const isCount = (x: unknown): x is number =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** The stored tensors of a list, or what is wrong with one of them. */
function readTensors(list: unknown): StoredTensor[] | string {
  if (!Array.isArray(list)) return 'its weights are missing';
  const tensors: StoredTensor[] = [];
  for (const x of list) {
    if (!isRecord(x) || typeof x.name !== 'string') return 'a weight without a name';
    const { name, shape, dtype, data } = x;
    if (!Array.isArray(shape) || !shape.every(isCount)) return `"${name}" has no valid shape`;
    if (typeof dtype !== 'string' || !isStoredDtype(dtype)) return `"${name}" has no valid dtype`;
    const size = shape.reduce((n: number, d: number) => n * d, 1);
    if (!isArrayBuffer(data) || data.byteLength !== size * BYTES_PER_ELEMENT[dtype]) {
      return `the bytes of "${name}" do not match its shape`;
    }
    tensors.push({ name, shape, dtype, data });
  }
  return tensors;
}

function readAdamPowers(x: unknown): AdamPowers | null | string {
  if (x === null) return null;
  return isRecord(x) &&
    typeof x.beta1 === 'number' &&
    Number.isFinite(x.beta1) &&
    typeof x.beta2 === 'number' &&
    Number.isFinite(x.beta2)
    ? { beta1: x.beta1, beta2: x.beta2 }
    : "its optimizer's powers are malformed";
}

type Migration = (record: Record<string, unknown>) => Record<string, unknown>;

/** `MIGRATIONS[n - 1]` takes a record of format n to format n + 1. */
const MIGRATIONS: readonly Migration[] = [
  (record) => {
    const job = isRecord(record.job) ? record.job : {};
    return {
      ...record,
      format: 2,
      job: {
        experiment: experimentFromJob(job),
        gridResolution: job.gridResolution,
        place: PLAYGROUND,
      },
    };
  },
];

/** The record in the current format, or why it cannot be. */
function migrated(x: Record<string, unknown>): Record<string, unknown> | string {
  const format = x.format;
  if (!isCount(format) || format < 1 || format > CHECKPOINT_FORMAT) {
    return `its format ${shown(format)} is not known`;
  }
  let record = x;
  for (let from = format; from < CHECKPOINT_FORMAT; from++) {
    const step = MIGRATIONS[from - 1];
    if (step === undefined) return `no migration from format ${from}`;
    record = step(record);
  }
  return record;
}

/** The job read and checked, its experiment by the experiment's own validator. */
function readJob(input: unknown): TrainJob | string {
  const job = parseTrainJob(input);
  if (!job.ok) return 'its training job is malformed';
  const experiment = validateExperiment(job.value.experiment);
  return experiment.ok ? { ...job.value, experiment: experiment.value } : experiment.error.message;
}

/** The checkpoint a stored value holds, or what is wrong with it. */
function readCheckpoint(value: unknown): Checkpoint | string {
  if (!isRecord(value)) return 'it is not a record';
  const x = migrated(value);
  if (typeof x === 'string') return x;
  const { runId, epoch, steps, savedAt, optimizer, history } = x;
  if (typeof runId !== 'string') return 'it has no run id';
  if (!isCount(epoch) || !isCount(steps)) return 'its epoch or step count is not valid';
  if (typeof savedAt !== 'string') return 'it has no save time';
  if (typeof optimizer !== 'string') return 'it does not name its optimizer';
  const job = readJob(x.job);
  if (typeof job === 'string') return job;
  const adamPowers = readAdamPowers(x.adamPowers);
  if (typeof adamPowers === 'string') return adamPowers;
  if (!Array.isArray(history) || !history.every(isEpochRecord)) return 'its curve is malformed';
  const weights = readTensors(x.weights);
  if (typeof weights === 'string') return weights;
  const optimizerWeights = readTensors(x.optimizerWeights);
  if (typeof optimizerWeights === 'string') return optimizerWeights;
  return {
    format: CHECKPOINT_FORMAT,
    runId,
    epoch,
    steps,
    savedAt,
    job,
    history,
    optimizer,
    weights,
    optimizerWeights,
    adamPowers,
  };
}

/** Checks (and migrates) a value read back from storage; never throws. */
export function parseCheckpoint(value: unknown): Result<Checkpoint, StorageCorruptError> {
  const read = readCheckpoint(value);
  if (typeof read !== 'string') return ok(read);
  const problem = read;
  const runId = isRecord(value) && typeof value.runId === 'string' ? ` of run ${value.runId}` : '';
  return err(
    new StorageCorruptError(
      `The saved checkpoint${runId} is damaged (${problem}), so the run cannot resume from it. ` +
        'Start the run again.',
    ),
  );
}
