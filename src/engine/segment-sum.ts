/**
 * The loop of UnsortedSegmentSum, shared by the wasm and cpu kernels (the gradient of a gather,
 * such as an embedding's lookup): row i of `from` is added to row segments[i] of `to`, which
 * starts at zero; ids outside [0, numSegments) are dropped, as TensorFlow does.
 */
import * as tf from '@tensorflow/tfjs';

export function sumIntoSegments(
  from: tf.TypedArray,
  segments: tf.TypedArray,
  to: tf.TypedArray,
  numSegments: number,
  slice: number,
): void {
  to.fill(0);
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as number;
    if (!(segment >= 0 && segment < numSegments)) continue;
    const source = i * slice;
    const target = segment * slice;
    for (let k = 0; k < slice; k++) {
      to[target + k] = (to[target + k] as number) + (from[source + k] as number);
    }
  }
}

/** The output's shape, [numSegments, ...a row's shape], and the values in a row. */
export function segmentSumLayout(
  x: tf.TensorInfo,
  segmentIds: tf.TensorInfo,
  numSegments: number,
): { shape: number[]; slice: number } {
  const ids = tf.util.sizeFromShape(segmentIds.shape);
  return {
    shape: [numSegments, ...x.shape.slice(segmentIds.shape.length)],
    slice: tf.util.sizeFromShape(x.shape) / Math.max(1, ids),
  };
}
