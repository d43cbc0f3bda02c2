/**
 * TrainConfig: how a model is trained, as plain JSON, and its validation.
 *
 * The schedule and the L1/L2 penalties came after the first configs were saved, so they are
 * optional here: a config without them means a constant rate and no penalty. `validateConfig`
 * always fills them in.
 */
import type { Dataset } from '../data/dataset';
import { InvalidConfigError } from '../errors';
import { err, ok, type Result } from '../result';

/** `momentum` is SGD with momentum 0.9; `adamw` is Adam with decoupled weight decay. */
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop', 'adagrad'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const LOSSES = [
  'categoricalCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
  'huber',
  /** Next-token loss over every position, skipping the positions whose target is padding. */
  'sparseCategoricalCrossentropy',
] as const;
export type LossName = (typeof LOSSES)[number];

export type Task = Dataset['task'];

/** The losses that suit a task, the default first. */
export const LOSSES_FOR: Record<Task, readonly LossName[]> = {
  classification: ['categoricalCrossentropy'],
  regression: ['meanSquaredError', 'meanAbsoluteError', 'huber'],
  sequence: ['sparseCategoricalCrossentropy'],
};

/** The chosen loss when it suits the task, else the task's default: a choice survives a switch. */
export function lossFor(task: Task, chosen: LossName): LossName {
  const suited = LOSSES_FOR[task];
  return suited.includes(chosen) ? chosen : (suited[0] ?? 'categoricalCrossentropy');
}

/** How the learning rate changes over the run's epochs. */
export type Schedule =
  | { kind: 'constant' }
  /** The rate is multiplied by `factor` after every `everyEpochs` epochs. */
  | { kind: 'step'; everyEpochs: number; factor: number }
  /** Half a cosine from the learning rate at the first epoch to `minLearningRate` at the last. */
  | { kind: 'cosine'; minLearningRate: number };

export const SCHEDULES = [
  'constant',
  'step',
  'cosine',
] as const satisfies readonly Schedule['kind'][];

export interface TrainConfig {
  optimizer: OptimizerName;
  learningRate: number;
  /** Missing means constant. */
  schedule?: Schedule;
  loss: LossName;
  /** Penalties on the kernels of dense and conv2d layers; missing means 0. */
  l1?: number;
  l2?: number;
  /** Gradients are scaled down so their global norm is at most this; missing or 0: no clipping. */
  clipNorm?: number;
  /** AdamW's decoupled weight decay per step (times the learning rate); missing means 0. */
  weightDecay?: number;
  batchSize: number;
  epochs: number;
  /** Fraction of the examples held out for validation, in [0, 0.9]. */
  validationSplit: number;
  /** Drives initial weights, shuffling and the split. */
  seed: number;
}

export const DEFAULT_STEP = { kind: 'step', everyEpochs: 10, factor: 0.5 } as const;
export const DEFAULT_COSINE = { kind: 'cosine', minLearningRate: 0 } as const;

export const DEFAULT_CONFIG: Required<TrainConfig> = {
  optimizer: 'adam',
  learningRate: 0.03,
  schedule: { kind: 'constant' },
  loss: 'categoricalCrossentropy',
  l1: 0,
  l2: 0,
  clipNorm: 0,
  weightDecay: 0,
  batchSize: 32,
  epochs: 100,
  validationSplit: 0.2,
  seed: 1,
};

export const LIMITS = {
  learningRate: { min: 1e-6, max: 10 },
  batchSize: { min: 1, max: 65536 },
  epochs: { min: 1, max: 10000 },
  validationSplit: { min: 0, max: 0.9 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  /** Beyond 1 the penalty swamps any data loss; the useful range is around 1e-4 to 1e-2. */
  l1: { min: 0, max: 1 },
  l2: { min: 0, max: 1 },
  clipNorm: { min: 0, max: 1000 },
  weightDecay: { min: 0, max: 1 },
  everyEpochs: { min: 1, max: 10000 },
  /** A factor of 0 would stop learning at the first step; below 1e-3 it nearly does. */
  factor: { min: 1e-3, max: 1 },
  /** The upper bound is the config's learning rate. */
  minLearningRate: { min: 0 },
} as const;

function inRange(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return inRange(value, min, max) && Number.isInteger(value);
}

const fail = (field: string, message: string) => err(new InvalidConfigError(message, field));

function validateSchedule(
  input: unknown,
  learningRate: number,
): Result<Schedule, InvalidConfigError> {
  if (input === undefined) return ok({ kind: 'constant' });
  const s = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const { everyEpochs, factor, minLearningRate } = LIMITS;
  switch (s.kind) {
    case 'constant':
      return ok({ kind: 'constant' });
    case 'step':
      if (!isWhole(s.everyEpochs, everyEpochs.min, everyEpochs.max)) {
        return fail(
          'schedule.everyEpochs',
          `The step schedule's "every" must be a whole number of epochs from ${everyEpochs.min} to ${everyEpochs.max}.`,
        );
      }
      if (!inRange(s.factor, factor.min, factor.max)) {
        return fail(
          'schedule.factor',
          `The step schedule's factor must be a number from ${factor.min} to ${factor.max}.`,
        );
      }
      return ok({ kind: 'step', everyEpochs: s.everyEpochs, factor: s.factor });
    case 'cosine':
      if (!inRange(s.minLearningRate, minLearningRate.min, learningRate)) {
        return fail(
          'schedule.minLearningRate',
          `The minimum learning rate must be a number from ${minLearningRate.min} to the learning rate (${learningRate}).`,
        );
      }
      return ok({ kind: 'cosine', minLearningRate: s.minLearningRate });
    default:
      return fail('schedule', `Schedule must be one of ${SCHEDULES.join(', ')}.`);
  }
}

/** Checks an untrusted config; the result has every field, defaults in place of missing ones. */
export function validateConfig(input: unknown): Result<Required<TrainConfig>, InvalidConfigError> {
  if (typeof input !== 'object' || input === null) {
    return err(new InvalidConfigError('Training settings are missing.', 'config'));
  }
  const c = input as Record<string, unknown>;
  if (!OPTIMIZERS.includes(c.optimizer as OptimizerName)) {
    return fail('optimizer', `Optimizer must be one of ${OPTIMIZERS.join(', ')}.`);
  }
  if (!LOSSES.includes(c.loss as LossName)) {
    return fail('loss', `Loss must be one of ${LOSSES.join(', ')}.`);
  }
  const { learningRate, batchSize, epochs, validationSplit, seed, l1, l2 } = LIMITS;
  if (!inRange(c.learningRate, learningRate.min, learningRate.max)) {
    return fail(
      'learningRate',
      `Learning rate must be a number from ${learningRate.min} to ${learningRate.max}.`,
    );
  }
  const schedule = validateSchedule(c.schedule, c.learningRate);
  if (!schedule.ok) return schedule;
  // Only an absent penalty is 0: a null is a broken value, not an old config.
  const penalties = { l1: c.l1 === undefined ? 0 : c.l1, l2: c.l2 === undefined ? 0 : c.l2 };
  if (!inRange(penalties.l1, l1.min, l1.max)) {
    return fail('l1', `L1 must be a number from ${l1.min} to ${l1.max}.`);
  }
  if (!inRange(penalties.l2, l2.min, l2.max)) {
    return fail('l2', `L2 must be a number from ${l2.min} to ${l2.max}.`);
  }
  const clip = c.clipNorm === undefined ? 0 : c.clipNorm;
  if (!inRange(clip, LIMITS.clipNorm.min, LIMITS.clipNorm.max)) {
    return fail(
      'clipNorm',
      `Gradient clipping must be a norm from ${LIMITS.clipNorm.min} (off) to ${LIMITS.clipNorm.max}.`,
    );
  }
  const decay = c.weightDecay === undefined ? 0 : c.weightDecay;
  if (!inRange(decay, LIMITS.weightDecay.min, LIMITS.weightDecay.max)) {
    return fail(
      'weightDecay',
      `Weight decay must be a number from ${LIMITS.weightDecay.min} to ${LIMITS.weightDecay.max}.`,
    );
  }
  if (!isWhole(c.batchSize, batchSize.min, batchSize.max)) {
    return fail(
      'batchSize',
      `Batch size must be a whole number from ${batchSize.min} to ${batchSize.max}.`,
    );
  }
  if (!isWhole(c.epochs, epochs.min, epochs.max)) {
    return fail('epochs', `Epochs must be a whole number from ${epochs.min} to ${epochs.max}.`);
  }
  if (!inRange(c.validationSplit, validationSplit.min, validationSplit.max)) {
    return fail(
      'validationSplit',
      `Validation split must be from ${validationSplit.min} to ${validationSplit.max}.`,
    );
  }
  if (!isWhole(c.seed, seed.min, seed.max)) {
    return fail('seed', `Seed must be a whole number from ${seed.min} to ${seed.max}.`);
  }
  return ok({
    optimizer: c.optimizer as OptimizerName,
    learningRate: c.learningRate,
    schedule: schedule.value,
    loss: c.loss as LossName,
    l1: penalties.l1,
    l2: penalties.l2,
    clipNorm: clip,
    weightDecay: decay,
    batchSize: c.batchSize,
    epochs: c.epochs,
    validationSplit: c.validationSplit,
    seed: c.seed,
  });
}
