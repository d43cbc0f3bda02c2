/**
 * One training step on a batch gathered on the device: what a training session runs per batch,
 * and what auto's backend measurement times (measure-backend.ts), so the two cost the same.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../core/train/config';
import type { MetricAccumulator } from './accumulator';
import type { DeviceData } from './device-data';
import { correctOf, lossWeight, meanLoss } from './losses';
import { createOptimizer, type TunableOptimizer } from './optimizers';
import { kernelsOf, minimizeWithPenalty, type Penalties } from './regularization';

export interface StepModel {
  model: tf.LayersModel;
  optimizer: TunableOptimizer;
  /** The trainable variables, in the optimizer's order. */
  variables: tf.Variable[];
  /** The kernels the penalties apply to. */
  kernels: readonly tf.Variable[];
  loss: TrainConfig['loss'];
  penalties: Penalties;
  /** The global norm the gradients are clipped to; 0: no clipping. */
  clipNorm: number;
  /** Whether the accuracy is counted: classes, or tokens. */
  scored: boolean;
}

/** What a step trains for `model` under `config`, with an optimizer of its own. */
export function stepModelOf(
  model: tf.LayersModel,
  config: TrainConfig,
  scored: boolean,
): StepModel {
  const { optimizer, learningRate, loss, l1 = 0, l2 = 0, clipNorm = 0, weightDecay = 0 } = config;
  return {
    model,
    optimizer: createOptimizer(optimizer, learningRate, weightDecay),
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    kernels: kernelsOf(model),
    loss,
    penalties: { l1, l2 },
    clipNorm,
    scored,
  };
}

/**
 * Trains on rows `order[start, start + size)` of `data` and adds the batch's loss (and correct
 * count) to `sums`; nothing is read back.
 */
export function trainStep(
  step: StepModel,
  data: DeviceData,
  order: tf.Tensor1D,
  start: number,
  size: number,
  sums: MetricAccumulator,
): void {
  tf.tidy(() => {
    const rows = order.slice(start, size);
    const x = tf.gather(data.xs, rows);
    const y = tf.gather(data.ys, rows);
    const seen: { correct: tf.Scalar | null } = { correct: null };
    const cost = minimizeWithPenalty(
      step.optimizer,
      step.variables,
      step.kernels,
      step.penalties,
      () => {
        const prediction = step.model.apply(x, { training: true }) as tf.Tensor;
        if (step.scored) seen.correct = tf.keep(correctOf(step.loss, y, prediction));
        return meanLoss(step.loss, y, prediction);
      },
      step.clipNorm,
    );
    sums.add(cost, lossWeight(step.loss, y), seen.correct);
    seen.correct?.dispose();
  });
}
