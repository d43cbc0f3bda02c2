/**
 * Capturing and restoring checkpoints (core/runs/checkpoint.ts): a run's weights and its
 * optimizer's state read out of TF.js as plain data that IndexedDB can store and postMessage can
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
import { InvalidStateError } from '../../core/errors';
import type { TrainJob } from '../../core/protocol';
import {
  CHECKPOINT_FORMAT,
  isStoredDtype,
  type AdamPowers,
  type Checkpoint,
  type StoredDtype,
  type StoredTensor,
} from '../../core/runs/checkpoint';
import type { EpochRecord } from '../../core/runs/epoch';
import { isAdam } from './adam';

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
    case 'AdamW':
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
      'use sgd, momentum, adam, adamw, rmsprop or adagrad to be able to resume a run.',
  );
}

/**
 * Adam keeps beta1^t and beta2^t as variables that each step multiplies by beta, and leaves them
 * out of getWeights: setWeights recomputes them with pow, whose float32 result differs from the
 * accumulated product in the last bits after a few steps, enough for a resumed run to drift. So a
 * checkpoint carries them and restore puts them back. Null for the other optimizers.
 */
function adamPowerVariables(optimizer: tf.Optimizer): [tf.Variable, tf.Variable] | null {
  return isAdam(optimizer) ? [optimizer.beta1Power, optimizer.beta2Power] : null;
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
