/**
 * What the kernels in this folder need of TF.js's wasm backend: its heap, where tensors live and
 * can be read and written in place (no copy), new outputs, and TF.js's own kernels, which they
 * call directly (not through tf.* ops, which would record them on the gradient tape again).
 */
import * as tf from '@tensorflow/tfjs';
import { isRecord } from '../../core/is-record';

export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(tensor: tf.TensorInfo): tf.TypedArray;
  disposeData(dataId: tf.DataId): boolean;
  incRef(dataId: tf.DataId): void;
}

export class WasmKernelError extends Error {
  readonly code = 'WASM_KERNEL';
}

function isWasmBackend(backend: unknown): backend is WasmBackend {
  if (!isRecord(backend)) return false;
  const methods = ['makeOutput', 'typedArrayFromHeap', 'disposeData', 'incRef'] as const;
  return methods.every((name) => typeof backend[name] === 'function');
}

export function wasmBackendOf(backend: unknown): WasmBackend {
  if (!isWasmBackend(backend)) throw new WasmKernelError('not the wasm backend');
  return backend;
}

/** A float32 tensor's values where they lie in the heap: valid until the heap next grows. */
export function heapF32(backend: WasmBackend, tensor: tf.TensorInfo): Float32Array {
  const values = backend.typedArrayFromHeap(tensor);
  if (!(values instanceof Float32Array)) {
    throw new WasmKernelError(`expected a float32 tensor, got ${tensor.dtype}`);
  }
  return values;
}

export interface KernelCall {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackend;
  attrs: tf.NamedAttrMap;
}

/** TF.js's own wasm kernel, as registered before ours replaced it. */
export type TfjsKernel = (call: KernelCall) => tf.TensorInfo;

export function tfjsKernel(name: string): TfjsKernel {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new WasmKernelError(`TF.js's wasm backend has no ${name} kernel`);
  const kernel = config.kernelFunc;
  return (call) => {
    const out = kernel(call);
    if (Array.isArray(out)) throw new WasmKernelError(`${name} gave several outputs`);
    return out;
  };
}

/** Runs `body` with temporaries that are freed afterwards, whatever happens. */
export function withTemporaries<T>(
  backend: WasmBackend,
  body: (keep: (t: tf.TensorInfo) => tf.TensorInfo) => T,
): T {
  const temporaries: tf.TensorInfo[] = [];
  try {
    return body((t) => {
      temporaries.push(t);
      return t;
    });
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}
