/**
 * Loss and accuracy as tensors, computed on the device.
 *
 * A batch's mean loss is a mean over its examples, except the next-token loss, which is a mean over
 * the positions that predict something: `lossWeight` says how many that is, so that running sums
 * (accumulator.ts, evaluate.ts) weigh each batch by it and an epoch's loss is a mean over all its
 * tokens, not a mean of batch means.
 */
import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from '../../core/data/dataset';
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
    case 'sparseCategoricalCrossentropy':
      return maskedTokenLoss(yTrue, yPred);
  }
}

/** How many values `meanLoss` averaged: the batch's rows, or its targets that are not padding. */
export function lossWeight(name: LossName, yTrue: tf.Tensor): tf.Scalar {
  return name === 'sparseCategoricalCrossentropy'
    ? tokenMask(yTrue).sum()
    : tf.scalar(yTrue.shape[0] ?? 0);
}

/** How many of what `lossWeight` counts the model got right (argmax equals the target). */
export function correctOf(name: LossName, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return name === 'sparseCategoricalCrossentropy'
    ? tokenCorrectCount(yTrue, yPred)
    : correctCount(yTrue, yPred);
}

/** How many rows of a batch are classified right, as a float scalar. */
export function correctCount(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.equal(tf.argMax(yPred, -1), tf.argMax(yTrue, -1)).toFloat().sum();
}

/** 1 where a target is a token to predict, 0 where it is padding. */
function tokenMask(targets: tf.Tensor): tf.Tensor {
  return tf.notEqual(targets, PAD_ID).toFloat();
}

/**
 * Keras' sparse categorical crossentropy on probabilities [B, T, V] for targets [B, T] (token ids),
 * clipped as Keras clips them, summed over the positions whose target is not PAD_ID and divided by
 * their count (0 for a batch of padding alone, which then teaches nothing).
 */
export function maskedTokenLoss(targets: tf.Tensor, probabilities: tf.Tensor): tf.Scalar {
  const vocabulary = probabilities.shape.at(-1) ?? 0;
  const epsilon = tf.backend().epsilon();
  const mask = tokenMask(targets);
  const picked = tf
    .oneHot(targets.toInt(), vocabulary)
    .mul(probabilities)
    .sum(-1)
    .clipByValue(epsilon, 1 - epsilon);
  return picked.log().neg().mul(mask).sum().div(mask.sum().maximum(1));
}

/** Positions whose most probable token is the target, padding not counted, as a float scalar. */
export function tokenCorrectCount(targets: tf.Tensor, probabilities: tf.Tensor): tf.Scalar {
  return tf
    .equal(tf.argMax(probabilities, -1), targets.toInt())
    .toFloat()
    .mul(tokenMask(targets))
    .sum();
}
