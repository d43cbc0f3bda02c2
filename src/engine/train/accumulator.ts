/**
 * Running sums of loss, correct predictions and what they are counted over (examples, or tokens for
 * the next-token loss), kept on the device so a training step never reads back. `snapshot` copies
 * them for an asynchronous read while training goes on.
 */
import * as tf from '@tensorflow/tfjs';

export interface MetricSums {
  lossSum: number;
  correct: number;
  /** Examples, or the positions whose target is not padding: the mean's denominator. */
  count: number;
}

export class MetricAccumulator {
  // tidy frees the initial scalars; the variables (never tracked by tidy) keep their data.
  private readonly lossSum = tf.tidy(() => tf.variable(tf.scalar(0), false));
  private readonly correct = tf.tidy(() => tf.variable(tf.scalar(0), false));
  private readonly count = tf.tidy(() => tf.variable(tf.scalar(0), false));

  /**
   * Adds a batch's mean loss weighted by what it averaged (losses.ts' lossWeight) and its correct
   * count; call inside tidy.
   */
  add(meanLoss: tf.Scalar, weight: tf.Scalar, correct: tf.Scalar | null): void {
    this.lossSum.assign(this.lossSum.add(meanLoss.mul(weight)));
    this.count.assign(this.count.add(weight));
    if (correct) this.correct.assign(this.correct.add(correct));
  }

  reset(): void {
    tf.tidy(() => {
      this.lossSum.assign(tf.scalar(0));
      this.correct.assign(tf.scalar(0));
      this.count.assign(tf.scalar(0));
    });
  }

  /** A copy of the sums whose values can be read later without stalling the next steps. */
  snapshot(): tf.Tensor1D {
    return tf.tidy(() => tf.stack([this.lossSum, this.correct, this.count]) as tf.Tensor1D);
  }

  static async read(snapshot: tf.Tensor1D): Promise<MetricSums> {
    const values = await snapshot.data();
    snapshot.dispose();
    return { lossSum: values[0] ?? NaN, correct: values[1] ?? NaN, count: values[2] ?? NaN };
  }

  dispose(): void {
    tf.dispose([this.lossSum, this.correct, this.count]);
  }
}
