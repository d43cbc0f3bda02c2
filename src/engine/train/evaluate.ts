/**
 * Validation metrics over a whole dataset in one read, in chunks that bound device memory: each
 * chunk's activations are freed before the next (a tidy per chunk), and a chunk holds at most
 * `rows` examples, as many as cost no more than a training step (core/train/memory-estimate.ts).
 * Loss and accuracy are means over examples, or over the tokens that are not padding for the
 * next-token loss (losses.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../../core/protocol';
import type { LossName } from '../../core/train/config';
import { MAX_INFERENCE_ROWS } from '../../core/train/memory-estimate';
import type { DeviceData } from './device-data';
import { correctOf, lossWeight, meanLoss } from './losses';

export async function evaluate(
  model: tf.LayersModel,
  data: DeviceData,
  loss: LossName,
  scored: boolean,
  rows = MAX_INFERENCE_ROWS,
): Promise<Metrics> {
  let sums: tf.Tensor1D = tf.zeros([3]);
  for (let start = 0; start < data.n; start += rows) {
    const size = Math.min(rows, data.n - start);
    const previous = sums;
    sums = tf.tidy(() => {
      const x = data.xs.slice(start, size);
      const y = data.ys.slice(start, size);
      // apply, not predict: predict would cut the chunk into batches of 32.
      const p = model.apply(x, { training: false }) as tf.Tensor;
      const weight = lossWeight(loss, y);
      const lossSum = meanLoss(loss, y, p).mul(weight);
      const correct = scored ? correctOf(loss, y, p) : tf.scalar(0);
      return previous.add(tf.stack([lossSum, correct, weight])) as tf.Tensor1D;
    });
    previous.dispose();
  }
  const [lossSum = NaN, correct = NaN, count = NaN] = await sums.data();
  sums.dispose();
  return { loss: lossSum / count, accuracy: scored ? correct / count : null };
}
