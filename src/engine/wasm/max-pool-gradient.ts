/**
 * MaxPoolGrad: each window's gradient goes to the input that was its maximum (the first one in
 * row order on a tie, as TF.js's reference backend decides). TF.js's wasm kernel visits every
 * input once per window around it and recomputes each window's maximum there; this visits each
 * window once and stops at the first input equal to the maximum the forward pass kept: four
 * channels at a time in Gradlab's SIMD kernel (simd/maxPoolGradient.wat), one at a time in
 * JavaScript where SIMD does not run.
 */
import * as tf from '@tensorflow/tfjs';
import { heapF32, wasmBackendOf } from './backend';
import { simdKernelsOf } from './simd/instance';

export function maxPoolGradient(): tf.KernelFunc {
  return ({ inputs, backend: anyBackend, attrs = {} }) => {
    const backend = wasmBackendOf(anyBackend);
    const { dy, input, output } = inputs as {
      dy: tf.TensorInfo;
      input: tf.TensorInfo;
      output: tf.TensorInfo;
    };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
    const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const { top, left } = info.padInfo;
    const out = backend.makeOutput([...input.shape], 'float32');
    const x = heapF32(backend, input);
    const maxima = heapF32(backend, output);
    const gradient = heapF32(backend, dy);
    const dx = heapF32(backend, out);
    dx.fill(0);
    const simd = simdKernelsOf(anyBackend);
    if (simd !== null && channels > 0) {
      simd.maxPoolGradient(
        x.byteOffset,
        maxima.byteOffset,
        gradient.byteOffset,
        dx.byteOffset,
        batchSize,
        inHeight,
        inWidth,
        channels,
        outHeight,
        outWidth,
        filterHeight,
        filterWidth,
        strideHeight,
        strideWidth,
        top,
        left,
      );
      return out;
    }
    let o = 0;
    for (let n = 0; n < batchSize; n++) {
      for (let yR = 0; yR < outHeight; yR++) {
        const rowStart = Math.max(0, yR * strideHeight - top);
        const rowEnd = Math.min(inHeight, yR * strideHeight - top + filterHeight);
        for (let yC = 0; yC < outWidth; yC++) {
          const colStart = Math.max(0, yC * strideWidth - left);
          const colEnd = Math.min(inWidth, yC * strideWidth - left + filterWidth);
          for (let d = 0; d < channels; d++, o++) {
            // The forward pass's maximum is known: the first input equal to it is the one.
            const max = maxima[o] as number;
            let at = -1;
            search: for (let r = rowStart; r < rowEnd; r++) {
              let p = ((n * inHeight + r) * inWidth + colStart) * channels + d;
              for (let c = colStart; c < colEnd; c++, p += channels) {
                if (x[p] === max) {
                  at = p;
                  break search;
                }
              }
            }
            if (at >= 0) dx[at] = (dx[at] as number) + (gradient[o] as number);
          }
        }
      }
    }
    return out;
  };
}
