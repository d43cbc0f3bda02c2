/**
 * Checkpoints: a run's weights, its optimizer's state and its curve so far as plain data
 * (ArrayBuffers with names, shapes and dtypes) that IndexedDB can store and postMessage can
 * transfer, so a reload, a crash or a lost GPU costs at most the epoch being trained.
 *
 * Names must survive a rebuild. TF.js gives every variable a per-process unique name
 * (`dense_0/kernel_3` for the fourth model built in a worker), so model weights are stored under
 * the name they have within their model (`dense_0/kernel`), and optimizer slots, which TF.js names
 * after the variable they follow (`dense_0/kernel_3/m`), under that same model name plus the slot.
 * Optimizers keep their slots by position in the variable list they step, not by name, so restoring
 * also checks that each slot lines up with the trainable weight it belongs to.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidStateError, StorageCorruptError } from '../errors';
import { parseCommand, type TrainJob, type WorkerEvent } from '../protocol';
import { err, ok, type Result } from '../result';

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

/** One finished epoch as the curves chart draws it (the UI's EpochPoint has the same fields). */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number | null;
  validationLoss: number | null;
  validationAccuracy: number | null;
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

export interface CheckpointState {
  runId: string;
  epoch: number;
  history: EpochRecord[];
  job: TrainJob;
  steps: number;
}

/** The name TF.js gives the iteration count in `optimizer.getWeights()`. */
const ITERATIONS = 'iter';

/**
 * How many slots each optimizer keeps per trainable weight once it has stepped (none before its
 * first step: TF.js creates them lazily). Others cannot be restored: their state is not readable.
 */
function slotsPerWeight(optimizer: tf.Optimizer): number | null {
  switch (optimizer.getClassName()) {
    case 'SGD':
      return 0;
    case 'Momentum':
    case 'Adagrad':
      return 1;
    case 'Adam':
      return 2;
    case 'RMSProp':
      return optimizer.getConfig()['centered'] === true ? 3 : 2;
    default:
      return null;
  }
}

function unsupported(optimizer: tf.Optimizer): InvalidStateError {
  return new InvalidStateError(
    `Checkpoints cannot hold the state of the ${optimizer.getClassName()} optimizer; ` +
      'use sgd, momentum, adam, rmsprop or adagrad to be able to resume a run.',
  );
}

/**
 * Adam keeps beta1^t and beta2^t as variables that each step multiplies by beta, and leaves them
 * out of getWeights: setWeights recomputes them with pow, whose float32 result differs from the
 * accumulated product in the last bits after a few steps, enough for a resumed run to drift. So a
 * checkpoint carries them and restore puts them back. TF.js declares them private; null where the
 * optimizer does not have them as variables.
 */
function adamPowerVariables(optimizer: tf.Optimizer): [tf.Variable, tf.Variable] | null {
  if (optimizer.getClassName() !== 'Adam') return null;
  const { accBeta1, accBeta2 } = optimizer as unknown as Record<string, unknown>;
  return accBeta1 instanceof tf.Variable && accBeta2 instanceof tf.Variable
    ? [accBeta1, accBeta2]
    : null;
}

async function adamPowersOf(optimizer: tf.Optimizer): Promise<AdamPowers | null> {
  const variables = adamPowerVariables(optimizer);
  if (variables === null) return null;
  const [beta1, beta2] = await Promise.all(variables.map(async (v) => (await v.data())[0]));
  return beta1 === undefined || beta2 === undefined ? null : { beta1, beta2 };
}

/** Splits `dense_0/kernel_3/m` into the variable's name and the slot's. */
function splitSlotName(name: string): { variable: string; slot: string } | null {
  const at = name.lastIndexOf('/');
  return at > 0 && at < name.length - 1
    ? { variable: name.slice(0, at), slot: name.slice(at + 1) }
    : null;
}

const isStoredDtype = (dtype: string): dtype is StoredDtype =>
  (DTYPES as readonly string[]).includes(dtype);

async function store(name: string, tensor: tf.Tensor): Promise<StoredTensor> {
  const { dtype } = tensor;
  if (!isStoredDtype(dtype)) {
    throw new InvalidStateError(`The weight "${name}" has dtype ${dtype}, which cannot be saved.`);
  }
  const values = await tensor.data<StoredDtype>();
  // A copy: on the cpu backend `data()` hands out the tensor's own storage.
  const copy = values.slice();
  return { name, shape: [...tensor.shape], dtype, data: copy.buffer as ArrayBuffer };
}

function load(stored: StoredTensor): tf.Tensor {
  const data = stored.data.slice(0);
  const values =
    stored.dtype === 'float32'
      ? new Float32Array(data)
      : stored.dtype === 'int32'
        ? new Int32Array(data)
        : new Uint8Array(data);
  return tf.tensor(values, stored.shape, stored.dtype);
}

/**
 * Reads the model's weights and the optimizer's state into a Checkpoint. Nothing may step the
 * model or the optimizer until the promise settles, or the two may come from different steps.
 * Throws InvalidStateError for an optimizer whose state cannot be saved.
 */
export async function captureCheckpoint(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: CheckpointState,
): Promise<Checkpoint> {
  if (slotsPerWeight(optimizer) === null) throw unsupported(optimizer);
  const modelNames = new Map(model.weights.map((w) => [w.name, w.originalName]));
  const named = await optimizer.getWeights();
  // Only the iteration count is a fresh tensor; the slots are the optimizer's own variables.
  const iterations = named[0]?.name === ITERATIONS ? named[0].tensor : null;
  try {
    const slotNames = named.map(({ name }, i) => {
      if (i === 0) return name;
      const parts = splitSlotName(name);
      const variable = parts && modelNames.get(parts.variable);
      if (!parts || variable === undefined) {
        throw new InvalidStateError(
          `The optimizer holds state for "${name}", which is not a weight of this model.`,
        );
      }
      return `${variable}/${parts.slot}`;
    });
    const [weights, optimizerWeights, adamPowers] = await Promise.all([
      Promise.all(model.weights.map((w) => store(w.originalName, w.read()))),
      Promise.all(named.map(({ tensor }, i) => store(slotNames[i] ?? '', tensor))),
      adamPowersOf(optimizer),
    ]);
    return {
      format: CHECKPOINT_FORMAT,
      runId: state.runId,
      epoch: state.epoch,
      steps: state.steps,
      savedAt: new Date().toISOString(),
      job: state.job,
      history: state.history.map((r) => ({ ...r })),
      optimizer: optimizer.getClassName(),
      weights,
      optimizerWeights,
      adamPowers,
    };
  } finally {
    iterations?.dispose();
  }
}

type AnyShape = readonly (number | null)[];

const sameShape = (a: AnyShape, b: AnyShape): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

const describeShape = (shape: AnyShape): string => `[${shape.join(', ')}]`;

/**
 * Puts a checkpoint's weights into the model and its state into the optimizer, which may be fresh
 * (never stepped) or not (its old state is freed). Everything is checked before anything changes:
 * a checkpoint of another architecture or optimizer is refused with an InvalidStateError that
 * names what differs, and leaves both untouched.
 */
export async function restoreCheckpoint(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  checkpoint: Checkpoint,
): Promise<void> {
  const weights = orderedWeights(model, checkpoint);
  const slots = slotsFor(model, optimizer, checkpoint);

  const [iterations, ...oldSlots] = await optimizer.getWeights();
  iterations?.tensor.dispose();
  const tensors = weights.map(load);
  const values = slots.map(({ name, stored }) => ({ name, tensor: load(stored) }));
  try {
    model.setWeights(tensors);
    await optimizer.setWeights(values);
    const powers = adamPowerVariables(optimizer);
    if (powers !== null && checkpoint.adamPowers !== null) {
      const { beta1, beta2 } = checkpoint.adamPowers;
      tf.tidy(() => {
        powers[0].assign(tf.scalar(beta1));
        powers[1].assign(tf.scalar(beta2));
      });
    }
  } finally {
    // The variables share these tensors' data (reference counted), so the handles can go.
    tf.dispose(tensors);
    tf.dispose(values.map((v) => v.tensor));
  }
  // setWeights dropped the old slots without freeing them.
  tf.dispose(oldSlots.map((v) => v.tensor));
}

function refuse(checkpoint: Checkpoint, detail: string): InvalidStateError {
  return new InvalidStateError(
    `The checkpoint of run ${checkpoint.runId} (epoch ${checkpoint.epoch}) does not fit this ` +
      `model: ${detail}. Start the run again instead of resuming it.`,
  );
}

/** The checkpoint's weights in `model.weights` order, each checked against its variable. */
function orderedWeights(model: tf.LayersModel, checkpoint: Checkpoint): StoredTensor[] {
  const byName = new Map(checkpoint.weights.map((w) => [w.name, w]));
  if (byName.size !== checkpoint.weights.length) {
    throw refuse(checkpoint, 'it names a weight twice');
  }
  if (checkpoint.weights.length !== model.weights.length) {
    throw refuse(
      checkpoint,
      `it has ${checkpoint.weights.length} weights where the model has ${model.weights.length}`,
    );
  }
  return model.weights.map((variable) => {
    const stored = byName.get(variable.originalName);
    if (stored === undefined) {
      throw refuse(checkpoint, `it has no weight "${variable.originalName}"`);
    }
    if (!sameShape(stored.shape, variable.shape) || stored.dtype !== variable.dtype) {
      throw refuse(
        checkpoint,
        `"${stored.name}" is ${stored.dtype} ${describeShape(stored.shape)} where the model ` +
          `has ${variable.dtype} ${describeShape(variable.shape)}`,
      );
    }
    return stored;
  });
}

/**
 * The optimizer weights to set, named after this model's variables. Slot j belongs to trainable
 * weight j mod n: TF.js optimizers keep one group of n slots per kind (Adam: all m, then all v).
 */
function slotsFor(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  checkpoint: Checkpoint,
): { name: string; stored: StoredTensor }[] {
  const perWeight = slotsPerWeight(optimizer);
  if (perWeight === null) throw unsupported(optimizer);
  if (checkpoint.optimizer !== optimizer.getClassName()) {
    throw refuse(
      checkpoint,
      `it holds ${checkpoint.optimizer} state for a ${optimizer.getClassName()} optimizer`,
    );
  }
  const [iterations, ...slots] = checkpoint.optimizerWeights;
  if (
    iterations === undefined ||
    iterations.name !== ITERATIONS ||
    iterations.dtype !== 'int32' ||
    iterations.shape.length !== 0
  ) {
    throw refuse(checkpoint, 'its optimizer state does not start with the iteration count');
  }
  const trainable = model.trainableWeights;
  const expected = trainable.length * perWeight;
  if (slots.length !== 0 && slots.length !== expected) {
    throw refuse(
      checkpoint,
      `its optimizer has ${slots.length} state tensors where ${expected} were expected`,
    );
  }
  const named = slots.map((stored, j) => {
    const variable = trainable[j % trainable.length];
    const parts = splitSlotName(stored.name);
    if (variable === undefined || parts === null || parts.variable !== variable.originalName) {
      throw refuse(checkpoint, `the optimizer state "${stored.name}" is out of place`);
    }
    if (!sameShape(stored.shape, variable.shape) || stored.dtype !== variable.dtype) {
      throw refuse(
        checkpoint,
        `the optimizer state "${stored.name}" is ${describeShape(stored.shape)} where ` +
          `"${variable.originalName}" is ${describeShape(variable.shape)}`,
      );
    }
    return { name: `${variable.name}/${parts.slot}`, stored };
  });
  return [{ name: ITERATIONS, stored: iterations }, ...named];
}

/** What an epochEnd event adds to the curve. */
export function epochRecordOf(event: Extract<WorkerEvent, { type: 'epochEnd' }>): EpochRecord {
  return {
    epoch: event.epoch,
    trainLoss: event.train.loss,
    trainAccuracy: event.train.accuracy,
    validationLoss: event.validation?.loss ?? null,
    validationAccuracy: event.validation?.accuracy ?? null,
  };
}

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
