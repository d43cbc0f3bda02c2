/**
 * BatchMatMul with a transposed operand. TF.js's wasm backend hands a plain product of two
 * matrices to XNNPACK, but any product with transposeA or transposeB (every dense layer's
 * gradients: dW = xᵀ·dy, dx = dy·Wᵀ) to a scalar triple loop about 5x slower. Transposing the
 * operand first costs one pass over it and sends the product down the fast path.
 */
import type * as tf from '@tensorflow/tfjs';
import { wasmBackendOf, withTemporaries, type TfjsKernel } from './backend';

interface Tfjs {
  batchMatMul: TfjsKernel;
  transpose: TfjsKernel;
}

/** XNNPACK only takes products whose batch (every axis but the last two) is 1. */
const isSingleMatrix = (t: tf.TensorInfo) => t.shape.slice(0, -2).every((size) => size === 1);

const swapLastTwo = (rank: number) => [
  ...Array.from({ length: rank - 2 }, (_, axis) => axis),
  rank - 1,
  rank - 2,
];

export function transposedMatMul(tfjs: Tfjs): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if ((!transposeA && !transposeB) || !isSingleMatrix(a) || !isSingleMatrix(b)) {
      return tfjs.batchMatMul({ inputs, backend, attrs });
    }
    return withTemporaries(backend, (temporary) => {
      const plain = (t: tf.TensorInfo, transposed: boolean) =>
        transposed
          ? temporary(
              tfjs.transpose({
                inputs: { x: t },
                backend,
                attrs: { perm: swapLastTwo(t.shape.length) },
              }),
            )
          : t;
      return tfjs.batchMatMul({
        inputs: { a: plain(a, transposeA), b: plain(b, transposeB) },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    });
  };
}
