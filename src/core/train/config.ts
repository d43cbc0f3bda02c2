/** TrainConfig: how a model is trained, as plain JSON, and its validation. */
import { InvalidConfigError } from '../errors';
import { err, ok, type Result } from '../result';

export const OPTIMIZERS = ['adam', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const LOSSES = ['categoricalCrossentropy', 'meanSquaredError'] as const;
export type LossName = (typeof LOSSES)[number];

export interface TrainConfig {
  optimizer: OptimizerName;
  learningRate: number;
  loss: LossName;
  batchSize: number;
  epochs: number;
  /** Fraction of the examples held out for validation, in [0, 0.9]. */
  validationSplit: number;
  /** Drives initial weights, shuffling and the split. */
  seed: number;
}

export const DEFAULT_CONFIG: TrainConfig = {
  optimizer: 'adam',
  learningRate: 0.03,
  loss: 'categoricalCrossentropy',
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
} as const;

function inRange(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return inRange(value, min, max) && Number.isInteger(value);
}

export function validateConfig(input: unknown): Result<TrainConfig, InvalidConfigError> {
  if (typeof input !== 'object' || input === null) {
    return err(new InvalidConfigError('Training settings are missing.', 'config'));
  }
  const c = input as Record<string, unknown>;
  const fail = (field: string, message: string) => err(new InvalidConfigError(message, field));
  if (!OPTIMIZERS.includes(c.optimizer as OptimizerName)) {
    return fail('optimizer', `Optimizer must be one of ${OPTIMIZERS.join(', ')}.`);
  }
  if (!LOSSES.includes(c.loss as LossName)) {
    return fail('loss', `Loss must be one of ${LOSSES.join(', ')}.`);
  }
  const { learningRate, batchSize, epochs, validationSplit, seed } = LIMITS;
  if (!inRange(c.learningRate, learningRate.min, learningRate.max)) {
    return fail(
      'learningRate',
      `Learning rate must be a number from ${learningRate.min} to ${learningRate.max}.`,
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
    loss: c.loss as LossName,
    batchSize: c.batchSize,
    epochs: c.epochs,
    validationSplit: c.validationSplit,
    seed: c.seed,
  });
}
