/**
 * UnsortedSegmentSum on TF.js's cpu backend, whose own kernel builds a mask, a product and a sum
 * over all of `x` for each segment: for an embedding of a 2,000-word vocabulary that is 2,000
 * passes over the whole gradient a step, and the LSTM classifier on spam took over ten minutes
 * for six epochs of 230 texts. One pass (../segment-sum.ts) adds each row where it belongs.
 */
import type * as tf from '@tensorflow/tfjs';
import { isRecord } from '../../core/is-record';
import { segmentSumLayout, sumIntoSegments } from '../segment-sum';

/** What the kernel needs of TF.js's cpu backend: its tensors' values, and new tensors. */
interface CpuBackend {
  data: { get(dataId: tf.DataId): unknown };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
}

export class CpuKernelError extends Error {
  readonly code = 'CPU_KERNEL';
}

function isCpuBackend(backend: unknown): backend is CpuBackend {
  return (
    isRecord(backend) &&
    typeof backend['makeTensorInfo'] === 'function' &&
    isRecord(backend['data']) &&
    typeof backend['data']['get'] === 'function'
  );
}

function valuesOf(backend: CpuBackend, tensor: tf.TensorInfo): tf.TypedArray {
  const stored = backend.data.get(tensor.dataId);
  const values = isRecord(stored) ? stored['values'] : undefined;
  if (!(
    values instanceof Float32Array ||
    values instanceof Int32Array ||
    values instanceof Uint8Array
  )) {
    throw new CpuKernelError('UnsortedSegmentSum: a tensor without values on the cpu backend');
  }
  return values;
}

export function unsortedSegmentSum(): tf.KernelFunc {
  return ({ inputs, backend, attrs = {} }) => {
    if (!isCpuBackend(backend)) throw new CpuKernelError('not the cpu backend');
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
