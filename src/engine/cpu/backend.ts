/** What the kernels in this folder need of TF.js's cpu backend: its tensors' values, and new tensors. */
import type * as tf from '@tensorflow/tfjs';
import { isRecord } from '../../core/is-record';

export interface CpuBackend {
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

export function cpuBackendOf(backend: unknown): CpuBackend {
  if (!isCpuBackend(backend)) throw new CpuKernelError('not the cpu backend');
  return backend;
}

/** A tensor's own storage on the cpu backend (not a copy). */
export function valuesOf(backend: CpuBackend, tensor: tf.TensorInfo): tf.TypedArray {
  const stored = backend.data.get(tensor.dataId);
  const values = isRecord(stored) ? stored['values'] : undefined;
  if (!(
    values instanceof Float32Array ||
    values instanceof Int32Array ||
    values instanceof Uint8Array
  )) {
    throw new CpuKernelError('a tensor without values on the cpu backend');
  }
  return values;
}

export function float32ValuesOf(backend: CpuBackend, tensor: tf.TensorInfo): Float32Array {
  const values = valuesOf(backend, tensor);
  if (!(values instanceof Float32Array)) {
    throw new CpuKernelError(`expected a float32 tensor, got ${tensor.dtype}`);
  }
  return values;
}
