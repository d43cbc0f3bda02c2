/**
 * UnsortedSegmentSum, which TF.js's wasm backend lacks: the gradient of a gather (an embedding's
 * lookup) sums the rows of the upstream gradient into the rows they were gathered from. Row i of
 * `x` is added to row segmentIds[i] of the output; ids outside [0, numSegments) are dropped, as
 * TensorFlow does.
 */
import * as tf from '@tensorflow/tfjs';
import { WasmKernelError, wasmBackendOf } from './backend';

export function unsortedSegmentSum(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new WasmKernelError(`UnsortedSegmentSum: ${x.dtype} values are not supported`);
    }
    const ids = tf.util.sizeFromShape(segmentIds.shape);
    const slice = tf.util.sizeFromShape(x.shape) / Math.max(1, ids);
    const out = backend.makeOutput(
      [numSegments, ...x.shape.slice(segmentIds.shape.length)],
      x.dtype,
    );
    // Views are taken after the allocation: one that grows the heap invalidates them.
    const from = backend.typedArrayFromHeap(x);
    const to = backend.typedArrayFromHeap(out);
    const segments = backend.typedArrayFromHeap(segmentIds);
    to.fill(0);
    for (let i = 0; i < ids; i++) {
      const segment = segments[i] as number;
      if (!(segment >= 0 && segment < numSegments)) continue;
      const source = i * slice;
      const target = segment * slice;
      for (let k = 0; k < slice; k++) {
        to[target + k] = (to[target + k] as number) + (from[source + k] as number);
      }
    }
    return out;
  };
}
