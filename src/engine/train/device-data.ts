/**
 * A dataset uploaded to the backend once. Batches are gathered from it on the device by an index
 * tensor, so no batch is rebuilt or uploaded during training.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/dataset';

export interface DeviceData {
  xs: tf.Tensor;
  /**
   * One-hot labels for classification, a column of targets for regression, the token id each
   * position must predict [n, length] (int32) for a sequence.
   */
  ys: tf.Tensor2D;
  n: number;
}

export function toDevice(data: Dataset): DeviceData {
  return tf.tidy(() => {
    const xs = tf.tensor(data.x, [data.n, ...data.inputShape], 'float32');
    return { xs, ys: labelsOf(data), n: data.n };
  });
}

function labelsOf(data: Dataset): tf.Tensor2D {
  switch (data.task) {
    case 'classification':
      return tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.numClasses).toFloat() as tf.Tensor2D;
    case 'regression':
      return tf.tensor2d(data.targets, [data.n, 1], 'float32');
    case 'sequence':
      return tf.tensor2d(
        data.targets,
        [data.n, data.targets.length / Math.max(1, data.n)],
        'int32',
      );
  }
}

export function disposeDeviceData(data: DeviceData | null): void {
  if (data) tf.dispose([data.xs, data.ys]);
}
