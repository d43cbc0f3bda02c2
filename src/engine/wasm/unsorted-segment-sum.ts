/**
 * UnsortedSegmentSum, which TF.js's wasm backend lacks: the gradient of a gather (an embedding's
 * lookup) sums the rows of the upstream gradient into the rows they were gathered from
 * (../segment-sum.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { segmentSumLayout, sumIntoSegments } from '../segment-sum';
import { WasmKernelError, wasmBackendOf } from './backend';

export function unsortedSegmentSum(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new WasmKernelError(`UnsortedSegmentSum: ${x.dtype} values are not supported`);
    }
    const { shape, slice } = segmentSumLayout(x, segmentIds, numSegments);
    const out = backend.makeOutput(shape, x.dtype);
    // Views are taken after the allocation: one that grows the heap invalidates them.
    sumIntoSegments(
      backend.typedArrayFromHeap(x),
      backend.typedArrayFromHeap(segmentIds),
      backend.typedArrayFromHeap(out),
      numSegments,
      slice,
    );
    return out;
  };
}
