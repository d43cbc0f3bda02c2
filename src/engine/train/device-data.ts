/**
 * A dataset uploaded to the backend once. Batches are gathered from it on the device by an index
 * tensor, so no batch is rebuilt or uploaded during training.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/dataset';

export interface DeviceData {
  xs: tf.Tensor;
  /** One-hot labels for classification, a column of targets for regression. */
  ys: tf.Tensor2D;
  n: number;
}

export function toDevice(data: Dataset): DeviceData {
  return tf.tidy(() => {
    const xs = tf.tensor(data.x, [data.n, ...data.inputShape], 'float32');
    const ys =
      data.task === 'classification'
        ? tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.numClasses).toFloat()
        : tf.tensor2d(data.targets, [data.n, 1], 'float32');
    return { xs, ys: ys as tf.Tensor2D, n: data.n };
  });
}

export function disposeDeviceData(data: DeviceData | null): void {
  if (data) tf.dispose([data.xs, data.ys]);
}
