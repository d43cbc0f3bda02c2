/**
 * Sum over every axis but the last (a layer's bias gradient): TF.js's wasm kernel transposes the
 * whole tensor first so that the summed axes come last (0.9 ms for LeNet-5's first convolution);
 * Gradlab's SIMD kernel (simd/rows.wat) adds each row into the sums, in the same order and float32
 * rounding as TF.js's sum of each transposed row. Other sums, and all without SIMD, keep TF.js's
 * kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { heapF32, wasmBackendOf, type TfjsKernel } from './backend';
import { simdKernelsOf } from './simd/instance';

interface Tfjs {
  sum: TfjsKernel;
}

export function columnSum(tfjs: Tfjs): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    const rank = x.shape.length;
    const axes = rank >= 2 ? tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q) : [];
    // At least one summed axis: a vector's own sum (no axis left but the last) is not one.
    const leading = axes.length >= 1 && axes.length === rank - 1 && axes.every((a, i) => a === i);
    const width = x.shape[rank - 1] ?? 0;
    const simd = simdKernelsOf(anyBackend);
    const fits = x.dtype === 'float32' && leading && width > 0;
    if (!fits || simd === null) {
      return tfjs.sum({ inputs, backend, attrs });
    }
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), width] : [width], 'float32');
    // Views are taken after the allocation: one that grows the heap invalidates them.
    const values = heapF32(backend, x);
    const sums = heapF32(backend, out);
    simd.columnSum(values.byteOffset, sums.byteOffset, values.length / width, width);
    return out;
  };
}
