/**
 * What the model predicts over the input space, for drawing: class probabilities on a grid over
 * 2-D data (the decision boundary), or the fitted curve over 1-D regression data. The inputs are
 * uploaded once per run; each prediction is one forward pass and one read.
 */
import * as tf from '@tensorflow/tfjs';
import { extentOf, gridPoints, linePoints, type Extent } from '../../core/data/bounds';
import type { Dataset } from '../../core/data/dataset';
import { LINE_POINTS } from '../../core/experiment/job';
import type { Prediction } from '../../core/protocol';

export interface PredictionInputs {
  inputs: tf.Tensor2D;
  describe(output: Float32Array<ArrayBuffer>): Prediction;
}

export function predictionInputs(data: Dataset, resolution: number): PredictionInputs | null {
  if (resolution === 0) return null;
  const features = data.inputShape.reduce((a, b) => a * b, 1);
  if (data.task === 'classification' && features === 2) {
    const extent: Extent = extentOf(data.x);
    const points = gridPoints(extent, resolution);
    return {
      inputs: tf.tensor2d(points, [resolution * resolution, 2]),
      describe: (probabilities) => ({
        kind: 'grid',
        resolution,
        numClasses: data.numClasses,
        extent,
        probabilities,
      }),
    };
  }
  if (data.task === 'regression' && features === 1) {
    let min = Infinity;
    let max = -Infinity;
    for (const v of data.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const xs = linePoints(min, max, LINE_POINTS);
    return {
      inputs: tf.tensor2d(xs, [LINE_POINTS, 1]),
      describe: (ys) => ({ kind: 'line', xs: xs.slice(), ys }),
    };
  }
  return null;
}

export async function predict(model: tf.LayersModel, grid: PredictionInputs): Promise<Prediction> {
  // apply, not predict: predict cuts its input into batches of 32, dozens of dispatches per grid.
  const output = tf.tidy(() => model.apply(grid.inputs, { training: false }) as tf.Tensor);
  // A fresh, unshared buffer: it is transferred to the UI thread as it is.
  const values = (await output.data()) as Float32Array<ArrayBuffer>;
  output.dispose();
  return grid.describe(values);
}
