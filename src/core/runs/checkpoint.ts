/**
 * A checkpoint as IndexedDB keeps it: a run's weights, its optimizer's state and its curve so far
 * as plain data (ArrayBuffers with names, shapes and dtypes), and the check that a record read back
 * is one. The engine captures and restores them (engine/train/checkpoint.ts).
 */
import { StorageCorruptError } from '../errors';
import { parseCommand, type TrainJob } from '../protocol';
import { err, ok, type Result } from '../result';
import type { EpochRecord } from './epoch';

/** The layout of a Checkpoint record; a reader refuses layouts it does not know. */
export const CHECKPOINT_FORMAT = 1;

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
  /** The TF.js class of the optimizer ('Adam', 'SGD', 'Momentum', 'RMSProp', 'Adagrad'). */
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

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

const isNumberOrNull = (x: unknown): x is number | null => x === null || typeof x === 'number';

/** Also across realms (a worker's ArrayBuffer, or one cloned by IndexedDB in a test). */
const isArrayBuffer = (x: unknown): x is ArrayBuffer =>
  Object.prototype.toString.call(x) === '[object ArrayBuffer]';

function checkTensor(x: unknown): string | null {
  if (!isObject(x) || typeof x.name !== 'string') return 'a weight without a name';
  const { name, shape, dtype, data } = x;
  if (!Array.isArray(shape) || !shape.every(isCount)) return `"${name}" has no valid shape`;
  if (typeof dtype !== 'string' || !isStoredDtype(dtype)) return `"${name}" has no valid dtype`;
  const size = shape.reduce((n: number, d: number) => n * d, 1);
  if (!isArrayBuffer(data) || data.byteLength !== size * BYTES_PER_ELEMENT[dtype]) {
    return `the bytes of "${name}" do not match its shape`;
  }
  return null;
}

function checkEpochRecord(x: unknown): boolean {
  return (
    isObject(x) &&
    isCount(x.epoch) &&
    typeof x.trainLoss === 'number' &&
    isNumberOrNull(x.trainAccuracy) &&
    isNumberOrNull(x.validationLoss) &&
    isNumberOrNull(x.validationAccuracy)
  );
}

const checkAdamPowers = (x: unknown): boolean =>
  isObject(x) && Number.isFinite(x.beta1) && Number.isFinite(x.beta2);

/** What is wrong with a stored value that should be a Checkpoint, or null when nothing is. */
function checkCheckpoint(x: unknown): string | null {
  if (!isObject(x)) return 'it is not a record';
  if (x.format !== CHECKPOINT_FORMAT) return `its format ${String(x.format)} is not known`;
  if (typeof x.runId !== 'string') return 'it has no run id';
  if (!isCount(x.epoch) || !isCount(x.steps)) return 'its epoch or step count is not valid';
  if (typeof x.savedAt !== 'string') return 'it has no save time';
  if (typeof x.optimizer !== 'string') return 'it does not name its optimizer';
  if (!parseCommand({ type: 'start', job: x.job }).ok) return 'its training job is malformed';
  if (x.adamPowers !== null && !checkAdamPowers(x.adamPowers)) {
    return "its optimizer's powers are malformed";
  }
  if (!Array.isArray(x.history) || !x.history.every(checkEpochRecord)) {
    return 'its curve is malformed';
  }
  for (const list of [x.weights, x.optimizerWeights]) {
    if (!Array.isArray(list)) return 'its weights are missing';
    for (const tensor of list) {
      const problem = checkTensor(tensor);
      if (problem !== null) return problem;
    }
  }
  return null;
}

/** Checks a value read back from storage; never throws. */
export function parseCheckpoint(value: unknown): Result<Checkpoint, StorageCorruptError> {
  const problem = checkCheckpoint(value);
  if (problem === null) return ok(value as Checkpoint);
  const runId = isObject(value) && typeof value.runId === 'string' ? ` of run ${value.runId}` : '';
  return err(
    new StorageCorruptError(
      `The saved checkpoint${runId} is damaged (${problem}), so the run cannot resume from it. ` +
        'Start the run again.',
    ),
  );
}
