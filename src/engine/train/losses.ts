/** Loss and accuracy as tensors, computed on the device. */
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../../core/train/config';

/** Huber uses Keras' default delta of 1, so an exported model means the same loss there. */
export function meanLoss(name: LossName, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  switch (name) {
    case 'categoricalCrossentropy':
      return tf.metrics.categoricalCrossentropy(yTrue, yPred).mean();
    case 'meanSquaredError':
      return tf.losses.meanSquaredError(yTrue, yPred);
    case 'meanAbsoluteError':
      return tf.losses.absoluteDifference(yTrue, yPred);
    case 'huber':
      return tf.losses.huberLoss(yTrue, yPred);
  }
}

/** How many rows of a batch are classified right, as a float scalar. */
export function correctCount(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1)).toFloat().sum();
}
