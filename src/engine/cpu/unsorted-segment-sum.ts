/**
 * UnsortedSegmentSum on TF.js's cpu backend, whose own kernel builds a mask, a product and a sum
 * over all of `x` for each segment: for an embedding of a 2,000-word vocabulary that is 2,000
 * passes over the whole gradient a step, and the LSTM classifier on spam took over ten minutes
 * for six epochs of 230 texts. One pass (../segment-sum.ts) adds each row where it belongs.
 */
import type * as tf from '@tensorflow/tfjs';
import { segmentSumLayout, sumIntoSegments } from '../segment-sum';
import { CpuKernelError, cpuBackendOf, valuesOf } from './backend';

export function unsortedSegmentSum(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = cpuBackendOf(anyBackend);
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new CpuKernelError(`UnsortedSegmentSum: ${x.dtype} values are not supported`);
    }
    const { shape, slice } = segmentSumLayout(x, segmentIds, numSegments);
    const out =
      x.dtype === 'float32'
        ? new Float32Array(numSegments * slice)
        : new Int32Array(numSegments * slice);
    sumIntoSegments(valuesOf(backend, x), valuesOf(backend, segmentIds), out, numSegments, slice);
    return backend.makeTensorInfo(shape, x.dtype, out);
  };
}
