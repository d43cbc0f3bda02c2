/** Loss and accuracy as tensors, computed on the device. */
import * as tf from '@tensorflow/tfjs';
import type { LossName } from './config';

export function meanLoss(name: LossName, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return name === 'categoricalCrossentropy'
    ? tf.metrics.categoricalCrossentropy(yTrue, yPred).mean()
    : tf.losses.meanSquaredError(yTrue, yPred);
}

/** How many rows of a batch are classified right, as a float scalar. */
export function correctCount(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1)).toFloat().sum();
}
