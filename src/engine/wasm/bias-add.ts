/**
 * Add, where the second operand is a vector along the first's last axis (a layer's bias): TF.js's
 * wasm kernel computes every element's broadcast index (1.6 ms for LeNet-5's first convolution,
 * 301,056 values, a fifth of the forward pass); Gradlab's SIMD kernel (simd/rows.wat) adds the
 * vector to each row. Other adds, and all without SIMD, keep TF.js's kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import { heapF32, wasmBackendOf, type TfjsKernel } from './backend';
import { simdKernelsOf } from './simd/instance';

interface Tfjs {
  add: TfjsKernel;
}

export function biasAdd(tfjs: Tfjs): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const width = b.shape[0] ?? 0;
    const isBias =
      a.dtype === 'float32' &&
      b.dtype === 'float32' &&
      a.shape.length >= 2 &&
      b.shape.length === 1 &&
      a.shape[a.shape.length - 1] === width &&
      width > 0;
    const simd = simdKernelsOf(anyBackend);
    if (!isBias || simd === null) {
      return tfjs.add({ inputs, backend, attrs });
    }
    const out = backend.makeOutput([...a.shape], 'float32');
    // Views are taken after the allocation: one that grows the heap invalidates them.
    const values = heapF32(backend, a);
    const bias = heapF32(backend, b);
    const sums = heapF32(backend, out);
    simd.biasAdd(values.byteOffset, bias.byteOffset, sums.byteOffset, values.length / width, width);
    return out;
  };
}
