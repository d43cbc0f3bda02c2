/** Validation metrics over a whole dataset in one read, in chunks that bound device memory. */
import * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../../core/protocol';
import type { LossName } from '../../core/train/config';
import type { DeviceData } from './device-data';
import { correctCount, meanLoss } from './losses';

const CHUNK = 4096;

export async function evaluate(
  model: tf.LayersModel,
  data: DeviceData,
  loss: LossName,
  classification: boolean,
): Promise<Metrics> {
  const sums = tf.tidy(() => {
    let lossSum: tf.Scalar = tf.scalar(0);
    let correct: tf.Scalar = tf.scalar(0);
    for (let start = 0; start < data.n; start += CHUNK) {
      const size = Math.min(CHUNK, data.n - start);
      const x = data.xs.slice(start, size);
      const y = data.ys.slice(start, size);
      // apply, not predict: predict would cut the chunk into batches of 32.
      const p = model.apply(x, { training: false }) as tf.Tensor;
      lossSum = lossSum.add(meanLoss(loss, y, p).mul(size));
      if (classification) correct = correct.add(correctCount(y, p));
    }
    return tf.stack([lossSum, correct]);
  });
  const [lossSum = NaN, correct = NaN] = await sums.data();
  sums.dispose();
  return { loss: lossSum / data.n, accuracy: classification ? correct / data.n : null };
}
